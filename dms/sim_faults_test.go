package dms_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/mqsync/mqsync/dms"
	"github.com/mqsync/mqsync/dms/dmssim"
)

// faultTimeout is the request timeout of clients that meet a withheld answer: long enough
// for any answer of an idle simulator, short enough to keep the tests quick.
const faultTimeout = 800 * time.Millisecond

// faultCase is one kind of injected failure and what the client must make of it.
type faultCase struct {
	kind dmssim.FaultKind
	// status and code are the answer's; zero when no answer comes.
	status int
	code   string
	// label is how the simulator counts the answer.
	label string
	want  verdict
	// applied says whether the simulator carried the write out before failing.
	applied bool
}

// faultCases are the faults the simulator injects. Every one is worth retrying; only a
// request that got no answer, or a 500, may have been carried out.
var faultCases = []faultCase{
	{kind: dmssim.Fault500, status: 500, code: "DMS.00500000", label: "500",
		want: verdict{retryable: true, mayHaveApplied: true}},
	{kind: dmssim.Fault503, status: 503, code: "DMS.10250005", label: "503",
		want: verdict{retryable: true}},
	{kind: dmssim.Fault429, status: 429, code: "APIGW.0308", label: "429",
		want: verdict{retryable: true, retryAfter: time.Second}},
	{kind: dmssim.FaultFlowControl, status: 404, code: dms.CodeFlowControl, label: "404",
		want: verdict{retryable: true}},
	{kind: dmssim.FaultReset, label: dmssim.StatusReset,
		want: verdict{retryable: true, mayHaveApplied: true}},
	{kind: dmssim.FaultTimeoutAfterCommit, label: dmssim.StatusStalled,
		want: verdict{retryable: true, mayHaveApplied: true}, applied: true},
}

// newFaultEnv starts a simulator holding the topic "steady" and returns a client of it with
// a short request timeout and connections of its own.
func newFaultEnv(t *testing.T) (*simEnv, *dms.Client) {
	t.Helper()
	cfg := simConfig(authSigned)
	cfg.Projects[0].Instances[0].Topics = []dmssim.Topic{{Name: "steady"}}
	e := newSimEnv(t, authSigned, cfg)
	return e, e.newClient(t, func(cfg *dms.Config) { cfg.RequestTimeout = faultTimeout })
}

// TestSim_FaultsOnWrites meets each fault with a create. The client sends it once and says
// whether it is worth retrying and whether it may have happened; reading back tells, and a
// second create then succeeds or finds the topic there.
func TestSim_FaultsOnWrites(t *testing.T) {
	t.Parallel()
	for _, fc := range faultCases {
		t.Run(string(fc.kind), func(t *testing.T) {
			t.Parallel()
			e, c := newFaultEnv(t)
			ctx := context.Background()
			e.sim.InjectFault(dms.OpCreateTopic, fc.kind, 1)
			create := func() error {
				return c.CreateTopic(ctx, prodID, dms.CreateTopicRequest{Name: "faulty"})
			}

			err := create()
			if fc.status != 0 {
				checkAPIError(t, err, dms.OpCreateTopic, fc.status, fc.code, fc.want)
			} else if got := verdictOf(err); got != fc.want || errors.As(err, new(*dms.APIError)) {
				t.Errorf("helpers on %v: %+v, want %+v and no answer", err, got, fc.want)
			}
			stats := awaitCount(t, e.sim, dms.OpCreateTopic, 1)
			if n := stats.CountStatus(dms.OpCreateTopic, fc.label); n != 1 {
				t.Errorf("simulator answered %d creates with %s, want 1", n, fc.label)
			}
			checkOneRequest(t, e, dms.OpCreateTopic)

			_, err = c.ShowTopic(ctx, prodID, "faulty")
			if applied := err == nil; applied != fc.applied || err != nil && !dms.IsNotFound(err) {
				t.Errorf("read back: %v; want the topic there: %v", err, fc.applied)
			}
			err = create()
			if fc.applied && !dms.IsAlreadyExists(err) || !fc.applied && err != nil {
				t.Errorf("create again: %v", err)
			}
		})
	}
}

// TestSim_FaultsOnReads meets each fault with a read, which the client retries on its own:
// the caller sees the answer, the observer one retry, and the simulator two requests. On a
// kept-alive connection, Go's transport replays a reset read itself; that counts the same.
func TestSim_FaultsOnReads(t *testing.T) {
	t.Parallel()
	for _, fc := range faultCases {
		for _, conn := range []string{"new connection", "kept-alive connection"} {
			t.Run(string(fc.kind)+"/"+conn, func(t *testing.T) {
				t.Parallel()
				readThroughFault(t, fc, conn == "kept-alive connection")
			})
		}
	}
}

// readThroughFault reads a topic through one fault of fc's kind, on a connection that an
// earlier read left open when warm is set.
func readThroughFault(t *testing.T, fc faultCase, warm bool) {
	e, c := newFaultEnv(t)
	if warm {
		if _, err := c.ShowTopic(context.Background(), prodID, "steady"); err != nil {
			t.Fatal(err)
		}
		checkCallsMatchStats(t, e)
	}
	e.sim.InjectFault(dms.OpShowTopic, fc.kind, 1)

	got, err := c.ShowTopic(context.Background(), prodID, "steady")
	if err != nil || got.Name != "steady" || got.TotalReadQueueNum != 3 {
		t.Fatalf("ShowTopic = %+v, %v; want the topic", got, err)
	}
	calls := e.calls.all()
	if len(calls) != 1 || calls[0].Retries != 1 || calls[0].StatusCode != 200 {
		t.Errorf("calls %+v, want one call, retried once, ending in 200", calls)
	}
	if len(calls) == 1 && calls[0].Duration < fc.want.retryAfter {
		t.Errorf("call took %v, less than the Retry-After of %v", calls[0].Duration,
			fc.want.retryAfter)
	}
	stats := awaitCount(t, e.sim, dms.OpShowTopic, 2)
	if stats.CountStatus(dms.OpShowTopic, fc.label) != 1 ||
		stats.CountStatus(dms.OpShowTopic, "200") != 1 {
		t.Errorf("simulator answered %v, want one %s and one 200",
			stats.Operations[dms.OpShowTopic], fc.label)
	}
	checkCallsMatchStats(t, e)
}

// TestSim_ReadsGiveUp meets a read with more faults than the client's attempts: it makes
// exactly MaxAttempts requests and returns the last failure.
func TestSim_ReadsGiveUp(t *testing.T) {
	e, c := newFaultEnv(t)
	e.sim.InjectFault(dms.OpShowTopic, dmssim.Fault503, 10)

	_, err := c.ShowTopic(context.Background(), prodID, "steady")
	checkAPIError(t, err, dms.OpShowTopic, 503, "DMS.10250005", verdict{retryable: true})
	calls := e.calls.all()
	if len(calls) != 1 || calls[0].Retries != 3 {
		t.Errorf("calls %+v, want one call with 3 retries", calls)
	}
	if n := e.sim.Stats().CountStatus(dms.OpShowTopic, "503"); n != 4 {
		t.Errorf("simulator answered %d reads with 503, want 4", n)
	}
	checkCallsMatchStats(t, e)
}

// TestSim_CallerGivesUp ends the caller's context while the simulator is slow to answer. The
// error is never worth retrying, a read is not retried, and a write, once sent, may have
// happened.
func TestSim_CallerGivesUp(t *testing.T) {
	t.Parallel()
	cfg := simConfig(authSigned)
	cfg.Faults.Latency = 2 * time.Second
	e := newSimEnv(t, authSigned, cfg)
	tests := []struct {
		op   string
		call func(ctx context.Context) error
	}{
		{dms.OpShowInstance, func(ctx context.Context) error {
			_, err := e.client.ShowInstance(ctx, prodID)
			return err
		}},
		{dms.OpCreateTopic, func(ctx context.Context) error {
			return e.client.CreateTopic(ctx, prodID, dms.CreateTopicRequest{Name: "late"})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.op, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			defer cancel()
			err := tt.call(ctx)
			want := verdict{mayHaveApplied: true}
			if !errors.Is(err, context.DeadlineExceeded) || verdictOf(err) != want {
				t.Errorf("error %v: %+v, want the context's end and %+v", err, verdictOf(err),
					want)
			}
			checkOneRequest(t, e, tt.op)
		})
	}
}
