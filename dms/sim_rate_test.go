package dms_test

import (
	"context"
	"math"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mqsync/mqsync/dms"
	"github.com/mqsync/mqsync/dms/dmssim"
)

// peakTransport counts the requests in flight through it and keeps the highest count.
type peakTransport struct {
	next           http.RoundTripper
	inFlight, peak atomic.Int64
}

// RoundTrip implements http.RoundTripper.
func (p *peakTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	n := p.inFlight.Add(1)
	defer p.inFlight.Add(-1)
	for old := p.peak.Load(); n > old && !p.peak.CompareAndSwap(old, n); old = p.peak.Load() {
	}
	return p.next.RoundTrip(r)
}

// readConcurrently shows the topic "steady" n times from 10 goroutines and returns the
// errors.
func readConcurrently(c *dms.Client, n int) []error {
	var (
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
		left atomic.Int64
	)
	left.Store(int64(n))
	for range 10 {
		wg.Go(func() {
			for left.Add(-1) >= 0 {
				if _, err := c.ShowTopic(context.Background(), prodID, "steady"); err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	return errs
}

// newRateEnv starts a simulator that throttles each project to perSecond requests (with a
// burst of as many) and answers each after latency.
func newRateEnv(t *testing.T, perSecond float64, latency time.Duration) *simEnv {
	t.Helper()
	cfg := simConfig(authSigned)
	cfg.Projects[0].Instances[0].Topics = []dmssim.Topic{{Name: "steady"}}
	cfg.Faults = dmssim.Faults{RateLimit: perSecond, Latency: latency}
	return newSimEnv(t, authSigned, cfg)
}

// TestSim_RateLimitMatchesFlowControl reads through a client whose rate limit is the
// simulator's flow-control threshold: more reads than the simulator's burst, from more
// goroutines than the client lets through at once. None meets flow control, and no more than
// MaxConcurrent are ever in flight.
func TestSim_RateLimitMatchesFlowControl(t *testing.T) {
	t.Parallel()
	const perSecond, reads, concurrent = 40, 50, 3
	e := newRateEnv(t, perSecond, 60*time.Millisecond)
	transport := &peakTransport{next: http.DefaultTransport.(*http.Transport).Clone()}
	c := e.newClient(t, func(cfg *dms.Config) {
		cfg.RateLimit, cfg.MaxConcurrent = perSecond, concurrent
		cfg.Retry.MaxAttempts = 1
		cfg.HTTPClient = &http.Client{Transport: transport}
	})

	if errs := readConcurrently(c, reads); len(errs) > 0 {
		t.Errorf("%d reads failed, the first with %v", len(errs), errs[0])
	}
	stats := e.sim.Stats()
	if stats.Count(dms.OpShowTopic) != reads || stats.CountStatus(dms.OpShowTopic, "200") != reads {
		t.Errorf("simulator answered %v, want %d times 200", stats.Operations, reads)
	}
	if p := transport.peak.Load(); p > concurrent || p < 2 {
		t.Errorf("%d requests in flight at the most, want 2 to %d", p, concurrent)
	}
	checkCallsMatchStats(t, e)
}

// TestSim_NoRateLimitMeetsFlowControl is the same reads without the client's rate limit: the
// simulator throttles some, and the client says they are worth retrying and not a 404.
func TestSim_NoRateLimitMeetsFlowControl(t *testing.T) {
	t.Parallel()
	const perSecond, reads = 40, 120
	e := newRateEnv(t, perSecond, 0)
	c := e.newClient(t, func(cfg *dms.Config) {
		cfg.RateLimit, cfg.MaxConcurrent = math.Inf(1), 8
		cfg.Retry.MaxAttempts = 1
	})

	errs := readConcurrently(c, reads)
	if len(errs) == 0 {
		t.Fatal("no read met flow control")
	}
	for _, err := range errs {
		if got := verdictOf(err); got != (verdict{retryable: true}) {
			t.Errorf("helpers on %v: %+v, want only retryable", err, got)
		}
	}
	if n := e.sim.Stats().CountStatus(dms.OpShowTopic, "404"); n != len(errs) {
		t.Errorf("simulator throttled %d reads, the client saw %d", n, len(errs))
	}
	checkCallsMatchStats(t, e)
}
