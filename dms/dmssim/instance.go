package dmssim

import (
	"fmt"
	"slices"
)

// instance is one simulated instance. Every map has a sorted index beside it, and every grant
// a reverse index from the topic or group to the users, so that lists and access-policy views
// serve a page without a scan. The server's lock guards it.
type instance struct {
	id, name      string
	engineVersion string
	productID     string
	status        string
	enableACL     bool
	brokers       []string
	createdAt     int64

	topics   map[string]*Topic
	topicIdx nameIndex
	groups   map[string]*Group
	groupIdx nameIndex
	users    map[string]*User
	userIdx  nameIndex

	// topicGrants and groupGrants map a topic or group name to the users granted a
	// permission on it.
	topicGrants map[string]*nameIndex
	groupGrants map[string]*nameIndex

	subscriptions []Subscription
}

// newInstance builds an instance from a spec that has been validated.
func newInstance(spec InstanceSpec) *instance {
	in := &instance{
		id:            spec.ID,
		name:          spec.Name,
		engineVersion: spec.EngineVersion,
		productID:     spec.ProductID,
		status:        spec.Status,
		enableACL:     spec.EnableACL,
		brokers:       brokerNames(spec.BrokerNum),
		createdAt:     1700000000000,
		topics:        map[string]*Topic{},
		groups:        map[string]*Group{},
		users:         map[string]*User{},
		topicGrants:   map[string]*nameIndex{},
		groupGrants:   map[string]*nameIndex{},
		subscriptions: cloneSubscriptions(spec.Subscriptions),
	}
	in.seed(spec.Topics, spec.Groups, spec.Users)
	return in
}

// brokerNames names n brokers as the service does.
func brokerNames(n int) []string {
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("broker-%d", i)
	}
	return names
}

// seed adds (or replaces) many resources at once, merging each index in one pass.
func (in *instance) seed(topics []Topic, groups []Group, users []User) {
	names := make([]string, 0, max(len(topics), len(groups), len(users)))
	for _, t := range topics {
		t := cloneTopic(t)
		in.topics[t.Name] = &t
		names = append(names, t.Name)
	}
	in.topicIdx.addAll(names)

	names = names[:0]
	for _, g := range groups {
		g := cloneGroup(g)
		in.groups[g.Name] = &g
		names = append(names, g.Name)
	}
	in.groupIdx.addAll(names)

	for _, u := range users {
		in.putUser(cloneUser(u))
	}
}

// quota is how many topics, and as many groups, the instance holds.
func (in *instance) quota() int {
	perBroker, _ := ProductQuota(in.productID)
	return perBroker * len(in.brokers)
}

func (in *instance) hasBroker(name string) bool { return slices.Contains(in.brokers, name) }

func (in *instance) addTopic(t Topic) {
	in.topics[t.Name] = &t
	in.topicIdx.insert(t.Name)
}

func (in *instance) deleteTopic(name string) {
	delete(in.topics, name)
	in.topicIdx.remove(name)
}

func (in *instance) addGroup(g Group) {
	in.groups[g.Name] = &g
	in.groupIdx.insert(g.Name)
}

func (in *instance) deleteGroup(name string) {
	delete(in.groups, name)
	in.groupIdx.remove(name)
}

// putUser adds or replaces a user and keeps the grant indexes in step.
func (in *instance) putUser(u User) {
	if old, ok := in.users[u.AccessKey]; ok {
		in.unindexGrants(old)
	} else {
		in.userIdx.insert(u.AccessKey)
	}
	in.users[u.AccessKey] = &u
	indexGrants(in.topicGrants, u.TopicPerms, u.AccessKey)
	indexGrants(in.groupGrants, u.GroupPerms, u.AccessKey)
}

func (in *instance) deleteUser(name string) {
	if old, ok := in.users[name]; ok {
		in.unindexGrants(old)
	}
	delete(in.users, name)
	in.userIdx.remove(name)
}

func (in *instance) unindexGrants(u *User) {
	unindexGrants(in.topicGrants, u.TopicPerms, u.AccessKey)
	unindexGrants(in.groupGrants, u.GroupPerms, u.AccessKey)
}

func indexGrants(idx map[string]*nameIndex, grants []Grant, user string) {
	for _, g := range grants {
		x := idx[g.Name]
		if x == nil {
			x = &nameIndex{}
			idx[g.Name] = x
		}
		x.insert(user)
	}
}

func unindexGrants(idx map[string]*nameIndex, grants []Grant, user string) {
	for _, g := range grants {
		if x := idx[g.Name]; x != nil {
			x.remove(user)
			if x.len() == 0 {
				delete(idx, g.Name)
			}
		}
	}
}

// grantOn returns the permission user holds on name among grants.
func grantOn(grants []Grant, name string) string {
	for _, g := range grants {
		if g.Name == name {
			return g.Perm
		}
	}
	return ""
}

// topicsOfGroup and groupsOfTopic read the configured subscriptions, keeping only topics and
// groups that exist, in name order.
func (in *instance) topicsOfGroup(group string) []string {
	out := []string{}
	for _, s := range in.subscriptions {
		if s.Group != group {
			continue
		}
		for _, t := range s.Topics {
			if in.topics[t] != nil && !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	}
	slices.Sort(out)
	return out
}

func (in *instance) groupsOfTopic(topic string) []string {
	out := []string{}
	for _, s := range in.subscriptions {
		if in.groups[s.Group] != nil && slices.Contains(s.Topics, topic) &&
			!slices.Contains(out, s.Group) {
			out = append(out, s.Group)
		}
	}
	slices.Sort(out)
	return out
}

// spec returns a deep copy of the instance and everything it holds, in name order.
func (in *instance) spec() InstanceSpec {
	s := InstanceSpec{
		ID: in.id, Name: in.name, EngineVersion: in.engineVersion, ProductID: in.productID,
		BrokerNum: len(in.brokers), Status: in.status, EnableACL: in.enableACL,
		Topics:        make([]Topic, 0, in.topicIdx.len()),
		Groups:        make([]Group, 0, in.groupIdx.len()),
		Users:         make([]User, 0, in.userIdx.len()),
		Subscriptions: cloneSubscriptions(in.subscriptions),
	}
	for _, n := range in.topicIdx.names {
		s.Topics = append(s.Topics, cloneTopic(*in.topics[n]))
	}
	for _, n := range in.groupIdx.names {
		s.Groups = append(s.Groups, cloneGroup(*in.groups[n]))
	}
	for _, n := range in.userIdx.names {
		s.Users = append(s.Users, cloneUser(*in.users[n]))
	}
	return s
}

func cloneSubscriptions(subs []Subscription) []Subscription {
	out := make([]Subscription, len(subs))
	for i, s := range subs {
		out[i] = Subscription{Group: s.Group, Topics: slices.Clone(s.Topics)}
	}
	return out
}
