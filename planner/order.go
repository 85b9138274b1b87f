package planner

import (
	"cmp"
	"slices"
)

// Phase is a step of the order in which a plan is applied. The order guarantees that a user is
// never granted a topic or group that does not exist yet, and that nothing is deleted while a
// managed user is still granted it.
type Phase int

// The phases, in order.
const (
	// PhaseCreate creates topics and groups.
	PhaseCreate Phase = iota + 1
	// PhaseGrant creates users and updates them with every permission they gain.
	PhaseGrant
	// PhaseUpdate updates and replaces topics and groups.
	PhaseUpdate
	// PhaseRevoke removes the permissions users lose.
	PhaseRevoke
	// PhaseDelete deletes users, then groups, then topics.
	PhaseDelete
)

// Phase returns the phase a change is applied in. A user update with permissions to remove is
// applied in two steps; Phase returns the first, and the UserSpec says whether a PhaseRevoke
// step follows.
func (c *Change) Phase() Phase {
	switch {
	case c.Action == Delete:
		return PhaseDelete
	case c.Kind == KindUser && c.User != nil && c.User.Grant == nil:
		return PhaseRevoke
	case c.Kind == KindUser:
		return PhaseGrant
	case c.Action == Create:
		return PhaseCreate
	default:
		return PhaseUpdate
	}
}

// kindRank orders kinds inside a phase: deletes go users, groups, topics (a user may still be
// granted the group or topic until it is gone); everything else goes topics, groups, users.
func kindRank(p Phase, k Kind) int {
	order := []Kind{KindTopic, KindGroup, KindUser}
	if p == PhaseDelete {
		order = []Kind{KindUser, KindGroup, KindTopic}
	}
	for i, o := range order {
		if o == k {
			return i
		}
	}
	return len(order)
}

// sortChanges puts changes in the order they are applied.
func sortChanges(changes []Change) {
	slices.SortStableFunc(changes, func(a, b Change) int {
		pa, pb := a.Phase(), b.Phase()
		return cmp.Or(
			cmp.Compare(pa, pb),
			cmp.Compare(kindRank(pa, a.Kind), kindRank(pb, b.Kind)),
			cmp.Compare(a.Name, b.Name),
		)
	})
}
