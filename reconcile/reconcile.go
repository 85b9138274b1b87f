// Package reconcile runs mqsync's main job over the API for every instance the files describe:
// find each instance, read its live state, plan, and (when asked) apply the plan and plan again
// to see whether the instance converged. The one-shot commands and the daemon share it.
//
// It owns the I/O around the planner and the applier, and none of their rules.
package reconcile

import (
	"context"
	"fmt"

	"golang.org/x/sync/errgroup"

	"github.com/mqsync/mqsync/desired"
	"github.com/mqsync/mqsync/dms"
	"github.com/mqsync/mqsync/planner"
)

// Target is one instance that the files describe, found on the service.
type Target struct {
	Desired  *desired.Instance
	Instance dms.Instance
	// Client talks to the instance's project.
	Client *dms.Client
	// Live is the state the last plan was made against.
	Live *planner.Live
}

// Resolve finds the instance that ref names: by id, or by exact name. An instance in another
// project than c's is reached through a client for that project.
func Resolve(ctx context.Context, c *dms.Client, ref desired.InstanceRef) (*dms.Client,
	dms.Instance, error) {
	if ref.ProjectID != "" && ref.ProjectID != c.ProjectID() {
		var err error
		if c, err = c.WithProject(ref.ProjectID); err != nil {
			return nil, dms.Instance{}, err
		}
	}
	var inst dms.Instance
	var err error
	if ref.ID != "" {
		inst, err = c.ShowInstance(ctx, ref.ID)
	} else {
		inst, err = c.FindInstance(ctx, ref.Name)
	}
	if err != nil {
		return nil, dms.Instance{}, fmt.Errorf("find instance %s: %w", refLabel(ref), err)
	}
	return c, inst, nil
}

// ReadLive reads everything the planner compares: brokers, and every page of topics, groups
// and users, concurrently.
func ReadLive(ctx context.Context, c *dms.Client, inst dms.Instance) (*planner.Live, error) {
	live := &planner.Live{Instance: inst}
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		live.Brokers, err = c.ListBrokers(ctx, inst.InstanceID)
		return wrap("list brokers", err)
	})
	g.Go(func() (err error) {
		live.Topics, err = c.ListAllTopics(ctx, inst.InstanceID)
		return wrap("list topics", err)
	})
	g.Go(func() (err error) {
		live.Groups, err = c.ListAllGroups(ctx, inst.InstanceID)
		return wrap("list groups", err)
	})
	// Users exist only where ACL is on; the planner refuses users declared elsewhere.
	if inst.EnableACL {
		g.Go(func() (err error) {
			live.Users, err = c.ListAllUsers(ctx, inst.InstanceID)
			return wrap("list users", err)
		})
	}
	if err := g.Wait(); err != nil {
		return nil, fmt.Errorf("instance %s: %w", inst.Name, err)
	}
	return live, nil
}

func wrap(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", what, err)
}

func refLabel(ref desired.InstanceRef) string {
	if ref.ID != "" {
		return ref.ID
	}
	return fmt.Sprintf("%q", ref.Name)
}
