package planner

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mqsync/mqsync/desired"
	"github.com/mqsync/mqsync/dms"
	"github.com/mqsync/mqsync/secret"
)

// Builders keep the cases short: each returns a resource in its default, normalised form.

func dTopic(name string, edit ...func(*desired.Topic)) desired.Topic {
	t := desired.Topic{Name: name, QueueNum: 3, Permission: "all"}
	for _, e := range edit {
		e(&t)
	}
	return t
}

func queues(n int) func(*desired.Topic) { return func(t *desired.Topic) { t.QueueNum = n } }

func lTopic(name string, perBroker int, brokers ...string) dms.Topic {
	if len(brokers) == 0 {
		brokers = []string{"broker-0"}
	}
	t := dms.Topic{Name: name, Permission: "all",
		TotalReadQueueNum: perBroker * len(brokers), TotalWriteQueueNum: perBroker * len(brokers)}
	for _, b := range brokers {
		t.Brokers = append(t.Brokers, dms.TopicBroker{BrokerName: b,
			ReadQueueNum: perBroker, WriteQueueNum: perBroker})
	}
	return t
}

func dGroup(name string, edit ...func(*desired.Group)) desired.Group {
	g := desired.Group{Name: name, Enabled: true, RetryMaxTime: 16}
	for _, e := range edit {
		e(&g)
	}
	return g
}

func lGroup(name string, edit ...func(*dms.Group)) dms.Group {
	g := dms.Group{Name: name, Enabled: true, RetryMaxTime: 16, Brokers: []string{"broker-0"}}
	for _, e := range edit {
		e(&g)
	}
	return g
}

const userSecret = "Secret-0001!"

func dUser(name string, edit ...func(*desired.User)) desired.User {
	u := desired.User{AccessKey: name, Secret: secret.New(userSecret),
		SecretRef: desired.SecretRef{Env: "SK"}, DefaultTopicPerm: "DENY",
		DefaultGroupPerm: "DENY", TopicPerms: map[string]string{},
		GroupPerms: map[string]string{}}
	for _, e := range edit {
		e(&u)
	}
	return u
}

func lUser(name string, edit ...func(*dms.User)) dms.User {
	u := dms.User{AccessKey: name, SecretKey: secret.New(userSecret),
		DefaultTopicPerm: "DENY", DefaultGroupPerm: "DENY"}
	for _, e := range edit {
		e(&u)
	}
	return u
}

func instance(edit ...func(*desired.Instance)) *desired.Instance {
	d := &desired.Instance{
		Ref:    desired.InstanceRef{Name: "demo"},
		Policy: desired.Policy{MaxDeletes: 10, Drift: desired.DriftCorrect},
	}
	for _, e := range edit {
		e(d)
	}
	return d
}

func liveState(edit ...func(*Live)) *Live {
	l := &Live{
		Instance: dms.Instance{InstanceID: "id-1", Name: "demo", Status: "RUNNING", BrokerNum: 2,
			EnableACL: true},
		Brokers: []dms.Broker{{BrokerName: "broker-0"}, {BrokerName: "broker-1"}},
	}
	for _, e := range edit {
		e(l)
	}
	return l
}

// brief is what a test compares: a change without its payload.
type brief struct {
	Kind        Kind
	Name        string
	Action      Action
	Destructive bool
	Fields      []Field
}

func briefs(changes []Change) []brief {
	var out []brief
	for _, c := range changes {
		out = append(out, brief{c.Kind, c.Name, c.Action, c.Destructive, c.Fields})
	}
	return out
}

func TestPlanInstance(t *testing.T) {
	prune := func(d *desired.Instance) { d.Policy.Prune = true }
	tests := []struct {
		name      string
		desired   *desired.Instance
		live      *Live
		opts      Options
		want      []brief
		unmanaged []string
		refusals  []string // substrings, one per refusal
	}{
		{
			name:    "nothing to do",
			desired: instance(),
			live:    liveState(),
		},
		{
			name: "create topic on every broker",
			desired: instance(func(d *desired.Instance) {
				d.Topics = []desired.Topic{dTopic("orders", queues(8))}
			}),
			live: liveState(),
			want: []brief{{Kind: KindTopic, Name: "orders", Action: Create, Fields: []Field{
				{Path: "queue_num", After: 8},
				{Path: "permission", After: "all"},
				{Path: "brokers", After: []string{"broker-0", "broker-1"}},
			}}},
		},
		{
			name: "unchanged topic in another spelling is no change",
			desired: instance(func(d *desired.Instance) {
				d.Topics = []desired.Topic{dTopic("orders")}
			}),
			live: liveState(func(l *Live) {
				t := lTopic("orders", 3, "broker-1")
				t.Permission = "ALL"
				l.Topics = []dms.Topic{t}
			}),
		},
		{
			name: "more queues is a plain update",
			desired: instance(func(d *desired.Instance) {
				d.Topics = []desired.Topic{dTopic("orders", queues(8))}
			}),
			live: liveState(func(l *Live) { l.Topics = []dms.Topic{lTopic("orders", 3)} }),
			want: []brief{{Kind: KindTopic, Name: "orders", Action: Update,
				Fields: []Field{{Path: "queue_num", Before: 3, After: 8}}}},
		},
		{
			name: "fewer queues is destructive and refused",
			desired: instance(func(d *desired.Instance) {
				d.Topics = []desired.Topic{dTopic("orders", queues(2))}
			}),
			live: liveState(func(l *Live) { l.Topics = []dms.Topic{lTopic("orders", 4)} }),
			want: []brief{{Kind: KindTopic, Name: "orders", Action: Update, Destructive: true,
				Fields: []Field{{Path: "queue_num", Before: 4, After: 2}}}},
			refusals: []string{"topic orders: fewer queues"},
		},
		{
			name: "fewer queues with --allow-destructive",
			desired: instance(func(d *desired.Instance) {
				d.Topics = []desired.Topic{dTopic("orders", queues(2))}
			}),
			live: liveState(func(l *Live) { l.Topics = []dms.Topic{lTopic("orders", 4)} }),
			opts: Options{AllowDestructive: true},
			want: []brief{{Kind: KindTopic, Name: "orders", Action: Update, Destructive: true,
				Fields: []Field{{Path: "queue_num", Before: 4, After: 2}}}},
		},
		{
			name: "uneven live queues are shown as totals",
			desired: instance(func(d *desired.Instance) {
				d.Topics = []desired.Topic{dTopic("orders")}
			}),
			live: liveState(func(l *Live) {
				t := lTopic("orders", 3)
				t.TotalWriteQueueNum = 4
				l.Topics = []dms.Topic{t}
			}),
			want: []brief{{Kind: KindTopic, Name: "orders", Action: Update, Destructive: true,
				Fields: []Field{{Path: "total_write_queue_num", Before: 4, After: 3}}}},
			refusals: []string{"topic orders"},
		},
		{
			name: "named brokers that differ mean a replacement",
			desired: instance(func(d *desired.Instance) {
				d.Policy.AllowDestructive = true
				d.Topics = []desired.Topic{dTopic("orders", func(t *desired.Topic) {
					t.Brokers = []string{"broker-1"}
				})}
			}),
			live: liveState(func(l *Live) { l.Topics = []dms.Topic{lTopic("orders", 3)} }),
			want: []brief{{Kind: KindTopic, Name: "orders", Action: Replace, Destructive: true,
				Fields: []Field{{Path: "brokers", Before: []string{"broker-0"},
					After: []string{"broker-1"}}}}},
		},
		{
			name: "a protected topic is never replaced",
			desired: instance(func(d *desired.Instance) {
				d.Policy.AllowDestructive = true
				d.Policy.Protect = []string{"ord*"}
				d.Topics = []desired.Topic{dTopic("orders", func(t *desired.Topic) {
					t.Brokers = []string{"broker-1"}
				})}
			}),
			live: liveState(func(l *Live) { l.Topics = []dms.Topic{lTopic("orders", 3)} }),
			want: []brief{{Kind: KindTopic, Name: "orders", Action: Replace, Destructive: true,
				Fields: []Field{{Path: "brokers", Before: []string{"broker-0"},
					After: []string{"broker-1"}}}}},
			refusals: []string{"topic orders is protected"},
		},
		{
			name: "a broker the instance lacks is refused",
			desired: instance(func(d *desired.Instance) {
				d.Groups = []desired.Group{dGroup("billing", func(g *desired.Group) {
					g.Brokers = []string{"broker-7"}
				})}
			}),
			live:     liveState(),
			refusals: []string{`group billing: broker "broker-7" does not exist`},
		},
		{
			name:    "undeclared resources stay without prune",
			desired: instance(),
			live: liveState(func(l *Live) {
				l.Topics = []dms.Topic{lTopic("legacy", 3), lTopic("%RETRY%billing", 1)}
				l.Groups = []dms.Group{lGroup("old"), lGroup("CID_RMQ_SYS_TRANS")}
				l.Users = []dms.User{lUser("someone")}
			}),
			unmanaged: []string{"topic legacy", "group old", "user someone"},
		},
		{
			name: "prune deletes what is not protected, ignored or RocketMQ's own",
			desired: instance(prune, func(d *desired.Instance) {
				d.Policy.Protect = []string{"keep-*"}
				d.Policy.Ignore = []string{"legacy-*"}
			}),
			live: liveState(func(l *Live) {
				l.Topics = []dms.Topic{lTopic("gone", 3), lTopic("keep-me", 3),
					lTopic("legacy-x", 3), lTopic("TBW102", 8)}
				l.Groups = []dms.Group{lGroup("old-group"), lGroup("CID_RMQ_SYS_TRANS")}
				l.Users = []dms.User{lUser("olduser1")}
			}),
			want: []brief{
				{Kind: KindUser, Name: "olduser1", Action: Delete},
				{Kind: KindGroup, Name: "old-group", Action: Delete},
				{Kind: KindTopic, Name: "gone", Action: Delete},
			},
			unmanaged: []string{"topic keep-me"},
		},
		{
			name: "too many deletes are refused with their names",
			desired: instance(prune, func(d *desired.Instance) {
				d.Policy.MaxDeletes = 1
			}),
			live: liveState(func(l *Live) {
				l.Topics = []dms.Topic{lTopic("t-one", 3), lTopic("t-two", 3)}
			}),
			want: []brief{
				{Kind: KindTopic, Name: "t-one", Action: Delete},
				{Kind: KindTopic, Name: "t-two", Action: Delete},
			},
			refusals: []string{"2 deletes exceed policy.max_deletes (1): topic t-one, topic t-two"},
		},
		{
			name: "users need ACL",
			desired: instance(func(d *desired.Instance) {
				d.Users = []desired.User{dUser("billing-svc")}
			}),
			live:     liveState(func(l *Live) { l.Instance.EnableACL = false }),
			refusals: []string{"ACL turned off"},
		},
		{
			name: "group fields",
			desired: instance(func(d *desired.Instance) {
				d.Groups = []desired.Group{dGroup("billing", func(g *desired.Group) {
					g.RetryMaxTime = 5
					g.Broadcast = true
				})}
			}),
			live: liveState(func(l *Live) { l.Groups = []dms.Group{lGroup("billing")} }),
			want: []brief{{Kind: KindGroup, Name: "billing", Action: Update, Fields: []Field{
				{Path: "broadcast", Before: false, After: true},
				{Path: "retry_max_time", Before: 16, After: 5},
			}}},
		},
		{
			name: "user equal up to spelling and masked secret",
			desired: instance(func(d *desired.Instance) {
				d.Users = []desired.User{dUser("billing-svc", func(u *desired.User) {
					u.TopicPerms = map[string]string{"orders": "PUB|SUB"}
				})}
			}),
			live: liveState(func(l *Live) {
				l.Users = []dms.User{lUser("billing-svc", func(u *dms.User) {
					u.SecretKey = secret.New("********")
					u.DefaultGroupPerm = ""
					u.TopicPerms = []dms.Grant{{Name: "orders", Perm: "sub|pub"}}
				})}
			}),
		},
		{
			name: "a different plain-text secret is drift",
			desired: instance(func(d *desired.Instance) {
				d.Users = []desired.User{dUser("billing-svc")}
			}),
			live: liveState(func(l *Live) {
				l.Users = []dms.User{lUser("billing-svc", func(u *dms.User) {
					u.SecretKey = secret.New("Other-secret-1")
				})}
			}),
			want: []brief{{Kind: KindUser, Name: "billing-svc", Action: Update, Fields: []Field{
				{Path: "secret_key", Before: Sensitive, After: Sensitive},
			}}},
		},
		{
			name: "rotate secrets forces the write",
			desired: instance(func(d *desired.Instance) {
				d.Users = []desired.User{dUser("billing-svc")}
			}),
			live: liveState(func(l *Live) {
				l.Users = []dms.User{lUser("billing-svc")}
			}),
			opts: Options{RotateSecrets: true},
			want: []brief{{Kind: KindUser, Name: "billing-svc", Action: Update, Fields: []Field{
				{Path: "secret_key", Before: Sensitive, After: Sensitive},
			}}},
		},
		{
			name: "permissions compared as sets",
			desired: instance(func(d *desired.Instance) {
				d.Users = []desired.User{dUser("billing-svc", func(u *desired.User) {
					u.TopicPerms = map[string]string{"a-topic": "SUB", "b-topic": "PUB"}
					u.GroupPerms = map[string]string{"g-new": "SUB"}
				})}
			}),
			live: liveState(func(l *Live) {
				l.Users = []dms.User{lUser("billing-svc", func(u *dms.User) {
					u.TopicPerms = []dms.Grant{{Name: "b-topic", Perm: "PUB|SUB"},
						{Name: "a-topic", Perm: "SUB"}, {Name: "c-topic", Perm: "SUB"}}
				})}
			}),
			want: []brief{{Kind: KindUser, Name: "billing-svc", Action: Update, Fields: []Field{
				{Path: "topic_perms.b-topic", Before: "PUB|SUB", After: "PUB"},
				{Path: "topic_perms.c-topic", Before: "SUB"},
				{Path: "group_perms.g-new", After: "SUB"},
			}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := PlanInstance(tt.desired, tt.live, tt.opts)
			if diff := cmp.Diff(tt.want, briefs(p.Changes)); diff != "" {
				t.Errorf("changes (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.unmanaged, p.Unmanaged); diff != "" {
				t.Errorf("unmanaged (-want +got):\n%s", diff)
			}
			if len(p.Refusals) != len(tt.refusals) {
				t.Fatalf("refusals = %q, want %d matching %q", p.Refusals, len(tt.refusals),
					tt.refusals)
			}
			for i, want := range tt.refusals {
				if !strings.Contains(p.Refusals[i], want) {
					t.Errorf("refusal %d = %q, want it to contain %q", i, p.Refusals[i], want)
				}
			}
		})
	}
}
