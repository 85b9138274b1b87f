package dms_test

import (
	"context"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/mqsync/mqsync/dms"
	"github.com/mqsync/mqsync/dms/dmssim"
	"github.com/mqsync/mqsync/dms/dmssim/dmssimtest"
	"github.com/mqsync/mqsync/secret"
)

// These tests run the client against the simulator over HTTP on 127.0.0.1. The two were
// written apart from the same reference, so a misreading in either shows up here as a failure
// rather than cancelling out.

// The simulated project: a one-broker instance, a two-broker instance, and a failed instance
// whose name contains the first one's, so that only an exact match finds the first.
const (
	simProject = dmssim.DefaultProjectID
	prodID     = "0f1e2d3c-4b5a-4697-8877-665544332211"
	haID       = "0f1e2d3c-4b5a-4697-8877-665544332212"
	oldID      = "0f1e2d3c-4b5a-4697-8877-665544332213"
	simAK      = "SIMAK0000000000000001"
	simSK      = "sim-secret-key-0001"
	simToken   = "sim-iam-token-0001"
)

// Names with % and |, which are legal in topic and group names and must survive path escaping
// and the signature.
const (
	topicName = "orders%eu|v2"
	groupName = "billing%eu|v2"
)

// The instances of simConfig as the client must decode them.
var (
	prodInstance = dms.Instance{InstanceID: prodID, Name: "orders-prod", Engine: "reliability",
		EngineVersion: "4.8.0", Status: "RUNNING", EnableACL: true, BrokerNum: 1,
		ProductID: "c6.4u8g.cluster"}
	haInstance = dms.Instance{InstanceID: haID, Name: "orders-ha", Engine: "reliability",
		EngineVersion: "4.8.0", Status: "RUNNING", EnableACL: true, BrokerNum: 2,
		ProductID: "c6.8u16g.cluster"}
	oldInstance = dms.Instance{InstanceID: oldID, Name: "orders-prod-old", Engine: "reliability",
		EngineVersion: "4.8.0", Status: "CREATEFAILED", BrokerNum: 1,
		ProductID: "c6.4u8g.cluster"}
)

// simCmp compares decoded values: secrets by value, nil and empty slices alike.
var simCmp = cmp.Options{
	cmp.Comparer(func(a, b secret.Value) bool { return a.Equal(b) }),
	cmpopts.EquateEmpty(),
}

// authMode is how a test client authenticates and what the simulator accepts.
type authMode string

const (
	// authSigned signs with an access key pair the simulator knows.
	authSigned authMode = "signed"
	// authToken sends an IAM token the simulator knows.
	authToken authMode = "token"
	// authOpen sends nothing to a simulator that has no credentials and so accepts everything.
	authOpen authMode = "unsigned"
)

// simConfig is the simulated project. The two-broker instance has one subscription, which
// feeds the topic-to-groups and group-to-topics views.
func simConfig(mode authMode) dmssim.Config {
	cfg := dmssim.Config{Projects: []dmssim.Project{{ID: simProject,
		Instances: []dmssim.InstanceSpec{
			{ID: prodID, Name: "orders-prod", BrokerNum: 1, EnableACL: true},
			{ID: haID, Name: "orders-ha", ProductID: "c6.8u16g.cluster", BrokerNum: 2,
				EnableACL: true, Subscriptions: []dmssim.Subscription{
					{Group: groupName, Topics: []string{topicName, "audit-log"}}}},
			{ID: oldID, Name: "orders-prod-old", Status: "CREATEFAILED"},
		}}}}
	if mode != authOpen {
		cfg.Credentials = []dmssim.Credential{{AccessKey: simAK, SecretKey: secret.New(simSK)}}
		cfg.Tokens = []secret.Value{secret.New(simToken)}
	}
	return cfg
}

// simEnv is a simulator and a client of it, with what the client reported and what both
// logged.
type simEnv struct {
	sim    *dmssim.Running
	mode   authMode
	calls  *callLog
	log    *os.File
	client *dms.Client
}

// newSimEnv starts a simulator from cfg and a client that authenticates as mode says. Both log
// at debug level into one file.
func newSimEnv(t *testing.T, mode authMode, cfg dmssim.Config) *simEnv {
	t.Helper()
	log, err := os.Create(filepath.Join(t.TempDir(), "debug.log"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = log.Close() })
	e := &simEnv{mode: mode, calls: &callLog{}, log: log}
	e.sim = dmssimtest.New(t, cfg, dmssim.WithLogger(e.logger()))
	e.client = e.newClient(t, nil)
	return e
}

// logger writes debug lines into the environment's log file. Writes to a file are safe from
// many goroutines, and reading it back never races with them.
func (e *simEnv) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(e.log, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// newClient returns a client of the simulator with connections of its own, its configuration
// changed by tweak when tweak is not nil. It reports to the same observer and log.
func (e *simEnv) newClient(t *testing.T, tweak func(*dms.Config)) *dms.Client {
	t.Helper()
	cfg := dms.Config{
		Endpoint:       e.sim.URL(),
		ProjectID:      simProject,
		UserAgent:      "mqsync/test",
		RateLimit:      math.Inf(1),
		RequestTimeout: 5 * time.Second,
		Retry: dms.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond,
			MaxElapsed: 5 * time.Second, MaxAttempts: 4},
		Observer: e.calls,
		Logger:   e.logger(),
	}
	switch e.mode {
	case authSigned:
		cfg.Credentials = dms.Credentials{AccessKey: simAK, SecretKey: secret.New(simSK)}
	case authToken:
		cfg.Credentials = dms.Credentials{AuthToken: secret.New(simToken)}
	default:
		cfg.Unauthenticated = true
	}
	if tweak != nil {
		tweak(&cfg)
	}
	c, err := dms.New(cfg)
	if err != nil {
		t.Fatalf("dms.New: %v", err)
	}
	return c
}

// checkCallsMatchStats checks that the simulator received one request for every attempt the
// observer heard of, operation by operation, then clears both counts.
func checkCallsMatchStats(t *testing.T, e *simEnv) {
	t.Helper()
	attempts := map[string]int{}
	total := 0
	for _, c := range e.calls.all() {
		attempts[c.Operation] += 1 + c.Retries
		total += 1 + c.Retries
	}
	stats := e.sim.Stats()
	e.sim.ResetStats()
	e.calls.reset()
	for op := range stats.Operations {
		if _, ok := attempts[op]; !ok {
			attempts[op] = 0
		}
	}
	for op, n := range attempts {
		if got := stats.Count(op); got != n {
			t.Errorf("simulator counted %d requests of %s, the observer %d", got, op, n)
		}
	}
	if stats.Total != total {
		t.Errorf("simulator counted %d requests in all, the observer %d", stats.Total, total)
	}
}

// awaitCount waits until the simulator has counted at least n requests of op and returns its
// statistics. A request whose answer never came is counted only once the simulator has given
// up on it, which can be a moment after the client has.
func awaitCount(t *testing.T, sim *dmssim.Running, op string, n int) dmssim.Stats {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		stats := sim.Stats()
		if stats.Count(op) >= n || time.Now().After(deadline) {
			return stats
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// callLog is an Observer that keeps every call.
type callLog struct {
	mu    sync.Mutex
	calls []dms.Call
}

// ObserveCall implements dms.Observer.
func (l *callLog) ObserveCall(c dms.Call) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls = append(l.calls, c)
}

// all returns the calls so far.
func (l *callLog) all() []dms.Call {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.calls)
}

// reset forgets the calls so far.
func (l *callLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls = nil
}

// simStep is one call of a scenario and the value it must return.
type simStep struct {
	name string
	call func(ctx context.Context, c *dms.Client) (any, error)
	want any
}

// runSteps runs steps in order, stopping at the first error.
func runSteps(t *testing.T, c *dms.Client, steps []simStep) {
	t.Helper()
	ctx := context.Background()
	for _, s := range steps {
		got, err := s.call(ctx, c)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if diff := cmp.Diff(s.want, got, simCmp); diff != "" {
			t.Errorf("%s (-want +got):\n%s", s.name, diff)
		}
	}
}

// TestSim_EveryOperation runs every client operation against the simulator, once for each way
// of authenticating, and checks each decoded answer field by field and that the simulator saw
// exactly the requests the client reported.
func TestSim_EveryOperation(t *testing.T) {
	for _, mode := range []authMode{authSigned, authToken, authOpen} {
		t.Run(string(mode), func(t *testing.T) {
			t.Parallel()
			e := newSimEnv(t, mode, simConfig(mode))
			runSteps(t, e.client, slices.Concat(instanceSteps(), topicSteps(), groupSteps(),
				userSteps(), deleteSteps()))
			for _, c := range e.calls.all() {
				if c.Retries != 0 || c.StatusCode/100 != 2 && !dms.IsNotFound(c.Err) {
					t.Errorf("call %s: status %d, %d retries, err %v", c.Operation,
						c.StatusCode, c.Retries, c.Err)
				}
			}
			checkCallsMatchStats(t, e)
		})
	}
}
