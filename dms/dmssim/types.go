package dmssim

import (
	"slices"

	"github.com/mqsync/mqsync/secret"
)

// Topic permissions.
const (
	TopicPermAll = "all"
	TopicPermPub = "pub"
	TopicPermSub = "sub"
)

// User permissions, for a user's defaults and for each grant. The simulator accepts all four
// on topics and on groups alike.
const (
	PermPub    = "PUB"
	PermSub    = "SUB"
	PermPubSub = "PUB|SUB"
	PermDeny   = "DENY"
)

// Limits and defaults of the service.
const (
	DefaultQueueNum     = 3
	MaxQueueNum         = 50
	DefaultRetryMaxTime = 16
	MaxRetryMaxTime     = 16
	StatusRunning       = "RUNNING"
	EngineVersion480    = "4.8.0"
)

// Topic is a topic in the API's own shape, as show and list answer it. Totals count queues over
// every broker and always equal the sums over Brokers.
type Topic struct {
	Name               string        `json:"name" yaml:"name"`
	TotalReadQueueNum  int           `json:"total_read_queue_num" yaml:"total_read_queue_num"`
	TotalWriteQueueNum int           `json:"total_write_queue_num" yaml:"total_write_queue_num"`
	Permission         string        `json:"permission" yaml:"permission"`
	Brokers            []TopicBroker `json:"brokers" yaml:"brokers"`
}

// TopicBroker is a topic's share of one broker.
type TopicBroker struct {
	BrokerName    string `json:"broker_name" yaml:"broker_name"`
	ReadQueueNum  int    `json:"read_queue_num" yaml:"read_queue_num"`
	WriteQueueNum int    `json:"write_queue_num" yaml:"write_queue_num"`
}

// Group is a consumer group in the API's own shape, as the group list answers it.
type Group struct {
	Name          string   `json:"name"`
	Enabled       bool     `json:"enabled"`
	Broadcast     bool     `json:"broadcast"`
	Brokers       []string `json:"brokers"`
	RetryMaxTime  int      `json:"retry_max_time"`
	FromBeginning bool     `json:"from_beginning"`
}

// User is an ACL user of an instance. The secret key is held in a secret.Value so that no
// printing path shows it; the simulator reveals it only to put it on the wire and in the state
// file, as the service returns it on reads.
type User struct {
	AccessKey          string
	SecretKey          secret.Value
	WhiteRemoteAddress string
	Admin              bool
	DefaultTopicPerm   string
	DefaultGroupPerm   string
	TopicPerms         []Grant
	GroupPerms         []Grant
}

// Grant is one permission of a user on a named topic or group.
type Grant struct {
	Name string `json:"name" yaml:"name"`
	Perm string `json:"perm" yaml:"perm"`
}

// Subscription says which topics a consumer group consumes. The service learns subscriptions
// from running consumers; the simulator has none, so they are configured, and they feed the
// topic-to-groups and group-to-topics views only.
type Subscription struct {
	Group  string   `json:"group" yaml:"group"`
	Topics []string `json:"topics" yaml:"topics"`
}

// InstanceSpec is one instance with everything it holds: its settings and its topics, groups,
// users and subscriptions. It is the unit of configuration, of the state file and of Snapshot.
type InstanceSpec struct {
	ID            string
	Name          string
	EngineVersion string
	// ProductID sets the quotas: see ProductQuota.
	ProductID string
	// BrokerNum brokers are named broker-0, broker-1, ...
	BrokerNum     int
	Status        string
	EnableACL     bool
	Topics        []Topic
	Groups        []Group
	Users         []User
	Subscriptions []Subscription
}

// Project is a project id and its instances.
type Project struct {
	ID        string
	Instances []InstanceSpec
}

// ProductQuota returns how many topics, and as many groups, one broker of the product holds,
// and whether the product is known.
func ProductQuota(productID string) (int, bool) {
	q, ok := productQuotas[productID]
	return q, ok
}

var productQuotas = map[string]int{
	"c6.4u8g.cluster":   4000,
	"c6.8u16g.cluster":  8000,
	"c6.12u24g.cluster": 12000,
	"c6.16u32g.cluster": 16000,
}

// cloneTopic returns a deep copy, so that callers never share slices with the store.
func cloneTopic(t Topic) Topic {
	t.Brokers = slices.Clone(t.Brokers)
	return t
}

func cloneGroup(g Group) Group {
	g.Brokers = slices.Clone(g.Brokers)
	return g
}

func cloneUser(u User) User {
	u.TopicPerms = slices.Clone(u.TopicPerms)
	u.GroupPerms = slices.Clone(u.GroupPerms)
	return u
}
