package dms

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/sethvargo/go-retry"
)

// Backoff is the backoff of one operation under a RetryPolicy: exponential from BaseDelay,
// capped at MaxDelay, with full jitter, stopped after MaxAttempts. It adds what go-retry lacks:
// a wait is never shorter than the Retry-After hint of the last answer, and the retries stop
// rather than start a wait that would end past MaxElapsed. The client uses one for each read;
// callers that retry writes use one for each write. Build a fresh one every time: go-retry's
// backoffs count their steps, and the MaxElapsed clock starts when the Backoff is built.
type Backoff struct {
	next       retry.Backoff
	hint       time.Duration
	start      time.Time
	maxElapsed time.Duration
	now        func() time.Time
}

// NewBackoff returns the backoff for one operation that starts now. Zero fields of p take the
// client's defaults.
func NewBackoff(p RetryPolicy) *Backoff { return newBackoff(p.withDefaults(), time.Now) }

func newBackoff(p RetryPolicy, now func() time.Time) *Backoff {
	b := retry.NewExponential(p.BaseDelay)
	b = retry.WithCappedDuration(p.MaxDelay, b)
	b = retry.WithFullJitter(b)
	b = retry.WithMaxRetries(uint64(max(p.MaxAttempts-1, 0)), b)
	return &Backoff{next: b, start: now(), maxElapsed: p.MaxElapsed, now: now}
}

// Observe records the Retry-After hint that err carries, if any: the next wait is at least
// that long.
func (b *Backoff) Observe(err error) { b.setHint(RetryAfter(err)) }

func (b *Backoff) setHint(d time.Duration) { b.hint = d }

// Next implements retry.Backoff.
func (b *Backoff) Next() (time.Duration, bool) {
	d, stop := b.next.Next()
	if stop {
		return 0, true
	}
	d = max(d, b.hint)
	b.hint = 0
	if b.now().Sub(b.start)+d > b.maxElapsed {
		return 0, true
	}
	return d, false
}

// parseRetryAfter reads a Retry-After header: a number of seconds or an HTTP date. A missing,
// malformed or past value gives zero.
func parseRetryAfter(value string, now time.Time) time.Duration {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(value, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		return time.Duration(min(secs, int64(24*time.Hour/time.Second))) * time.Second
	}
	if at, err := http.ParseTime(value); err == nil && at.After(now) {
		return at.Sub(now)
	}
	return 0
}
