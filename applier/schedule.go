package applier

import (
	"context"
	"sync"
	"time"

	"github.com/mqsync/mqsync/planner"
)

// stage is a set of steps that may run at once. Stages run one after another.
type stage struct {
	// each holds steps run one call per change, with bounded concurrency.
	each []step
	// groupUpdates, groupDeletes and topicDeletes go through the batch calls.
	groupUpdates []*planner.Change
	groupDeletes []*planner.Change
	topicDeletes []*planner.Change
}

// changes lists the change of every step of the stage.
func (st *stage) changes() []*planner.Change {
	var all []*planner.Change
	for _, s := range st.each {
		all = append(all, s.change)
	}
	all = append(all, st.groupUpdates...)
	all = append(all, st.groupDeletes...)
	return append(all, st.topicDeletes...)
}

// step is one call sequence for one change.
type step struct {
	change *planner.Change
	do     func(*run, context.Context, *planner.Change) error
}

// schedule splits a plan into stages in the planner's phase order. Deletes take three stages
// (users, groups, topics) so that nothing is deleted while a user that is going away still
// holds a grant on it.
func schedule(changes []planner.Change) []stage {
	var create, grant, update, revoke, delUsers, delGroups, delTopics stage
	for i := range changes {
		ch := &changes[i]
		switch ch.Phase() {
		case planner.PhaseCreate:
			create.each = append(create.each, step{ch, createStep(ch)})
		case planner.PhaseGrant:
			grant.each = append(grant.each, step{ch, (*run).grantUser})
		case planner.PhaseUpdate:
			if ch.Kind == planner.KindGroup && ch.Action == planner.Update {
				update.groupUpdates = append(update.groupUpdates, ch)
			} else {
				update.each = append(update.each, step{ch, updateStep(ch)})
			}
		case planner.PhaseDelete:
			switch ch.Kind {
			case planner.KindUser:
				delUsers.each = append(delUsers.each, step{ch, (*run).deleteUser})
			case planner.KindGroup:
				delGroups.groupDeletes = append(delGroups.groupDeletes, ch)
			case planner.KindTopic:
				delTopics.topicDeletes = append(delTopics.topicDeletes, ch)
			}
		}
		// A user update that loses permissions has a second step, whatever its first.
		if ch.Kind == planner.KindUser && ch.User != nil && ch.User.Revoke != nil {
			revoke.each = append(revoke.each, step{ch, (*run).revokeUser})
		}
	}
	return []stage{create, grant, update, revoke, delUsers, delGroups, delTopics}
}

func createStep(ch *planner.Change) func(*run, context.Context, *planner.Change) error {
	if ch.Kind == planner.KindTopic {
		return (*run).createTopic
	}
	return (*run).createGroup
}

func updateStep(ch *planner.Change) func(*run, context.Context, *planner.Change) error {
	switch {
	case ch.Kind == planner.KindTopic && ch.Action == planner.Replace:
		return (*run).replaceTopic
	case ch.Kind == planner.KindTopic:
		return (*run).modifyTopic
	default:
		return (*run).replaceGroup
	}
}

// runPhase runs one stage: its per-change steps concurrently, and its batches.
func (r *run) runPhase(ctx context.Context, st stage) {
	var wg sync.WaitGroup
	wg.Go(func() { r.runEach(ctx, st.each) })
	if len(st.groupUpdates) > 0 {
		wg.Go(func() { r.runBatch(ctx, st.groupUpdates, r.modifyGroups) })
	}
	if len(st.groupDeletes) > 0 {
		wg.Go(func() { r.runBatch(ctx, st.groupDeletes, r.deleteGroups) })
	}
	if len(st.topicDeletes) > 0 {
		wg.Go(func() { r.runBatch(ctx, st.topicDeletes, r.deleteTopics) })
	}
	wg.Wait()
}

// runEach runs steps with at most Concurrency in flight.
func (r *run) runEach(ctx context.Context, steps []step) {
	sem := make(chan struct{}, r.opts.Concurrency)
	var wg sync.WaitGroup
	defer wg.Wait()
	for _, s := range steps {
		// Steps not started when the run is cancelled end as skipped, in Apply.
		if ctx.Err() != nil {
			return
		}
		if why := r.blocked(s.change); why != "" {
			r.skip(s.change, why)
			continue
		}
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			return
		}
		wg.Go(func() {
			defer func() { <-sem }()
			started := time.Now()
			r.finish(s.change, started, s.do(r, ctx, s.change))
		})
	}
}

// runBatch runs changes of one kind and action through a batch call, in chunks of BatchSize.
// do returns each failed change's error by name.
func (r *run) runBatch(ctx context.Context, changes []*planner.Change,
	do func(context.Context, []*planner.Change) map[string]error) {
	var ready []*planner.Change
	for _, ch := range changes {
		if why := r.blocked(ch); why != "" {
			r.skip(ch, why)
		} else {
			ready = append(ready, ch)
		}
	}

	for start := 0; start < len(ready) && ctx.Err() == nil; start += r.opts.BatchSize {
		chunk := ready[start:min(start+r.opts.BatchSize, len(ready))]
		started := time.Now()
		errs := do(ctx, chunk)
		for _, ch := range chunk {
			r.finish(ch, started, errs[ch.Name])
		}
	}
}
