package dms_test

import (
	"context"
	"errors"
	"regexp"
	"testing"
	"time"

	"github.com/mqsync/mqsync/dms"
	"github.com/mqsync/mqsync/dms/dmssim"
	"github.com/mqsync/mqsync/secret"
)

// requestIDPattern is what the simulator's request ids look like.
var requestIDPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

// verdict is what the error helpers say about one failure.
type verdict struct {
	notFound, exists, retryable, mayHaveApplied bool
	retryAfter                                  time.Duration
}

func verdictOf(err error) verdict {
	return verdict{notFound: dms.IsNotFound(err), exists: dms.IsAlreadyExists(err),
		retryable: dms.IsRetryable(err), mayHaveApplied: dms.MayHaveApplied(err),
		retryAfter: dms.RetryAfter(err)}
}

// checkAPIError checks that err is the service's answer to op with status and code, carrying
// the simulator's request id, and that the helpers judge it as want says.
func checkAPIError(t *testing.T, err error, op string, status int, code string, want verdict) {
	t.Helper()
	var apiErr *dms.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("%s: error %v is not an *APIError", op, err)
	}
	if apiErr.Operation != op || apiErr.StatusCode != status || apiErr.Code != code {
		t.Errorf("error %v: want operation %s, status %d, code %s", err, op, status, code)
	}
	if !requestIDPattern.MatchString(apiErr.RequestID) || apiErr.Message == "" {
		t.Errorf("error %v: want the simulator's request id and message", err)
	}
	if got := verdictOf(err); got != want {
		t.Errorf("helpers on %v: %+v, want %+v", err, got, want)
	}
}

// checkOneRequest checks that the client made exactly one call of op without a retry, and
// that the simulator saw exactly one request of it.
func checkOneRequest(t *testing.T, e *simEnv, op string) {
	t.Helper()
	calls := e.calls.all()
	if len(calls) != 1 || calls[0].Operation != op || calls[0].Retries != 0 {
		t.Errorf("calls %+v, want one call of %s without retries", calls, op)
	}
	if n := awaitCount(t, e.sim, op, 1).Count(op); n != 1 {
		t.Errorf("simulator saw %d requests of %s, want 1", n, op)
	}
	checkCallsMatchStats(t, e)
}

// errCase is one call that must fail, and how.
type errCase struct {
	name   string
	call   func(ctx context.Context, c *dms.Client) error
	op     string
	status int
	code   string
}

// TestSim_NotFound asks for a topic, group, user and instance that do not exist, through every
// operation that names one. Each answer is a not-found that is never retried.
func TestSim_NotFound(t *testing.T) {
	const unknown = "0f1e2d3c-4b5a-4697-8877-6655443322ff"
	const noTopic, noGroup, noUser = "DMS.10240401", "DMS.10240405", dms.CodeUserNotFound
	e := newSimEnv(t, authSigned, simConfig(authSigned))
	ghost := dms.User{AccessKey: "ghost-user", SecretKey: secret.New("Gh0st-Secret")}
	tests := []errCase{
		{"show topic", func(ctx context.Context, c *dms.Client) error {
			_, err := c.ShowTopic(ctx, prodID, "no-such-topic")
			return err
		}, dms.OpShowTopic, 404, noTopic},
		{"modify topic", func(ctx context.Context, c *dms.Client) error {
			return c.ModifyTopic(ctx, prodID, "no-such-topic", dms.ModifyTopicRequest{
				Permission: dms.TopicPermSub})
		}, dms.OpModifyTopic, 404, noTopic},
		{"delete topic", func(ctx context.Context, c *dms.Client) error {
			return c.DeleteTopic(ctx, prodID, "no%such|topic")
		}, dms.OpDeleteTopic, 404, noTopic},
		{"topic status", func(ctx context.Context, c *dms.Client) error {
			_, err := c.TopicStatus(ctx, prodID, "no-such-topic")
			return err
		}, dms.OpShowTopicStatus, 404, noTopic},
		{"groups of a topic", func(ctx context.Context, c *dms.Client) error {
			_, err := c.ListTopicGroups(ctx, prodID, "no-such-topic")
			return err
		}, dms.OpListTopicGroups, 404, noTopic},
		{"topic access policies", func(ctx context.Context, c *dms.Client) error {
			_, err := c.ListTopicAccessPolicies(ctx, prodID, "no-such-topic", dms.Page{})
			return err
		}, dms.OpListTopicAccessPolicies, 404, noTopic},
		{"show group", func(ctx context.Context, c *dms.Client) error {
			_, err := c.ShowGroup(ctx, prodID, "no%such|group")
			return err
		}, dms.OpShowGroup, 404, noGroup},
		{"modify group", func(ctx context.Context, c *dms.Client) error {
			return c.ModifyGroup(ctx, prodID, dms.Group{Name: "no-such-group", Enabled: true})
		}, dms.OpModifyGroup, 404, noGroup},
		{"modify groups", func(ctx context.Context, c *dms.Client) error {
			_, err := c.ModifyGroups(ctx, prodID, []dms.Group{{Name: "no-such-group"}})
			return err
		}, dms.OpModifyGroups, 404, noGroup},
		{"delete group", func(ctx context.Context, c *dms.Client) error {
			return c.DeleteGroup(ctx, prodID, "no-such-group")
		}, dms.OpDeleteGroup, 404, noGroup},
		{"topics of a group", func(ctx context.Context, c *dms.Client) error {
			_, err := c.ListGroupTopics(ctx, prodID, "no-such-group")
			return err
		}, dms.OpListGroupTopics, 404, noGroup},
		{"group access policies", func(ctx context.Context, c *dms.Client) error {
			_, err := c.ListGroupAccessPolicies(ctx, prodID, "no-such-group", dms.Page{})
			return err
		}, dms.OpListGroupAccessPolicies, 404, noGroup},
		{"show user", func(ctx context.Context, c *dms.Client) error {
			_, err := c.ShowUser(ctx, prodID, ghost.AccessKey)
			return err
		}, dms.OpShowUser, 400, noUser},
		{"modify user", func(ctx context.Context, c *dms.Client) error {
			_, err := c.ModifyUser(ctx, prodID, ghost)
			return err
		}, dms.OpModifyUser, 400, noUser},
		{"delete user", func(ctx context.Context, c *dms.Client) error {
			return c.DeleteUser(ctx, prodID, ghost.AccessKey)
		}, dms.OpDeleteUser, 400, noUser},
		{"show instance", func(ctx context.Context, c *dms.Client) error {
			_, err := c.ShowInstance(ctx, unknown)
			return err
		}, dms.OpShowInstance, 404, dms.CodeInstanceNotFound},
		{"list brokers", func(ctx context.Context, c *dms.Client) error {
			_, err := c.ListBrokers(ctx, unknown)
			return err
		}, dms.OpListBrokers, 404, dms.CodeInstanceNotFound},
		{"list topics", func(ctx context.Context, c *dms.Client) error {
			_, err := c.ListAllTopics(ctx, unknown)
			return err
		}, dms.OpListTopics, 404, dms.CodeInstanceNotFound},
		{"create topic", func(ctx context.Context, c *dms.Client) error {
			return c.CreateTopic(ctx, unknown, dms.CreateTopicRequest{Name: "orders"})
		}, dms.OpCreateTopic, 404, dms.CodeInstanceNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call(context.Background(), e.client)
			checkAPIError(t, err, tt.op, tt.status, tt.code, verdict{notFound: true})
			checkOneRequest(t, e, tt.op)
		})
	}
}

// TestSim_AlreadyExists creates a topic, a group and a user whose names are taken. Each answer
// is an already-exists that is never retried.
func TestSim_AlreadyExists(t *testing.T) {
	cfg := simConfig(authSigned)
	in := &cfg.Projects[0].Instances[0]
	in.Topics = []dmssim.Topic{{Name: topicName}}
	in.Groups = []dmssim.Group{{Name: groupName}}
	in.Users = []dmssim.User{{AccessKey: orderUser.AccessKey, SecretKey: orderUser.SecretKey}}
	e := newSimEnv(t, authSigned, cfg)

	tests := []errCase{
		{"topic", func(ctx context.Context, c *dms.Client) error {
			return c.CreateTopic(ctx, prodID, dms.CreateTopicRequest{Name: topicName})
		}, dms.OpCreateTopic, 400, dms.CodeTopicExists},
		{"group", func(ctx context.Context, c *dms.Client) error {
			return c.CreateGroup(ctx, prodID, dms.Group{Name: groupName})
		}, dms.OpCreateGroup, 400, dms.CodeGroupExists},
		// The reference gives no code for a taken user name; its message says so.
		{"user", func(ctx context.Context, c *dms.Client) error {
			_, err := c.CreateUser(ctx, prodID, orderUser)
			return err
		}, dms.OpCreateUser, 400, "DMS.00400062"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call(context.Background(), e.client)
			checkAPIError(t, err, tt.op, tt.status, tt.code, verdict{exists: true})
			checkOneRequest(t, e, tt.op)
		})
	}
}

// TestSim_InstanceNotRunning changes an instance that is restarting: the answer is the
// reference's DMS.00400026, which is worth retrying later, and the client sends it once.
func TestSim_InstanceNotRunning(t *testing.T) {
	e := newSimEnv(t, authSigned, simConfig(authSigned))
	if err := e.sim.SetInstanceStatus(simProject, prodID, "RESTARTING"); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	create := func() error {
		return e.client.CreateTopic(ctx, prodID, dms.CreateTopicRequest{Name: "orders"})
	}

	err := create()
	checkAPIError(t, err, dms.OpCreateTopic, 400, dms.CodeInstanceBusy,
		verdict{retryable: true})
	checkOneRequest(t, e, dms.OpCreateTopic)

	got, err := e.client.ShowInstance(ctx, prodID)
	if err != nil || got.Status != "RESTARTING" {
		t.Errorf("ShowInstance = %+v, %v; want a RESTARTING instance", got, err)
	}
	if err := e.sim.SetInstanceStatus(simProject, prodID, "RUNNING"); err != nil {
		t.Fatal(err)
	}
	if err := create(); err != nil {
		t.Errorf("create once the instance runs again: %v", err)
	}
}

// TestSim_Authentication calls the simulator with credentials it accepts and with credentials
// it refuses; a refusal is the gateway's 401 APIGW.0301, never retried.
func TestSim_Authentication(t *testing.T) {
	signed := func(ak, sk string) func(*dms.Config) {
		return func(cfg *dms.Config) {
			cfg.Credentials = dms.Credentials{AccessKey: ak, SecretKey: secret.New(sk)}
		}
	}
	skewed := func(d time.Duration) func(*dms.Config) {
		return func(cfg *dms.Config) {
			signed(simAK, simSK)(cfg)
			cfg.Now = func() time.Time { return time.Now().Add(d) }
		}
	}
	tests := []struct {
		name  string
		tweak func(*dms.Config)
		ok    bool
	}{
		{"right pair", signed(simAK, simSK), true},
		{"temporary credentials", func(cfg *dms.Config) {
			signed(simAK, simSK)(cfg)
			cfg.Credentials.SecurityToken = secret.New("sim-security-token")
		}, true},
		{"clock 10 minutes slow", skewed(-10 * time.Minute), true},
		{"right token", func(cfg *dms.Config) {
			cfg.Credentials = dms.Credentials{AuthToken: secret.New(simToken)}
		}, true},
		{"wrong secret key", signed(simAK, "not-the-secret"), false},
		{"unknown access key", signed("SIMAK0000000000000009", simSK), false},
		{"clock 20 minutes fast", skewed(20 * time.Minute), false},
		{"wrong token", func(cfg *dms.Config) {
			cfg.Credentials = dms.Credentials{AuthToken: secret.New("not-the-token")}
		}, false},
		{"no credentials", func(cfg *dms.Config) {
			cfg.Credentials, cfg.Unauthenticated = dms.Credentials{}, true
		}, false},
	}
	e := newSimEnv(t, authSigned, simConfig(authSigned))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := e.newClient(t, tt.tweak)
			_, err := c.ListInstances(context.Background(), dms.ListInstancesOptions{})
			if tt.ok && err != nil {
				t.Errorf("ListInstances: %v", err)
			}
			if !tt.ok {
				checkAPIError(t, err, dms.OpListInstances, 401, dms.CodeAuthFailed, verdict{})
			}
			checkOneRequest(t, e, dms.OpListInstances)
		})
	}
}
