package dms_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/mqsync/mqsync/dms"
	"github.com/mqsync/mqsync/dms/dmssim"
	"github.com/mqsync/mqsync/secret"
)

// Canaries: secrets that no error, log line or printed value may contain. The users' pass the
// simulator's secret rules.
const (
	canaryUserSecret = "Cnry#User7Secret"
	canaryNewSecret  = "Cnry#New8Secret"
	canarySimSK      = "cnry-sim-SK-9Zx"
	canaryToken      = "cnry-token-4Wq"
)

var canaries = []string{canaryUserSecret, canaryNewSecret, canarySimSK, canaryToken}

// canaryUser holds the canary secret and grants on the topic and the group, so that the
// access-policy views carry the secret too.
var canaryUser = dms.User{AccessKey: "canary-user", SecretKey: secret.New(canaryUserSecret),
	DefaultTopicPerm: dms.PermDeny, DefaultGroupPerm: dms.PermDeny,
	TopicPerms: []dms.Grant{{Name: topicName, Perm: dms.PermPub}},
	GroupPerms: []dms.Grant{{Name: groupName, Perm: dms.PermSub}}}

// canaryRun collects everything that calls return, to be searched for the canaries.
type canaryRun struct {
	t       *testing.T
	outputs []any
}

// keep records what a call returned.
func (r *canaryRun) keep(v any, err error) any {
	r.outputs = append(r.outputs, v)
	if err != nil {
		r.outputs = append(r.outputs, err)
	}
	return v
}

// fail records the error of a call that must fail.
func (r *canaryRun) fail(what string, err error) {
	if err == nil {
		r.t.Errorf("%s: no error", what)
	}
	r.outputs = append(r.outputs, err)
}

// TestSim_SecretsNeverShow sends canary secrets through every operation on users and the
// access-policy views, and through their failures, and searches every error, every log line
// of the client and the simulator, and every returned value printed with %v, %+v, %#v and as
// JSON. The secrets must arrive, and must show nowhere.
func TestSim_SecretsNeverShow(t *testing.T) {
	t.Parallel()
	cfg := simConfig(authSigned)
	cfg.Credentials[0].SecretKey = secret.New(canarySimSK)
	cfg.Tokens = []secret.Value{secret.New(canaryToken)}
	cfg.Projects[0].Instances[0].Topics = []dmssim.Topic{{Name: topicName}}
	cfg.Projects[0].Instances[0].Groups = []dmssim.Group{{Name: groupName}}
	e := newSimEnv(t, authSigned, cfg)
	signed := e.newClient(t, func(cfg *dms.Config) {
		cfg.Credentials.SecretKey = secret.New(canarySimSK)
		cfg.RequestTimeout = faultTimeout
	})
	token := e.newClient(t, func(cfg *dms.Config) {
		cfg.Credentials = dms.Credentials{AuthToken: secret.New(canaryToken)}
	})
	r := &canaryRun{t: t}

	created := r.keep(signed.CreateUser(context.Background(), prodID, canaryUser))
	if u, ok := created.(dms.User); !ok || u.SecretKey.Reveal() != canaryUserSecret {
		t.Fatalf("created user %v does not hold the canary", created)
	}
	policies := r.keep(token.ListAllTopicAccessPolicies(context.Background(), prodID,
		topicName))
	if p, ok := policies.([]dms.AccessPolicy); !ok || len(p) != 1 ||
		p[0].SecretKey.Reveal() != canaryUserSecret {
		t.Fatalf("access policies %v do not hold the canary", policies)
	}
	readCanary(r, signed)
	readCanary(r, token)
	failCanary(r, e, signed)
	r.outputs = append(r.outputs, signed, token, e.calls.all())

	for i, v := range r.outputs {
		checkNoCanary(t, fmt.Sprintf("output %d (%T)", i, v), v)
	}
	// Stopping the simulator waits for its handlers, whose last lines are then in the log.
	if err := e.sim.Close(); err != nil {
		t.Fatal(err)
	}
	logs, err := os.ReadFile(e.log.Name())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"component=dms ", "component=dmssim "} {
		if !strings.Contains(string(logs), want) {
			t.Errorf("no log line with %s: the logs were not captured", want)
		}
	}
	for _, c := range canaries {
		if strings.Contains(string(logs), c) {
			t.Errorf("the logs hold the canary %q", c)
		}
	}
}

// readCanary reads and modifies the canary user through c, successfully.
func readCanary(r *canaryRun, c *dms.Client) {
	ctx := context.Background()
	r.keep(c.ShowUser(ctx, prodID, canaryUser.AccessKey))
	r.keep(c.ListUsers(ctx, prodID, dms.Page{}))
	r.keep(c.ListAllUsers(ctx, prodID))
	r.keep(c.ListTopicAccessPolicies(ctx, prodID, topicName, dms.Page{}))
	r.keep(c.ListGroupAccessPolicies(ctx, prodID, groupName, dms.Page{}))
	r.keep(c.ListAllGroupAccessPolicies(ctx, prodID, groupName))

	kept := canaryUser
	kept.SecretKey = secret.Value{}
	r.keep(c.ModifyUser(ctx, prodID, kept))
	changed := canaryUser
	changed.SecretKey = secret.New(canaryNewSecret)
	r.keep(c.ModifyUser(ctx, prodID, changed))
	r.keep(c.ModifyUser(ctx, prodID, canaryUser))
}

// failCanary sends the canary secrets in requests that fail in every way the simulator can
// make them fail.
func failCanary(r *canaryRun, e *simEnv, c *dms.Client) {
	ctx := context.Background()
	create := func(u dms.User) error {
		_, err := c.CreateUser(ctx, prodID, u)
		return err
	}
	r.fail("create a taken user", create(canaryUser))
	badGrant := canaryUser
	badGrant.AccessKey = "canary-other"
	badGrant.TopicPerms = []dms.Grant{{Name: topicName, Perm: "ALL"}}
	r.fail("create with a bad grant", create(badGrant))
	badName := canaryUser
	badName.AccessKey = "9-starts-with-a-digit"
	r.fail("create with a bad name", create(badName))
	ghost := canaryUser
	ghost.AccessKey = "ghost-user"
	_, err := c.ModifyUser(ctx, prodID, ghost)
	r.fail("modify an unknown user", err)

	for _, kind := range []dmssim.FaultKind{dmssim.Fault500, dmssim.Fault503,
		dmssim.FaultReset, dmssim.FaultTimeoutAfterCommit} {
		e.sim.InjectFault(dms.OpModifyUser, kind, 1)
		_, err := c.ModifyUser(ctx, prodID, canaryUser)
		r.fail("modify user meeting "+string(kind), err)
	}
	e.sim.InjectFault(dms.OpShowUser, dmssim.Fault500, 4)
	_, err = c.ShowUser(ctx, prodID, canaryUser.AccessKey)
	r.fail("show user meeting 500 each time", err)

	_ = e.sim.SetInstanceStatus(simProject, prodID, "RESTARTING")
	_, err = c.ModifyUser(ctx, prodID, canaryUser)
	r.fail("modify user on a restarting instance", err)
	_ = e.sim.SetInstanceStatus(simProject, prodID, "RUNNING")

	stranger := dms.Credentials{AccessKey: "SIMAK0000000000000009",
		SecretKey: secret.New(canarySimSK)}
	other := e.newClient(r.t, func(cfg *dms.Config) { cfg.Credentials = stranger })
	_, err = other.CreateUser(ctx, prodID, canaryUser)
	r.fail("create user with an unknown key", err)
}

// checkNoCanary fails the test when v, printed or encoded, shows a canary.
func checkNoCanary(t *testing.T, what string, v any) {
	t.Helper()
	texts := []string{fmt.Sprintf("%v", v), fmt.Sprintf("%+v", v), fmt.Sprintf("%#v", v),
		fmt.Sprintf("%s", v), fmt.Sprintf("%q", v)}
	if err, ok := v.(error); ok {
		texts = append(texts, err.Error())
	}
	if b, err := json.Marshal(v); err == nil {
		texts = append(texts, string(b))
	}
	for _, text := range texts {
		for _, c := range canaries {
			if strings.Contains(text, c) {
				t.Errorf("%s shows the canary %q: %s", what, c, text)
			}
		}
	}
}
