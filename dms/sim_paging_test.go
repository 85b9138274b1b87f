package dms_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mqsync/mqsync/dms"
	"github.com/mqsync/mqsync/dms/dmssim"
	"github.com/mqsync/mqsync/secret"
)

// Sizes of the seeded two-broker instance: each list is longer than a page of 50, and none
// is a whole number of pages.
const (
	seededTopics = 123
	seededGroups = 75
	seededUsers  = 57
)

// seedLists fills the two-broker instance with many topics, groups and users, every user
// granted on the first topic and the first group, and returns them as the client must decode
// them.
func seedLists(t *testing.T, sim *dmssim.Running) ([]dms.Topic, []dms.Group, []dms.User) {
	t.Helper()
	var c dmssim.Contents
	var topics []dms.Topic
	var groups []dms.Group
	var users []dms.User
	for i := range seededTopics {
		name := fmt.Sprintf("topic-%03d", i)
		c.Topics = append(c.Topics, dmssim.Topic{Name: name})
		topics = append(topics, withName(auditTopic, name))
	}
	for i := range seededGroups {
		name := fmt.Sprintf("group-%03d", i)
		c.Groups = append(c.Groups, dmssim.Group{Name: name})
		groups = append(groups, dms.Group{Name: name, Brokers: []string{"broker-0", "broker-1"},
			RetryMaxTime: 16})
	}
	for i := range seededUsers {
		u := dms.User{AccessKey: fmt.Sprintf("user-%03d", i),
			SecretKey:        secret.New(fmt.Sprintf("Pw-%03d-Secret", i)),
			DefaultTopicPerm: dms.PermDeny, DefaultGroupPerm: dms.PermDeny,
			TopicPerms: []dms.Grant{{Name: "topic-000", Perm: dms.PermPub}},
			GroupPerms: []dms.Grant{{Name: "group-000", Perm: dms.PermSub}}}
		c.Users = append(c.Users, dmssim.User{AccessKey: u.AccessKey, SecretKey: u.SecretKey,
			TopicPerms: []dmssim.Grant{{Name: "topic-000", Perm: dms.PermPub}},
			GroupPerms: []dmssim.Grant{{Name: "group-000", Perm: dms.PermSub}}})
		users = append(users, u)
	}
	if err := sim.Seed(simProject, haID, c); err != nil {
		t.Fatal(err)
	}
	return topics, groups, users
}

// withName returns t named name.
func withName(t dms.Topic, name string) dms.Topic {
	t.Name = name
	return t
}

// policies returns the access policies that users' grants of perm make.
func policies(users []dms.User, perm string) []dms.AccessPolicy {
	out := make([]dms.AccessPolicy, len(users))
	for i, u := range users {
		out[i] = policyOf(u, perm)
	}
	return out
}

// httpStats reads the simulator's request counts through its stats endpoint.
func httpStats(t *testing.T, sim *dmssim.Running) dmssim.Stats {
	t.Helper()
	resp, err := http.Get(sim.URL() + "/_sim/stats")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var stats dmssim.Stats
	if err := json.NewDecoder(resp.Body).Decode(&stats); err != nil {
		t.Fatalf("decode stats: %v", err)
	}
	return stats
}

// TestSim_ListAllPages reads every list longer than a page and counts the requests: one for
// each page, whatever the client reads at once, and no more.
func TestSim_ListAllPages(t *testing.T) {
	e := newSimEnv(t, authSigned, simConfig(authSigned))
	topics, groups, users := seedLists(t, e.sim)
	tests := []struct {
		name  string
		op    string
		pages int
		call  func(ctx context.Context, c *dms.Client) (any, error)
		want  any
	}{
		{"topics", dms.OpListTopics, 3, func(ctx context.Context, c *dms.Client) (any, error) {
			return c.ListAllTopics(ctx, haID)
		}, topics},
		{"groups", dms.OpListGroups, 2, func(ctx context.Context, c *dms.Client) (any, error) {
			return c.ListAllGroups(ctx, haID)
		}, groups},
		{"users", dms.OpListUsers, 2, func(ctx context.Context, c *dms.Client) (any, error) {
			return c.ListAllUsers(ctx, haID)
		}, users},
		{"topic access policies", dms.OpListTopicAccessPolicies, 2,
			func(ctx context.Context, c *dms.Client) (any, error) {
				return c.ListAllTopicAccessPolicies(ctx, haID, "topic-000")
			}, policies(users, dms.PermPub)},
		{"group access policies", dms.OpListGroupAccessPolicies, 2,
			func(ctx context.Context, c *dms.Client) (any, error) {
				return c.ListAllGroupAccessPolicies(ctx, haID, "group-000")
			}, policies(users, dms.PermSub)},
		{"instances", dms.OpListInstances, 1, func(ctx context.Context,
			c *dms.Client) (any, error) {
			return c.ListAllInstances(ctx, dms.ListInstancesOptions{})
		}, []dms.Instance{prodInstance, haInstance, oldInstance}},
		{"an empty list", dms.OpListTopics, 1, func(ctx context.Context,
			c *dms.Client) (any, error) {
			return c.ListAllTopics(ctx, prodID)
		}, []dms.Topic{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.call(context.Background(), e.client)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, simCmp); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			stats := httpStats(t, e.sim)
			if n := stats.Count(tt.op); n != tt.pages || stats.Total != tt.pages {
				t.Errorf("%d requests of %s and %d in all, want %d", n, tt.op, stats.Total,
					tt.pages)
			}
			if diff := cmp.Diff(e.sim.Stats(), stats); diff != "" {
				t.Errorf("stats endpoint and Stats differ (-Stats +endpoint):\n%s", diff)
			}
			checkCallsMatchStats(t, e)
		})
	}
}

// TestSim_TopicPages reads single pages of a long list: the neighbouring offsets are -1 only
// at the ends.
func TestSim_TopicPages(t *testing.T) {
	e := newSimEnv(t, authSigned, simConfig(authSigned))
	topics, _, _ := seedLists(t, e.sim)
	for _, p := range []struct{ offset, next, previous int }{
		{0, 50, -1}, {50, 100, 0}, {100, -1, 50},
	} {
		want := dms.TopicPage{Topics: topics[p.offset:min(p.offset+50, seededTopics)],
			Total: seededTopics, Max: 16000, Remaining: 16000 - seededTopics,
			NextOffset: p.next, PreviousOffset: p.previous}
		got, err := e.client.ListTopics(context.Background(), haID, dms.Page{Offset: p.offset})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got, simCmp); diff != "" {
			t.Errorf("page at %d (-want +got):\n%s", p.offset, diff)
		}
	}
}
