package sdkcheck

import (
	"testing"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/rocketmq/v2/model"
)

// TestSDK_NamesInPaths uses topic and group names with the characters that need escaping, %
// and |, including names that read as escapes themselves, in paths and in a query: the SDK
// escapes them and signs what it sent, and the simulator must find the same canonical request
// and the same name.
func TestSDK_NamesInPaths(t *testing.T) {
	t.Parallel()
	h := newHarness(t)

	for _, name := range []string{"pay%ments|eu", "a%20b", "%2F-slash"} {
		t.Run(name, func(t *testing.T) {
			if err := createTopic(h.sdk, model.CreateTopicOrBatchDeleteTopicReq{
				Name: new(name)}); err != nil {
				t.Fatalf("create topic: %v", err)
			}
			if got := h.showTopic(t, name); *got.Name != name {
				t.Errorf("show topic: name %q, want %q", *got.Name, name)
			}
			ok(h.sdk.UpdateTopic(&model.UpdateTopicRequest{InstanceId: prodID, Topic: name,
				Body: &model.UpdateTopicReq{ReadQueueNum: 2, WriteQueueNum: 2}}))(t,
				"modify topic")
			policies := ok(h.sdk.ListTopicAccessPolicy(&model.ListTopicAccessPolicyRequest{
				InstanceId: prodID, Topic: name}))(t, "access policy of the topic")
			if *policies.Name != name {
				t.Errorf("access policy of the topic: name %q, want %q", *policies.Name, name)
			}
			ok(h.sdk.DeleteTopic(&model.DeleteTopicRequest{InstanceId: prodID,
				Topic: name}))(t, "delete topic")

			h.createGroup(t, name)
			if got := h.showGroup(t, name); *got.Name != name {
				t.Errorf("show group: name %q, want %q", *got.Name, name)
			}
			list := ok(h.sdk.ListInstanceConsumerGroups(&model.ListInstanceConsumerGroupsRequest{
				InstanceId: prodID, Group: new(name)}))(t, "list groups named so")
			if len(*list.Groups) != 1 || *(*list.Groups)[0].Name != name {
				t.Errorf("list groups filtered by %q: %v, want the group alone", name, list)
			}
			gp := ok(h.sdk.ListConsumeGroupAccessPolicy(
				&model.ListConsumeGroupAccessPolicyRequest{Engine: "reliability",
					InstanceId: prodID, Group: name}))(t, "access policy of the group")
			if *gp.Name != name {
				t.Errorf("access policy of the group: name %q, want %q", *gp.Name, name)
			}
			ok(h.sdk.DeleteConsumerGroup(&model.DeleteConsumerGroupRequest{InstanceId: prodID,
				Group: name}))(t, "delete group")
		})
	}
}
