package reconcile

import (
	"slices"
	"strings"
	"unicode"

	"github.com/mqsync/mqsync/desired"
	"github.com/mqsync/mqsync/dms"
	"github.com/mqsync/mqsync/planner"
)

// Export describes a live instance the way the files would, so that planning the result
// against the same live state finds no changes. It is how an operator adopts an instance.
// Secrets are never exported: each user's secret becomes a reference to the environment
// variable SecretEnvName(access key), which must hold it when the file is used.
func Export(live *planner.Live) *desired.Instance {
	all := dms.BrokerNames(live.Brokers)
	inst := &desired.Instance{
		Ref:    desired.InstanceRef{Name: live.Instance.Name},
		Policy: desired.DefaultPolicy(),
	}
	for _, t := range live.Topics {
		if !desired.IsSystemTopic(t.Name) {
			inst.Topics = append(inst.Topics, exportTopic(t, all))
		}
	}
	for _, g := range live.Groups {
		if !desired.IsSystemGroup(g.Name) {
			inst.Groups = append(inst.Groups, exportGroup(g, all))
		}
	}
	for _, u := range live.Users {
		inst.Users = append(inst.Users, exportUser(u))
	}

	// The model keeps every list sorted by name, whatever order the service lists them in.
	sortBy(inst.Topics, func(t desired.Topic) string { return t.Name })
	sortBy(inst.Groups, func(g desired.Group) string { return g.Name })
	sortBy(inst.Users, func(u desired.User) string { return u.AccessKey })
	return inst
}

// SecretEnvName is the environment variable that an exported file reads a user's secret from:
// MQSYNC_SECRET_ and the access key in upper case, with every other character than a letter
// or digit as "_".
func SecretEnvName(accessKey string) string {
	return "MQSYNC_SECRET_" + strings.Map(func(r rune) rune {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return unicode.ToUpper(r)
		}
		return '_'
	}, accessKey)
}

func exportTopic(t dms.Topic, all []string) desired.Topic {
	brokers := make([]string, 0, len(t.Brokers))
	for _, b := range t.Brokers {
		brokers = append(brokers, b.BrokerName)
	}
	slices.Sort(brokers)
	queues := t.TotalReadQueueNum / max(len(brokers), 1)
	return desired.Topic{Name: t.Name, QueueNum: queues,
		Permission: strings.ToLower(t.Permission), Brokers: placement(brokers, all)}
}

func exportGroup(g dms.Group, all []string) desired.Group {
	return desired.Group{Name: g.Name, Enabled: g.Enabled, Broadcast: g.Broadcast,
		RetryMaxTime: g.RetryMaxTime, FromBeginning: g.FromBeginning,
		Brokers: placement(slices.Sorted(slices.Values(g.Brokers)), all)}
}

func exportUser(u dms.User) desired.User {
	return desired.User{
		AccessKey:          u.AccessKey,
		SecretRef:          desired.SecretRef{Env: SecretEnvName(u.AccessKey)},
		WhiteRemoteAddress: strings.TrimSpace(u.WhiteRemoteAddress),
		Admin:              u.Admin,
		DefaultTopicPerm:   dms.NormalisePerm(u.DefaultTopicPerm),
		DefaultGroupPerm:   dms.NormalisePerm(u.DefaultGroupPerm),
		TopicPerms:         dms.GrantMap(u.TopicPerms),
		GroupPerms:         dms.GrantMap(u.GroupPerms),
	}
}

// placement is what the files say about where a resource lives: nothing when it is on every
// broker, which is what "no brokers" means.
func placement(brokers, all []string) []string {
	if len(brokers) == 0 || slices.Equal(brokers, all) {
		return nil
	}
	return brokers
}

func sortBy[T any](items []T, key func(T) string) {
	slices.SortFunc(items, func(a, b T) int { return strings.Compare(key(a), key(b)) })
}
