package planner

import "github.com/mqsync/mqsync/desired"

// skipped reports whether a resource is outside mqsync's view altogether: RocketMQ's own topics
// and groups, and names matching policy.ignore, are neither changed nor reported.
func skipped(policy *desired.Policy, kind Kind, name string) bool {
	switch {
	case kind == KindTopic && desired.IsSystemTopic(name):
		return true
	case kind == KindGroup && desired.IsSystemGroup(name):
		return true
	}
	return policy.Ignores(name)
}
