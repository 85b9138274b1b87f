package sdkcheck

import (
	"fmt"
	"net/http"
	"strconv"
	"testing"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/rocketmq/v2/model"
)

// TestSDK_UserLifecycle creates, reads, lists, changes and deletes an ACL user through the SDK,
// and reads its grants back through the access-policy views.
func TestSDK_UserLifecycle(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	topicPerm, groupPerm := model.GetUserTopicPermsPermEnum(), model.GetUserGroupPermsPermEnum()

	// The reference answers a create with the user at the top level of the body, the shape
	// the SDK's CreateUserResponse reads.
	created := ok(h.sdk.CreateUser(&model.CreateUserRequest{InstanceId: prodID,
		Body: &model.User{AccessKey: "reports-app", SecretKey: "Reports-App-1",
			WhiteRemoteAddress: new("10.0.0.0/8"), Admin: new(false),
			DefaultTopicPerm: new(model.GetUserDefaultTopicPermEnum().PUB),
			DefaultGroupPerm: new(model.GetUserDefaultGroupPermEnum().SUB),
			TopicPerms: &[]model.UserTopicPerms{
				{Name: new("orders"), Perm: new(topicPerm.PUB_SUB)},
				{Name: new("payments"), Perm: new(topicPerm.DENY)}},
			GroupPerms: &[]model.UserGroupPerms{{Name: new("billing"), Perm: new(groupPerm.SUB)}},
		}}))(t, "create reports-app")
	want := userWant{name: "reports-app", secret: "Reports-App-1", white: "10.0.0.0/8",
		defaultTopic: "PUB", defaultGroup: "SUB",
		topics: []grant{{"orders", "PUB|SUB"}, {"payments", "DENY"}},
		groups: []grant{{"billing", "SUB"}}}
	checkDiff(t, "create reports-app", want.created(), created)
	shown := ok(h.sdk.ShowUser(&model.ShowUserRequest{InstanceId: prodID,
		UserName: "reports-app"}))(t, "show reports-app")
	checkDiff(t, "show reports-app", want.shown(), shown)

	// Change it with an empty secret key, which keeps the old one.
	modified := ok(h.sdk.UpdateUser(&model.UpdateUserRequest{InstanceId: prodID,
		UserName: "reports-app", Body: &model.User{AccessKey: "reports-app",
			WhiteRemoteAddress: new(""), Admin: new(true),
			TopicPerms: &[]model.UserTopicPerms{{Name: new("orders"), Perm: new(topicPerm.SUB)}},
		}}))(t, "modify reports-app")
	want.white, want.admin, want.topics = "", true, []grant{{"orders", "SUB"}}
	checkDiff(t, "modify reports-app", want.updated(), modified)

	// The topic's access policy now lists both users, in name order.
	policies := ok(h.sdk.ListTopicAccessPolicy(&model.ListTopicAccessPolicyRequest{
		InstanceId: prodID, Topic: "orders"}))(t, "access policy of orders")
	checkDiff(t, "access policy of orders", &model.ListTopicAccessPolicyResponse{
		Policies: &[]model.ListAccessPolicyRespPolicies{
			{AccessKey: new("billing-app"), WhiteRemoteAddress: new(""), Admin: new(false),
				Perm: new("SUB")},
			{AccessKey: new("reports-app"), WhiteRemoteAddress: new(""), Admin: new(true),
				Perm: new("SUB")}},
		Total: 2, Name: new("orders"), HttpStatusCode: http.StatusOK}, policies)

	deleted := ok(h.sdk.DeleteUser(&model.DeleteUserRequest{InstanceId: prodID,
		UserName: "reports-app"}))(t, "delete reports-app")
	if deleted.HttpStatusCode != http.StatusOK || deleted.Message == nil {
		t.Errorf("delete reports-app: %v, want 200 with a message", deleted)
	}
	list := ok(h.sdk.ListUser(&model.ListUserRequest{InstanceId: prodID}))(t, "list users")
	checkDiff(t, "users after the delete", []string{"billing-app"}, userNames(list))
	if list.Total != 1 {
		t.Errorf("total after the delete %v, want 1", list.Total)
	}
}

// userNames returns the access keys in a list of users, and nothing of their secrets.
func userNames(list *model.ListUserResponse) []string {
	var names []string
	for _, u := range *list.Users {
		names = append(names, *u.AccessKey)
	}
	return names
}

// TestSDK_ListUsers pages through orders-prod's users: total and users, no offsets.
func TestSDK_ListUsers(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	for _, name := range []string{"audit-app", "reports-app"} {
		ok(h.sdk.CreateUser(&model.CreateUserRequest{InstanceId: prodID,
			Body: &model.User{AccessKey: name, SecretKey: "Secret-Key-1"}}))(t, "create "+name)
	}

	// In name order: audit-app, billing-app, reports-app.
	tests := []struct {
		name          string
		offset, limit *int32
		want          []string
	}{
		{"defaults", nil, nil, []string{"audit-app", "billing-app", "reports-app"}},
		{"first page", new(int32(0)), new(int32(2)), []string{"audit-app", "billing-app"}},
		{"last page", new(int32(2)), new(int32(2)), []string{"reports-app"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ok(h.sdk.ListUser(&model.ListUserRequest{InstanceId: prodID,
				Offset: tt.offset, Limit: tt.limit}))(t, "list users")
			checkDiff(t, "names", tt.want, userNames(got))
			if got.Total != 3 {
				t.Errorf("total %v, want 3", got.Total)
			}
		})
	}

	// A whole user as the list shows it, secret key included.
	got := ok(h.sdk.ListUser(&model.ListUserRequest{InstanceId: prodID, Offset: new(int32(1)),
		Limit: new(int32(1))}))(t, "list billing-app")
	billing := userWant{name: "billing-app", secret: "Billing-App-1", defaultTopic: "DENY",
		defaultGroup: "DENY", topics: []grant{{"orders", "SUB"}},
		groups: []grant{{"billing", "SUB"}}}
	checkDiff(t, "billing-app in the list", &[]model.UserResp{billing.listed()}, got.Users)
}

// TestSDK_GroupGrantPubSub grants PUB|SUB on a group. The SDK's enum for a group grant has SUB
// and DENY only, but the reference's own example grants PUB|SUB on a group and the API takes
// all four values everywhere, so the value is put in through the enum's JSON decoder.
func TestSDK_GroupGrantPubSub(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	pubSub := enum[model.UserGroupPermsPerm]("PUB|SUB")

	ok(h.sdk.UpdateUser(&model.UpdateUserRequest{InstanceId: prodID, UserName: "billing-app",
		Body: &model.User{AccessKey: "billing-app",
			GroupPerms: &[]model.UserGroupPerms{{Name: new("billing"), Perm: pubSub}}},
	}))(t, "grant PUB|SUB on billing")
	got := ok(h.sdk.ListConsumeGroupAccessPolicy(&model.ListConsumeGroupAccessPolicyRequest{
		Engine: "reliability", InstanceId: prodID, Group: "billing",
	}))(t, "access policy of billing")
	if len(*got.Policies) != 1 || *(*got.Policies)[0].Perm != "PUB|SUB" {
		t.Errorf("access policy of billing: %v, want billing-app with PUB|SUB", got)
	}
}

// userWant is a user as the SDK should decode it in each of its user answers.
type userWant struct {
	name, secret, white        string
	admin                      bool
	defaultTopic, defaultGroup string
	topics, groups             []grant
}

type grant struct{ name, perm string }

func (u userWant) created() *model.CreateUserResponse {
	return &model.CreateUserResponse{AccessKey: new(u.name), SecretKey: new(u.secret),
		WhiteRemoteAddress: new(u.white), Admin: new(u.admin),
		DefaultTopicPerm: enum[model.CreateUserResponseDefaultTopicPerm](u.defaultTopic),
		DefaultGroupPerm: enum[model.CreateUserResponseDefaultGroupPerm](u.defaultGroup),
		TopicPerms:       u.topicPerms(), GroupPerms: u.groupPerms(),
		HttpStatusCode: http.StatusOK}
}

func (u userWant) shown() *model.ShowUserResponse {
	return &model.ShowUserResponse{AccessKey: new(u.name), SecretKey: new(u.secret),
		WhiteRemoteAddress: new(u.white), Admin: new(u.admin),
		DefaultTopicPerm: enum[model.ShowUserResponseDefaultTopicPerm](u.defaultTopic),
		DefaultGroupPerm: enum[model.ShowUserResponseDefaultGroupPerm](u.defaultGroup),
		TopicPerms:       u.topicPerms(), GroupPerms: u.groupPerms(),
		HttpStatusCode: http.StatusOK}
}

func (u userWant) updated() *model.UpdateUserResponse {
	return &model.UpdateUserResponse{AccessKey: new(u.name), SecretKey: new(u.secret),
		WhiteRemoteAddress: new(u.white), Admin: new(u.admin),
		DefaultTopicPerm: enum[model.UpdateUserResponseDefaultTopicPerm](u.defaultTopic),
		DefaultGroupPerm: enum[model.UpdateUserResponseDefaultGroupPerm](u.defaultGroup),
		TopicPerms:       u.topicPerms(), GroupPerms: u.groupPerms(),
		HttpStatusCode: http.StatusOK}
}

func (u userWant) listed() model.UserResp {
	return model.UserResp{AccessKey: new(u.name), SecretKey: new(u.secret),
		WhiteRemoteAddress: new(u.white), Admin: new(u.admin),
		DefaultTopicPerm: enum[model.UserRespDefaultTopicPerm](u.defaultTopic),
		DefaultGroupPerm: enum[model.UserRespDefaultGroupPerm](u.defaultGroup),
		TopicPerms:       u.topicPerms(), GroupPerms: u.groupPerms()}
}

func (u userWant) topicPerms() *[]model.UserTopicPerms {
	perms := make([]model.UserTopicPerms, len(u.topics))
	for i, g := range u.topics {
		perms[i] = model.UserTopicPerms{Name: new(g.name),
			Perm: enum[model.UserTopicPermsPerm](g.perm)}
	}
	return &perms
}

func (u userWant) groupPerms() *[]model.UserRespGroupPerms {
	perms := make([]model.UserRespGroupPerms, len(u.groups))
	for i, g := range u.groups {
		perms[i] = model.UserRespGroupPerms{Name: new(g.name),
			Perm: enum[model.UserRespGroupPermsPerm](g.perm)}
	}
	return &perms
}

// enum makes a value of one of the SDK's enum types through its JSON decoder, which takes any
// string: the SDK has no other way to build a value its enum does not list.
func enum[T any, PT interface {
	*T
	UnmarshalJSON([]byte) error
}](value string) *T {
	v := PT(new(T))
	if err := v.UnmarshalJSON([]byte(strconv.Quote(value))); err != nil {
		panic(fmt.Sprintf("enum %T %q: %v", v, value, err))
	}
	return v
}
