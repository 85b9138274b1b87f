package dmssim

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mqsync/mqsync/secret"
)

// What one simulator changes, the next one on the same state file sees.
func TestState_SurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	first := startSim(t, fixtureConfig(), WithStateFile(path))
	steps := []exchange{
		{method: "POST", path: instancePath + "/topics", body: `{"name":"kept%|"}`,
			status: 200, want: `{"id":"kept%|"}`},
		{method: "DELETE", path: instancePath + "/groups/billing", status: 204},
		{method: "PUT", path: instancePath + "/users/appuser1", body: `{"admin":true}`,
			status: 200, want: `{"access_key":"appuser1","secret_key":"Secret-123",
			"white_remote_address":"","admin":true,"default_topic_perm":"DENY",
			"default_group_perm":"DENY","topic_perms":[{"name":"orders","perm":"PUB|SUB"}],
			"group_perms":[{"name":"billing","perm":"SUB"}]}`},
	}
	for _, e := range steps {
		e.check(t, first.URL())
	}
	before := first.Snapshot()
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("state file: %v, mode %v, want 0600", err, info.Mode())
	}

	// The configuration differs; the state file wins.
	second := startSim(t, DefaultConfig(), WithStateFile(path))
	if diff := cmp.Diff(before, second.Snapshot(), cmp.Comparer(secretEqual)); diff != "" {
		t.Errorf("state after restart (-before +after):\n%s", diff)
	}
	exchange{method: "GET", path: instancePath + "/topics/kept%25%7C", status: 200,
		want: `{"name":"kept%|","total_read_queue_num":3,"total_write_queue_num":3,
		"permission":"all","brokers":[{"broker_name":"broker-0","read_queue_num":3,
		"write_queue_num":3}]}`}.check(t, second.URL())
}

// A temporary file that a killed writer left behind is ignored and removed.
func TestState_LeftoverTempFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	if err := SaveState(path, DefaultConfig().Projects); err != nil {
		t.Fatal(err)
	}
	leftover := filepath.Join(dir, ".state.json.tmp-123456")
	torn := []byte(`{"version":1,"projects":[{"id":"01`)
	if err := os.WriteFile(leftover, torn, 0o600); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-2 * leftoverAge)
	if err := os.Chtimes(leftover, old, old); err != nil {
		t.Fatal(err)
	}
	projects, err := LoadState(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(projects) != 1 || projects[0].Instances[0].ID != DefaultInstanceID {
		t.Errorf("loaded %+v", projects)
	}
	if _, err := os.Stat(leftover); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("leftover temp file still there: %v", err)
	}
}

func TestState_Errors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct{ name, path, want string }{
		{"missing", filepath.Join(dir, "none.json"), "no such file"},
		{"torn", write("torn.json", `{"version":1,"proj`), "unexpected EOF"},
		{"unknown key", write("key.json", `{"version":1,"projects":[],"extra":1}`),
			`unknown field "extra"`},
		{"other version", write("v2.json", `{"version":2,"projects":[]}`), "version 2"},
		{"bad value", write("bad.json", `{"version":1,"projects":[{"id":"`+DefaultProjectID+
			`","instances":[{"id":"`+DefaultInstanceID+`","name":"x","product_id":"c7"}]}]}`),
			"projects[0].instances[0].product_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadState(tt.path)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("LoadState: %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// A process killed with SIGKILL in the middle of saving leaves a state file that loads. The
// child is this test binary, saving as fast as it can until it is killed.
func TestState_KilledWriter(t *testing.T) {
	if path := os.Getenv("DMSSIM_CRASH_STATE"); path != "" {
		crashChild(path)
		return
	}
	path := filepath.Join(t.TempDir(), "state.json")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestState_KilledWriter$")
	cmd.Env = append(os.Environ(), "DMSSIM_CRASH_STATE="+path)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		p, err := LoadState(path)
		if err == nil && len(p[0].Instances[0].Topics) >= 50 {
			break
		}
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatalf("the child never saved 50 topics: %v", err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()

	projects, err := LoadState(path)
	if err != nil {
		t.Fatalf("state of a killed writer does not load: %v", err)
	}
	t.Logf("loaded %d topics after the kill", len(projects[0].Instances[0].Topics))
}

// crashChild saves state in a loop, one topic more each time, until it is killed.
func crashChild(path string) {
	s, err := New(DefaultConfig(), WithStateFile(path))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	for i := 0; ; i++ {
		err := s.Seed(DefaultProjectID, DefaultInstanceID,
			Contents{Topics: []Topic{{Name: fmt.Sprintf("topic-%06d", i)}}})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
}

func secretEqual(a, b secret.Value) bool { return a.Equal(b) }
