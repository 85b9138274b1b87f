package sdkcheck

import (
	"net/http"
	"testing"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/rocketmq/v2/model"
)

// TestSDK_ListInstances filters and pages the project's instances. The SDK can only send
// engine=rocketmq where the reference says reliability; the simulator takes both, as the
// service does.
func TestSDK_ListInstances(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	rocketMQ := model.GetListInstancesRequestEngineEnum().ROCKETMQ

	tests := []struct {
		name string
		req  model.ListInstancesRequest
		want []string
		num  int32
	}{
		{"all", model.ListInstancesRequest{}, []string{prodName, testName}, 2},
		{"exact name", model.ListInstancesRequest{Name: new(prodName),
			ExactMatchName: new(model.GetListInstancesRequestExactMatchNameEnum().TRUE)},
			[]string{prodName}, 1},
		{"name contains", model.ListInstancesRequest{Name: new("orders-")},
			[]string{prodName, testName}, 2},
		{"instance id", model.ListInstancesRequest{InstanceId: new(testID)},
			[]string{testName}, 1},
		{"status", model.ListInstancesRequest{
			Status: new(model.GetListInstancesRequestStatusEnum().RUNNING)},
			[]string{prodName, testName}, 2},
		{"second page", model.ListInstancesRequest{Offset: new(int32(1)), Limit: new(int32(1))},
			[]string{testName}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.req.Engine = rocketMQ
			got := ok(h.sdk.ListInstances(&tt.req))(t, "list instances")
			var names []string
			for _, in := range *got.Instances {
				names = append(names, *in.Name)
			}
			checkDiff(t, "names", tt.want, names)
			if *got.InstanceNum != tt.num {
				t.Errorf("instance_num %d, want %d", *got.InstanceNum, tt.num)
			}
		})
	}
}

// TestSDK_ShowInstance checks the fields of an instance that mqsync reads.
func TestSDK_ShowInstance(t *testing.T) {
	t.Parallel()
	h := newHarness(t)

	got := ok(h.sdk.ShowInstance(&model.ShowInstanceRequest{InstanceId: prodID}))(t,
		"show instance")
	checkDiff(t, "show instance", &model.ShowInstanceResponse{InstanceId: new(prodID),
		Name: new(prodName), Engine: new("reliability"), EngineVersion: new("4.8.0"),
		Status: new("RUNNING"), EnableAcl: new(true), BrokerNum: new(int32(2)),
		ProductId: new("c6.4u8g.cluster"), HttpStatusCode: http.StatusOK},
		&model.ShowInstanceResponse{InstanceId: got.InstanceId, Name: got.Name,
			Engine: got.Engine, EngineVersion: got.EngineVersion, Status: got.Status,
			EnableAcl: got.EnableAcl, BrokerNum: got.BrokerNum, ProductId: got.ProductId,
			HttpStatusCode: got.HttpStatusCode})
}

// TestSDK_ListBrokers checks the brokers of a two-broker instance, each a master and two
// replicas.
func TestSDK_ListBrokers(t *testing.T) {
	t.Parallel()
	h := newHarness(t)

	got := ok(h.sdk.ListBrokers(&model.ListBrokersRequest{InstanceId: prodID}))(t,
		"list brokers")
	checkDiff(t, "list brokers", &model.ListBrokersResponse{
		Brokers: &[]model.ListBrokersRespBrokers{
			{Ids: &[]float32{0, 1, 2}, BrokerName: new("broker-0")},
			{Ids: &[]float32{0, 1, 2}, BrokerName: new("broker-1")}},
		HttpStatusCode: http.StatusOK}, got)
}
