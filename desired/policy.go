package desired

import (
	"path"
	"slices"

	"gopkg.in/yaml.v3"
)

// DefaultPolicy returns the policy of an instance whose files set none: nothing is pruned,
// at most DefaultMaxDeletes deletes, no destructive changes, drift corrected.
func DefaultPolicy() Policy {
	return Policy{MaxDeletes: DefaultMaxDeletes, Drift: DefaultDrift}
}

// Protects reports whether name matches one of the Protect patterns, so that mqsync must
// neither delete nor replace it. Patterns use path.Match syntax and apply to topic, group and
// user names alike.
func (p Policy) Protects(name string) bool { return matchAny(p.Protect, name) }

// Ignores reports whether name matches one of the Ignore patterns, so that mqsync must neither
// change nor report it.
func (p Policy) Ignores(name string) bool { return matchAny(p.Ignore, name) }

// matchAny reports whether name matches one of patterns. Load has checked every pattern, so a
// malformed one cannot occur here; it would match nothing.
func matchAny(patterns []string, name string) bool {
	for _, p := range patterns {
		if ok, _ := path.Match(p, name); ok {
			return true
		}
	}
	return false
}

// policy decodes a policy, filling in defaults. Pattern lists come out sorted and without
// repeats.
func (d *decoder) policy(n *yaml.Node) *Policy {
	p := DefaultPolicy()
	d.fields(n, "policy", policyKeys, func(key string, _, v *yaml.Node) {
		f := "policy." + key
		switch key {
		case "prune":
			p.Prune, _ = d.boolean(v, f)
		case "protect":
			p.Protect = d.patterns(v, f)
		case "ignore":
			p.Ignore = d.patterns(v, f)
		case "max_deletes":
			p.MaxDeletes = d.maxDeletes(v, f)
		case "allow_destructive":
			p.AllowDestructive, _ = d.boolean(v, f)
		case "drift":
			p.Drift = d.drift(v, f)
		}
	})
	return &p
}

func (d *decoder) patterns(n *yaml.Node, field string) []string {
	list := d.stringList(n, field, func(s string) string {
		if s == "" {
			return "is an empty pattern"
		}
		if _, err := path.Match(s, ""); err != nil {
			return "is not a valid glob pattern (path.Match syntax: *, ?, [a-z], \\)"
		}
		return ""
	})
	slices.Sort(list)
	return slices.Compact(list)
}

func (d *decoder) maxDeletes(n *yaml.Node, field string) int {
	v, ok := d.integer(n, field)
	switch {
	case !ok:
		return DefaultMaxDeletes
	case v < 0:
		d.add(n, Diagnostic{Field: field, Value: n.Value,
			Message: n.Value + " is negative; want 0 or more",
			Hint:    "0 refuses every delete"})
		return DefaultMaxDeletes
	}
	return v
}

func (d *decoder) drift(n *yaml.Node, field string) string {
	s, ok := d.scalar(n, field)
	if !ok {
		return DefaultDrift
	}
	if s != DriftCorrect && s != DriftWarn {
		d.errorf(n, field, s, "%q is not a drift mode: %s or %s", s, DriftCorrect, DriftWarn)
		return DefaultDrift
	}
	return s
}
