package dms_test

import (
	"context"

	"github.com/mqsync/mqsync/dms"
)

// Consumer groups on the two-broker instance as the steps create and change them. The lists
// carry from_beginning; a group's own page does not (reference 5.2.5, table 5-36), so
// ShowGroup always says false.
var (
	billingGroup = dms.Group{Name: groupName, Enabled: true, Broadcast: true,
		Brokers: []string{"broker-1"}, RetryMaxTime: 5, FromBeginning: true}
	// Created with nothing but a name: the client sends enabled false, and the service fills
	// in every broker and 16 retries.
	auditGroup = dms.Group{Name: "audit-readers", Brokers: []string{"broker-0", "broker-1"},
		RetryMaxTime: 16}
	modifiedBillingGroup = dms.Group{Name: groupName, Brokers: []string{"broker-1"},
		RetryMaxTime: 9}
	modifiedAuditGroup = dms.Group{Name: "audit-readers", Enabled: true,
		Brokers: []string{"broker-0", "broker-1"}, RetryMaxTime: 3, FromBeginning: true}
)

// groupSteps creates, reads and modifies consumer groups, one by one and in a batch, and reads
// the subscription views.
func groupSteps() []simStep {
	list := func(name string) func(context.Context, *dms.Client) (any, error) {
		return func(ctx context.Context, c *dms.Client) (any, error) {
			return c.ListGroups(ctx, haID, dms.ListGroupsOptions{Name: name})
		}
	}
	page := func(total int, groups ...dms.Group) dms.GroupPage {
		return dms.GroupPage{Groups: groups, Total: total, Max: 16000, Remaining: 15998,
			NextOffset: -1, PreviousOffset: -1}
	}
	shown := billingGroup
	shown.FromBeginning = false
	return []simStep{
		{"create group", func(ctx context.Context, c *dms.Client) (any, error) {
			return nothing(c.CreateGroup(ctx, haID, billingGroup))
		}, nil},
		{"create group with defaults", func(ctx context.Context, c *dms.Client) (any, error) {
			return nothing(c.CreateGroup(ctx, haID, dms.Group{Name: "audit-readers"}))
		}, nil},
		{"show group", func(ctx context.Context, c *dms.Client) (any, error) {
			return c.ShowGroup(ctx, haID, groupName)
		}, shown},
		{"list groups", list(""), page(2, auditGroup, billingGroup)},
		{"list groups by part of a name", list("billing"), page(1, billingGroup)},
		{"list groups by a name with % and |", list(groupName), page(1, billingGroup)},
		{"modify group", func(ctx context.Context, c *dms.Client) (any, error) {
			return nothing(c.ModifyGroup(ctx, haID, dms.Group{Name: groupName,
				RetryMaxTime: 9}))
		}, nil},
		{"modify groups", func(ctx context.Context, c *dms.Client) (any, error) {
			return isJobID(c.ModifyGroups(ctx, haID, []dms.Group{{Name: "audit-readers",
				Enabled: true, RetryMaxTime: 3, FromBeginning: true}}))
		}, true},
		{"list all modified groups", func(ctx context.Context, c *dms.Client) (any, error) {
			return c.ListAllGroups(ctx, haID)
		}, []dms.Group{modifiedAuditGroup, modifiedBillingGroup}},
		{"topics of a group", func(ctx context.Context, c *dms.Client) (any, error) {
			return c.ListGroupTopics(ctx, haID, groupName)
		}, []string{"audit-log", topicName}},
		{"topics of a group without subscriptions",
			func(ctx context.Context, c *dms.Client) (any, error) {
				return c.ListGroupTopics(ctx, haID, "audit-readers")
			}, []string{}},
		{"groups of a topic", func(ctx context.Context, c *dms.Client) (any, error) {
			return c.ListTopicGroups(ctx, haID, topicName)
		}, []string{groupName}},
	}
}
