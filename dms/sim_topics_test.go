package dms_test

import (
	"context"
	"regexp"

	"github.com/mqsync/mqsync/dms"
)

// jobIDPattern is what a batch operation's job id looks like.
var jobIDPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

// isJobID reports whether a batch operation answered with a job id; the id itself is the
// service's to choose.
func isJobID(id string, err error) (any, error) { return jobIDPattern.MatchString(id), err }

// nothing adapts an operation that returns only an error to a step.
func nothing(err error) (any, error) { return nil, err }

// Topics on the two-broker instance as the steps create and change them.
var (
	// A topic on both brokers with 4 queues on each: the queue count is per broker.
	orderTopic = dms.Topic{Name: topicName, TotalReadQueueNum: 8, TotalWriteQueueNum: 8,
		Permission: dms.TopicPermPub, Brokers: []dms.TopicBroker{
			{BrokerName: "broker-0", ReadQueueNum: 4, WriteQueueNum: 4},
			{BrokerName: "broker-1", ReadQueueNum: 4, WriteQueueNum: 4}}}
	// The service's defaults: every broker, 3 queues on each, all permissions.
	auditTopic = dms.Topic{Name: "audit-log", TotalReadQueueNum: 6, TotalWriteQueueNum: 6,
		Permission: dms.TopicPermAll, Brokers: []dms.TopicBroker{
			{BrokerName: "broker-0", ReadQueueNum: 3, WriteQueueNum: 3},
			{BrokerName: "broker-1", ReadQueueNum: 3, WriteQueueNum: 3}}}
	// orderTopic modified to 5 read and 7 write queues in all, spread over its brokers.
	modifiedOrderTopic = dms.Topic{Name: topicName, TotalReadQueueNum: 5, TotalWriteQueueNum: 7,
		Permission: dms.TopicPermAll, Brokers: []dms.TopicBroker{
			{BrokerName: "broker-0", ReadQueueNum: 3, WriteQueueNum: 4},
			{BrokerName: "broker-1", ReadQueueNum: 2, WriteQueueNum: 3}}}
)

// topicSteps creates, reads and modifies topics on the two-broker instance.
func topicSteps() []simStep {
	show := func(ctx context.Context, c *dms.Client) (any, error) {
		return c.ShowTopic(ctx, haID, topicName)
	}
	return []simStep{
		{"create topic on both brokers", func(ctx context.Context, c *dms.Client) (any, error) {
			return nothing(c.CreateTopic(ctx, haID, dms.CreateTopicRequest{Name: topicName,
				Brokers: []string{"broker-0", "broker-1"}, QueueNum: 4,
				Permission: dms.TopicPermPub}))
		}, nil},
		{"create topic with defaults", func(ctx context.Context, c *dms.Client) (any, error) {
			return nothing(c.CreateTopic(ctx, haID, dms.CreateTopicRequest{Name: "audit-log"}))
		}, nil},
		{"show topic", show, orderTopic},
		{"list topics", func(ctx context.Context, c *dms.Client) (any, error) {
			return c.ListTopics(ctx, haID, dms.Page{})
		}, dms.TopicPage{Topics: []dms.Topic{auditTopic, orderTopic}, Total: 2, Max: 16000,
			Remaining: 15998, NextOffset: -1, PreviousOffset: -1}},
		{"list a page of topics", func(ctx context.Context, c *dms.Client) (any, error) {
			return c.ListTopics(ctx, haID, dms.Page{Offset: 1, Limit: 1})
		}, dms.TopicPage{Topics: []dms.Topic{orderTopic}, Total: 2, Max: 16000,
			Remaining: 15998, NextOffset: -1, PreviousOffset: 0}},
		{"list all topics", func(ctx context.Context, c *dms.Client) (any, error) {
			return c.ListAllTopics(ctx, haID)
		}, []dms.Topic{auditTopic, orderTopic}},
		{"modify topic", func(ctx context.Context, c *dms.Client) (any, error) {
			return nothing(c.ModifyTopic(ctx, haID, topicName, dms.ModifyTopicRequest{
				ReadQueueNum: 5, WriteQueueNum: 7, Permission: dms.TopicPermAll}))
		}, nil},
		{"show modified topic", show, modifiedOrderTopic},
		{"modify only the permission", func(ctx context.Context, c *dms.Client) (any, error) {
			err := c.ModifyTopic(ctx, haID, "audit-log",
				dms.ModifyTopicRequest{Permission: dms.TopicPermSub})
			if err != nil {
				return nil, err
			}
			return c.ShowTopic(ctx, haID, "audit-log")
		}, withPermission(auditTopic, dms.TopicPermSub)},
		{"topic status", func(ctx context.Context, c *dms.Client) (any, error) {
			return c.TopicStatus(ctx, haID, topicName)
		}, dms.TopicStatus{Brokers: []dms.BrokerStatus{
			{BrokerName: "broker-0", Queues: []dms.QueueStatus{{ID: 0}, {ID: 1}, {ID: 2}}},
			{BrokerName: "broker-1", Queues: []dms.QueueStatus{{ID: 0}, {ID: 1}}}}}},
	}
}

// withPermission returns t with another permission.
func withPermission(t dms.Topic, perm string) dms.Topic {
	t.Permission = perm
	return t
}

// deleteSteps deletes one by one and in batches what the other steps created, and checks that
// reads then find nothing.
func deleteSteps() []simStep {
	notFound := func(err error) (any, error) { return dms.IsNotFound(err), nil }
	return []simStep{
		{"delete user", func(ctx context.Context, c *dms.Client) (any, error) {
			return nothing(c.DeleteUser(ctx, haID, "ops-admin"))
		}, nil},
		{"deleted user is not found", func(ctx context.Context, c *dms.Client) (any, error) {
			_, err := c.ShowUser(ctx, haID, "ops-admin")
			return notFound(err)
		}, true},
		{"delete topic", func(ctx context.Context, c *dms.Client) (any, error) {
			return nothing(c.DeleteTopic(ctx, haID, "audit-log"))
		}, nil},
		{"delete topics", func(ctx context.Context, c *dms.Client) (any, error) {
			return isJobID(c.DeleteTopics(ctx, haID, []string{topicName}))
		}, true},
		{"deleted topic is not found", func(ctx context.Context, c *dms.Client) (any, error) {
			_, err := c.ShowTopic(ctx, haID, topicName)
			return notFound(err)
		}, true},
		{"no topic left", func(ctx context.Context, c *dms.Client) (any, error) {
			return c.ListTopics(ctx, haID, dms.Page{})
		}, dms.TopicPage{Total: 0, Max: 16000, Remaining: 16000, NextOffset: -1,
			PreviousOffset: -1}},
		{"delete group", func(ctx context.Context, c *dms.Client) (any, error) {
			return nothing(c.DeleteGroup(ctx, haID, "audit-readers"))
		}, nil},
		{"delete groups", func(ctx context.Context, c *dms.Client) (any, error) {
			return isJobID(c.DeleteGroups(ctx, haID, []string{groupName}))
		}, true},
		{"no group left", func(ctx context.Context, c *dms.Client) (any, error) {
			return c.ListAllGroups(ctx, haID)
		}, []dms.Group{}},
	}
}
