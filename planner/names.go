package planner

import (
	"path"

	"github.com/mqsync/mqsync/desired"
)

// nameRules decides which live names a plan may touch, from policy.protect and policy.ignore.
type nameRules struct {
	protect []string
	ignore  []string
}

func newNameRules(p desired.Policy) nameRules {
	return nameRules{protect: p.Protect, ignore: p.Ignore}
}

// protected reports whether name matches a policy.protect pattern: never deleted or replaced.
func (r nameRules) protected(name string) bool { return matchAny(r.protect, name) }

// skipped reports whether a resource is outside mqsync's view altogether: RocketMQ's own topics
// and groups, and names matching policy.ignore, are neither changed nor reported.
func (r nameRules) skipped(kind Kind, name string) bool {
	switch {
	case kind == KindTopic && desired.IsSystemTopic(name):
		return true
	case kind == KindGroup && desired.IsSystemGroup(name):
		return true
	}
	return matchAny(r.ignore, name)
}

// matchAny reports whether name matches one of the glob patterns. The loader has already
// rejected malformed patterns, so a match error cannot happen here and counts as no match.
func matchAny(patterns []string, name string) bool {
	for _, p := range patterns {
		if ok, _ := path.Match(p, name); ok {
			return true
		}
	}
	return false
}
