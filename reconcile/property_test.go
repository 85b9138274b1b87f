package reconcile_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"math"
	"os"
	"slices"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/mqsync/mqsync/applier"
	"github.com/mqsync/mqsync/desired"
	"github.com/mqsync/mqsync/dms"
	"github.com/mqsync/mqsync/dms/dmssim"
	"github.com/mqsync/mqsync/planner"
	"github.com/mqsync/mqsync/reconcile"
	"github.com/mqsync/mqsync/secret"
)

// The property tests draw from a fixed seed unless -rapid.seed says otherwise, so every run of
// the suite checks the same cases; rapid prints the seed and the failing case when one fails.
const defaultSeed = 20261203

func TestMain(m *testing.M) {
	flag.Parse()
	if f := flag.Lookup("rapid.seed"); f != nil && f.Value.String() == "0" {
		_ = f.Value.Set(fmt.Sprint(defaultSeed))
	}
	os.Exit(m.Run())
}

// Names the generators draw from. Small pools make collisions between desired and live state
// likely, which is where the interesting cases are.
var (
	topicNames = []string{"orders", "payments", "audit", "keep-1", "keep-2", "legacy-1",
		"a%b|c", "%RETRY%billing", "%DLQ%billing", "TBW102"}
	groupNames = []string{"billing", "shipping", "keep-g", "legacy-g", "CID_RMQ_SYS_TRANS",
		"TOOLS_CONSUMER"}
	userNames = []string{"user-one", "user-two", "keep-user", "legacy-user"}
	secrets   = []string{"Secret-one-1", "Secret-two-2"}
	perms     = []string{"PUB", "SUB", "PUB|SUB", "DENY"}
	brokerSet = [][]string{nil, {"broker-0"}, {"broker-1"}, {"broker-0", "broker-1"}}
)

// TestProperty_ApplyConverges: for any live and desired state, applying the plan against the
// simulator succeeds, the next plan is empty, and the policy's promises hold: nothing
// undeclared is deleted without prune, and protected, ignored and RocketMQ's own resources
// are never touched.
func TestProperty_ApplyConverges(t *testing.T) {
	sim, err := dmssim.Start(context.Background(), dmssim.DefaultConfig(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	client, err := dms.New(dms.Config{Endpoint: sim.URL(), ProjectID: dmssim.DefaultProjectID,
		Unauthenticated: true, RateLimit: math.Inf(1),
		Retry: dms.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}

	n := 0
	rapid.Check(t, func(rt *rapid.T) {
		n++
		id := fmt.Sprintf("00000000-0000-4000-8000-%012d", n)
		seed := drawLive(rt)
		spec := dmssim.InstanceSpec{ID: id, Name: fmt.Sprintf("prop-%d", n),
			EngineVersion: "4.8.0", ProductID: "c6.4u8g.cluster", BrokerNum: 2,
			Status: "RUNNING", EnableACL: true,
			Topics: seed.Topics, Groups: seed.Groups, Users: seed.Users}
		if err := sim.AddInstance(dmssim.DefaultProjectID, spec); err != nil {
			rt.Fatal(err)
		}
		d := drawDesired(rt, spec.Name)
		checkConverges(rt, client, d)
	})
}

func checkConverges(rt *rapid.T, c *dms.Client, d *desired.Instance) {
	ctx := context.Background()
	cfg := &desired.Config{Instances: []*desired.Instance{d}}
	opts := planner.Options{}

	plan, targets, err := reconcile.Plan(ctx, c, cfg, opts)
	if err != nil {
		rt.Fatal(err)
	}
	if err := plan.Err(); err != nil {
		rt.Fatalf("plan refused: %v", err)
	}
	again, _, err := reconcile.Plan(ctx, c, cfg, opts)
	if err != nil {
		rt.Fatal(err)
	}
	if !sameChanges(plan, again) {
		rt.Fatal("two plans of the same state differ")
	}
	before := targets[0].Live

	out, err := reconcile.Apply(ctx, targets, plan, opts, applier.Options{
		Retry:        dms.RetryPolicy{BaseDelay: time.Millisecond, MaxElapsed: 2 * time.Second},
		PollInterval: time.Millisecond,
	})
	if err != nil {
		rt.Fatal(err)
	}
	for _, res := range out.Reports[0:min(1, len(out.Reports))] {
		for _, r := range res.Results {
			if r.Status != applier.Applied {
				rt.Fatalf("%s %s %s: %s: %v", r.Action, r.Kind, r.Name, r.Status, r.Err)
			}
		}
	}
	if !out.Converged() {
		rt.Fatalf("not converged: %+v", out.After.Instances[0].Changes)
	}
	checkUntouched(rt, d, before, targets[0].Live)
	checkDeclared(rt, d, targets[0].Live)
}

// checkDeclared compares the live state with the declarations directly, field by field, so
// that a blind spot in the planner cannot hide behind "the next plan is empty".
func checkDeclared(rt *rapid.T, d *desired.Instance, live *planner.Live) {
	topics := index(live.Topics, func(t dms.Topic) string { return t.Name })
	for _, want := range d.Topics {
		got, ok := topics[want.Name]
		var brokers []string
		for _, b := range got.Brokers {
			brokers = append(brokers, b.BrokerName)
		}
		slices.Sort(brokers)
		n := max(len(brokers), 1)
		if !ok || got.Permission != want.Permission ||
			got.TotalReadQueueNum != want.QueueNum*n || got.TotalWriteQueueNum != want.QueueNum*n ||
			(want.Brokers != nil && !slices.Equal(brokers, want.Brokers)) {
			rt.Fatalf("topic %s: want %+v, live %+v", want.Name, want, got)
		}
	}
	groups := index(live.Groups, func(g dms.Group) string { return g.Name })
	for _, want := range d.Groups {
		got, ok := groups[want.Name]
		if !ok || got.Enabled != want.Enabled || got.Broadcast != want.Broadcast ||
			got.RetryMaxTime != want.RetryMaxTime || got.FromBeginning != want.FromBeginning ||
			(want.Brokers != nil && !slices.Equal(slices.Sorted(slices.Values(got.Brokers)),
				want.Brokers)) {
			rt.Fatalf("group %s: want %+v, live %+v", want.Name, want, got)
		}
	}
	users := index(live.Users, func(u dms.User) string { return u.AccessKey })
	for _, want := range d.Users {
		got, ok := users[want.AccessKey]
		if !ok || !got.SecretKey.Equal(want.Secret) ||
			dms.NormalisePerm(got.DefaultTopicPerm) != want.DefaultTopicPerm ||
			dms.NormalisePerm(got.DefaultGroupPerm) != want.DefaultGroupPerm ||
			!maps.Equal(dms.GrantMap(got.TopicPerms), want.TopicPerms) ||
			!maps.Equal(dms.GrantMap(got.GroupPerms), want.GroupPerms) {
			rt.Fatalf("user %s differs from its declaration", want.AccessKey)
		}
	}
}

// checkUntouched asserts that what the policy keeps is still there, unchanged.
func checkUntouched(rt *rapid.T, d *desired.Instance, before, after *planner.Live) {
	declared := map[string]bool{}
	for _, t := range d.Topics {
		declared["topic "+t.Name] = true
	}
	for _, g := range d.Groups {
		declared["group "+g.Name] = true
	}
	for _, u := range d.Users {
		declared["user "+u.AccessKey] = true
	}
	kept := func(kind, name string) bool {
		system := (kind == "topic" && desired.IsSystemTopic(name)) ||
			(kind == "group" && desired.IsSystemGroup(name))
		return system || d.Policy.Ignores(name) ||
			(!declared[kind+" "+name] && (!d.Policy.Prune || d.Policy.Protects(name)))
	}
	untouched(rt, "topic", before.Topics, after.Topics, func(t dms.Topic) string { return t.Name },
		kept)
	untouched(rt, "group", before.Groups, after.Groups, func(g dms.Group) string { return g.Name },
		kept)
	untouched(rt, "user", before.Users, after.Users,
		func(u dms.User) string { return u.AccessKey }, kept)
}

// untouched fails unless every resource that kept names is the same after as before.
func untouched[T any](rt *rapid.T, kind string, before, after []T, name func(T) string,
	kept func(kind, name string) bool) {
	now := index(after, name)
	for _, was := range before {
		n := name(was)
		if is, ok := now[n]; kept(kind, n) && (!ok || fmt.Sprint(is) != fmt.Sprint(was)) {
			rt.Fatalf("%s %s should be untouched: was %+v, now %+v", kind, n, was, is)
		}
	}
}

func index[T any](items []T, name func(T) string) map[string]T {
	m := map[string]T{}
	for _, it := range items {
		m[name(it)] = it
	}
	return m
}

// sameChanges compares two plans as a reader sees them.
func sameChanges(a, b *planner.Plan) bool {
	ja, _ := json.Marshal(a.Instances[0].Changes)
	jb, _ := json.Marshal(b.Instances[0].Changes)
	return string(ja) == string(jb) && a.Instances[0].Fingerprint == b.Instances[0].Fingerprint
}

// drawLive draws what an instance holds before mqsync sees it.
func drawLive(t *rapid.T) dmssim.Contents {
	var c dmssim.Contents
	for _, name := range subset(t, "live topics", topicNames) {
		brokers := rapid.SampledFrom(brokerSet[1:]).Draw(t, "brokers of "+name)
		q := rapid.IntRange(1, 8).Draw(t, "queues of "+name)
		tp := dmssim.Topic{Name: name, Permission: rapid.SampledFrom(
			[]string{"all", "pub", "sub"}).Draw(t, "permission of "+name)}
		for _, b := range brokers {
			tp.Brokers = append(tp.Brokers, dmssim.TopicBroker{BrokerName: b,
				ReadQueueNum: q, WriteQueueNum: q})
		}
		tp.TotalReadQueueNum, tp.TotalWriteQueueNum = q*len(brokers), q*len(brokers)
		c.Topics = append(c.Topics, tp)
	}
	for _, name := range subset(t, "live groups", groupNames) {
		c.Groups = append(c.Groups, dmssim.Group{Name: name,
			Enabled:       rapid.Bool().Draw(t, "enabled of "+name),
			Broadcast:     rapid.Bool().Draw(t, "broadcast of "+name),
			RetryMaxTime:  rapid.IntRange(1, 16).Draw(t, "retries of "+name),
			FromBeginning: rapid.Bool().Draw(t, "from_beginning of "+name),
			Brokers:       rapid.SampledFrom(brokerSet[1:]).Draw(t, "brokers of "+name)})
	}
	for _, name := range subset(t, "live users", userNames) {
		u := dmssim.User{AccessKey: name,
			SecretKey:        secret.New(rapid.SampledFrom(secrets).Draw(t, "secret of "+name)),
			DefaultTopicPerm: rapid.SampledFrom(perms).Draw(t, "topic default of "+name),
			DefaultGroupPerm: rapid.SampledFrom(perms).Draw(t, "group default of "+name)}
		for _, tp := range subset(t, "grants of "+name, names(c.Topics)) {
			u.TopicPerms = append(u.TopicPerms, dmssim.Grant{Name: tp,
				Perm: rapid.SampledFrom(perms).Draw(t, "perm")})
		}
		c.Users = append(c.Users, u)
	}
	return c
}

// drawDesired draws files for the instance: a policy, and declarations that may or may not
// match what the instance holds.
func drawDesired(t *rapid.T, instance string) *desired.Instance {
	d := &desired.Instance{Ref: desired.InstanceRef{Name: instance}, Policy: desired.Policy{
		Prune: rapid.Bool().Draw(t, "prune"), MaxDeletes: 1000, AllowDestructive: true,
		Drift: desired.DriftCorrect,
	}}
	if rapid.Bool().Draw(t, "protect") {
		d.Policy.Protect = []string{"keep-*"}
	}
	if rapid.Bool().Draw(t, "ignore") {
		d.Policy.Ignore = []string{"legacy-*"}
	}

	declarable := func(name string) bool {
		return !desired.IsSystemTopic(name) && !desired.IsSystemGroup(name) &&
			!d.Policy.Ignores(name)
	}
	// A protected resource cannot be replaced: the plan would be refused, rightly. Its files
	// leave its placement open instead.
	brokers := func(name string) []string {
		if d.Policy.Protects(name) {
			return nil
		}
		return rapid.SampledFrom(brokerSet).Draw(t, "brokers of "+name)
	}
	for _, name := range subset(t, "desired topics", topicNames) {
		if declarable(name) {
			d.Topics = append(d.Topics, desired.Topic{Name: name,
				QueueNum: rapid.IntRange(1, 8).Draw(t, "queue_num of "+name),
				Permission: rapid.SampledFrom([]string{"all", "pub", "sub"}).Draw(t,
					"perm of "+name),
				Brokers: brokers(name)})
		}
	}
	for _, name := range subset(t, "desired groups", groupNames) {
		if declarable(name) {
			d.Groups = append(d.Groups, desired.Group{Name: name,
				Enabled:       rapid.Bool().Draw(t, "enabled of "+name),
				Broadcast:     rapid.Bool().Draw(t, "broadcast of "+name),
				RetryMaxTime:  rapid.IntRange(1, 16).Draw(t, "retries of "+name),
				FromBeginning: rapid.Bool().Draw(t, "from_beginning of "+name),
				Brokers:       brokers(name)})
		}
	}
	for _, name := range subset(t, "desired users", userNames) {
		if !declarable(name) {
			continue
		}
		u := desired.User{AccessKey: name,
			Secret:           secret.New(rapid.SampledFrom(secrets).Draw(t, "secret of "+name)),
			DefaultTopicPerm: rapid.SampledFrom(perms).Draw(t, "topic default of "+name),
			DefaultGroupPerm: rapid.SampledFrom(perms).Draw(t, "group default of "+name),
			TopicPerms:       map[string]string{}, GroupPerms: map[string]string{}}
		for _, tp := range subset(t, "grants of "+name, namesOf(d.Topics)) {
			u.TopicPerms[tp] = rapid.SampledFrom(perms).Draw(t, "perm")
		}
		for _, g := range subset(t, "group grants of "+name, groupNamesOf(d.Groups)) {
			u.GroupPerms[g] = rapid.SampledFrom(perms).Draw(t, "perm")
		}
		d.Users = append(d.Users, u)
	}
	return d
}

// subset draws a sorted subset of pool.
func subset(t *rapid.T, label string, pool []string) []string {
	var out []string
	for _, name := range pool {
		if rapid.Bool().Draw(t, label+": "+name) {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

func names(topics []dmssim.Topic) []string {
	out := make([]string, len(topics))
	for i, t := range topics {
		out[i] = t.Name
	}
	return out
}

func namesOf(topics []desired.Topic) []string {
	out := make([]string, len(topics))
	for i, t := range topics {
		out[i] = t.Name
	}
	return out
}

func groupNamesOf(groups []desired.Group) []string {
	out := make([]string, len(groups))
	for i, g := range groups {
		out[i] = g.Name
	}
	return out
}
