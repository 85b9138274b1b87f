package dmssim

import (
	"math/rand/v2"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// faultInjector decides, request by request, what goes wrong. Every random choice comes from one
// source seeded by Faults.Seed and taken under a lock, so a run with the same seed and the same
// order of requests fails the same way.
type faultInjector struct {
	mu       sync.Mutex
	cfg      Faults
	rng      *rand.Rand
	scripted []scriptedFault
	limiters map[string]*rate.Limiter
}

// scriptedFault fails the next left requests of op (any operation when op is empty).
type scriptedFault struct {
	op   string
	kind FaultKind
	left int
}

func newFaultInjector(cfg Faults) *faultInjector {
	f := &faultInjector{}
	f.set(cfg)
	return f
}

func (f *faultInjector) set(cfg Faults) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cfg = cfg
	seed := uint64(cfg.Seed)
	f.rng = rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	f.limiters = map[string]*rate.Limiter{}
}

func (f *faultInjector) inject(op string, kind FaultKind, times int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.scripted = append(f.scripted, scriptedFault{op: op, kind: kind, left: times})
}

// delay is how long to hold this answer back.
func (f *faultInjector) delay() time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	d := f.cfg.Latency
	if f.cfg.LatencyJitter > 0 {
		d += time.Duration(f.rng.Int64N(int64(f.cfg.LatencyJitter)))
	}
	return d
}

// draw returns the failure this request of op meets, or "" for none. Scripted faults come first,
// in the order they were injected.
func (f *faultInjector) draw(op string) FaultKind {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := range f.scripted {
		sf := &f.scripted[i]
		if sf.left > 0 && (sf.op == "" || sf.op == op) {
			sf.left--
			kind := sf.kind
			if sf.left == 0 {
				f.scripted = append(f.scripted[:i], f.scripted[i+1:]...)
			}
			return kind
		}
	}
	if f.cfg.ErrorRate <= 0 || len(f.cfg.Errors) == 0 {
		return ""
	}
	if f.rng.Float64() >= f.cfg.ErrorRate {
		return ""
	}
	return f.cfg.Errors[f.rng.IntN(len(f.cfg.Errors))]
}

// allow reports whether project is within its rate limit.
func (f *faultInjector) allow(project string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.cfg.RateLimit <= 0 {
		return true
	}
	l := f.limiters[project]
	if l == nil {
		l = rate.NewLimiter(rate.Limit(f.cfg.RateLimit), max(1, int(f.cfg.RateLimit)))
		f.limiters[project] = l
	}
	return l.Allow()
}

func (f *faultInjector) jobDelay() time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.cfg.JobDelay
}

func (f *faultInjector) retryAfter() time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.cfg.RetryAfter
}
