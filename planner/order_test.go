package planner

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mqsync/mqsync/desired"
	"github.com/mqsync/mqsync/dms"
	"github.com/mqsync/mqsync/secret"
)

// TestPlanInstance_Order checks the order of operations: a user is never granted what does
// not exist yet, and nothing is deleted while a managed user is still granted it.
func TestPlanInstance_Order(t *testing.T) {
	d := instance(func(d *desired.Instance) {
		d.Policy.Prune = true
		d.Policy.AllowDestructive = true
		d.Topics = []desired.Topic{
			dTopic("new-topic"),
			dTopic("grown", func(t *desired.Topic) { t.QueueNum = 5 }),
		}
		d.Groups = []desired.Group{dGroup("new-group")}
		d.Users = []desired.User{
			dUser("new-user", func(u *desired.User) {
				u.TopicPerms = map[string]string{"new-topic": "PUB"}
			}),
			dUser("moving", func(u *desired.User) {
				u.TopicPerms = map[string]string{"new-topic": "SUB"}
			}),
			dUser("shrinking"),
		}
	})
	live := liveState(func(l *Live) {
		l.Topics = []dms.Topic{lTopic("grown", 3), lTopic("old-topic", 3)}
		l.Groups = []dms.Group{lGroup("old-group")}
		l.Users = []dms.User{
			lUser("moving", func(u *dms.User) {
				u.TopicPerms = []dms.Grant{{Name: "old-topic", Perm: "SUB"}}
			}),
			lUser("shrinking", func(u *dms.User) {
				u.GroupPerms = []dms.Grant{{Name: "old-group", Perm: "SUB"}}
			}),
			lUser("old-user"),
		}
	})

	p := PlanInstance(d, live, Options{})
	type step struct {
		Phase Phase
		Kind  Kind
		Name  string
	}
	var got []step
	for _, c := range p.Changes {
		got = append(got, step{c.Phase(), c.Kind, c.Name})
	}
	want := []step{
		{PhaseCreate, KindTopic, "new-topic"},
		{PhaseCreate, KindGroup, "new-group"},
		{PhaseGrant, KindUser, "moving"},
		{PhaseGrant, KindUser, "new-user"},
		{PhaseUpdate, KindTopic, "grown"},
		{PhaseRevoke, KindUser, "shrinking"},
		{PhaseDelete, KindUser, "old-user"},
		{PhaseDelete, KindGroup, "old-group"},
		{PhaseDelete, KindTopic, "old-topic"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("order (-want +got):\n%s", diff)
	}
	if s := p.Summary; s != (Summary{Create: 3, Update: 3, Delete: 3}) {
		t.Errorf("summary = %+v", s)
	}

	// "moving" gains new-topic early and loses old-topic only after the updates.
	moving := p.Changes[2].User
	if moving.Grant == nil || moving.Revoke == nil {
		t.Fatalf("moving user: want grant and revoke steps, got %+v", moving)
	}
	wantGrant := []dms.Grant{{Name: "new-topic", Perm: "SUB"}, {Name: "old-topic", Perm: "SUB"}}
	if diff := cmp.Diff(wantGrant, moving.Grant.TopicPerms); diff != "" {
		t.Errorf("grant step topic perms (-want +got):\n%s", diff)
	}
	wantRevoke := []dms.Grant{{Name: "new-topic", Perm: "SUB"}}
	if diff := cmp.Diff(wantRevoke, moving.Revoke.TopicPerms); diff != "" {
		t.Errorf("revoke step topic perms (-want +got):\n%s", diff)
	}
	if !moving.Grant.SecretKey.IsZero() {
		t.Error("an update that does not change the secret must not send one")
	}

	created := p.Changes[3].User.Grant
	if created.SecretKey.Reveal() != userSecret {
		t.Error("a created user must carry its secret")
	}
}

func TestFingerprint(t *testing.T) {
	a := liveState(func(l *Live) {
		l.Topics = []dms.Topic{lTopic("a-topic", 3), lTopic("b-topic", 3, "broker-0", "broker-1")}
		l.Users = []dms.User{lUser("user-one", func(u *dms.User) {
			u.TopicPerms = []dms.Grant{{Name: "a-topic", Perm: "SUB"},
				{Name: "b-topic", Perm: "PUB"}}
		})}
	})
	b := liveState(func(l *Live) {
		t := lTopic("b-topic", 3, "broker-0", "broker-1")
		t.Brokers[0], t.Brokers[1] = t.Brokers[1], t.Brokers[0]
		l.Topics = []dms.Topic{t, lTopic("a-topic", 3)}
		l.Users = []dms.User{lUser("user-one", func(u *dms.User) {
			u.SecretKey = secret.New("a different secret")
			u.TopicPerms = []dms.Grant{{Name: "b-topic", Perm: "PUB"},
				{Name: "a-topic", Perm: "SUB"}}
		})}
	})
	if Fingerprint(a) != Fingerprint(b) {
		t.Error("order or secrets change the fingerprint")
	}

	b.Topics[0].Permission = "pub"
	if Fingerprint(a) == Fingerprint(b) {
		t.Error("a changed permission leaves the fingerprint unchanged")
	}
}

// TestPlanInstance_Requires checks what each change waits for, so that the applier can skip
// what depends on a failure.
func TestPlanInstance_Requires(t *testing.T) {
	d := instance(func(d *desired.Instance) {
		d.Policy.Prune = true
		d.Topics = []desired.Topic{dTopic("new-topic")}
		d.Groups = []desired.Group{dGroup("kept-group")}
		d.Users = []desired.User{
			dUser("moving", func(u *desired.User) {
				u.TopicPerms = map[string]string{"new-topic": "SUB"}
				u.GroupPerms = map[string]string{"kept-group": "SUB"}
			}),
		}
	})
	live := liveState(func(l *Live) {
		l.Topics = []dms.Topic{lTopic("old-topic", 3)}
		l.Groups = []dms.Group{lGroup("kept-group"), lGroup("old-group")}
		l.Users = []dms.User{
			lUser("moving", func(u *dms.User) {
				u.TopicPerms = []dms.Grant{{Name: "old-topic", Perm: "SUB"}}
				u.GroupPerms = []dms.Grant{{Name: "kept-group", Perm: "SUB"}}
			}),
			lUser("old-user", func(u *dms.User) {
				u.GroupPerms = []dms.Grant{{Name: "old-group", Perm: "SUB"}}
				u.TopicPerms = []dms.Grant{{Name: "old-topic", Perm: "PUB"}}
			}),
		}
	})

	got := map[string][]string{}
	for _, c := range PlanInstance(d, live, Options{}).Changes {
		got[c.Ref()] = c.Requires
	}
	want := map[string][]string{
		"topic new-topic": nil,
		"user moving":     {"topic new-topic"},
		"user old-user":   nil,
		"group old-group": {"user old-user"},
		"topic old-topic": {"user moving", "user old-user"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("requires (-want +got):\n%s", diff)
	}
}
