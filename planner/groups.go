package planner

import (
	"slices"

	"github.com/mqsync/mqsync/desired"
	"github.com/mqsync/mqsync/dms"
)

// groups plans every consumer group, as topics does for topics.
func (p *planning) groups() {
	diffKind(p, KindGroup,
		p.desired.Groups, func(g *desired.Group) string { return g.Name },
		p.live.Groups, func(g *dms.Group) string { return g.Name },
		func(g *desired.Group, l *dms.Group) {
			switch {
			case !p.checkBrokers(KindGroup, g.Name, g.Brokers):
			case l == nil:
				p.createGroup(*g)
			default:
				p.updateGroup(*g, l)
			}
		})
}

func (p *planning) groupSpec(g desired.Group, brokers []string) *dms.Group {
	if len(g.Brokers) > 0 {
		brokers = g.Brokers
	}
	return &dms.Group{
		Name: g.Name, Enabled: g.Enabled, Broadcast: g.Broadcast,
		Brokers: slices.Clone(brokers), RetryMaxTime: g.RetryMaxTime,
		FromBeginning: g.FromBeginning,
	}
}

func (p *planning) createGroup(g desired.Group) {
	spec := p.groupSpec(g, p.brokers)
	p.add(Change{
		Kind: KindGroup, Name: g.Name, Action: Create, Reason: createReason(g.Pos),
		Group:  spec,
		Fields: groupFields(&dms.Group{}, spec, true),
	})
}

// updateGroup compares a declared group with its live self. As for topics, a group that names
// no brokers accepts wherever it lives.
func (p *planning) updateGroup(g desired.Group, l *dms.Group) {
	liveBrokers := slices.Sorted(slices.Values(l.Brokers))
	spec := p.groupSpec(g, liveBrokers)
	fields := groupFields(&dms.Group{Name: l.Name, Enabled: l.Enabled, Broadcast: l.Broadcast,
		Brokers: liveBrokers, RetryMaxTime: l.RetryMaxTime, FromBeginning: l.FromBeginning},
		spec, false)
	if len(fields) == 0 {
		return
	}

	c := Change{Kind: KindGroup, Name: g.Name, Action: Update,
		Reason: updateReason(g.Pos), Fields: fields, Group: spec}
	if !slices.Equal(spec.Brokers, liveBrokers) {
		c.Action, c.Destructive = Replace, true
		c.Reason = "brokers cannot change in place; replacing resets the group's offsets"
	}
	p.add(c)
}

// groupFields lists the fields in which after differs from before; for a create (all) it lists
// every field, with no before value.
func groupFields(before, after *dms.Group, all bool) []Field {
	var fields []Field
	add := func(path string, b, a any, differ bool) {
		switch {
		case all:
			fields = append(fields, Field{Path: path, After: a})
		case differ:
			fields = append(fields, Field{Path: path, Before: b, After: a})
		}
	}
	add("enabled", before.Enabled, after.Enabled, before.Enabled != after.Enabled)
	add("broadcast", before.Broadcast, after.Broadcast, before.Broadcast != after.Broadcast)
	add("retry_max_time", before.RetryMaxTime, after.RetryMaxTime,
		before.RetryMaxTime != after.RetryMaxTime)
	add("from_beginning", before.FromBeginning, after.FromBeginning,
		before.FromBeginning != after.FromBeginning)
	add("brokers", before.Brokers, after.Brokers, !slices.Equal(before.Brokers, after.Brokers))
	return fields
}
