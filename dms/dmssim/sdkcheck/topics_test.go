package sdkcheck

import (
	"net/http"
	"testing"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/rocketmq/v2/model"
)

// TestSDK_TopicLifecycle creates, reads, pages, changes and deletes topics through the SDK,
// checking every answer as the SDK decodes it. orders-prod has two brokers, so a topic created
// with queue_num 4 has 8 queues in all.
func TestSDK_TopicLifecycle(t *testing.T) {
	t.Parallel()
	h := newHarness(t)

	// Create one topic with every field, one with the defaults (3 queues a broker, all).
	created := ok(h.sdk.CreateTopicOrBatchDeleteTopic(&model.CreateTopicOrBatchDeleteTopicRequest{
		InstanceId: prodID, Body: &model.CreateTopicOrBatchDeleteTopicReq{Name: new("events"),
			Brokers: &[]string{"broker-0", "broker-1"}, QueueNum: 4,
			Permission: new(model.GetCreateTopicOrBatchDeleteTopicReqPermissionEnum().PUB)},
	}))(t, "create events")
	checkDiff(t, "create events", &model.CreateTopicOrBatchDeleteTopicResponse{
		Id: new("events"), HttpStatusCode: http.StatusOK}, created)
	ok(h.sdk.CreateTopicOrBatchDeleteTopic(&model.CreateTopicOrBatchDeleteTopicRequest{
		InstanceId: prodID, Body: &model.CreateTopicOrBatchDeleteTopicReq{Name: new("audit")},
	}))(t, "create audit")

	checkDiff(t, "show events", showTopicWant("events", 4, 4, "pub"), h.showTopic(t, "events"))
	checkDiff(t, "show audit", showTopicWant("audit", 3, 3, "all"), h.showTopic(t, "audit"))

	// Change the totals and the permission: 6 read queues over two brokers is 3 on each.
	modified := ok(h.sdk.UpdateTopic(&model.UpdateTopicRequest{InstanceId: prodID,
		Topic: "events", Body: &model.UpdateTopicReq{ReadQueueNum: 6, WriteQueueNum: 4,
			Permission: new(model.GetUpdateTopicReqPermissionEnum().SUB)},
	}))(t, "modify events")
	checkDiff(t, "modify events", &model.UpdateTopicResponse{
		HttpStatusCode: http.StatusNoContent}, modified)
	checkDiff(t, "show modified events", showTopicWant("events", 3, 2, "sub"),
		h.showTopic(t, "events"))

	// Delete one topic, then two more in a batch job.
	deleted := ok(h.sdk.DeleteTopic(&model.DeleteTopicRequest{InstanceId: prodID,
		Topic: "audit"}))(t, "delete audit")
	checkDiff(t, "delete audit", &model.DeleteTopicResponse{
		HttpStatusCode: http.StatusNoContent}, deleted)
	job := ok(h.sdk.CreateTopicOrBatchDeleteTopic(&model.CreateTopicOrBatchDeleteTopicRequest{
		InstanceId: prodID, Action: new("delete"),
		Body: &model.CreateTopicOrBatchDeleteTopicReq{Topics: &[]string{"events", "payments"}},
	}))(t, "batch delete topics")
	if job.JobId == nil || *job.JobId == "" || job.Id != nil {
		t.Errorf("batch delete topics: %v, want a job_id and no id", job)
	}
	left := ok(h.sdk.ListRocketInstanceTopics(&model.ListRocketInstanceTopicsRequest{
		InstanceId: prodID}))(t, "list topics")
	if left.Total == nil || *left.Total != 1 || len(*left.Topics) != 1 ||
		*(*left.Topics)[0].Name != "orders" {
		t.Errorf("topics after the deletes: %v, want orders alone", left)
	}
}

// showTopic reads a topic of orders-prod through the SDK.
func (h *harness) showTopic(t *testing.T, name string) *model.ShowOneTopicResponse {
	t.Helper()
	return ok(h.sdk.ShowOneTopic(&model.ShowOneTopicRequest{InstanceId: prodID,
		Topic: name}))(t, "show topic "+name)
}

// showTopicWant is what the SDK decodes when it shows a topic of orders-prod with read and
// write queues on each of its two brokers.
func showTopicWant(name string, read, write float32, perm string) *model.ShowOneTopicResponse {
	p := model.GetShowOneTopicResponsePermissionEnum()
	perms := map[string]model.ShowOneTopicResponsePermission{"all": p.ALL, "pub": p.PUB,
		"sub": p.SUB}
	return &model.ShowOneTopicResponse{Name: new(name), TotalReadQueueNum: 2 * read,
		TotalWriteQueueNum: 2 * write, Permission: new(perms[perm]),
		Brokers: &[]model.TopicBrokers{topicBroker("broker-0", read, write),
			topicBroker("broker-1", read, write)},
		HttpStatusCode: http.StatusOK}
}

func topicBroker(name string, read, write float32) model.TopicBrokers {
	return model.TopicBrokers{BrokerName: new(name), ReadQueueNum: read, WriteQueueNum: write}
}

// TestSDK_ListTopics pages through orders-prod's topics and checks the totals, the quota and
// the offsets of the neighbouring pages as the SDK decodes them.
func TestSDK_ListTopics(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	for _, name := range []string{"audit", "events"} {
		ok(h.sdk.CreateTopicOrBatchDeleteTopic(&model.CreateTopicOrBatchDeleteTopicRequest{
			InstanceId: prodID, Body: &model.CreateTopicOrBatchDeleteTopicReq{Name: new(name)},
		}))(t, "create "+name)
	}

	// In name order: audit, events, orders, payments. The quota is 4000 a broker.
	tests := []struct {
		name           string
		offset, limit  *int32
		want           []string
		next, previous int32
	}{
		{"defaults", nil, nil, []string{"audit", "events", "orders", "payments"}, -1, -1},
		{"first page", new(int32(0)), new(int32(2)), []string{"audit", "events"}, 2, -1},
		{"middle page", new(int32(1)), new(int32(2)), []string{"events", "orders"}, 3, 0},
		{"last page", new(int32(3)), new(int32(2)), []string{"payments"}, -1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ok(h.sdk.ListRocketInstanceTopics(&model.ListRocketInstanceTopicsRequest{
				InstanceId: prodID, Offset: tt.offset, Limit: tt.limit,
			}))(t, "list topics")
			var names []string
			for _, topic := range *got.Topics {
				names = append(names, *topic.Name)
			}
			checkDiff(t, "names", tt.want, names)
			checkDiff(t, "counts", []int32{4, 8000, 7996, tt.next, tt.previous},
				[]int32{*got.Total, *got.Max, *got.Remaining, *got.NextOffset,
					*got.PreviousOffset})
		})
	}
}

// TestSDK_TopicViews reads the views of a topic: the groups that consume it, its queues'
// offsets, and the users granted it.
func TestSDK_TopicViews(t *testing.T) {
	t.Parallel()
	h := newHarness(t)

	groups := ok(h.sdk.ListConsumerGroupOfTopic(&model.ListConsumerGroupOfTopicRequest{
		InstanceId: prodID, Topic: "orders"}))(t, "groups of orders")
	checkDiff(t, "groups of orders", &model.ListConsumerGroupOfTopicResponse{
		Groups: &[]string{"billing"}, HttpStatusCode: http.StatusOK}, groups)
	groups = ok(h.sdk.ListConsumerGroupOfTopic(&model.ListConsumerGroupOfTopicRequest{
		InstanceId: prodID, Topic: "payments"}))(t, "groups of payments")
	checkDiff(t, "groups of payments", &model.ListConsumerGroupOfTopicResponse{
		Groups: &[]string{}, HttpStatusCode: http.StatusOK}, groups)

	// Three read queues on each broker, all empty: nothing is ever produced to a simulator.
	status := ok(h.sdk.ShowTopicStatus(&model.ShowTopicStatusRequest{InstanceId: prodID,
		Topic: "orders"}))(t, "status of orders")
	checkDiff(t, "status of orders", &model.ShowTopicStatusResponse{
		Brokers: &[]model.ShowTopicStatusRespBrokers{emptyQueues("broker-0", 3),
			emptyQueues("broker-1", 3)},
		HttpStatusCode: http.StatusOK}, status)

	policies := ok(h.sdk.ListTopicAccessPolicy(&model.ListTopicAccessPolicyRequest{
		InstanceId: prodID, Topic: "orders", Offset: new(int32(0)), Limit: new(int32(10)),
	}))(t, "access policy of orders")
	checkDiff(t, "access policy of orders", &model.ListTopicAccessPolicyResponse{
		Policies: &[]model.ListAccessPolicyRespPolicies{{AccessKey: new("billing-app"),
			WhiteRemoteAddress: new(""), Admin: new(false), Perm: new("SUB")}},
		Total: 1, Name: new("orders"), HttpStatusCode: http.StatusOK}, policies)
}

func emptyQueues(broker string, n int32) model.ShowTopicStatusRespBrokers {
	queues := make([]model.ShowTopicStatusRespQueues, n)
	for i := range queues {
		queues[i] = model.ShowTopicStatusRespQueues{Id: new(int32(i)), MinOffset: new(int32(0)),
			MaxOffset: new(int32(0)), LastMessageTime: new(int64(0))}
	}
	return model.ShowTopicStatusRespBrokers{Queues: &queues, BrokerName: new(broker)}
}
