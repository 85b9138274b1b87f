package sdkcheck

import (
	"net/http"
	"slices"
	"testing"

	rocketmq "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/rocketmq/v2"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/rocketmq/v2/model"

	"github.com/mqsync/mqsync/dms/dmssim"
)

// TestSDK_Errors checks that the SDK turns the simulator's error answers into its
// ServiceResponseError with the status, the service's error code and message, and the request
// id of the answer.
func TestSDK_Errors(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	unknownInstance := "00000000-0000-4000-8000-000000000000"

	tests := []struct {
		name   string
		call   func(sdk *rocketmq.RocketMQClient) error
		status int
		code   string
	}{
		{"unknown topic", func(sdk *rocketmq.RocketMQClient) error {
			_, err := sdk.ShowOneTopic(&model.ShowOneTopicRequest{InstanceId: prodID,
				Topic: "missing"})
			return err
		}, http.StatusNotFound, dmssim.CodeNoTopic},
		{"unknown group", func(sdk *rocketmq.RocketMQClient) error {
			_, err := sdk.ShowGroup(&model.ShowGroupRequest{InstanceId: prodID,
				Group: "missing"})
			return err
		}, http.StatusNotFound, dmssim.CodeNoGroup},
		{"unknown user", func(sdk *rocketmq.RocketMQClient) error {
			_, err := sdk.ShowUser(&model.ShowUserRequest{InstanceId: prodID,
				UserName: "missing-app"})
			return err
		}, http.StatusBadRequest, dmssim.CodeNoUser},
		{"unknown instance", func(sdk *rocketmq.RocketMQClient) error {
			_, err := sdk.ShowInstance(&model.ShowInstanceRequest{InstanceId: unknownInstance})
			return err
		}, http.StatusNotFound, dmssim.CodeNoInstance},
		{"topic exists", func(sdk *rocketmq.RocketMQClient) error {
			return createTopic(sdk, model.CreateTopicOrBatchDeleteTopicReq{Name: new("orders")})
		}, http.StatusBadRequest, dmssim.CodeTopicExists},
		{"too many queues", func(sdk *rocketmq.RocketMQClient) error {
			return createTopic(sdk, model.CreateTopicOrBatchDeleteTopicReq{Name: new("events"),
				QueueNum: 51})
		}, http.StatusBadRequest, dmssim.CodeBadField},
		// The SDK declares queue counts as floating point; the API takes whole numbers only.
		{"fractional queue count", func(sdk *rocketmq.RocketMQClient) error {
			return createTopic(sdk, model.CreateTopicOrBatchDeleteTopicReq{Name: new("events"),
				QueueNum: 2.5})
		}, http.StatusBadRequest, dmssim.CodeMalformedBody},
		{"group exists", func(sdk *rocketmq.RocketMQClient) error {
			_, err := sdk.CreateConsumerGroupOrBatchDeleteConsumerGroup(
				&model.CreateConsumerGroupOrBatchDeleteConsumerGroupRequest{InstanceId: prodID,
					Body: &model.CreateConsumerGroupOrBatchDeleteConsumerGroupReq{
						Name: new("billing")}})
			return err
		}, http.StatusBadRequest, dmssim.CodeGroupExists},
		{"weak secret", func(sdk *rocketmq.RocketMQClient) error {
			_, err := sdk.CreateUser(&model.CreateUserRequest{InstanceId: prodID,
				Body: &model.User{AccessKey: "weak-app", SecretKey: "password"}})
			return err
		}, http.StatusBadRequest, dmssim.CodeWeakSecret},
		{"limit too large", func(sdk *rocketmq.RocketMQClient) error {
			_, err := sdk.ListRocketInstanceTopics(&model.ListRocketInstanceTopicsRequest{
				InstanceId: prodID, Limit: new(int32(51))})
			return err
		}, http.StatusBadRequest, dmssim.CodeBadLimit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkServiceError(t, tt.call(h.sdk), tt.status, tt.code)
		})
	}
}

func createTopic(sdk *rocketmq.RocketMQClient, req model.CreateTopicOrBatchDeleteTopicReq) error {
	_, err := sdk.CreateTopicOrBatchDeleteTopic(&model.CreateTopicOrBatchDeleteTopicRequest{
		InstanceId: prodID, Body: &req})
	return err
}

// TestSDK_InstanceNotRunning checks the error of a change to an instance that is busy.
func TestSDK_InstanceNotRunning(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	if err := h.sim.SetInstanceStatus(projectID, prodID, "RESTARTING"); err != nil {
		t.Fatal(err)
	}

	err := createTopic(h.sdk, model.CreateTopicOrBatchDeleteTopicReq{Name: new("events")})
	checkServiceError(t, err, http.StatusBadRequest, dmssim.CodeInstanceStatus)
}

// TestSDK_Signature checks that the simulator verifies the signature the SDK makes, over the
// headers the SDK chooses (not host), and refuses it made with the wrong key or an unknown
// access key, with the gateway's 401 APIGW.0301.
func TestSDK_Signature(t *testing.T) {
	t.Parallel()
	h := newHarness(t)

	// A read and a change with a body, both accepted.
	ok(h.sdk.ShowInstance(&model.ShowInstanceRequest{InstanceId: prodID}))(t, "show instance")
	ok(h.sdk.CreateTopicOrBatchDeleteTopic(&model.CreateTopicOrBatchDeleteTopicRequest{
		InstanceId: prodID, Body: &model.CreateTopicOrBatchDeleteTopicReq{Name: new("events")},
	}))(t, "create events")
	for _, auth := range h.auth.all() {
		signed := signedHeaders(auth)
		if slices.Contains(signed, "host") || !slices.Contains(signed, "x-sdk-date") ||
			!slices.Contains(signed, "x-project-id") {
			t.Errorf("the SDK signed %v; want x-sdk-date and x-project-id without host",
				signed)
		}
	}
	if n, served := len(h.auth.all()), h.sim.Stats().Total; n != 2 || served != 2 {
		t.Errorf("the SDK sent %d requests and the simulator answered %d, want 2 and 2",
			n, served)
	}

	tests := []struct{ name, ak, sk string }{
		{"wrong secret key", accessKey, "not-the-secret-key"},
		{"unknown access key", "SIMAKUNKNOWN00000001", secretKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sdk := newClient(t, h.sim.URL(), tt.ak, tt.sk, nil)
			_, err := sdk.ShowInstance(&model.ShowInstanceRequest{InstanceId: prodID})
			checkServiceError(t, err, http.StatusUnauthorized, dmssim.CodeAuth)
			err = createTopic(sdk, model.CreateTopicOrBatchDeleteTopicReq{Name: new("audit")})
			checkServiceError(t, err, http.StatusUnauthorized, dmssim.CodeAuth)
		})
	}
	if got := h.sim.Stats().CountStatus("create_topic", "401"); got != 2 {
		t.Errorf("the simulator refused %d creates, want 2", got)
	}
}
