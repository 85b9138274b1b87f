package reconcile_test

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/mqsync/mqsync/applier"
	"github.com/mqsync/mqsync/desired"
	"github.com/mqsync/mqsync/dms"
	"github.com/mqsync/mqsync/dms/dmssim"
	"github.com/mqsync/mqsync/dms/dmssim/dmssimtest"
	"github.com/mqsync/mqsync/planner"
	"github.com/mqsync/mqsync/reconcile"
	"github.com/mqsync/mqsync/secret"
)

// BenchmarkPlan_Large reads and plans an instance at the scale the simulator is built for:
// 20,000 topics, 20,000 groups and 5,000 users, all as declared. It reports the API calls one
// plan costs, the number that decides how long a plan takes under the service's rate limit.
func BenchmarkPlan_Large(b *testing.B) {
	sim, client := benchEnv(b)
	contents, d := largeInstance(20000, 20000, 5000)
	// The largest product on two brokers: 32,000 topics and groups of quota.
	d.Ref.Name = "large"
	err := sim.AddInstance(dmssim.DefaultProjectID, dmssim.InstanceSpec{
		ID: "5e1d0c4b-7a3f-4e2d-9c8b-1a0f9e8d7c6b", Name: "large", EngineVersion: "4.8.0",
		ProductID: "c6.16u32g.cluster", BrokerNum: 2, Status: "RUNNING", EnableACL: true,
		Topics: contents.Topics, Groups: contents.Groups, Users: contents.Users,
	})
	if err != nil {
		b.Fatal(err)
	}
	cfg := &desired.Config{Instances: []*desired.Instance{d}}

	sim.ResetStats()
	b.ResetTimer()
	for b.Loop() {
		plan, _, err := reconcile.Plan(context.Background(), client, cfg, planner.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if n := plan.Summary.Changes(); n != 0 {
			b.Fatalf("%d changes on an instance that matches its files", n)
		}
	}
	b.ReportMetric(float64(sim.Stats().Total)/float64(b.N), "calls/op")
}

// BenchmarkApply_CreateAndPrune creates 500 topics, 500 groups and 100 users, then prunes them
// all again, and reports the API calls of the round trip: batch deletes make the prune cheap.
func BenchmarkApply_CreateAndPrune(b *testing.B) {
	sim, client := benchEnv(b)
	_, full := largeInstance(500, 500, 100)
	empty := &desired.Instance{Ref: full.Ref, Policy: desired.Policy{Prune: true,
		MaxDeletes: 10000, Drift: desired.DriftCorrect}}

	sim.ResetStats()
	b.ResetTimer()
	for b.Loop() {
		for _, d := range []*desired.Instance{full, empty} {
			cfg := &desired.Config{Instances: []*desired.Instance{d}}
			plan, targets, err := reconcile.Plan(context.Background(), client, cfg,
				planner.Options{})
			if err != nil {
				b.Fatal(err)
			}
			out, err := reconcile.Apply(context.Background(), targets, plan, planner.Options{},
				applier.Options{})
			if err != nil || !out.Converged() {
				b.Fatalf("apply: converged %v, err %v", out.Converged(), err)
			}
		}
	}
	b.ReportMetric(float64(sim.Stats().Total)/float64(b.N), "calls/op")
	b.ReportMetric(float64(sim.Stats().Count("delete_topics"))/float64(b.N), "topic-batches/op")
}

func benchEnv(b *testing.B) (*dmssim.Running, *dms.Client) {
	sim := dmssimtest.NewDefault(b)
	client, err := dms.New(dms.Config{Endpoint: sim.URL(), ProjectID: dmssim.DefaultProjectID,
		Unauthenticated: true, RateLimit: math.Inf(1)})
	if err != nil {
		b.Fatal(err)
	}
	return sim, client
}

// largeInstance returns live contents and the files that declare exactly them.
func largeInstance(topics, groups, users int) (dmssim.Contents, *desired.Instance) {
	var c dmssim.Contents
	d := &desired.Instance{Ref: desired.InstanceRef{Name: dmssim.DefaultInstanceName},
		Policy: desired.DefaultPolicy()}
	for i := range topics {
		name := fmt.Sprintf("topic-%05d", i)
		c.Topics = append(c.Topics, dmssim.Topic{Name: name, Permission: "all",
			TotalReadQueueNum: 3, TotalWriteQueueNum: 3,
			Brokers: []dmssim.TopicBroker{{BrokerName: "broker-0", ReadQueueNum: 3,
				WriteQueueNum: 3}}})
		d.Topics = append(d.Topics, desired.Topic{Name: name, QueueNum: 3, Permission: "all"})
	}
	for i := range groups {
		name := fmt.Sprintf("group-%05d", i)
		c.Groups = append(c.Groups, dmssim.Group{Name: name, Enabled: true, RetryMaxTime: 16,
			Brokers: []string{"broker-0"}})
		d.Groups = append(d.Groups, desired.Group{Name: name, Enabled: true, RetryMaxTime: 16})
	}
	for i := range users {
		name := fmt.Sprintf("user-%05d", i)
		grant := fmt.Sprintf("topic-%05d", i%max(topics, 1))
		sk := secret.New(fmt.Sprintf("Secret-%05d!", i))
		c.Users = append(c.Users, dmssim.User{AccessKey: name, SecretKey: sk,
			DefaultTopicPerm: "DENY", DefaultGroupPerm: "DENY",
			TopicPerms: []dmssim.Grant{{Name: grant, Perm: "SUB"}}})
		d.Users = append(d.Users, desired.User{AccessKey: name, Secret: sk,
			DefaultTopicPerm: "DENY", DefaultGroupPerm: "DENY",
			TopicPerms: map[string]string{grant: "SUB"}, GroupPerms: map[string]string{}})
	}
	return c, d
}
