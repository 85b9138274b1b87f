package render

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mqsync/mqsync/desired"
	"github.com/mqsync/mqsync/dms"
	"github.com/mqsync/mqsync/planner"
	"github.com/mqsync/mqsync/secret"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

const canary = "Canary-Secret-42!"

// samplePlan has one change of every action, a secret, unmanaged resources and a refusal, on
// one instance, plus an instance with no changes.
func samplePlan() *planner.Plan {
	d := &desired.Instance{
		Ref: desired.InstanceRef{Name: "orders-prod"},
		Policy: desired.Policy{Prune: true, MaxDeletes: 10, Protect: []string{"keep-*"},
			Drift: desired.DriftCorrect},
		Topics: []desired.Topic{
			{Name: "orders-created", QueueNum: 8, Permission: "all",
				Pos: desired.Position{File: "orders.yaml", Line: 4, Column: 3}},
			{Name: "orders-paid", QueueNum: 2, Permission: "pub"},
			{Name: "audit", QueueNum: 3, Permission: "all", Brokers: []string{"broker-1"}},
		},
		Groups: []desired.Group{{Name: "billing", Enabled: true, RetryMaxTime: 5}},
		Users: []desired.User{{
			AccessKey: "billing-svc", Secret: secret.New(canary),
			DefaultTopicPerm: "DENY", DefaultGroupPerm: "DENY",
			TopicPerms: map[string]string{"orders-created": "SUB"},
			GroupPerms: map[string]string{"billing": "SUB"},
		}},
	}
	live := &planner.Live{
		Instance: dms.Instance{InstanceID: "6b3f2a1e-6a6d-4f0e-9d2c-8b1f0c3e5a71",
			Name: "orders-prod", EnableACL: true},
		Brokers: []dms.Broker{{BrokerName: "broker-0"}, {BrokerName: "broker-1"}},
		Topics: []dms.Topic{
			topic("orders-paid", "all", 4),
			topic("audit", "all", 3),
			topic("legacy", "all", 3),
			topic("keep-me", "all", 3),
		},
		Groups: []dms.Group{{Name: "billing", Enabled: true, RetryMaxTime: 16,
			Brokers: []string{"broker-0"}}},
		Users: []dms.User{{AccessKey: "billing-svc", SecretKey: secret.New("Old-Secret-1"),
			DefaultTopicPerm: "DENY", DefaultGroupPerm: "DENY"}},
	}
	p := &planner.Plan{}
	p.Add(planner.PlanInstance(d, live, planner.Options{}))

	quiet := &desired.Instance{Ref: desired.InstanceRef{Name: "payments-prod"},
		Policy: desired.Policy{MaxDeletes: 10}}
	p.Add(planner.PlanInstance(quiet, &planner.Live{Instance: dms.Instance{
		InstanceID: "0c5e4a0b-3f7c-4d51-a2c8-7f0e9b6d1c24", Name: "payments-prod"}},
		planner.Options{}))
	return p
}

func topic(name, perm string, queues int) dms.Topic {
	return dms.Topic{Name: name, Permission: perm, TotalReadQueueNum: queues,
		TotalWriteQueueNum: queues, Brokers: []dms.TopicBroker{{BrokerName: "broker-0",
			ReadQueueNum: queues, WriteQueueNum: queues}}}
}

func TestRender_Golden(t *testing.T) {
	tests := []struct {
		file  string
		write func(*bytes.Buffer, *planner.Plan) error
	}{
		{"plan.txt", func(b *bytes.Buffer, p *planner.Plan) error { return Text{}.Plan(b, p) }},
		{"plan-color.txt", func(b *bytes.Buffer, p *planner.Plan) error {
			return Text{Color: true}.Plan(b, p)
		}},
		{"plan.json", func(b *bytes.Buffer, p *planner.Plan) error { return JSON(b, p) }},
		{"empty.txt", func(b *bytes.Buffer, _ *planner.Plan) error {
			return Text{}.Plan(b, &planner.Plan{})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tt.write(&buf, samplePlan()); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(buf.String(), canary) {
				t.Fatal("the rendered plan contains the secret")
			}
			golden(t, tt.file, buf.Bytes())
		})
	}
}

func TestReadPlanDocument_RoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, samplePlan()); err != nil {
		t.Fatal(err)
	}
	doc, err := ReadPlanDocument(&buf)
	if err != nil {
		t.Fatal(err)
	}
	want := NewPlanDocument(samplePlan())
	if diff := cmp.Diff(want.Summary, doc.Summary); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}
	if got := doc.Instances[0].Fingerprint; got != want.Instances[0].Fingerprint || got == "" {
		t.Errorf("fingerprint = %q, want %q", got, want.Instances[0].Fingerprint)
	}

	_, err = ReadPlanDocument(strings.NewReader(`{"format_version": "9"}`))
	if err == nil || !strings.Contains(err.Error(), `version "9"`) {
		t.Errorf("unknown version: err = %v", err)
	}
}

// golden compares got with testdata/name, or rewrites the file under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", path, diff)
	}
}
