package dms

import (
	"slices"
	"strings"

	"github.com/mqsync/mqsync/secret"
)

// Instance is a DMS for RocketMQ instance, as the list and show operations describe it. Only
// the fields mqsync uses are kept; the service sends many more.
type Instance struct {
	InstanceID    string `json:"instance_id"`
	Name          string `json:"name"`
	Engine        string `json:"engine"`
	EngineVersion string `json:"engine_version"`
	// Status is the instance state as the service spells it, for example "RUNNING". Only a
	// running instance takes changes.
	Status    string `json:"status"`
	EnableACL bool   `json:"enable_acl"`
	BrokerNum int    `json:"broker_num"`
	ProductID string `json:"product_id"`
}

// Broker is one broker of an instance. IDs are the broker's replicas (0 is the master).
type Broker struct {
	BrokerName string `json:"broker_name"`
	IDs        []int  `json:"ids"`
}

// BrokerNames returns the names of brokers, sorted.
func BrokerNames(brokers []Broker) []string {
	names := make([]string, 0, len(brokers))
	for _, b := range brokers {
		names = append(names, b.BrokerName)
	}
	slices.Sort(names)
	return names
}

// Topic permissions as the topic operations spell them.
const (
	TopicPermAll = "all"
	TopicPermPub = "pub"
	TopicPermSub = "sub"
)

// Topic is a topic of an instance.
type Topic struct {
	Name string `json:"name"`
	// TotalReadQueueNum and TotalWriteQueueNum count queues over every broker.
	TotalReadQueueNum  int `json:"total_read_queue_num"`
	TotalWriteQueueNum int `json:"total_write_queue_num"`
	// Permission is TopicPermAll, TopicPermPub or TopicPermSub.
	Permission string        `json:"permission"`
	Brokers    []TopicBroker `json:"brokers"`
}

// TopicBroker is a topic's share of one broker.
type TopicBroker struct {
	BrokerName    string `json:"broker_name"`
	ReadQueueNum  int    `json:"read_queue_num"`
	WriteQueueNum int    `json:"write_queue_num"`
}

// Group is a consumer group of an instance.
type Group struct {
	Name      string   `json:"name"`
	Enabled   bool     `json:"enabled"`
	Broadcast bool     `json:"broadcast"`
	Brokers   []string `json:"brokers"`
	// RetryMaxTime is the number of times a message is redelivered, 1 to 16.
	RetryMaxTime  int  `json:"retry_max_time"`
	FromBeginning bool `json:"from_beginning"`
}

// User permission values, used for a user's defaults and for each grant.
const (
	PermPub    = "PUB"
	PermSub    = "SUB"
	PermPubSub = "PUB|SUB"
	PermDeny   = "DENY"
)

// User is an ACL user of an instance. The service returns SecretKey on reads; it is held in a
// secret.Value so that no printing path shows it.
type User struct {
	AccessKey          string       `json:"access_key"`
	SecretKey          secret.Value `json:"secret_key"`
	WhiteRemoteAddress string       `json:"white_remote_address"`
	Admin              bool         `json:"admin"`
	DefaultTopicPerm   string       `json:"default_topic_perm"`
	DefaultGroupPerm   string       `json:"default_group_perm"`
	TopicPerms         []Grant      `json:"topic_perms"`
	GroupPerms         []Grant      `json:"group_perms"`
}

// Grant is one permission of a user on a named topic or group.
type Grant struct {
	Name string `json:"name"`
	Perm string `json:"perm"`
}

// NormalisePerm spells a user permission the canonical way: upper case, "PUB|SUB" in that
// order whatever order it came in, and PermDeny for an empty value, which is what the service
// applies when none is given. A value it does not know comes back upper-cased.
func NormalisePerm(perm string) string {
	parts := strings.Split(strings.ToUpper(strings.TrimSpace(perm)), "|")
	slices.Sort(parts)
	switch strings.Join(slices.Compact(parts), "|") {
	case "", PermDeny:
		return PermDeny
	case PermPub:
		return PermPub
	case PermSub:
		return PermSub
	case PermPubSub:
		return PermPubSub
	default:
		return strings.ToUpper(strings.TrimSpace(perm))
	}
}

// GrantMap returns grants as a map from topic or group name to normalised permission, the form
// in which two users' grants compare as sets.
func GrantMap(grants []Grant) map[string]string {
	m := make(map[string]string, len(grants))
	for _, g := range grants {
		m[g.Name] = NormalisePerm(g.Perm)
	}
	return m
}

// SecretReadable reports whether the service returned the user's secret in plain text, rather
// than leaving it out or masking it with asterisks. Only a readable secret can be compared.
func (u *User) SecretReadable() bool {
	s := u.SecretKey.Reveal()
	return s != "" && strings.Trim(s, "*") != ""
}
