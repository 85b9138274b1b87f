package sdkcheck

import (
	"errors"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/basic"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/config"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/httphandler"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/sdkerr"
	rocketmq "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/rocketmq/v2"

	"github.com/mqsync/mqsync/dms/dmssim"
	"github.com/mqsync/mqsync/dms/dmssim/dmssimtest"
	"github.com/mqsync/mqsync/secret"
)

// The simulator's only credential, and the instances it holds.
const (
	accessKey  = "SIMAKSDKCHECK0000001"
	secretKey  = "sdkcheck-secret-key-0001"
	projectID  = dmssim.DefaultProjectID
	prodID     = "3f9a1c52-7d4e-4b8a-9c61-0e2f5a7b8c90"
	prodName   = "orders-prod"
	testID     = "8b2e4d61-1a3c-4f5e-8d7b-6c9a0b1e2f34"
	testName   = "orders-test"
	sdkTimeout = 10 * time.Second
)

// simConfig is a simulator that accepts only accessKey's signatures and holds two RUNNING
// instances with ACL on: orders-prod, on two brokers, with topics orders and payments, group
// billing subscribed to orders, and user billing-app granted SUB on both orders and billing;
// and orders-test, empty, on one broker.
func simConfig() dmssim.Config {
	prod := dmssim.InstanceSpec{ID: prodID, Name: prodName, EngineVersion: "4.8.0",
		ProductID: "c6.4u8g.cluster", BrokerNum: 2, Status: "RUNNING", EnableACL: true,
		Topics: []dmssim.Topic{{Name: "orders"}, {Name: "payments"}},
		Groups: []dmssim.Group{{Name: "billing", Enabled: true, RetryMaxTime: 16}},
		Users: []dmssim.User{{AccessKey: "billing-app", SecretKey: secret.New("Billing-App-1"),
			DefaultTopicPerm: "DENY", DefaultGroupPerm: "DENY",
			TopicPerms: []dmssim.Grant{{Name: "orders", Perm: "SUB"}},
			GroupPerms: []dmssim.Grant{{Name: "billing", Perm: "SUB"}}}},
		Subscriptions: []dmssim.Subscription{{Group: "billing", Topics: []string{"orders"}}},
	}
	test := dmssim.InstanceSpec{ID: testID, Name: testName, EngineVersion: "4.8.0",
		ProductID: "c6.4u8g.cluster", BrokerNum: 1, Status: "RUNNING", EnableACL: true}
	return dmssim.Config{
		Credentials: []dmssim.Credential{{AccessKey: accessKey,
			SecretKey: secret.New(secretKey)}},
		Projects: []dmssim.Project{{ID: projectID,
			Instances: []dmssim.InstanceSpec{prod, test}}},
	}
}

// harness is a simulator and an SDK client signing with the simulator's credential.
type harness struct {
	sim *dmssim.Running
	sdk *rocketmq.RocketMQClient
	// auth records the Authorization header of every request the SDK sent.
	auth *headerLog
}

// newHarness starts a simulator from simConfig and an SDK client pointed at it. When the test
// ends, it checks that every request the SDK made was at a path the simulator serves.
func newHarness(t *testing.T) *harness {
	t.Helper()
	sim := dmssimtest.New(t, simConfig())
	h := &harness{sim: sim, auth: &headerLog{}}
	h.sdk = newClient(t, sim.URL(), accessKey, secretKey, h.auth.record)
	t.Cleanup(func() {
		if n := sim.Stats().Count("unknown"); n > 0 {
			t.Errorf("%d requests of the SDK were at paths the simulator does not serve", n)
		}
	})
	return h
}

// newClient builds the SDK's client for endpoint, as a user of the SDK would, except for the
// plain-HTTP endpoint. The SDK retries only when asked through an invoker's WithRetry, which
// these tests do not use (HttpConfig's Retries is never read; it is set to 0 all the same), so
// every call is one request and a flaky answer fails the test instead of hiding.
func newClient(t *testing.T, endpoint, ak, sk string,
	onRequest func(http.Request)) *rocketmq.RocketMQClient {
	t.Helper()
	cred, err := basic.NewCredentialsBuilder().WithAk(ak).WithSk(sk).
		WithProjectId(projectID).SafeBuild()
	if err != nil {
		t.Fatalf("build credentials: %v", err)
	}

	// A transport of our own: no proxy from the environment, and idle connections closed
	// when the test ends.
	transport := &http.Transport{}
	t.Cleanup(transport.CloseIdleConnections)
	cfg := config.DefaultHttpConfig().WithTimeout(sdkTimeout).WithRetries(0).
		WithHttpTransport(transport)
	if onRequest != nil {
		cfg.WithHttpHandler(httphandler.NewHttpHandler().AddRequestHandler(onRequest))
	}

	// An endpoint that starts with "http" is used as given; anything else gets https://.
	hc, err := rocketmq.RocketMQClientBuilder().WithEndpoint(endpoint).WithCredential(cred).
		WithHttpConfig(cfg).SafeBuild()
	if err != nil {
		t.Fatalf("build client: %v", err)
	}
	return rocketmq.NewRocketMQClient(hc)
}

// headerLog keeps the Authorization headers of the requests an SDK client sent.
type headerLog struct {
	mu   sync.Mutex
	seen []string
}

func (l *headerLog) record(r http.Request) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seen = append(l.seen, r.Header.Get("Authorization"))
}

func (l *headerLog) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.seen...)
}

// signedHeaders returns the SignedHeaders list of an SDK-HMAC-SHA256 Authorization header.
func signedHeaders(authorization string) []string {
	for part := range strings.SplitSeq(authorization, ",") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(part), "SignedHeaders="); ok {
			return strings.Split(v, ";")
		}
	}
	return nil
}

// exportAll lets go-cmp compare the SDK's enum types, whose one field is unexported.
var exportAll = cmp.Exporter(func(reflect.Type) bool { return true })

// checkDiff fails the test with the difference between what the SDK decoded and what it
// should have.
func checkDiff(t *testing.T, what string, want, got any) {
	t.Helper()
	if diff := cmp.Diff(want, got, exportAll); diff != "" {
		t.Errorf("%s (-want +got):\n%s", what, diff)
	}
}

// ok returns what an SDK call returned, failing the test, with what as the context, when
// the call returned an error: ok(sdk.ShowOneTopic(req))(t, "show topic").
func ok[T any](v T, err error) func(t *testing.T, what string) T {
	return func(t *testing.T, what string) T {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}
}

// checkServiceError checks that err is the SDK's error for an answer with status and the
// service's error code, carrying the answer's message and request id.
func checkServiceError(t *testing.T, err error, status int, code string) {
	t.Helper()
	var sre *sdkerr.ServiceResponseError
	if !errors.As(err, &sre) {
		t.Fatalf("error %v (%T), want a *sdkerr.ServiceResponseError", err, err)
	}
	if sre.StatusCode != status || sre.ErrorCode != code {
		t.Errorf("error %d %s, want %d %s (%v)", sre.StatusCode, sre.ErrorCode, status, code,
			sre)
	}
	if sre.ErrorMessage == "" || len(sre.RequestId) != 32 {
		t.Errorf("error message %q, request id %q: want both", sre.ErrorMessage, sre.RequestId)
	}
}
