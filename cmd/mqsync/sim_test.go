package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mqsync/mqsync/dms/dmssim"
)

// syncBuffer is a bytes.Buffer that a command's logger and the test can share.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var listenLine = regexp.MustCompile(`msg="simulator listening" .*url=(http://\S+)`)

// startSimCommand runs "mqsync sim" with args until the test ends, and returns its URL and its
// log.
func startSimCommand(t *testing.T, args ...string) (string, *syncBuffer, func() error) {
	t.Helper()
	logs := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := newRootCommand(&streams{in: strings.NewReader(""), out: io.Discard, err: logs})
	cmd.SetArgs(append([]string{"sim", "--listen", "127.0.0.1:0"}, args...))
	done := make(chan error, 1)
	go func() { done <- cmd.ExecuteContext(ctx) }()
	var once sync.Once
	var stopErr error
	stop := func() error {
		once.Do(func() {
			cancel()
			select {
			case stopErr = <-done:
			case <-time.After(10 * time.Second):
				t.Error("sim did not stop within 10s of its context ending")
			}
		})
		return stopErr
	}
	t.Cleanup(func() { _ = stop() })

	deadline := time.Now().Add(10 * time.Second)
	for {
		if m := listenLine.FindStringSubmatch(logs.String()); m != nil {
			return m[1], logs, stop
		}
		if time.Now().After(deadline) {
			t.Fatalf("sim never logged its URL:\n%s", logs)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func get(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func post(t *testing.T, url, body string) int {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// sim serves the default instance, logs its ids and each request at debug level, keeps its
// state file, and stops when its context ends.
func TestSim_ServesUntilCancelled(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.json")
	url, logs, stop := startSimCommand(t, "--log-level", "debug", "--state", state)
	topics := url + "/v2/" + dmssim.DefaultProjectID + "/instances/" +
		dmssim.DefaultInstanceID + "/topics"
	if got := post(t, topics, `{"name":"from-cli"}`); got != 200 {
		t.Fatalf("create topic: %d", got)
	}
	if err := stop(); err != nil {
		t.Fatalf("sim: %v", err)
	}
	for _, want := range []string{
		"project_id=" + dmssim.DefaultProjectID,
		"instance_id=" + dmssim.DefaultInstanceID,
		"msg=request",
		"method=POST",
		"op=create_topic status=200",
		"component=dmssim",
		"accepting every request",
	} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs)
		}
	}

	url, _, _ = startSimCommand(t, "--state", state)
	if got := get(t, url+"/v2/"+dmssim.DefaultProjectID+"/instances/"+
		dmssim.DefaultInstanceID+"/topics/from-cli"); got != 200 {
		t.Errorf("topic after restart: %d", got)
	}
}

// A configuration file sets credentials: unsigned requests are refused.
func TestSim_Config(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "sim.yaml")
	err := os.WriteFile(cfg, []byte("tokens: [tok-1]\n"), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	url, _, _ := startSimCommand(t, "--config", cfg)
	if got := get(t, url+"/v2/"+dmssim.DefaultProjectID+"/instances"); got != 401 {
		t.Errorf("unsigned request: %d, want 401", got)
	}
}
