package dms_test

import (
	"context"
	"testing"

	"github.com/mqsync/mqsync/dms"
	"github.com/mqsync/mqsync/secret"
)

// Users on the two-broker instance as the steps create and change them.
var (
	orderUser = dms.User{AccessKey: "app-orders", SecretKey: secret.New("Ord3rs#Secret"),
		WhiteRemoteAddress: "10.0.0.0/8", DefaultTopicPerm: dms.PermDeny,
		DefaultGroupPerm: dms.PermSub,
		TopicPerms:       []dms.Grant{{Name: topicName, Perm: dms.PermPubSub}},
		GroupPerms:       []dms.Grant{{Name: groupName, Perm: dms.PermSub}}}
	adminUser = dms.User{AccessKey: "ops-admin", SecretKey: secret.New("Adm1n-Secret"),
		Admin: true, DefaultTopicPerm: dms.PermPubSub, DefaultGroupPerm: dms.PermSub,
		TopicPerms: []dms.Grant{{Name: topicName, Perm: dms.PermDeny}}}
	// orderUser modified with no secret, which keeps the one it has.
	modifiedOrderUser = dms.User{AccessKey: "app-orders", SecretKey: orderUser.SecretKey,
		DefaultTopicPerm: dms.PermPub, DefaultGroupPerm: dms.PermDeny,
		TopicPerms: []dms.Grant{{Name: "audit-log", Perm: dms.PermSub}}}
)

// policyOf is the access policy that a grant of perm gives u.
func policyOf(u dms.User, perm string) dms.AccessPolicy {
	return dms.AccessPolicy{AccessKey: u.AccessKey, SecretKey: u.SecretKey,
		WhiteRemoteAddress: u.WhiteRemoteAddress, Admin: u.Admin, Perm: perm}
}

// userSteps creates, reads and modifies users, and reads the access policies their grants
// make.
func userSteps() []simStep {
	topicPolicies := func(topic string, p dms.Page) func(context.Context, *dms.Client) (any,
		error) {
		return func(ctx context.Context, c *dms.Client) (any, error) {
			return c.ListTopicAccessPolicies(ctx, haID, topic, p)
		}
	}
	groupPolicies := func(ctx context.Context, c *dms.Client) (any, error) {
		return c.ListGroupAccessPolicies(ctx, haID, groupName, dms.Page{})
	}
	newSecret := adminUser
	newSecret.SecretKey = secret.New("N3w-Adm1n-Secret")
	return []simStep{
		{"create user", func(ctx context.Context, c *dms.Client) (any, error) {
			return c.CreateUser(ctx, haID, orderUser)
		}, orderUser},
		{"create admin", func(ctx context.Context, c *dms.Client) (any, error) {
			return c.CreateUser(ctx, haID, adminUser)
		}, adminUser},
		{"show user", func(ctx context.Context, c *dms.Client) (any, error) {
			return c.ShowUser(ctx, haID, "app-orders")
		}, orderUser},
		{"list users", func(ctx context.Context, c *dms.Client) (any, error) {
			return c.ListUsers(ctx, haID, dms.Page{})
		}, dms.UserPage{Users: []dms.User{orderUser, adminUser}, Total: 2}},
		{"list all users", func(ctx context.Context, c *dms.Client) (any, error) {
			return c.ListAllUsers(ctx, haID)
		}, []dms.User{orderUser, adminUser}},
		{"topic access policies", topicPolicies(topicName, dms.Page{}), dms.AccessPolicyPage{
			Policies: []dms.AccessPolicy{policyOf(orderUser, dms.PermPubSub),
				policyOf(adminUser, dms.PermDeny)}, Total: 2, Name: topicName}},
		{"a page of topic access policies", topicPolicies(topicName, dms.Page{Offset: 1,
			Limit: 1}), dms.AccessPolicyPage{Policies: []dms.AccessPolicy{
			policyOf(adminUser, dms.PermDeny)}, Total: 2, Name: topicName}},
		{"all topic access policies", func(ctx context.Context, c *dms.Client) (any, error) {
			return c.ListAllTopicAccessPolicies(ctx, haID, topicName)
		}, []dms.AccessPolicy{policyOf(orderUser, dms.PermPubSub),
			policyOf(adminUser, dms.PermDeny)}},
		{"group access policies", groupPolicies, dms.AccessPolicyPage{Policies: []dms.AccessPolicy{
			policyOf(orderUser, dms.PermSub)}, Total: 1, Name: groupName}},
		{"modify user, keeping the secret", func(ctx context.Context, c *dms.Client) (any, error) {
			u := modifiedOrderUser
			u.SecretKey = secret.Value{}
			return c.ModifyUser(ctx, haID, u)
		}, modifiedOrderUser},
		{"show modified user", func(ctx context.Context, c *dms.Client) (any, error) {
			return c.ShowUser(ctx, haID, "app-orders")
		}, modifiedOrderUser},
		{"policies follow the grants", topicPolicies(topicName, dms.Page{}),
			dms.AccessPolicyPage{Policies: []dms.AccessPolicy{policyOf(adminUser, dms.PermDeny)},
				Total: 1, Name: topicName}},
		{"a new grant makes a policy", topicPolicies("audit-log", dms.Page{}),
			dms.AccessPolicyPage{Policies: []dms.AccessPolicy{
				policyOf(modifiedOrderUser, dms.PermSub)}, Total: 1, Name: "audit-log"}},
		{"a revoked grant leaves none", groupPolicies,
			dms.AccessPolicyPage{Total: 0, Name: groupName}},
		{"all group access policies", func(ctx context.Context, c *dms.Client) (any, error) {
			return c.ListAllGroupAccessPolicies(ctx, haID, groupName)
		}, []dms.AccessPolicy{}},
		{"modify user's secret", func(ctx context.Context, c *dms.Client) (any, error) {
			return c.ModifyUser(ctx, haID, newSecret)
		}, newSecret},
		{"show user with the new secret", func(ctx context.Context, c *dms.Client) (any, error) {
			return c.ShowUser(ctx, haID, "ops-admin")
		}, newSecret},
	}
}

// TestSim_UserWithoutDefaults creates a user with nothing but a name and a secret, and
// modifies it with no default permissions: the simulator's defaults apply, then stay.
func TestSim_UserWithoutDefaults(t *testing.T) {
	e := newSimEnv(t, authSigned, simConfig(authSigned))
	plain := dms.User{AccessKey: "plain-user", SecretKey: secret.New("Pl4in-Secret")}
	want := plain
	want.DefaultTopicPerm, want.DefaultGroupPerm = dms.PermDeny, dms.PermDeny
	runSteps(t, e.client, []simStep{
		{"create", func(ctx context.Context, c *dms.Client) (any, error) {
			return c.CreateUser(ctx, prodID, plain)
		}, want},
		{"modify", func(ctx context.Context, c *dms.Client) (any, error) {
			return c.ModifyUser(ctx, prodID, dms.User{AccessKey: plain.AccessKey,
				WhiteRemoteAddress: "192.168.0.0/16"})
		}, withAddress(want, "192.168.0.0/16")},
	})
}

// withAddress returns u with another white_remote_address.
func withAddress(u dms.User, address string) dms.User {
	u.WhiteRemoteAddress = address
	return u
}
