package dms_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mqsync/mqsync/dms"
	"github.com/mqsync/mqsync/dms/dmssim"
)

// instanceSteps reads the project's instances with each filter, and the two-broker instance's
// brokers.
func instanceSteps() []simStep {
	list := func(opts dms.ListInstancesOptions) func(context.Context, *dms.Client) (any, error) {
		return func(ctx context.Context, c *dms.Client) (any, error) {
			return c.ListInstances(ctx, opts)
		}
	}
	page := func(total int, instances ...dms.Instance) dms.InstancePage {
		return dms.InstancePage{Instances: instances, Total: total}
	}
	return []simStep{
		{"list instances", list(dms.ListInstancesOptions{}),
			page(3, prodInstance, haInstance, oldInstance)},
		{"list instances named exactly", list(dms.ListInstancesOptions{Name: "orders-prod",
			ExactMatchName: true}), page(1, prodInstance)},
		{"list instances by part of a name", list(dms.ListInstancesOptions{Name: "orders-prod"}),
			page(2, prodInstance, oldInstance)},
		{"list instances by a name with a space", list(dms.ListInstancesOptions{
			Name: "orders prod"}), page(0)},
		{"list instances by status", list(dms.ListInstancesOptions{Status: "CREATEFAILED"}),
			page(1, oldInstance)},
		{"list instances by id", list(dms.ListInstancesOptions{InstanceID: haID}),
			page(1, haInstance)},
		{"list instances with the SDK's engine", list(dms.ListInstancesOptions{
			Engine: "rocketmq", InstanceID: prodID}), page(1, prodInstance)},
		{"list a page of instances", list(dms.ListInstancesOptions{Limit: 1, Offset: 1}),
			page(3, haInstance)},
		{"list all instances", func(ctx context.Context, c *dms.Client) (any, error) {
			return c.ListAllInstances(ctx, dms.ListInstancesOptions{})
		}, []dms.Instance{prodInstance, haInstance, oldInstance}},
		{"find instance", func(ctx context.Context, c *dms.Client) (any, error) {
			return c.FindInstance(ctx, "orders-prod")
		}, prodInstance},
		{"show instance", func(ctx context.Context, c *dms.Client) (any, error) {
			return c.ShowInstance(ctx, haID)
		}, haInstance},
		{"list brokers", func(ctx context.Context, c *dms.Client) (any, error) {
			return c.ListBrokers(ctx, haID)
		}, []dms.Broker{{BrokerName: "broker-0", IDs: []int{0, 1, 2}},
			{BrokerName: "broker-1", IDs: []int{0, 1, 2}}}},
	}
}

// TestSim_FindInstance finds an instance by its exact name, and says when none or several
// have it, in one request each.
func TestSim_FindInstance(t *testing.T) {
	e := newSimEnv(t, authSigned, simConfig(authSigned))
	twins := []string{"0f1e2d3c-4b5a-4697-8877-665544332221",
		"0f1e2d3c-4b5a-4697-8877-665544332222"}
	for _, id := range twins {
		err := e.sim.AddInstance(simProject, dmssim.InstanceSpec{ID: id, Name: "twin"})
		if err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()

	got, err := e.client.FindInstance(ctx, "orders-prod")
	if err != nil || got != prodInstance {
		t.Errorf("FindInstance(orders-prod) = %+v, %v; want %+v", got, err, prodInstance)
	}

	// "orders" is part of three names, and the name of none.
	_, err = e.client.FindInstance(ctx, "orders")
	if !errors.Is(err, dms.ErrInstanceNotFound) || !dms.IsNotFound(err) || dms.IsRetryable(err) {
		t.Errorf("FindInstance(orders) = %v, want ErrInstanceNotFound", err)
	}

	_, err = e.client.FindInstance(ctx, "twin")
	var ambiguous *dms.AmbiguousInstanceError
	if !errors.As(err, &ambiguous) || dms.IsNotFound(err) {
		t.Fatalf("FindInstance(twin) = %v, want an AmbiguousInstanceError", err)
	}
	want := &dms.AmbiguousInstanceError{Name: "twin", IDs: twins}
	if diff := cmp.Diff(want, ambiguous); diff != "" {
		t.Errorf("ambiguous instance (-want +got):\n%s", diff)
	}

	if n := e.sim.Stats().Count(dms.OpListInstances); n != 3 {
		t.Errorf("three lookups made %d requests, want 3", n)
	}
	checkCallsMatchStats(t, e)
}

// TestSim_WithProject reads another project of the same simulator with a derived client.
func TestSim_WithProject(t *testing.T) {
	const otherProject = "fedcba9876543210fedcba9876543210"
	const otherID = "0f1e2d3c-4b5a-4697-8877-665544332231"
	cfg := simConfig(authSigned)
	cfg.Projects = append(cfg.Projects, dmssim.Project{ID: otherProject,
		Instances: []dmssim.InstanceSpec{{ID: otherID, Name: "orders-prod"}}})
	e := newSimEnv(t, authSigned, cfg)

	other, err := e.client.WithProject(otherProject)
	if err != nil {
		t.Fatal(err)
	}
	got, err := other.FindInstance(context.Background(), "orders-prod")
	if err != nil || got.InstanceID != otherID || other.ProjectID() != otherProject {
		t.Errorf("FindInstance in %s = %+v, %v; want instance %s", otherProject, got, err,
			otherID)
	}
	if _, err := other.ShowInstance(context.Background(), prodID); !dms.IsNotFound(err) {
		t.Errorf("another project's instance: %v, want not found", err)
	}
	checkCallsMatchStats(t, e)
}
