// Package desired owns mqsync's YAML format: the model of what each RocketMQ instance should
// have, loading it from files, resolving secrets, and validating it before any API call.
//
// Everything here is free of network I/O. The model is normalised when it is loaded: defaults
// are filled in and permission values are in their canonical spelling, so that the planner can
// compare it with live state field by field.
package desired

import "github.com/mqsync/mqsync/secret"

// Defaults applied to fields that a file leaves out.
const (
	DefaultQueueNum     = 3
	DefaultPermission   = "all"
	DefaultRetryMaxTime = 16
	DefaultUserPerm     = "DENY"
	DefaultMaxDeletes   = 10
	DefaultDrift        = DriftCorrect
)

// Drift modes for the daemon.
const (
	// DriftCorrect applies a plan whenever live state differs from the files.
	DriftCorrect = "correct"
	// DriftWarn only reports the difference.
	DriftWarn = "warn"
)

// Config is the desired state merged from every file loaded, one entry per instance.
type Config struct {
	// Instances are sorted by project and then by instance name or id.
	Instances []*Instance
}

// Instance is what one RocketMQ instance should hold.
type Instance struct {
	Ref InstanceRef
	// Topics, Groups and Users are sorted by name.
	Topics []Topic
	Groups []Group
	Users  []User
	Policy Policy
	// Sources are the files that describe this instance, in load order.
	Sources []string
}

// InstanceRef names an instance by Name (resolved with an exact-name lookup) or by ID. Exactly
// one of the two is set. ProjectID is empty when the configured project applies.
type InstanceRef struct {
	Name      string
	ID        string
	ProjectID string
}

// Position is where a value was written.
type Position struct {
	File   string
	Line   int
	Column int
}

// Topic is a desired topic.
type Topic struct {
	Name string
	// QueueNum is the number of queues on each broker.
	QueueNum int
	// Permission is "all", "pub" or "sub".
	Permission string
	// Brokers are the brokers the topic lives on, sorted; empty means every broker of the
	// instance.
	Brokers []string
	Pos     Position
}

// Group is a desired consumer group.
type Group struct {
	Name          string
	Enabled       bool
	Broadcast     bool
	RetryMaxTime  int
	FromBeginning bool
	// Brokers are the brokers the group lives on, sorted; empty means every broker of the
	// instance.
	Brokers []string
	Pos     Position
}

// User is a desired ACL user. Permission values are normalised: "PUB", "SUB", "PUB|SUB" or
// "DENY".
type User struct {
	AccessKey string
	// Secret is the resolved secret key; SecretRef says where it came from.
	Secret             secret.Value
	SecretRef          SecretRef
	WhiteRemoteAddress string
	Admin              bool
	DefaultTopicPerm   string
	DefaultGroupPerm   string
	// TopicPerms and GroupPerms map a topic or group name to a permission. Load never leaves
	// them nil.
	TopicPerms map[string]string
	GroupPerms map[string]string
	Pos        Position
}

// SecretRef is where a secret comes from: exactly one of Env (a variable name), File (a path,
// relative to the YAML file that names it) or Plain (the value written inline) is set.
type SecretRef struct {
	Env   string
	File  string
	Plain bool
}

// Policy is how far mqsync may go on an instance.
type Policy struct {
	// Prune deletes live resources that no file declares.
	Prune bool
	// Protect lists glob patterns (path.Match syntax) of names that are never deleted or
	// replaced, sorted and without repeats.
	Protect []string
	// Ignore lists glob patterns of names that mqsync neither changes nor reports, sorted and
	// without repeats.
	Ignore []string
	// MaxDeletes refuses a plan with more deletes than this.
	MaxDeletes int
	// AllowDestructive permits queue reductions and broker moves.
	AllowDestructive bool
	// Drift is DriftCorrect or DriftWarn.
	Drift string
}
