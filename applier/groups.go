package applier

import (
	"context"
	"slices"

	"github.com/mqsync/mqsync/dms"
	"github.com/mqsync/mqsync/planner"
)

func (r *run) createGroup(ctx context.Context, ch *planner.Change) error {
	spec := ch.Group
	return r.write(ctx,
		func(ctx context.Context) error { return r.client.CreateGroup(ctx, r.instanceID, *spec) },
		func(ctx context.Context) (bool, error) {
			g, err := r.showGroup(ctx, spec.Name)
			if dms.IsNotFound(err) {
				return false, nil
			}
			return err == nil && groupMatches(spec, &g), err
		})
}

// replaceGroup moves a group to other brokers.
func (r *run) replaceGroup(ctx context.Context, ch *planner.Change) error {
	name := ch.Group.Name
	return r.replace(ctx, name,
		func(ctx context.Context) error { return r.client.DeleteGroup(ctx, r.instanceID, name) },
		r.groupsPresent,
		func(ctx context.Context) error { return r.createGroup(ctx, ch) })
}

// modifyGroups updates groups with the batch call and waits until they show the new settings.
func (r *run) modifyGroups(ctx context.Context, changes []*planner.Change) map[string]error {
	specs := make(map[string]*dms.Group, len(changes))
	for _, ch := range changes {
		specs[ch.Name] = ch.Group
	}
	return r.batch(ctx, changeNames(changes),
		func(ctx context.Context, names []string) error {
			groups := make([]dms.Group, len(names))
			for i, n := range names {
				groups[i] = *specs[n]
			}
			_, err := r.client.ModifyGroups(ctx, r.instanceID, groups)
			return err
		},
		func(ctx context.Context, names []string) ([]string, error) {
			found, err := r.lookupGroups(ctx, names)
			var left []string
			for _, n := range names {
				if g, ok := found[n]; !ok || !groupMatches(specs[n], &g) {
					left = append(left, n)
				}
			}
			return left, err
		})
}

// deleteGroups deletes groups with the batch call and waits until they are gone.
func (r *run) deleteGroups(ctx context.Context, changes []*planner.Change) map[string]error {
	return r.batch(ctx, changeNames(changes),
		func(ctx context.Context, names []string) error {
			_, err := r.client.DeleteGroups(ctx, r.instanceID, names)
			return err
		},
		r.groupsPresent)
}

func (r *run) groupsPresent(ctx context.Context, names []string) ([]string, error) {
	found, err := r.lookupGroups(ctx, names)
	return present(names, found), err
}

func (r *run) lookupGroups(ctx context.Context, names []string) (map[string]dms.Group, error) {
	return lookup(ctx, names, r.showGroup,
		func(ctx context.Context) ([]dms.Group, error) {
			return r.client.ListAllGroups(ctx, r.instanceID)
		},
		func(g *dms.Group) string { return g.Name })
}

// showGroup reads one group through the list call filtered by its name: the show call does
// not return from_beginning, and a group cannot be verified without it.
func (r *run) showGroup(ctx context.Context, name string) (dms.Group, error) {
	opts := dms.ListGroupsOptions{Name: name, Page: dms.Page{Limit: dms.MaxPageLimit}}
	for {
		page, err := r.client.ListGroups(ctx, r.instanceID, opts)
		if err != nil {
			return dms.Group{}, err
		}
		for _, g := range page.Groups {
			if g.Name == name {
				return g, nil
			}
		}
		// The filter matches substrings, so other groups may come first. When the group is
		// not among them, the show call gives the service's own answer (a 404, normally).
		if page.NextOffset < 0 || len(page.Groups) == 0 {
			return r.client.ShowGroup(ctx, r.instanceID, name)
		}
		opts.Offset = page.NextOffset
	}
}

// groupMatches reports whether a live group has the settings of spec. Brokers are compared
// only when the service reports them.
func groupMatches(spec, g *dms.Group) bool {
	brokers := slices.Sorted(slices.Values(g.Brokers))
	return g.Enabled == spec.Enabled && g.Broadcast == spec.Broadcast &&
		g.RetryMaxTime == spec.RetryMaxTime && g.FromBeginning == spec.FromBeginning &&
		(len(brokers) == 0 || slices.Equal(brokers, spec.Brokers))
}
