// Package dmssimtest starts DMS simulators for tests of other packages: on a free loopback port,
// stopped when the test ends.
package dmssimtest

import (
	"context"
	"testing"

	"github.com/mqsync/mqsync/dms/dmssim"
)

// New starts a simulator from cfg on 127.0.0.1 and stops it when t ends. The result's URL is
// the API's base URL; its Server methods seed state (Seed), inject faults (InjectFault,
// SetFaults) and read request counts (Stats).
func New(t testing.TB, cfg dmssim.Config, opts ...dmssim.Option) *dmssim.Running {
	t.Helper()
	r, err := dmssim.Start(context.Background(), cfg, "127.0.0.1:0", opts...)
	if err != nil {
		t.Fatalf("start simulator: %v", err)
	}
	t.Cleanup(func() {
		if err := r.Close(); err != nil {
			t.Errorf("stop simulator: %v", err)
		}
	})
	return r
}

// NewDefault starts a simulator with dmssim.DefaultConfig: project dmssim.DefaultProjectID
// holding the empty RUNNING instance dmssim.DefaultInstanceID, and no credentials.
func NewDefault(t testing.TB, opts ...dmssim.Option) *dmssim.Running {
	t.Helper()
	return New(t, dmssim.DefaultConfig(), opts...)
}
