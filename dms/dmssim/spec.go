package dmssim

import (
	"fmt"
	"slices"
	"strings"
)

// fieldError is a problem with one value of a configuration or state file, at a path such as
// projects[0].instances[1].topics[3].permission. The loader turns the path into a line number.
type fieldError struct {
	path []any
	msg  string
}

func (e fieldError) pathString() string {
	var b strings.Builder
	for _, p := range e.path {
		switch p := p.(type) {
		case int:
			fmt.Fprintf(&b, "[%d]", p)
		default:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			fmt.Fprint(&b, p)
		}
	}
	return b.String()
}

// problems collects fieldErrors under a common path prefix.
type problems struct {
	prefix []any
	list   []fieldError
}

func (p *problems) add(msg string, path ...any) {
	full := append(slices.Clone(p.prefix), path...)
	p.list = append(p.list, fieldError{path: full, msg: msg})
}

// err joins the problems into one error, each line starting with prefix; nil when there are
// none.
func (p *problems) err(prefix string) error {
	return joinFieldErrors(p.list, func(fieldError) string { return prefix })
}

func (p *problems) addErr(err *apiError, path ...any) {
	if err != nil {
		p.add(err.msg, path...)
	}
}

// normalizeSpec fills in the defaults of an instance and everything it holds, then checks every
// value against the rules the API enforces, so that nothing a request could not have created
// gets into the simulator.
func normalizeSpec(s *InstanceSpec, p *problems) {
	if !uuidRule.MatchString(s.ID) {
		p.add(fmt.Sprintf("instance id %q is not a UUID", s.ID), "id")
	}
	if s.Name == "" {
		p.add("instance name is empty", "name")
	}
	if s.EngineVersion == "" {
		s.EngineVersion = EngineVersion480
	}
	if s.ProductID == "" {
		s.ProductID = DefaultProductID
	}
	perBroker, ok := ProductQuota(s.ProductID)
	if !ok {
		p.add(fmt.Sprintf("product_id %q is not one of c6.4u8g.cluster, c6.8u16g.cluster, "+
			"c6.12u24g.cluster, c6.16u32g.cluster", s.ProductID), "product_id")
	}
	if s.BrokerNum == 0 {
		s.BrokerNum = 1
	}
	if s.BrokerNum < 1 || s.BrokerNum > 10 {
		p.add(fmt.Sprintf("broker_num %d is not between 1 and 10", s.BrokerNum), "broker_num")
	}
	if s.Status == "" {
		s.Status = StatusRunning
	}
	brokers := brokerNames(max(s.BrokerNum, 0))
	quota := perBroker * len(brokers)

	normalizeTopics(s.Topics, brokers, quota, p)
	normalizeGroups(s.Groups, brokers, quota, p)
	normalizeUsers(s.Users, p)
	for i, sub := range s.Subscriptions {
		p.addErr(checkName("group", sub.Group), "subscriptions", i, "group")
		for j, t := range sub.Topics {
			p.addErr(checkName("topic", t), "subscriptions", i, "topics", j)
		}
	}
}

// checkNames checks the names of one kind of resource: each valid and unique, and no more of
// them than the quota.
func checkNames(kind, key string, names []string, quota int, p *problems) {
	if quota > 0 && len(names) > quota {
		p.add(fmt.Sprintf("%d %ss exceed the quota of %d", len(names), kind, quota), key)
	}
	seen := map[string]bool{}
	for i, n := range names {
		p.addErr(checkName(kind, n), key, i, "name")
		if seen[n] {
			p.add(fmt.Sprintf("%s %q is listed twice", kind, n), key, i, "name")
		}
		seen[n] = true
	}
}

func normalizeTopics(topics []Topic, brokers []string, quota int, p *problems) {
	names := make([]string, len(topics))
	for i, t := range topics {
		names[i] = t.Name
	}
	checkNames("topic", "topics", names, quota, p)
	for i := range topics {
		t := &topics[i]
		if t.Permission == "" {
			t.Permission = TopicPermAll
		}
		p.addErr(checkTopicPerm("permission", t.Permission), "topics", i, "permission")
		if len(t.Brokers) == 0 {
			t.Brokers = spreadQueues(brokers, DefaultQueueNum, DefaultQueueNum)
		}
		normalizeTopicBrokers(t, brokers, p, "topics", i, "brokers")
	}
}

// normalizeTopicBrokers checks a topic's share of each broker and sets its totals to the sums.
func normalizeTopicBrokers(t *Topic, brokers []string, p *problems, path ...any) {
	t.TotalReadQueueNum, t.TotalWriteQueueNum = 0, 0
	seen := map[string]bool{}
	for j := range t.Brokers {
		b := &t.Brokers[j]
		at := append(slices.Clone(path), j)
		if !slices.Contains(brokers, b.BrokerName) || seen[b.BrokerName] {
			p.add(fmt.Sprintf("broker %q is not a broker of the instance, or listed twice",
				b.BrokerName), append(at, "broker_name")...)
		}
		seen[b.BrokerName] = true
		for _, q := range []*int{&b.ReadQueueNum, &b.WriteQueueNum} {
			if *q == 0 {
				*q = DefaultQueueNum
			}
			if *q < 1 || *q > MaxQueueNum {
				p.add(fmt.Sprintf("queue count %d is not between 1 and %d", *q, MaxQueueNum),
					at...)
			}
		}
		t.TotalReadQueueNum += b.ReadQueueNum
		t.TotalWriteQueueNum += b.WriteQueueNum
	}
}

// spreadQueues gives each broker the same number of read and write queues.
func spreadQueues(brokers []string, read, write int) []TopicBroker {
	out := make([]TopicBroker, len(brokers))
	for i, b := range brokers {
		out[i] = TopicBroker{BrokerName: b, ReadQueueNum: read, WriteQueueNum: write}
	}
	return out
}

func normalizeGroups(groups []Group, brokers []string, quota int, p *problems) {
	names := make([]string, len(groups))
	for i, g := range groups {
		names[i] = g.Name
	}
	checkNames("group", "groups", names, quota, p)
	for i := range groups {
		g := &groups[i]
		if len(g.Brokers) == 0 {
			g.Brokers = slices.Clone(brokers)
		}
		for j, b := range g.Brokers {
			if !slices.Contains(brokers, b) || slices.Index(g.Brokers, b) != j {
				p.add(fmt.Sprintf("broker %q is not a broker of the instance, or listed twice",
					b), "groups", i, "brokers", j)
			}
		}
		if g.RetryMaxTime == 0 {
			g.RetryMaxTime = DefaultRetryMaxTime
		}
		p.addErr(checkRetryMaxTime(g.RetryMaxTime), "groups", i, "retry_max_time")
	}
}

func normalizeUsers(users []User, p *problems) {
	seen := map[string]bool{}
	for i := range users {
		u := &users[i]
		p.addErr(checkAccessKey(u.AccessKey), "users", i, "access_key")
		if seen[u.AccessKey] {
			p.add(fmt.Sprintf("user %q is listed twice", u.AccessKey), "users", i, "access_key")
		}
		seen[u.AccessKey] = true
		p.addErr(checkSecret(u.AccessKey, u.SecretKey.Reveal()), "users", i, "secret_key")
		if u.DefaultTopicPerm == "" {
			u.DefaultTopicPerm = PermDeny
		}
		if u.DefaultGroupPerm == "" {
			u.DefaultGroupPerm = PermDeny
		}
		p.addErr(checkUserPerm("default_topic_perm", u.DefaultTopicPerm),
			"users", i, "default_topic_perm")
		p.addErr(checkUserPerm("default_group_perm", u.DefaultGroupPerm),
			"users", i, "default_group_perm")
		p.addErr(checkGrants("topic_perms", "topic", u.TopicPerms), "users", i, "topic_perms")
		p.addErr(checkGrants("group_perms", "group", u.GroupPerms), "users", i, "group_perms")
	}
}
