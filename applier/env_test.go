package applier_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/mqsync/mqsync/applier"
	"github.com/mqsync/mqsync/desired"
	"github.com/mqsync/mqsync/dms"
	"github.com/mqsync/mqsync/dms/dmssim"
	"github.com/mqsync/mqsync/dms/dmssim/dmssimtest"
	"github.com/mqsync/mqsync/planner"
	"github.com/mqsync/mqsync/reconcile"
	"github.com/mqsync/mqsync/secret"
)

// env is a simulator with one instance and a client for it.
type env struct {
	t      *testing.T
	sim    *dmssim.Running
	client *dms.Client
	inst   dms.Instance
}

const twoBrokerID = "2b0c7a39-61c8-4c1e-9a55-3f6d2e8b4a10"

// newEnv starts a simulator. brokers 1 uses the default instance; 2 adds one with two brokers.
func newEnv(t *testing.T, brokers int, opts ...func(*dms.Config)) *env {
	t.Helper()
	sim := dmssimtest.NewDefault(t)
	id := dmssim.DefaultInstanceID
	if brokers > 1 {
		id = twoBrokerID
		err := sim.AddInstance(dmssim.DefaultProjectID, dmssim.InstanceSpec{
			ID: id, Name: "two-brokers", EngineVersion: "4.8.0", ProductID: "c6.4u8g.cluster",
			BrokerNum: brokers, Status: "RUNNING", EnableACL: true,
		})
		if err != nil {
			t.Fatal(err)
		}
	}

	cfg := dms.Config{
		Endpoint: sim.URL(), ProjectID: dmssim.DefaultProjectID, Unauthenticated: true,
		RateLimit: math.Inf(1), RequestTimeout: 2 * time.Second,
		Retry: dms.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond},
	}
	for _, o := range opts {
		o(&cfg)
	}
	c, err := dms.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := c.ShowInstance(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, sim: sim, client: c, inst: inst}
}

// fastOptions retry and poll in milliseconds, so failures show quickly.
func fastOptions() applier.Options {
	return applier.Options{
		Retry: dms.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond,
			MaxElapsed: 3 * time.Second},
		PollInterval: 2 * time.Millisecond,
		JobTimeout:   3 * time.Second,
	}
}

func (e *env) seed(c dmssim.Contents) {
	e.t.Helper()
	if err := e.sim.Seed(dmssim.DefaultProjectID, e.inst.InstanceID, c); err != nil {
		e.t.Fatal(err)
	}
}

// plan reads the live state and plans d against it.
func (e *env) plan(d *desired.Instance, opts planner.Options) *planner.InstancePlan {
	e.t.Helper()
	live, err := reconcile.ReadLive(context.Background(), e.client, e.inst)
	if err != nil {
		e.t.Fatal(err)
	}
	return planner.PlanInstance(d, live, opts)
}

// apply plans d, applies the plan and returns the report, failing on refusals.
func (e *env) apply(d *desired.Instance, opts applier.Options) *applier.Report {
	e.t.Helper()
	p := e.plan(d, planner.Options{})
	if err := p.Err(); err != nil {
		e.t.Fatal(err)
	}
	return applier.Apply(context.Background(), e.client, p, opts)
}

// converged fails the test unless d now plans no changes.
func (e *env) converged(d *desired.Instance) {
	e.t.Helper()
	if p := e.plan(d, planner.Options{}); len(p.Changes) > 0 {
		e.t.Errorf("not converged: %d changes left, first %+v", len(p.Changes), p.Changes[0])
	}
}

func (e *env) calls(op string) int { return e.sim.Stats().Count(op) }

// statuses maps "kind name" to the status its change ended with.
func statuses(r *applier.Report) map[string]applier.Status {
	m := map[string]applier.Status{}
	for _, res := range r.Results {
		m[string(res.Kind)+" "+res.Name] = res.Status
	}
	return m
}

func instance(edit func(*desired.Instance)) *desired.Instance {
	d := &desired.Instance{Policy: desired.Policy{MaxDeletes: 100, Drift: desired.DriftCorrect}}
	edit(d)
	return d
}

func topic(name string, queues int) desired.Topic {
	return desired.Topic{Name: name, QueueNum: queues, Permission: "all"}
}

func group(name string, retries int) desired.Group {
	return desired.Group{Name: name, Enabled: true, RetryMaxTime: retries}
}

func user(name, sk string, topics, groups map[string]string) desired.User {
	return desired.User{AccessKey: name, Secret: secret.New(sk), DefaultTopicPerm: "DENY",
		DefaultGroupPerm: "DENY", TopicPerms: topics, GroupPerms: groups}
}
