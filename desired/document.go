package desired

import (
	"fmt"
	"slices"

	"gopkg.in/yaml.v3"
)

// The keys of each mapping in the format. The schema test checks that Schema describes exactly
// these.
var (
	documentKeys = []string{"instance", "topics", "groups", "users", "policy"}
	instanceKeys = []string{"name", "id", "project_id"}
	topicKeys    = []string{"queue_num", "permission", "brokers"}
	groupKeys    = []string{"enabled", "broadcast", "retry_max_time", "from_beginning", "brokers"}
	userKeys     = []string{"secret_key", "white_remote_address", "admin", "default_topic_perm",
		"default_group_perm", "topic_perms", "group_perms"}
	secretKeys = []string{"env", "file"}
	policyKeys = []string{"prune", "protect", "ignore", "max_deletes", "allow_destructive",
		"drift"}
)

// document is one YAML document, decoded and checked on its own but not yet merged with the
// other documents that describe the same instance.
type document struct {
	file string
	// ref is the instance the document describes; hasRef is false when it names none.
	ref    InstanceRef
	hasRef bool
	topics []Topic
	groups []Group
	users  []*userDecl
	// policy is nil when the document sets none.
	policy    *Policy
	policyPos Position
}

// userDecl is a user with the positions that later checks report at.
type userDecl struct {
	User
	// secretPos is where secret_key was written; secretDir is the directory that a
	// {file: PATH} reference is relative to.
	secretPos Position
	secretDir string
	// topicPermAt and groupPermAt hold where each grant was written.
	topicPermAt map[string]Position
	groupPermAt map[string]Position
}

// document decodes the top level of one YAML document.
func (d *decoder) document(root *yaml.Node) *document {
	doc := &document{file: d.file}
	if root.Kind != yaml.MappingNode {
		d.errorf(root, "", scalarValue(root), "want a mapping of instance, topics, groups, "+
			"users and policy, got %s", got(root))
		return doc
	}
	d.fields(root, "", documentKeys, func(key string, k, v *yaml.Node) {
		switch key {
		case "instance":
			doc.hasRef = true
			doc.ref = d.instance(k, v)
		case "topics":
			d.pairs(v, "topics", func(name string, k, v *yaml.Node) {
				doc.topics = append(doc.topics, d.topic(name, k, v))
			})
		case "groups":
			d.pairs(v, "groups", func(name string, k, v *yaml.Node) {
				doc.groups = append(doc.groups, d.group(name, k, v))
			})
		case "users":
			d.pairs(v, "users", func(name string, k, v *yaml.Node) {
				doc.users = append(doc.users, d.user(name, k, v))
			})
		case "policy":
			doc.policy, doc.policyPos = d.policy(v), d.pos(k)
		}
	})
	if !doc.hasRef {
		d.add(root, Diagnostic{Field: "instance", Message: "is missing: every document " +
			"must say which instance it describes",
			Hint: "add instance: {name: NAME} or instance: {id: ID}"})
	}
	return doc
}

// instance decodes the instance reference, which needs exactly one of name and id.
func (d *decoder) instance(k, n *yaml.Node) InstanceRef {
	var ref InstanceRef
	d.fields(n, "instance", instanceKeys, func(key string, _, v *yaml.Node) {
		field := "instance." + key
		s, ok := d.scalar(v, field)
		if !ok {
			return
		}
		switch key {
		case "name":
			ref.Name = s
			d.match(v, field, s, instanceNameRule.MatchString(s),
				"is not an instance name: a letter, then letters, digits, - and _, 4 to 64 "+
					"characters")
		case "id":
			ref.ID = s
			d.match(v, field, s, instanceIDRule.MatchString(s), "is not a lowercase UUID")
		case "project_id":
			ref.ProjectID = s
			d.match(v, field, s, projectIDRule.MatchString(s),
				"is not a project id: 32 lowercase hexadecimal characters")
		}
	})
	switch {
	case ref.Name != "" && ref.ID != "":
		d.errorf(k, "instance", "", "has both name and id; set one of them")
	case ref.Name == "" && ref.ID == "":
		d.errorf(k, "instance", "", "needs a name or an id")
	}
	return ref
}

// match reports value at n when ok is false.
func (d *decoder) match(n *yaml.Node, field, value string, ok bool, problem string) {
	if !ok {
		d.errorf(n, field, value, "%q %s", value, problem)
	}
}

// resourceName checks the name of a topic or group; kind is "topic" or "group".
func (d *decoder) resourceName(k *yaml.Node, field, name, kind string, system func(string) bool) {
	if problem := checkResourceName(name); problem != "" {
		d.errorf(k, field, name, "%s name %q %s", kind, name, problem)
		return
	}
	if system(name) {
		d.add(k, Diagnostic{Field: field, Value: name,
			Message: fmt.Sprintf("%q is one of RocketMQ's own %s names", name, kind),
			Hint:    "mqsync never manages them; choose another name"})
	}
}

// topic decodes one entry of topics, filling in defaults.
func (d *decoder) topic(name string, k, v *yaml.Node) Topic {
	field := "topics." + name
	t := Topic{Name: name, QueueNum: DefaultQueueNum, Permission: DefaultPermission,
		Pos: d.pos(k)}
	d.resourceName(k, field, name, "topic", IsSystemTopic)
	d.fields(v, field, topicKeys, func(key string, _, v *yaml.Node) {
		f := field + "." + key
		switch key {
		case "queue_num":
			if n, ok := d.intRange(v, f, minQueueNum, maxQueueNum); ok {
				t.QueueNum = n
			}
		case "permission":
			t.Permission = d.topicPerm(v, f)
		case "brokers":
			t.Brokers = d.brokers(v, f)
		}
	})
	return t
}

// group decodes one entry of groups, filling in defaults.
func (d *decoder) group(name string, k, v *yaml.Node) Group {
	field := "groups." + name
	g := Group{Name: name, Enabled: true, RetryMaxTime: DefaultRetryMaxTime, Pos: d.pos(k)}
	d.resourceName(k, field, name, "group", IsSystemGroup)
	d.fields(v, field, groupKeys, func(key string, _, v *yaml.Node) {
		f := field + "." + key
		switch key {
		case "enabled":
			g.Enabled, _ = d.boolean(v, f)
		case "broadcast":
			g.Broadcast, _ = d.boolean(v, f)
		case "retry_max_time":
			if n, ok := d.intRange(v, f, minRetryMaxTime, maxRetryMaxTime); ok {
				g.RetryMaxTime = n
			}
		case "from_beginning":
			g.FromBeginning, _ = d.boolean(v, f)
		case "brokers":
			g.Brokers = d.brokers(v, f)
		}
	})
	return g
}

// brokers decodes a list of broker names, sorted; an empty list is refused because it reads
// as "no broker" while meaning "every broker".
func (d *decoder) brokers(n *yaml.Node, field string) []string {
	seen := map[string]bool{}
	list := d.stringList(n, field, func(s string) string {
		switch {
		case !brokerNameRule.MatchString(s):
			return "is not a broker name: letters, digits, - and _"
		case seen[s]:
			return "is listed twice"
		}
		seen[s] = true
		return ""
	})
	if n.Kind == yaml.SequenceNode && len(n.Content) == 0 {
		d.add(n, Diagnostic{Field: field, Message: "is an empty list",
			Hint: "leave brokers out to use every broker of the instance"})
	}
	slices.Sort(list)
	return list
}

// topicPerm decodes a topic permission: all, pub or sub in any case.
func (d *decoder) topicPerm(n *yaml.Node, field string) string {
	s, ok := d.scalar(n, field)
	if !ok {
		return DefaultPermission
	}
	p, ok := normalizeTopicPerm(s)
	if !ok {
		d.errorf(n, field, s, "%q is not a topic permission: all, pub or sub", s)
		return DefaultPermission
	}
	return p
}

// userPerm decodes a user permission: PUB, SUB, PUB|SUB or DENY in any case and order.
func (d *decoder) userPerm(n *yaml.Node, field string) (string, bool) {
	s, ok := d.scalar(n, field)
	if !ok {
		return "", false
	}
	p, ok := normalizeUserPerm(s)
	if !ok {
		d.errorf(n, field, s, "%q is not a permission: PUB, SUB, PUB|SUB or DENY", s)
	}
	return p, ok
}
