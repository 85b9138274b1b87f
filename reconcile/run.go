package reconcile

import (
	"context"
	"fmt"

	"golang.org/x/sync/errgroup"

	"github.com/mqsync/mqsync/applier"
	"github.com/mqsync/mqsync/desired"
	"github.com/mqsync/mqsync/dms"
	"github.com/mqsync/mqsync/planner"
)

// maxParallelInstances bounds how many instances are read at once. The client's rate limit is
// shared by all of them anyway; this only keeps memory in check for many large instances.
const maxParallelInstances = 4

// Plan finds every instance of cfg, reads its live state and plans it. The plan lists the
// instances in cfg's order. Any instance that cannot be found or read fails the whole call:
// a plan that silently left one out would read as "no changes" there.
func Plan(ctx context.Context, c *dms.Client, cfg *desired.Config,
	opts planner.Options) (*planner.Plan, []*Target, error) {
	targets := make([]*Target, len(cfg.Instances))
	plans := make([]*planner.InstancePlan, len(cfg.Instances))

	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(maxParallelInstances)
	for i, d := range cfg.Instances {
		g.Go(func() error {
			t, err := Read(gctx, c, d)
			if err != nil {
				return err
			}
			targets[i], plans[i] = t, planner.PlanInstance(d, t.Live, opts)
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, nil, err
	}

	plan := &planner.Plan{}
	for _, ip := range plans {
		plan.Add(ip)
	}
	return plan, targets, nil
}

// Read finds the instance d describes and reads its live state.
func Read(ctx context.Context, c *dms.Client, d *desired.Instance) (*Target, error) {
	ic, inst, err := Resolve(ctx, c, d.Ref)
	if err != nil {
		return nil, err
	}
	live, err := ReadLive(ctx, ic, inst)
	if err != nil {
		return nil, err
	}
	return &Target{Desired: d, Instance: inst, Client: ic, Live: live}, nil
}

// Outcome is what applying a plan did.
type Outcome struct {
	Reports []*applier.Report
	// After is the plan made from the live state once everything was applied: empty when the
	// instances converged.
	After *planner.Plan
}

// Converged reports whether the instances match the files after applying.
func (o *Outcome) Converged() bool { return o.After != nil && o.After.Summary.Changes() == 0 }

// Apply applies each target's part of plan, instance after instance, then reads every instance
// again and plans it, so the caller can tell whether it converged. Targets and plan must come
// from the same Plan call.
func Apply(ctx context.Context, targets []*Target, plan *planner.Plan, popts planner.Options,
	aopts applier.Options) (*Outcome, error) {
	out := &Outcome{After: &planner.Plan{}}
	for i, t := range targets {
		ip := plan.Instances[i]
		if len(ip.Changes) > 0 {
			out.Reports = append(out.Reports, applier.Apply(ctx, t.Client, ip, aopts))
		}
	}
	if err := ctx.Err(); err != nil {
		out.After = nil
		return out, context.Cause(ctx)
	}

	for _, t := range targets {
		live, err := ReadLive(ctx, t.Client, t.Instance)
		if err != nil {
			out.After = nil
			return out, fmt.Errorf("read back: %w", err)
		}
		t.Live = live
		out.After.Add(planner.PlanInstance(t.Desired, live, popts))
	}
	return out, nil
}
