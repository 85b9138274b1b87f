package applier_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mqsync/mqsync/applier"
	"github.com/mqsync/mqsync/desired"
	"github.com/mqsync/mqsync/dms"
	"github.com/mqsync/mqsync/dms/dmssim"
	"github.com/mqsync/mqsync/planner"
	"github.com/mqsync/mqsync/secret"
)

func TestApply_CreatesEverythingOnce(t *testing.T) {
	e := newEnv(t, 1)
	d := instance(func(d *desired.Instance) {
		d.Topics = []desired.Topic{topic("orders", 8), topic("payments", 3), topic("a%b|c", 1)}
		d.Groups = []desired.Group{group("billing", 5), group("audit", 16)}
		d.Users = []desired.User{
			user("billing-svc", "Billing-Secret-1", map[string]string{"orders": "SUB"},
				map[string]string{"billing": "SUB"}),
			user("orders-svc", "Orders-Secret-1", map[string]string{"orders": "PUB"}, nil),
		}
	})

	var reported []applier.Result
	opts := fastOptions()
	opts.OnResult = func(r applier.Result) { reported = append(reported, r) }
	r := e.apply(d, opts)

	for _, res := range r.Results {
		if res.Status != applier.Applied {
			t.Errorf("%s %s: %s: %v", res.Kind, res.Name, res.Status, res.Err)
		}
	}
	if len(reported) != 7 {
		t.Errorf("OnResult called %d times, want once per change (7)", len(reported))
	}
	for op, want := range map[string]int{"create_topic": 3, "create_group": 2, "create_user": 2} {
		if got := e.calls(op); got != want {
			t.Errorf("%s calls = %d, want %d", op, got, want)
		}
	}
	e.converged(d)
}

func TestApply_UpdatesAndPrunes(t *testing.T) {
	e := newEnv(t, 1)
	if err := e.sim.SetFaults(dmssim.Faults{JobDelay: 30 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	e.seed(dmssim.Contents{
		Topics: []dmssim.Topic{simTopic("grow", 3), simTopic("old-1", 3), simTopic("old-2", 3)},
		Groups: []dmssim.Group{simGroup("slow", 16), simGroup("old-group", 16)},
		Users: []dmssim.User{
			{AccessKey: "leaving-user", SecretKey: secret.New("Leaving-Secret-1"),
				DefaultTopicPerm: "DENY", DefaultGroupPerm: "DENY",
				TopicPerms: []dmssim.Grant{{Name: "old-1", Perm: "SUB"}}},
			{AccessKey: "staying-user", SecretKey: secret.New("Staying-Secret-1"),
				DefaultTopicPerm: "DENY", DefaultGroupPerm: "DENY",
				TopicPerms: []dmssim.Grant{{Name: "old-2", Perm: "PUB|SUB"}}},
		},
	})
	d := instance(func(d *desired.Instance) {
		d.Policy.Prune = true
		d.Topics = []desired.Topic{topic("grow", 6)}
		d.Groups = []desired.Group{func() desired.Group {
			g := group("slow", 4)
			g.FromBeginning = true
			return g
		}()}
		d.Users = []desired.User{user("staying-user", "Staying-Secret-1",
			map[string]string{"grow": "SUB"}, nil)}
	})

	// staying-user gains "grow" and loses "old-2": two writes, one result.
	reported := map[string]int{}
	opts := fastOptions()
	opts.OnResult = func(r applier.Result) { reported[r.Name]++ }
	r := e.apply(d, opts)
	if reported["staying-user"] != 1 || len(reported) != 7 {
		t.Errorf("OnResult calls by name = %v, want one per change", reported)
	}
	if got := e.calls("modify_user"); got != 2 {
		t.Errorf("modify_user calls = %d, want 2 (grant, then revoke)", got)
	}
	want := map[string]applier.Status{
		"topic grow": applier.Applied, "group slow": applier.Applied,
		"user staying-user": applier.Applied, "user leaving-user": applier.Applied,
		"group old-group": applier.Applied, "topic old-1": applier.Applied,
		"topic old-2": applier.Applied,
	}
	if diff := cmp.Diff(want, statuses(r)); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	// Batch calls: one delete per kind, one modify for the groups.
	for op, n := range map[string]int{"delete_topics": 1, "delete_groups": 1, "modify_groups": 1} {
		if got := e.calls(op); got != n {
			t.Errorf("%s calls = %d, want %d", op, got, n)
		}
	}
	e.converged(d)
}

// A create whose answer never arrives is settled by reading back, not by sending it again.
func TestApply_UnknownOutcomeIsReadBack(t *testing.T) {
	e := newEnv(t, 1, func(c *dms.Config) { c.RequestTimeout = 200 * time.Millisecond })
	e.sim.InjectFault("create_topic", dmssim.FaultTimeoutAfterCommit, 1)
	e.sim.InjectFault("create_group", dmssim.Fault500, 1)
	d := instance(func(d *desired.Instance) {
		d.Topics = []desired.Topic{topic("orders", 4)}
		d.Groups = []desired.Group{group("billing", 3)}
	})

	r := e.apply(d, fastOptions())
	for _, res := range r.Results {
		if res.Status != applier.Applied {
			t.Errorf("%s %s: %s: %v", res.Kind, res.Name, res.Status, res.Err)
		}
	}
	if got := e.calls("create_topic"); got != 1 {
		t.Errorf("create_topic calls = %d: a committed create was sent again", got)
	}
	if got := e.calls("create_group"); got != 2 {
		t.Errorf("create_group calls = %d, want 2 (the 500 did not commit)", got)
	}
	e.converged(d)
}

// A change that fails stops the changes that need it, and nothing else.
func TestApply_FailureSkipsDependents(t *testing.T) {
	e := newEnv(t, 1)
	d := instance(func(d *desired.Instance) {
		d.Topics = []desired.Topic{topic("contested", 3), topic("free", 3)}
		d.Users = []desired.User{
			user("needs-contested", "Needs-Secret-1", map[string]string{"contested": "SUB"}, nil),
			user("needs-free", "Free-Secret-1", map[string]string{"free": "SUB"}, nil),
		}
	})
	p := e.plan(d, planner.Options{})

	// Someone else creates the topic, differently, between plan and apply.
	e.seed(dmssim.Contents{Topics: []dmssim.Topic{simTopic("contested", 5)}})
	r := applier.Apply(context.Background(), e.client, p, fastOptions())

	want := map[string]applier.Status{
		"topic contested": applier.Failed, "topic free": applier.Applied,
		"user needs-contested": applier.Skipped, "user needs-free": applier.Applied,
	}
	if diff := cmp.Diff(want, statuses(r)); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	for _, res := range r.Results {
		if res.Name == "contested" && !dms.IsAlreadyExists(res.Err) {
			t.Errorf("contested topic: err = %v, want the service's already-exists", res.Err)
		}
	}
	if got := e.calls("create_user"); got != 1 {
		t.Errorf("create_user calls = %d, want 1", got)
	}
}

func TestApply_ReplaceMovesBrokers(t *testing.T) {
	e := newEnv(t, 2)
	e.seed(dmssim.Contents{Topics: []dmssim.Topic{simTopic("moving", 2)}})
	d := instance(func(d *desired.Instance) {
		d.Policy.AllowDestructive = true
		tp := topic("moving", 2)
		tp.Brokers = []string{"broker-1"}
		d.Topics = []desired.Topic{tp}
	})

	p := e.plan(d, planner.Options{})
	if len(p.Changes) != 1 || p.Changes[0].Action != planner.Replace {
		t.Fatalf("plan = %+v, want one replace", p.Changes)
	}
	r := applier.Apply(context.Background(), e.client, p, fastOptions())
	if res := r.Results[0]; res.Status != applier.Applied {
		t.Fatalf("replace: %s: %v", res.Status, res.Err)
	}
	e.converged(d)
}

func TestApply_CancelledSkipsTheRest(t *testing.T) {
	e := newEnv(t, 1)
	d := instance(func(d *desired.Instance) {
		d.Topics = []desired.Topic{topic("orders", 3)}
	})
	p := e.plan(d, planner.Options{})
	ctx, cancel := context.WithCancelCause(context.Background())
	cause := errors.New("operator pressed ctrl-c")
	cancel(cause)

	r := applier.Apply(ctx, e.client, p, fastOptions())
	if res := r.Results[0]; res.Status != applier.Skipped || !errors.Is(res.Err, cause) {
		t.Errorf("result = %s %v, want skipped with the cancel cause", res.Status, res.Err)
	}
	if got := e.calls("create_topic"); got != 0 {
		t.Errorf("create_topic calls = %d after cancel", got)
	}
}

func simTopic(name string, queues int) dmssim.Topic {
	return dmssim.Topic{Name: name, Permission: "all", TotalReadQueueNum: queues,
		TotalWriteQueueNum: queues, Brokers: []dmssim.TopicBroker{{BrokerName: "broker-0",
			ReadQueueNum: queues, WriteQueueNum: queues}}}
}

func simGroup(name string, retries int) dmssim.Group {
	return dmssim.Group{Name: name, Enabled: true, RetryMaxTime: retries,
		Brokers: []string{"broker-0"}}
}
