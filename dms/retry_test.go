package dms

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// failingThenOK answers the first len(failures) requests with those failures, then with ok.
func failingThenOK(failures []func(http.ResponseWriter), ok string) answerFunc {
	var n atomic.Int64
	return func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		i := int(n.Add(1) - 1)
		if i < len(failures) {
			failures[i](w)
			return
		}
		writeJSON(w, http.StatusOK, ok)
	}
}

// fail answers with status and code.
func fail(status int, code string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) { writeJSON(w, status, errorBody(code, "")) }
}

func TestRead_RetriesTransientFailures(t *testing.T) {
	srv := newTestServer(t, failingThenOK([]func(http.ResponseWriter){
		fail(http.StatusNotFound, CodeFlowControl),
		fail(http.StatusServiceUnavailable, ""),
		fail(http.StatusBadRequest, CodeJobRunning),
	}, `{"brokers":[{"broker_name":"broker-0","ids":[0]}]}`))
	var calls callRecorder
	cfg := testConfig(srv.URL)
	cfg.Observer = &calls
	c, _ := New(cfg)

	brokers, err := c.ListBrokers(context.Background(), testInstance)
	if err != nil || len(brokers) != 1 {
		t.Fatalf("ListBrokers = %v, %v", brokers, err)
	}
	if n := srv.count(); n != 4 {
		t.Errorf("sent %d requests, want 4", n)
	}
	got := calls.all()
	if len(got) != 1 || got[0].Retries != 3 || got[0].StatusCode != 200 || got[0].Err != nil {
		t.Errorf("observed %+v, want one successful call with 3 retries", got)
	}
}

func TestRead_GivesUp(t *testing.T) {
	tests := []struct {
		name      string
		status    int
		code      string
		wantSends int
	}{
		{"after MaxAttempts of a transient failure", http.StatusInternalServerError, "", 4},
		{"at once on a final answer", http.StatusForbidden, "", 1},
		{"at once on not found", http.StatusNotFound, "", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestServer(t, func(w http.ResponseWriter, _ *http.Request, _ []byte) {
				fail(tt.status, tt.code)(w)
			})
			var calls callRecorder
			cfg := testConfig(srv.URL)
			cfg.Observer = &calls
			c, _ := New(cfg)

			_, err := c.ShowTopic(context.Background(), testInstance, "orders")
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != tt.status {
				t.Fatalf("error = %v, want status %d", err, tt.status)
			}
			if n := srv.count(); n != tt.wantSends {
				t.Errorf("sent %d requests, want %d", n, tt.wantSends)
			}
			if got := calls.all(); len(got) != 1 || got[0].Retries != tt.wantSends-1 ||
				got[0].Err != err || got[0].StatusCode != tt.status {
				t.Errorf("observed %+v", got)
			}
		})
	}
}

// TestWrites_NeverRetried sends every kind of write once, whatever the failure.
func TestWrites_NeverRetried(t *testing.T) {
	ctx := context.Background()
	writes := map[string]func(*Client) error{
		"POST": func(c *Client) error {
			return c.CreateGroup(ctx, testInstance, Group{Name: "g1"})
		},
		"PUT": func(c *Client) error {
			return c.ModifyTopic(ctx, testInstance, "t1", ModifyTopicRequest{Permission: "sub"})
		},
		"DELETE": func(c *Client) error { return c.DeleteUser(ctx, testInstance, "user-01") },
	}
	for method, write := range writes {
		t.Run(method, func(t *testing.T) {
			srv := newTestServer(t, func(w http.ResponseWriter, _ *http.Request, _ []byte) {
				fail(http.StatusServiceUnavailable, "")(w)
			})
			if err := write(newTestClient(t, srv)); !IsRetryable(err) {
				t.Errorf("error = %v, want a retryable one", err)
			}
			if n := srv.count(); n != 1 {
				t.Errorf("sent %d requests, want 1", n)
			}
		})
	}
}

// TestRead_HonoursRetryAfter waits at least as long as Retry-After asks, although the
// backoff alone would retry within milliseconds.
func TestRead_HonoursRetryAfter(t *testing.T) {
	var (
		mu    sync.Mutex
		times []time.Time
	)
	srv := newTestServer(t, func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		mu.Lock()
		times = append(times, time.Now())
		first := len(times) == 1
		mu.Unlock()
		if first {
			w.Header().Set("Retry-After", "1")
			writeJSON(w, http.StatusTooManyRequests, "")
			return
		}
		writeJSON(w, http.StatusOK, `{"groups":[]}`)
	})

	if _, err := newTestClient(t, srv).ListTopicGroups(context.Background(), testInstance,
		"orders"); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(times) != 2 {
		t.Fatalf("sent %d requests, want 2", len(times))
	}
	if gap := times[1].Sub(times[0]); gap < time.Second {
		t.Errorf("retried after %v, want at least the 1s Retry-After asked for", gap)
	}
}

// TestRead_RetryAfterPastTheBudget stops at once when the wait asked for would end after
// MaxElapsed, and passes the hint on to the caller.
func TestRead_RetryAfterPastTheBudget(t *testing.T) {
	srv := newTestServer(t, func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		w.Header().Set("Retry-After", "120")
		writeJSON(w, http.StatusTooManyRequests, "")
	})
	_, err := newTestClient(t, srv).ListUsers(context.Background(), testInstance, Page{})
	if got := RetryAfter(err); got != 120*time.Second {
		t.Errorf("RetryAfter(%v) = %v, want 2m0s", err, got)
	}
	if n := srv.count(); n != 1 {
		t.Errorf("sent %d requests, want 1", n)
	}
}

func TestRead_ContextCancellation(t *testing.T) {
	t.Run("while waiting to retry", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		srv := newTestServer(t, func(w http.ResponseWriter, _ *http.Request, _ []byte) {
			w.Header().Set("Retry-After", "3")
			writeJSON(w, http.StatusServiceUnavailable, "")
			cancel()
		})
		cfg := testConfig(srv.URL)
		cfg.Retry.MaxElapsed = time.Minute
		c, _ := New(cfg)

		start := time.Now()
		_, err := c.ShowInstance(ctx, testInstance)
		if !errors.Is(err, context.Canceled) || IsRetryable(err) {
			t.Errorf("error = %v, want context.Canceled, not retryable", err)
		}
		if waited := time.Since(start); waited > 2*time.Second {
			t.Errorf("returned after %v: the wait did not watch the context", waited)
		}
		if n := srv.count(); n != 1 {
			t.Errorf("sent %d requests, want 1", n)
		}
	})

	t.Run("before the first request", func(t *testing.T) {
		srv := newTestServer(t, func(w http.ResponseWriter, _ *http.Request, _ []byte) {
			writeJSON(w, http.StatusOK, "{}")
		})
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := newTestClient(t, srv).ShowInstance(ctx, testInstance)
		if !errors.Is(err, context.Canceled) || MayHaveApplied(err) {
			t.Errorf("error = %v, want context.Canceled, not applied", err)
		}
		if n := srv.count(); n != 0 {
			t.Errorf("sent %d requests, want none", n)
		}
	})
}

// TestClient_BoundsRequestsInFlight never has more than MaxConcurrent requests at the server.
func TestClient_BoundsRequestsInFlight(t *testing.T) {
	var inFlight, peak atomic.Int64
	srv := newTestServer(t, func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		cur := inFlight.Add(1)
		defer inFlight.Add(-1)
		for p := peak.Load(); cur > p && !peak.CompareAndSwap(p, cur); p = peak.Load() {
		}
		time.Sleep(5 * time.Millisecond)
		writeJSON(w, http.StatusOK, `{"brokers":[]}`)
	})
	cfg := testConfig(srv.URL)
	cfg.MaxConcurrent = 2
	c, _ := New(cfg)

	var wg sync.WaitGroup
	for range 12 {
		wg.Go(func() {
			if _, err := c.ListBrokers(context.Background(), testInstance); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if p := peak.Load(); p > 2 {
		t.Errorf("%d requests in flight at once, want at most 2", p)
	}
}

// TestClient_RateLimit spaces requests by the configured rate.
func TestClient_RateLimit(t *testing.T) {
	srv := newTestServer(t, func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		writeJSON(w, http.StatusOK, `{"brokers":[]}`)
	})
	cfg := testConfig(srv.URL)
	cfg.RateLimit = 40
	c, _ := New(cfg)

	start := time.Now()
	for range 5 {
		if _, err := c.ListBrokers(context.Background(), testInstance); err != nil {
			t.Fatal(err)
		}
	}
	// Five requests at 40 per second with a burst of one need four gaps of 25ms.
	if took := time.Since(start); took < 90*time.Millisecond {
		t.Errorf("5 requests took %v, want at least 100ms at 40 per second", took)
	}
}

func TestHintedBackoff(t *testing.T) {
	now := time.Unix(0, 0)
	clock := func() time.Time { return now }
	policy := RetryPolicy{BaseDelay: 10 * time.Millisecond, MaxDelay: 40 * time.Millisecond,
		MaxElapsed: 10 * time.Second, MaxAttempts: 6}

	b := newBackoff(policy, clock)
	for i := range 5 {
		d, stop := b.Next()
		if stop || d < 0 || d >= policy.MaxDelay {
			t.Fatalf("wait %d = %v, %v; want a wait in [0, %v)", i, d, stop, policy.MaxDelay)
		}
	}
	if _, stop := b.Next(); !stop {
		t.Error("a sixth retry was allowed; MaxAttempts is 6")
	}

	b = newBackoff(policy, clock)
	b.setHint(3 * time.Second)
	if d, stop := b.Next(); stop || d != 3*time.Second {
		t.Errorf("wait with a 3s hint = %v, %v; want 3s", d, stop)
	}
	if d, _ := b.Next(); d >= policy.MaxDelay {
		t.Errorf("the hint outlived its answer: next wait %v", d)
	}

	now = now.Add(9 * time.Second)
	b.setHint(2 * time.Second)
	if _, stop := b.Next(); !stop {
		t.Error("a wait past MaxElapsed was allowed")
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		value string
		want  time.Duration
	}{
		{"", 0},
		{"3", 3 * time.Second},
		{" 10 ", 10 * time.Second},
		{"0", 0},
		{"-4", 0},
		{"soon", 0},
		{"Sat, 01 Mar 2025 12:00:30 GMT", 30 * time.Second},
		{"Sat, 01 Mar 2025 11:59:00 GMT", 0},
		{"999999999", 24 * time.Hour},
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.value, now); got != tt.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tt.value, got, tt.want)
		}
	}
}
