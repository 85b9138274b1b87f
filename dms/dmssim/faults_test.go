package dmssim

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// rawDo sends one request on a fresh connection (so the transport cannot retry it on another)
// and returns the status, the Retry-After header and the error code, or the transport's error.
func rawDo(base, method, path, body string, timeout time.Duration) (int, string, string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, base+path, strings.NewReader(body))
	if err != nil {
		return 0, "", "", err
	}
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", "", err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, "", "", err
	}
	code := ""
	if i := strings.Index(string(raw), `"error_code":"`); i >= 0 {
		code = strings.SplitN(string(raw)[i+len(`"error_code":"`):], `"`, 2)[0]
	}
	return resp.StatusCode, resp.Header.Get("Retry-After"), code, nil
}

func TestFaults_EachKind(t *testing.T) {
	tests := []struct {
		kind       FaultKind
		status     int
		code       string
		retryAfter string
	}{
		{Fault500, 500, CodeInternal, ""},
		{Fault503, 503, CodeUnavailable, ""},
		{Fault429, 429, CodeThrottled, "3"},
		{FaultFlowControl, 404, CodeFlowControl, ""},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			cfg := fixtureConfig()
			cfg.Faults.RetryAfter = 2500 * time.Millisecond
			r := startSim(t, cfg)
			r.InjectFault("show_topic", tt.kind, 1)

			path := instancePath + "/topics/orders"
			status, retryAfter, code, err := rawDo(r.URL(), "GET", path, "", 5*time.Second)
			if err != nil || status != tt.status || code != tt.code ||
				retryAfter != tt.retryAfter {
				t.Fatalf("got %d %s Retry-After %q (%v), want %d %s %q", status, code,
					retryAfter, err, tt.status, tt.code, tt.retryAfter)
			}
			if status, _, _, _ := rawDo(r.URL(), "GET", path, "", 5*time.Second); status != 200 {
				t.Errorf("the fault outlived its one request: %d", status)
			}
			if got := r.Stats().CountStatus("show_topic", statusLabel(tt.status)); got != 1 {
				t.Errorf("stats count %d of status %d, want 1", got, tt.status)
			}
		})
	}
}

func TestFaults_Reset(t *testing.T) {
	r := startSim(t, fixtureConfig())
	r.InjectFault("", FaultReset, 1)
	_, _, _, err := rawDo(r.URL(), "GET", instancePath, "", 5*time.Second)
	if err == nil {
		t.Fatal("a reset connection gave an answer")
	}
	if got := r.Stats().CountStatus("show_instance", StatusReset); got != 1 {
		t.Errorf("stats count %d resets, want 1", got)
	}
}

// timeout_after_commit makes the change, then keeps the client waiting until it gives up.
func TestFaults_TimeoutAfterCommit(t *testing.T) {
	r := startSim(t, fixtureConfig())
	r.InjectFault("create_topic", FaultTimeoutAfterCommit, 1)
	_, _, _, err := rawDo(r.URL(), "POST", instancePath+"/topics", `{"name":"committed"}`,
		200*time.Millisecond)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want the client's deadline", err)
	}
	a := send(t, r.URL(), "GET", instancePath+"/topics/committed", "", nil)
	if a.status != 200 {
		t.Errorf("the create did not happen: %d %s", a.status, a.raw)
	}
	waitFor(t, func() bool { return r.Stats().CountStatus("create_topic", StatusStalled) == 1 })
}

// A stalled answer does not hold up Close.
func TestFaults_CloseReleasesStall(t *testing.T) {
	r := startSim(t, fixtureConfig())
	r.InjectFault("", FaultTimeoutAfterCommit, 1)
	done := make(chan error, 1)
	go func() {
		_, _, _, err := rawDo(r.URL(), "GET", instancePath, "", time.Minute)
		done <- err
	}()
	waitFor(t, func() bool { return r.Stats().Total == 0 && stalled(r) })
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err == nil {
		t.Error("the stalled request got an answer")
	}
}

// stalled reports whether a request is being held: the server has taken it but not counted it.
func stalled(r *Running) bool { return r.reqSeq.Load() == 1 }

// The same seed fails the same requests the same way.
func TestFaults_SeededRate(t *testing.T) {
	run := func(seed int64) []int {
		cfg := fixtureConfig()
		cfg.Faults = Faults{Seed: seed, ErrorRate: 0.5,
			Errors: []FaultKind{Fault500, Fault503, FaultFlowControl}}
		r := startSim(t, cfg)
		var statuses []int
		for range 40 {
			status, _, _, err := rawDo(r.URL(), "GET", instancePath+"/topics", "", 5*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			statuses = append(statuses, status)
		}
		return statuses
	}
	for _, seed := range []int64{1, 42} {
		a, b := run(seed), run(seed)
		if !slices.Equal(a, b) {
			t.Errorf("seed %d: %v then %v", seed, a, b)
		}
		failed := 40 - strings.Count(fmt.Sprint(a), "200")
		if failed < 8 || failed > 32 {
			t.Errorf("seed %d: %d of 40 failed at rate 0.5: %v", seed, failed, a)
		}
	}
}

// Beyond rate_limit requests a second, a project meets flow control.
func TestFaults_RateLimit(t *testing.T) {
	cfg := fixtureConfig()
	cfg.Faults.RateLimit = 2
	r := startSim(t, cfg)
	var statuses []int
	for range 6 {
		status, _, code, err := rawDo(r.URL(), "GET", instancePath, "", 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if status == 404 && code != CodeFlowControl {
			t.Fatalf("404 %s, want flow control", code)
		}
		statuses = append(statuses, status)
	}
	if statuses[0] != 200 || !slices.Contains(statuses, 404) {
		t.Errorf("statuses %v: want the first accepted and some throttled", statuses)
	}
}

// Latency holds every answer back at least that long.
func TestFaults_Latency(t *testing.T) {
	cfg := fixtureConfig()
	cfg.Faults = Faults{Seed: 3, Latency: 30 * time.Millisecond,
		LatencyJitter: 10 * time.Millisecond}
	r := startSim(t, cfg)
	start := time.Now()
	if status, _, _, err := rawDo(r.URL(), "GET", instancePath, "", 5*time.Second); err != nil ||
		status != 200 {
		t.Fatalf("%d %v", status, err)
	}
	if d := time.Since(start); d < 30*time.Millisecond {
		t.Errorf("answered after %v, want at least 30ms", d)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
