package planner

import (
	"errors"
	"fmt"
	"strings"

	"github.com/mqsync/mqsync/dms"
	"github.com/mqsync/mqsync/secret"
)

// Action is what a change does to a resource.
type Action string

// The actions a plan may hold. Resources that need no change are not in a plan at all.
const (
	Create  Action = "create"
	Update  Action = "update"
	Replace Action = "replace" // delete and create again, because a field cannot change in place
	Delete  Action = "delete"
)

// Kind is the kind of resource a change applies to.
type Kind string

// The kinds of resources mqsync manages.
const (
	KindTopic Kind = "topic"
	KindGroup Kind = "group"
	KindUser  Kind = "user"
)

// Sensitive stands in for a secret in a field's before or after value.
const Sensitive = secret.Redacted

// Field is one difference between live and desired state. Before is nil for a value that does
// not exist yet and After is nil for one that goes away. Values are ints, bools, strings or
// string slices, ready to render; secrets are the string Sensitive, never the value.
type Field struct {
	Path   string `json:"path"`
	Before any    `json:"before"`
	After  any    `json:"after"`
}

// Change is what must happen to one resource.
type Change struct {
	Kind   Kind   `json:"kind"`
	Name   string `json:"name"`
	Action Action `json:"action"`
	// Destructive marks irreversible changes to a resource that stays: fewer queues, or a
	// replacement that loses its messages and offsets. They need explicit consent. Deletes are
	// governed by policy.prune and policy.max_deletes instead.
	Destructive bool    `json:"destructive"`
	Reason      string  `json:"reason"`
	Fields      []Field `json:"fields"`
	// Requires names the changes this one must wait for, as "kind name": a user waits for the
	// topics and groups it is newly granted, a deleted topic or group for the users that lose
	// their grants on it. When one of them fails, this change is skipped.
	Requires []string `json:"-"`

	// Exactly one of Topic, Group and User says what the applier sends; deletes need only Name.
	Topic *TopicSpec `json:"-"`
	Group *dms.Group `json:"-"`
	User  *UserSpec  `json:"-"`
}

// Ref is how Requires names a change: "topic orders".
func (c *Change) Ref() string { return string(c.Kind) + " " + c.Name }

// TopicSpec is a topic as it should be.
type TopicSpec struct {
	Name string
	// QueueNum is the number of queues on each broker.
	QueueNum   int
	Permission string
	// Brokers is never empty: a topic that names no brokers lives on every broker.
	Brokers []string
}

// UserSpec is a user as the applier writes it, in one or two steps. Grant is written early in
// the plan: it holds the new fields and every permission the user should have, plus those it
// is about to lose, so nothing is revoked before the resources it protects change. Revoke, when
// set, is written after topics and groups are updated and before anything is deleted: it drops
// the permissions that go away.
type UserSpec struct {
	Grant  *dms.User
	Revoke *dms.User
}

// Summary counts a plan's changes by action, and the live resources left alone because no file
// declares them.
type Summary struct {
	Create    int `json:"create"`
	Update    int `json:"update"`
	Replace   int `json:"replace"`
	Delete    int `json:"delete"`
	Unmanaged int `json:"unmanaged"`
}

// Changes is the number of changes the summary counts.
func (s Summary) Changes() int { return s.Create + s.Update + s.Replace + s.Delete }

func (s *Summary) add(o Summary) {
	s.Create += o.Create
	s.Update += o.Update
	s.Replace += o.Replace
	s.Delete += o.Delete
	s.Unmanaged += o.Unmanaged
}

func (s *Summary) count(a Action) {
	switch a {
	case Create:
		s.Create++
	case Update:
		s.Update++
	case Replace:
		s.Replace++
	case Delete:
		s.Delete++
	}
}

// InstancePlan is the plan for one instance.
type InstancePlan struct {
	Instance   string
	InstanceID string
	// Changes are in the order the applier executes them: creates of topics and groups, user
	// creates and updates, topic and group updates and replacements, and deletes of users, groups
	// and topics, each group sorted by kind and name.
	Changes []Change
	Summary Summary
	// Unmanaged names the live resources that no file declares and that stay, as "kind name".
	Unmanaged []string
	// Refusals say why the plan must not be applied as it stands; empty when it may be.
	Refusals []string
	// Fingerprint identifies the live state the plan was made against, without secrets.
	Fingerprint string
}

// Err returns an error listing the plan's refusals, or nil.
func (p *InstancePlan) Err() error {
	if len(p.Refusals) == 0 {
		return nil
	}
	return fmt.Errorf("instance %s: %s", p.Instance, strings.Join(p.Refusals, "; "))
}

// Plan is the plan for every instance of a run.
type Plan struct {
	Instances []*InstancePlan
	Summary   Summary
}

// Add appends an instance's plan and counts it in the summary.
func (p *Plan) Add(ip *InstancePlan) {
	p.Instances = append(p.Instances, ip)
	p.Summary.add(ip.Summary)
}

// Err joins the refusals of every instance, or returns nil.
func (p *Plan) Err() error {
	var errs []error
	for _, ip := range p.Instances {
		errs = append(errs, ip.Err())
	}
	return errors.Join(errs...)
}
