package dmssim

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mqsync/mqsync/secret"
)

// Paths of the default instance.
const (
	projectPath  = "/v2/" + DefaultProjectID
	instancePath = projectPath + "/instances/" + DefaultInstanceID
)

// startSim serves a simulator on a free loopback port for the length of the test.
func startSim(t testing.TB, cfg Config, opts ...Option) *Running {
	t.Helper()
	r, err := Start(context.Background(), cfg, "127.0.0.1:0", opts...)
	if err != nil {
		t.Fatalf("start simulator: %v", err)
	}
	t.Cleanup(func() { _ = r.Close() })
	return r
}

// fixtureConfig is the default instance holding two topics, one group subscribed to the first,
// and one user granted both.
func fixtureConfig() Config {
	cfg := DefaultConfig()
	in := &cfg.Projects[0].Instances[0]
	in.Topics = []Topic{{Name: "orders"}, {Name: "pay%ments|eu", Permission: TopicPermPub}}
	in.Groups = []Group{{Name: "billing", Enabled: true}}
	in.Users = []User{{AccessKey: "appuser1", SecretKey: secret.New("Secret-123"),
		TopicPerms: []Grant{{Name: "orders", Perm: PermPubSub}},
		GroupPerms: []Grant{{Name: "billing", Perm: PermSub}}}}
	in.Subscriptions = []Subscription{{Group: "billing", Topics: []string{"orders"}}}
	return cfg
}

// answer is an HTTP answer, its body decoded.
type answer struct {
	status int
	header http.Header
	raw    string
	body   any
}

// send sends one request; sign, when set, signs it first.
func send(t testing.TB, base, method, path, body string, sign func(*http.Request)) answer {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if sign != nil {
		sign(req)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	a := answer{status: resp.StatusCode, header: resp.Header, raw: string(raw)}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &a.body); err != nil {
			t.Fatalf("%s %s: answer is not JSON: %q", method, path, raw)
		}
	}
	return a
}

// exchange is one request and what must come back: the status, and either the error code or
// the whole body (JSON; empty for none).
type exchange struct {
	name         string
	method, path string
	body         string
	status       int
	code         string
	want         string
}

// check sends e and compares the answer.
func (e exchange) check(t *testing.T, base string) answer {
	t.Helper()
	a := send(t, base, e.method, e.path, e.body, nil)
	if a.status != e.status {
		t.Fatalf("%s %s: status %d, want %d; body %s", e.method, e.path, a.status, e.status,
			a.raw)
	}
	if a.header.Get("X-Request-Id") == "" {
		t.Errorf("%s %s: no X-Request-Id", e.method, e.path)
	}
	if e.code != "" {
		checkErrorBody(t, a, e.code)
		return a
	}
	var want any
	if e.want != "" {
		if err := json.Unmarshal([]byte(e.want), &want); err != nil {
			t.Fatalf("bad want %s: %v", e.want, err)
		}
	}
	if diff := cmp.Diff(want, a.body); diff != "" {
		t.Errorf("%s %s: body (-want +got):\n%s", e.method, e.path, diff)
	}
	return a
}

// checkErrorBody checks the service's error body: exactly error_code and a non-empty
// error_msg (and request_id, matching the header, for the gateway's).
func checkErrorBody(t *testing.T, a answer, code string) {
	t.Helper()
	m, ok := a.body.(map[string]any)
	if !ok {
		t.Fatalf("error body %s is not an object", a.raw)
	}
	if m["error_code"] != code {
		t.Errorf("error_code %v, want %s; body %s", m["error_code"], code, a.raw)
	}
	if msg, _ := m["error_msg"].(string); msg == "" {
		t.Errorf("error_msg is empty: %s", a.raw)
	}
	keys := 2
	if strings.HasPrefix(code, "APIGW.") {
		keys = 3
		if m["request_id"] != a.header.Get("X-Request-Id") {
			t.Errorf("request_id %v, header %s", m["request_id"], a.header.Get("X-Request-Id"))
		}
	}
	if len(m) != keys {
		t.Errorf("error body has %d keys, want %d: %s", len(m), keys, a.raw)
	}
}

// runExchanges checks each exchange against a fresh simulator built from cfg.
func runExchanges(t *testing.T, cfg func() Config, tests []exchange) {
	t.Helper()
	for _, e := range tests {
		t.Run(e.name, func(t *testing.T) {
			r := startSim(t, cfg())
			e.check(t, r.URL())
		})
	}
}
