package dmssim

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mqsync/mqsync/secret"
)

// Each bad file is reported with every problem on its own line, named by file and line.
func TestLoadConfig_Errors(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		{"unknown_key.yaml", []string{
			`unknown_key.yaml:6: unknown key "brokers"`,
			`unknown_key.yaml:8: unknown key "sed"`,
		}},
		{"bad_values.yaml", []string{
			`bad_values.yaml:2: projects[0].id: project id "0123456789ABCDEF0123456789ABCDEF"`,
			`bad_values.yaml:6: projects[0].instances[0].product_id: product_id "c7.huge"`,
			`bad_values.yaml:9: projects[0].instances[0].topics[1].name: The name length`,
			`bad_values.yaml:10: projects[0].instances[0].topics[1].permission: `,
			`bad_values.yaml:13: projects[0].instances[0].groups[0].retry_max_time: `,
			`bad_values.yaml:15: projects[0].instances[0].users[0].access_key: Invalid username`,
			`bad_values.yaml:16: projects[0].instances[0].users[0].secret_key: The password`,
			`bad_values.yaml:18: faults.error_rate: error_rate 1.5 is not between 0 and 1`,
			`bad_values.yaml:19: faults.errors[1]: "boom" is not one of`,
		}},
		{"bad_syntax.yaml", []string{`bad_syntax.yaml:1: did not find expected`}},
		{"missing.yaml", []string{"read config: open testdata/config/missing.yaml"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := LoadConfig(filepath.Join("testdata", "config", tt.file))
			if err == nil {
				t.Fatal("LoadConfig succeeded")
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != len(tt.want) {
				t.Errorf("%d problems, want %d:\n%v", len(lines), len(tt.want), err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			if strings.Contains(err.Error(), "weak") {
				t.Errorf("the error shows a secret key:\n%v", err)
			}
		})
	}
}

func TestLoadConfig_Full(t *testing.T) {
	cfg, err := LoadConfig(filepath.Join("testdata", "config", "full.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	broker := func(r, w int) []TopicBroker {
		return []TopicBroker{{BrokerName: "broker-0", ReadQueueNum: r, WriteQueueNum: w}}
	}
	want := Config{
		Credentials: []Credential{{AccessKey: "SIMAK0000000000000001",
			SecretKey: secret.New("sim-secret-key-0001")}},
		Projects: []Project{{ID: DefaultProjectID, Instances: []InstanceSpec{{
			ID: DefaultInstanceID, Name: "orders-prod", EngineVersion: "4.8.0",
			ProductID: "c6.4u8g.cluster", BrokerNum: 1, Status: "RUNNING", EnableACL: true,
			Topics: []Topic{
				{Name: "orders", Permission: "pub", TotalReadQueueNum: 3,
					TotalWriteQueueNum: 3, Brokers: broker(3, 3)},
				{Name: "audit", Permission: "all", TotalReadQueueNum: 8,
					TotalWriteQueueNum: 4, Brokers: broker(8, 4)},
			},
			Groups: []Group{
				{Name: "billing", Enabled: true, Brokers: []string{"broker-0"}, RetryMaxTime: 3},
				{Name: "paused", Brokers: []string{"broker-0"}, RetryMaxTime: 16},
			},
			Users: []User{{AccessKey: "billing-app", SecretKey: secret.New("Billing-App-1"),
				DefaultTopicPerm: "DENY", DefaultGroupPerm: "DENY",
				TopicPerms: []Grant{{Name: "orders", Perm: "SUB"}}}},
			Subscriptions: []Subscription{{Group: "billing", Topics: []string{"orders"}}},
		}}}},
		Faults: Faults{Seed: 1, RetryAfter: time.Second, Errors: []FaultKind{Fault500, Fault503,
			Fault429, FaultFlowControl, FaultReset, FaultTimeoutAfterCommit}},
	}
	if diff := cmp.Diff(want, cfg, cmp.Comparer(secretEqual)); diff != "" {
		t.Errorf("config (-want +got):\n%s", diff)
	}
}

func TestLoadConfig_EmptyIsDefault(t *testing.T) {
	cfg, err := LoadConfig(filepath.Join("testdata", "config", "empty.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	want := DefaultConfig()
	if err := want.Validate(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, cfg, cmp.Comparer(secretEqual)); diff != "" {
		t.Errorf("config (-want +got):\n%s", diff)
	}
}
