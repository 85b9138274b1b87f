package dmssim

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// /_sim/stats counts requests by operation and status; /_sim/reset starts again.
func TestStats_Endpoint(t *testing.T) {
	r := startSim(t, fixtureConfig())
	send(t, r.URL(), "GET", instancePath+"/topics", "", nil)
	send(t, r.URL(), "GET", instancePath+"/topics", "", nil)
	send(t, r.URL(), "POST", instancePath+"/topics", `{"name":"orders"}`, nil)
	send(t, r.URL(), "POST", instancePath+"/topics?action=delete", `{"topics":["x1y"]}`, nil)
	send(t, r.URL(), "GET", "/v2/nothing", "", nil)

	a := send(t, r.URL(), "GET", "/_sim/stats", "", nil)
	var got Stats
	if err := json.Unmarshal([]byte(a.raw), &got); err != nil {
		t.Fatal(err)
	}
	want := Stats{Total: 5, Operations: map[string]map[string]int{
		"list_topics":   {"200": 2},
		"create_topic":  {"400": 1},
		"delete_topics": {"200": 1},
		"unknown":       {"404": 1},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stats (-want +got):\n%s", diff)
	}
	if got.Count("list_topics") != 2 || got.CountStatus("create_topic", "400") != 1 {
		t.Errorf("Count and CountStatus disagree with %+v", got)
	}

	if a := send(t, r.URL(), "POST", "/_sim/reset", "", nil); a.status != http.StatusNoContent {
		t.Fatalf("reset: %d", a.status)
	}
	if s := r.Stats(); s.Total != 0 || len(s.Operations) != 0 {
		t.Errorf("after reset: %+v", s)
	}
}

func TestServer_SeedAndAddInstance(t *testing.T) {
	r := startSim(t, DefaultConfig())
	const other = "11111111-2222-3333-4444-555555555555"
	err := r.AddInstance("ffffffffffffffffffffffffffffffff", InstanceSpec{ID: other,
		Name: "second", BrokerNum: 2, EnableACL: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Seed("ffffffffffffffffffffffffffffffff", other,
		Contents{Groups: []Group{{Name: "seeded", Enabled: true}}}); err != nil {
		t.Fatal(err)
	}
	exchange{method: "GET", path: "/v2/ffffffffffffffffffffffffffffffff/instances/" + other +
		"/groups/seeded", status: 200, want: `{"name":"seeded","enabled":true,
		"broadcast":false,"brokers":["broker-0","broker-1"],"retry_max_time":16,
		"app_id":null,"app_name":null,"permissions":[]}`}.check(t, r.URL())

	bad := []error{
		r.AddInstance(DefaultProjectID, InstanceSpec{ID: other, Name: "again"}),
		r.AddInstance(DefaultProjectID, InstanceSpec{ID: "not-a-uuid", Name: "x"}),
		r.Seed(DefaultProjectID, other, Contents{}),
		r.Seed(DefaultProjectID, DefaultInstanceID, Contents{Topics: []Topic{{Name: "a"}}}),
	}
	for i, err := range bad {
		if err == nil {
			t.Errorf("bad call %d succeeded", i)
		}
	}
}

// The embedded simulator creates its state file with the default instance, keeps changes in
// it, and the next one picks them up.
func TestStartEmbedded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nested", "sim.json")
	url, project, stop, err := StartEmbedded(context.Background(), path, slog.Default())
	if err != nil {
		t.Fatal(err)
	}
	if project != DefaultProjectID {
		t.Errorf("project %s, want %s", project, DefaultProjectID)
	}
	send(t, url, "POST", instancePath+"/topics", `{"name":"remembered"}`, nil)
	if err := stop(); err != nil {
		t.Fatal(err)
	}

	url, _, stop, err = StartEmbedded(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	if a := send(t, url, "GET", instancePath+"/topics/remembered", "", nil); a.status != 200 {
		t.Errorf("after restart: %d %s", a.status, a.raw)
	}
}

func TestDefaultStatePath(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", "/xdg")
	if p, _ := DefaultStatePath(); p != "/xdg/mqsync/sim-state.json" {
		t.Errorf("with XDG_STATE_HOME: %s", p)
	}
	t.Setenv("XDG_STATE_HOME", "")
	t.Setenv("HOME", "/home/u")
	if p, _ := DefaultStatePath(); p != "/home/u/.local/state/mqsync/sim-state.json" {
		t.Errorf("without XDG_STATE_HOME: %s", p)
	}
}

// Start stops serving when its context ends.
func TestStart_StopsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	r, err := Start(ctx, DefaultConfig(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	<-r.served
	if _, err := http.Get(r.URL() + "/_sim/stats"); err == nil {
		t.Error("still serving after the context ended")
	}
}
