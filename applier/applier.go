package applier

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/mqsync/mqsync/dms"
	"github.com/mqsync/mqsync/planner"
)

// Defaults for Options.
const (
	DefaultConcurrency  = 8
	DefaultBatchSize    = 50
	DefaultChangeBudget = 2 * time.Minute
	DefaultJobTimeout   = 5 * time.Minute
)

// Options tune how a plan is executed. Zero fields take the defaults.
type Options struct {
	// Concurrency bounds the per-item calls in flight at once (default 8). The client's own
	// limiter still applies on top.
	Concurrency int
	// BatchSize is the most names sent in one batch delete or batch modify (default 50).
	BatchSize int
	// Retry shapes the retries of one change; its MaxElapsed is the change's whole budget
	// (default 2m).
	Retry dms.RetryPolicy
	// JobTimeout bounds the wait for a batch job to show its effect (default 5m).
	JobTimeout time.Duration
	// PollInterval is the first wait between reads while waiting for a job (default 250ms);
	// later waits double, up to 5s.
	PollInterval time.Duration
	// OnResult, when set, is called once for each change as it ends, from one goroutine at a
	// time.
	OnResult func(Result)
	Logger   *slog.Logger
}

func (o Options) withDefaults() Options {
	if o.Concurrency <= 0 {
		o.Concurrency = DefaultConcurrency
	}
	if o.BatchSize <= 0 {
		o.BatchSize = DefaultBatchSize
	}
	if o.Retry.MaxElapsed <= 0 {
		o.Retry.MaxElapsed = DefaultChangeBudget
	}
	if o.Retry.MaxAttempts <= 0 {
		// The budget, not a count, ends a change's retries.
		o.Retry.MaxAttempts = 1 << 20
	}
	if o.JobTimeout <= 0 {
		o.JobTimeout = DefaultJobTimeout
	}
	if o.PollInterval <= 0 {
		o.PollInterval = 250 * time.Millisecond
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

// Status is how a change ended.
type Status string

// The statuses a change can end with.
const (
	Applied Status = "applied"
	Failed  Status = "failed"
	// Skipped changes were not attempted, because a change they require failed or was skipped,
	// or because the run was cancelled first.
	Skipped Status = "skipped"
)

// Result is how one change of a plan ended.
type Result struct {
	Kind     planner.Kind
	Name     string
	Action   planner.Action
	Status   Status
	Err      error
	Duration time.Duration
}

// Report is the outcome of applying one instance's plan. Results are in the plan's order.
type Report struct {
	Instance   string
	InstanceID string
	Results    []Result
}

// Counts returns how many changes ended with each status.
func (r *Report) Counts() map[Status]int {
	counts := map[Status]int{}
	for _, res := range r.Results {
		counts[res.Status]++
	}
	return counts
}

// Apply executes plan on its instance through c. It stops early only when ctx is done; a failed
// change does not stop the ones that do not depend on it. The plan's refusals are the caller's
// to check: Apply executes whatever it is given.
func Apply(ctx context.Context, c *dms.Client, plan *planner.InstancePlan, opts Options) *Report {
	r := &run{
		client:     c,
		instanceID: plan.InstanceID,
		opts:       opts.withDefaults(),
		results:    make(map[string]*Result, len(plan.Changes)),
		stepsLeft:  make(map[string]int, len(plan.Changes)),
	}
	r.log = r.opts.Logger.With("component", "applier", "instance", plan.Instance)
	for i := range plan.Changes {
		ch := &plan.Changes[i]
		r.results[ch.Ref()] = &Result{Kind: ch.Kind, Name: ch.Name, Action: ch.Action}
	}

	stages := schedule(plan.Changes)
	for _, st := range stages {
		for _, ch := range st.changes() {
			r.stepsLeft[ch.Ref()]++
		}
	}
	for _, st := range stages {
		r.runPhase(ctx, st)
	}

	report := &Report{Instance: plan.Instance, InstanceID: plan.InstanceID}
	for i := range plan.Changes {
		res := r.results[plan.Changes[i].Ref()]
		if res.Status == "" {
			res.Status, res.Err = Skipped, context.Cause(ctx)
		}
		report.Results = append(report.Results, *res)
	}
	return report
}

// run is the state of one Apply call.
type run struct {
	client     *dms.Client
	instanceID string
	opts       Options
	log        *slog.Logger

	mu      sync.Mutex
	results map[string]*Result
	// stepsLeft counts the steps of each change still to run: a user that gains and loses
	// permissions is written twice, and is applied only when both writes are.
	stepsLeft map[string]int
}

// finish records how a change ended and reports it. A change with two steps finishes after its
// second, unless the first fails.
func (r *run) finish(ch *planner.Change, started time.Time, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()

	ref := ch.Ref()
	res := r.results[ref]
	res.Duration += time.Since(started)
	r.stepsLeft[ref]--
	switch {
	case err != nil:
		res.Status, res.Err = Failed, err
		r.log.Warn("change failed", "kind", ch.Kind, "name", ch.Name, "action", ch.Action,
			"err", err)
	case r.stepsLeft[ref] > 0:
		return
	default:
		res.Status = Applied
	}
	if r.opts.OnResult != nil {
		r.opts.OnResult(*res)
	}
}

// blocked returns why a change must be skipped, or "" when everything it requires succeeded.
func (r *run) blocked(ch *planner.Change) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, ref := range ch.Requires {
		if res := r.results[ref]; res != nil && res.Status != Applied {
			return ref + " was not applied"
		}
	}
	if res := r.results[ch.Ref()]; res.Status == Failed || res.Status == Skipped {
		return "an earlier step failed"
	}
	return ""
}

// skip records a change that will not be attempted.
func (r *run) skip(ch *planner.Change, why string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	res := r.results[ch.Ref()]
	if res.Status == Failed {
		return
	}
	res.Status, res.Err = Skipped, &skippedError{why: why}
	if r.opts.OnResult != nil {
		r.opts.OnResult(*res)
	}
}

// skippedError says why a change was skipped.
type skippedError struct{ why string }

func (e *skippedError) Error() string { return e.why }
