package planner

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"

	"github.com/mqsync/mqsync/dms"
)

// Fingerprint identifies a live state: two states with the same topics, groups, users and
// brokers, in any order, have the same fingerprint. Secrets are left out (a secret.Value
// encodes as a placeholder), so the fingerprint can be stored in a plan file. A saved plan is
// applied only while the live state still has the fingerprint it was made against.
func Fingerprint(live *Live) string {
	// Maps keyed by name make the encoding independent of list order: encoding/json sorts map
	// keys.
	state := struct {
		Instance string
		Brokers  map[string]dms.Broker
		Topics   map[string]dms.Topic
		Groups   map[string]dms.Group
		Users    map[string]dms.User
	}{
		Instance: live.Instance.InstanceID,
		Brokers:  byName(live.Brokers, func(b dms.Broker) string { return b.BrokerName }),
		Topics:   byName(live.Topics, func(t dms.Topic) string { return t.Name }),
		Groups:   byName(live.Groups, func(g dms.Group) string { return g.Name }),
		Users:    byName(live.Users, func(u dms.User) string { return u.AccessKey }),
	}
	for name, t := range state.Topics {
		t.Brokers = slices.SortedFunc(slices.Values(t.Brokers), func(a, b dms.TopicBroker) int {
			return strings.Compare(a.BrokerName, b.BrokerName)
		})
		state.Topics[name] = t
	}
	for name, g := range state.Groups {
		g.Brokers = slices.Sorted(slices.Values(g.Brokers))
		state.Groups[name] = g
	}
	for name, u := range state.Users {
		u.TopicPerms, u.GroupPerms = sortedGrants(u.TopicPerms), sortedGrants(u.GroupPerms)
		state.Users[name] = u
	}

	b, err := json.Marshal(state)
	if err != nil {
		// Every field is a plain value or a secret.Value; encoding cannot fail.
		panic("planner: encode live state: " + err.Error())
	}
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}

func sortedGrants(grants []dms.Grant) []dms.Grant {
	return slices.SortedFunc(slices.Values(grants), func(a, b dms.Grant) int {
		return strings.Compare(a.Name, b.Name)
	})
}

func byName[T any](items []T, name func(T) string) map[string]T {
	m := make(map[string]T, len(items))
	for _, it := range items {
		m[name(it)] = it
	}
	return m
}
