package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/mqsync/mqsync/dms/dmssim"
	"github.com/mqsync/mqsync/dms/dmssim/dmssimtest"
)

// TestExample_MultiInstance runs examples/multi-instance as its README says: the simulator
// from its sim.yaml, the secrets from the environment, then apply and plan. Both instances get
// one plan, one summary and one exit code.
func TestExample_MultiInstance(t *testing.T) {
	cfg, err := dmssim.LoadConfig("../../examples/multi-instance/sim.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sim := dmssimtest.New(t, cfg)
	for name, value := range map[string]string{
		"MQSYNC_ORDERS_API_SECRET":     "Orders-api-1",
		"MQSYNC_BILLING_WORKER_SECRET": "Billing-wk-1",
		"MQSYNC_PAYMENTS_API_SECRET":   "Payments-api-1",
		"MQSYNC_LEDGER_WORKER_SECRET":  "Ledger-wk-1",
		// The simulator checks no signature, but the client signs every request.
		"HUAWEICLOUD_SDK_AK":         "SIMAK0000000000000001",
		"HUAWEICLOUD_SDK_SK":         "sim-secret-key-0001",
		"HUAWEICLOUD_SDK_PROJECT_ID": dmssim.DefaultProjectID,
	} {
		t.Setenv(name, value)
	}
	t.Setenv("NO_COLOR", "1")
	t.Setenv("MQSYNC_RATE", "1000")
	files := "../../examples/multi-instance/desired/"

	code, out, errs := runCommand("plan", "--endpoint", sim.URL(), "-f", files,
		"--detailed-exitcode")
	if code != exitChanges {
		t.Fatalf("plan exited %d, want %d\n%s", code, exitChanges, errs)
	}
	for _, want := range []string{"Instance orders-prod (", "Instance payments-prod (",
		"\nPlan: "} {
		if strings.Count(out, want) != 1 {
			t.Errorf("plan output has %q %d times, want once:\n%s", want,
				strings.Count(out, want), out)
		}
	}

	if code, out, errs := runCommand("apply", "--endpoint", sim.URL(), "-f", files,
		"--auto-approve"); code != exitOK {
		t.Fatalf("apply exited %d\n%s\n%s", code, out, errs)
	}
	if code, out, _ := runCommand("plan", "--endpoint", sim.URL(), "-f", files,
		"--detailed-exitcode"); code != exitOK {
		t.Fatalf("plan after apply exited %d:\n%s", code, out)
	}
}

// runCommand runs mqsync in this process and returns its exit code, stdout and stderr.
func runCommand(args ...string) (int, string, string) {
	var out, errs bytes.Buffer
	code := run(args, strings.NewReader(""), &out, &errs)
	return code, out.String(), errs.String()
}
