package sdkcheck

import (
	"net/http"
	"testing"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/rocketmq/v2/model"
)

// TestSDK_GroupLifecycle creates, reads, changes one at a time and in a batch, and deletes
// consumer groups through the SDK, checking every answer as the SDK decodes it.
func TestSDK_GroupLifecycle(t *testing.T) {
	t.Parallel()
	h := newHarness(t)

	// Create one group with every field the SDK has, one with the defaults: enabled, on every
	// broker, retried 16 times.
	created := ok(h.sdk.CreateConsumerGroupOrBatchDeleteConsumerGroup(
		&model.CreateConsumerGroupOrBatchDeleteConsumerGroupRequest{InstanceId: prodID,
			Body: &model.CreateConsumerGroupOrBatchDeleteConsumerGroupReq{
				Name: new("settlement"), Brokers: &[]string{"broker-0", "broker-1"},
				Broadcast: new(true), RetryMaxTime: new(int32(5)), Enabled: new(true)},
		}))(t, "create settlement")
	checkDiff(t, "create settlement",
		&model.CreateConsumerGroupOrBatchDeleteConsumerGroupResponse{Name: new("settlement"),
			HttpStatusCode: http.StatusOK}, created)
	h.createGroup(t, "reports")
	checkDiff(t, "show settlement", showGroupWant("settlement", true, true, 5),
		h.showGroup(t, "settlement"))
	checkDiff(t, "show reports", showGroupWant("reports", true, false, 16),
		h.showGroup(t, "reports"))

	// Change one group alone; the SDK always sends enabled, broadcast and retry_max_time.
	modified := ok(h.sdk.UpdateConsumerGroup(&model.UpdateConsumerGroupRequest{
		InstanceId: prodID, Group: "settlement",
		Body: &model.UpdateConsumerGroup{Enabled: false, Broadcast: false, RetryMaxTime: 8},
	}))(t, "modify settlement")
	checkDiff(t, "modify settlement", &model.UpdateConsumerGroupResponse{
		HttpStatusCode: http.StatusNoContent}, modified)
	checkDiff(t, "show modified settlement", showGroupWant("settlement", false, false, 8),
		h.showGroup(t, "settlement"))

	// Change two in a batch job; what a batch entry leaves out stays as it was.
	job := ok(h.sdk.BatchUpdateConsumerGroup(&model.BatchUpdateConsumerGroupRequest{
		InstanceId: prodID, Body: &model.BatchUpdateConsumerGroupReq{
			Groups: &[]model.BatchUpdateConsumerGroup{
				{Name: "billing", Enabled: new(false), RetryMaxTime: new(int32(3))},
				{Name: "reports", Broadcast: new(true)}}},
	}))(t, "batch modify groups")
	if job.JobId == nil || *job.JobId == "" {
		t.Errorf("batch modify groups: %v, want a job_id", job)
	}
	checkDiff(t, "show billing", showGroupWant("billing", false, false, 3),
		h.showGroup(t, "billing"))
	checkDiff(t, "show reports", showGroupWant("reports", true, true, 16),
		h.showGroup(t, "reports"))

	// Delete one group, then the other two in a batch job.
	deleted := ok(h.sdk.DeleteConsumerGroup(&model.DeleteConsumerGroupRequest{
		InstanceId: prodID, Group: "settlement"}))(t, "delete settlement")
	checkDiff(t, "delete settlement", &model.DeleteConsumerGroupResponse{
		HttpStatusCode: http.StatusNoContent}, deleted)
	job2 := ok(h.sdk.CreateConsumerGroupOrBatchDeleteConsumerGroup(
		&model.CreateConsumerGroupOrBatchDeleteConsumerGroupRequest{InstanceId: prodID,
			Action: new("delete"), Body: &model.CreateConsumerGroupOrBatchDeleteConsumerGroupReq{
				Groups: &[]string{"billing", "reports"}},
		}))(t, "batch delete groups")
	if job2.JobId == nil || *job2.JobId == "" || job2.Name != nil {
		t.Errorf("batch delete groups: %v, want a job_id and no name", job2)
	}
	left := ok(h.sdk.ListInstanceConsumerGroups(&model.ListInstanceConsumerGroupsRequest{
		InstanceId: prodID}))(t, "list groups")
	if left.Total != 0 || len(*left.Groups) != 0 {
		t.Errorf("groups after the deletes: %v, want none", left)
	}
}

func (h *harness) createGroup(t *testing.T, name string) {
	t.Helper()
	ok(h.sdk.CreateConsumerGroupOrBatchDeleteConsumerGroup(
		&model.CreateConsumerGroupOrBatchDeleteConsumerGroupRequest{InstanceId: prodID,
			Body: &model.CreateConsumerGroupOrBatchDeleteConsumerGroupReq{Name: new(name)},
		}))(t, "create "+name)
}

// showGroup reads a consumer group of orders-prod through the SDK.
func (h *harness) showGroup(t *testing.T, name string) *model.ShowGroupResponse {
	t.Helper()
	return ok(h.sdk.ShowGroup(&model.ShowGroupRequest{InstanceId: prodID,
		Group: name}))(t, "show group "+name)
}

// showGroupWant is what the SDK decodes when it shows a group of orders-prod on both brokers.
func showGroupWant(name string, enabled, broadcast bool, retries int32) *model.ShowGroupResponse {
	return &model.ShowGroupResponse{Enabled: new(enabled), Broadcast: new(broadcast),
		Brokers: &[]string{"broker-0", "broker-1"}, Name: new(name),
		RetryMaxTime: new(retries), Permissions: &[]string{}, HttpStatusCode: http.StatusOK}
}

// TestSDK_ListGroups pages through orders-prod's groups and filters them by name, checking the
// totals, the quota and the offsets as the SDK decodes them.
func TestSDK_ListGroups(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.createGroup(t, "audit")
	h.createGroup(t, "reports")

	// In name order: audit, billing, reports. The quota is 4000 a broker.
	tests := []struct {
		name           string
		filter         *string
		offset, limit  *int32
		want           []string
		total          float32
		next, previous int32
	}{
		{"defaults", nil, nil, nil, []string{"audit", "billing", "reports"}, 3, -1, -1},
		{"first page", nil, new(int32(0)), new(int32(1)), []string{"audit"}, 3, 1, -1},
		{"middle page", nil, new(int32(1)), new(int32(1)), []string{"billing"}, 3, 2, 0},
		{"last page", nil, new(int32(2)), new(int32(2)), []string{"reports"}, 3, -1, 0},
		{"filtered", new("port"), nil, nil, []string{"reports"}, 1, -1, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ok(h.sdk.ListInstanceConsumerGroups(&model.ListInstanceConsumerGroupsRequest{
				InstanceId: prodID, Group: tt.filter, Offset: tt.offset, Limit: tt.limit,
			}))(t, "list groups")
			var names []string
			for _, g := range *got.Groups {
				names = append(names, *g.Name)
			}
			checkDiff(t, "names", tt.want, names)
			checkDiff(t, "counts", []float32{tt.total, 8000, 7997, float32(tt.next),
				float32(tt.previous)}, []float32{got.Total, float32(*got.Max),
				float32(*got.Remaining), float32(*got.NextOffset), float32(*got.PreviousOffset)})
		})
	}

	// A whole group as the list shows it.
	got := ok(h.sdk.ListInstanceConsumerGroups(&model.ListInstanceConsumerGroupsRequest{
		InstanceId: prodID, Group: new("billing")}))(t, "list billing")
	checkDiff(t, "billing in the list", &[]model.ConsumerGroup{{Enabled: new(true),
		Broadcast: new(false), Brokers: &[]string{"broker-0", "broker-1"}, Name: new("billing"),
		RetryMaxTime: new(int32(16))}}, got.Groups)
}

// TestSDK_GroupViews reads the views of a group: the topics it consumes and the users granted
// it, the latter at both spellings of the engine segment.
func TestSDK_GroupViews(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.createGroup(t, "reports")

	tests := []struct {
		group string
		topic *string
		want  []string
	}{
		{"billing", nil, []string{"orders"}},
		{"billing", new("orders"), []string{"orders"}},
		{"billing", new("payments"), []string{}},
		{"reports", nil, []string{}},
	}
	for _, tt := range tests {
		got := ok(h.sdk.ShowConsumerListOrDetails(&model.ShowConsumerListOrDetailsRequest{
			InstanceId: prodID, Group: tt.group, Topic: tt.topic,
		}))(t, "topics of "+tt.group)
		checkDiff(t, "topics of "+tt.group, &model.ShowConsumerListOrDetailsResponse{
			Topics: &tt.want, HttpStatusCode: http.StatusOK}, got)
	}

	// The SDK's ListConsumeGroupAccessPolicyForRocketMq puts the engine after the project id
	// (/v2/{project_id}/rocketmq/...), a path the reference does not have; mqsync does not use
	// it and the simulator does not serve it.
	for _, engine := range []string{"reliability", "rocketmq"} {
		got := ok(h.sdk.ListConsumeGroupAccessPolicy(&model.ListConsumeGroupAccessPolicyRequest{
			Engine: engine, InstanceId: prodID, Group: "billing", Offset: new(int32(0)),
			Limit: new(int32(10)),
		}))(t, "access policy of billing, engine "+engine)
		checkDiff(t, "access policy of billing, engine "+engine,
			&model.ListConsumeGroupAccessPolicyResponse{
				Policies: &[]model.ListAccessPolicyRespPolicies{{AccessKey: new("billing-app"),
					WhiteRemoteAddress: new(""), Admin: new(false), Perm: new("SUB")}},
				Total: 1, Name: new("billing"), HttpStatusCode: http.StatusOK}, got)
	}
}
