package planner

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mqsync/mqsync/desired"
	"github.com/mqsync/mqsync/dms"
)

// Options are switches from the command line. They widen what the files' policy allows; they
// never narrow it.
type Options struct {
	// AllowDestructive permits queue reductions and replacements, as policy.allow_destructive.
	AllowDestructive bool
	// RotateSecrets writes every declared user's secret, even where the service does not return
	// the live secret to compare with.
	RotateSecrets bool
}

// Live is the live state of one instance, as the list operations return it (every page).
type Live struct {
	Instance dms.Instance
	Brokers  []dms.Broker
	Topics   []dms.Topic
	Groups   []dms.Group
	Users    []dms.User
}

// PlanInstance returns what must change for live to match d. It never fails: what must not be
// applied is listed in the plan's Refusals, so a person can see the whole plan and why.
func PlanInstance(d *desired.Instance, live *Live, opts Options) *InstancePlan {
	p := &planning{
		desired: d,
		live:    live,
		opts:    opts,
		brokers: dms.BrokerNames(live.Brokers),
	}
	p.topics()
	p.groups()
	p.users()
	p.link()
	p.refuse()

	ip := &InstancePlan{
		Instance:    instanceLabel(d.Ref, live.Instance),
		InstanceID:  live.Instance.InstanceID,
		Changes:     p.changes,
		Unmanaged:   p.unmanaged,
		Refusals:    p.refusals,
		Fingerprint: Fingerprint(live),
	}
	sortChanges(ip.Changes)
	for _, c := range ip.Changes {
		ip.Summary.count(c.Action)
	}
	ip.Summary.Unmanaged = len(p.unmanaged)
	return ip
}

// planning is the state of one PlanInstance call.
type planning struct {
	desired *desired.Instance
	live    *Live
	opts    Options
	// brokers are the instance's broker names, sorted.
	brokers []string

	changes   []Change
	unmanaged []string
	refusals  []string
}

func (p *planning) add(c Change) { p.changes = append(p.changes, c) }

func (p *planning) refusef(format string, args ...any) {
	p.refusals = append(p.refusals, fmt.Sprintf(format, args...))
}

// leaveAlone records a live resource that no file declares. It is deleted only when the policy
// prunes and no rule protects it; otherwise it is counted as unmanaged.
func (p *planning) leaveAlone(kind Kind, name string) {
	switch {
	case !p.desired.Policy.Prune:
		p.unmanaged = append(p.unmanaged, string(kind)+" "+name)
	case p.desired.Policy.Protects(name):
		p.unmanaged = append(p.unmanaged, string(kind)+" "+name)
	default:
		p.add(Change{Kind: kind, Name: name, Action: Delete,
			Reason: "not declared and policy.prune is true"})
	}
}

// diffKind pairs the declared and live resources of one kind by name. It calls each for every
// declared resource that the policy does not skip, with its live counterpart or nil, and hands
// every undeclared live resource to leaveAlone.
func diffKind[D, L any](p *planning, kind Kind, want []D, wantName func(*D) string,
	have []L, haveName func(*L) string, each func(d *D, l *L)) {
	live := make(map[string]*L, len(have))
	for i := range have {
		live[haveName(&have[i])] = &have[i]
	}

	declared := make(map[string]bool, len(want))
	for i := range want {
		name := wantName(&want[i])
		declared[name] = true
		if !skipped(&p.desired.Policy, kind, name) {
			each(&want[i], live[name])
		}
	}

	for i := range have {
		if name := haveName(&have[i]); !declared[name] && !skipped(&p.desired.Policy, kind, name) {
			p.leaveAlone(kind, name)
		}
	}
}

// checkBrokers refuses a plan whose files name brokers the instance does not have: creating
// there would fail, and comparing with them would claim a replacement that cannot succeed.
func (p *planning) checkBrokers(kind Kind, name string, want []string) bool {
	ok := true
	for _, b := range want {
		if _, found := slices.BinarySearch(p.brokers, b); !found {
			p.refusef("%s %s: broker %q does not exist on the instance (it has %s)",
				kind, name, b, strings.Join(p.brokers, ", "))
			ok = false
		}
	}
	return ok
}

// refuse adds the refusals that depend on the whole plan: destructive changes without
// consent, protected resources that would be replaced, and too many deletes.
func (p *planning) refuse() {
	policy := p.desired.Policy
	allow := policy.AllowDestructive || p.opts.AllowDestructive

	var deletes []string
	for _, c := range p.changes {
		if c.Action == Replace && p.desired.Policy.Protects(c.Name) {
			p.refusef("%s %s is protected by policy.protect and cannot be replaced (%s)",
				c.Kind, c.Name, c.Reason)
			continue
		}
		if c.Destructive && !allow {
			p.refusef("%s %s: %s; this is destructive: set policy.allow_destructive or "+
				"pass --allow-destructive", c.Kind, c.Name, c.Reason)
		}
		if c.Action == Delete {
			deletes = append(deletes, string(c.Kind)+" "+c.Name)
		}
	}
	if len(deletes) > policy.MaxDeletes {
		slices.Sort(deletes)
		p.refusef("%d deletes exceed policy.max_deletes (%d): %s",
			len(deletes), policy.MaxDeletes, strings.Join(deletes, ", "))
	}
}

// createReason and updateReason explain a change by where a file declares the resource, so a
// reader of the plan can go straight to the line.
func createReason(pos desired.Position) string {
	return declared(pos) + ", absent from the instance"
}

func updateReason(pos desired.Position) string {
	return declared(pos) + ", differs on the instance"
}

func declared(pos desired.Position) string {
	if pos.File == "" {
		return "declared"
	}
	return "declared at " + pos.String()
}

// instanceLabel names an instance for people: its name, whichever way the files refer to it.
func instanceLabel(ref desired.InstanceRef, live dms.Instance) string {
	switch {
	case live.Name != "":
		return live.Name
	case ref.Name != "":
		return ref.Name
	default:
		return ref.ID
	}
}
