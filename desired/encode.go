package desired

import (
	"fmt"
	"io"
	"strconv"

	"gopkg.in/yaml.v3"

	"github.com/mqsync/mqsync/secret"
)

// Encode writes inst to w as one YAML document in canonical form: keys in the order the
// format documents them, names sorted, values equal to their defaults left out, and secrets
// written as their references ({env: NAME} or {file: PATH}), never as values. Loading the
// output gives back the same instance.
func Encode(w io.Writer, inst *Instance) error {
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(inst); err != nil {
		return fmt.Errorf("encode instance %s: %w", inst.Ref, err)
	}
	return enc.Close()
}

// MarshalYAML returns the canonical form that Encode writes, for gopkg.in/yaml.v3.
func (i *Instance) MarshalYAML() (any, error) {
	doc := &yaml.Node{Kind: yaml.MappingNode}
	ref := &yaml.Node{Kind: yaml.MappingNode}
	putString(ref, "name", i.Ref.Name, "")
	putString(ref, "id", i.Ref.ID, "")
	putString(ref, "project_id", i.Ref.ProjectID, "")
	put(doc, "instance", ref)

	putEach(doc, "topics", i.Topics, func(t Topic) (string, *yaml.Node) {
		return t.Name, topicNode(t)
	})
	putEach(doc, "groups", i.Groups, func(g Group) (string, *yaml.Node) {
		return g.Name, groupNode(g)
	})
	putEach(doc, "users", i.Users, func(u User) (string, *yaml.Node) {
		return u.AccessKey, userNode(u)
	})
	if p := policyNode(i.Policy); len(p.Content) > 0 {
		put(doc, "policy", p)
	}
	return doc, nil
}

// putEach puts a mapping from each item's name to its node, unless items is empty.
func putEach[T any](m *yaml.Node, key string, items []T, node func(T) (string, *yaml.Node)) {
	if len(items) == 0 {
		return
	}
	n := &yaml.Node{Kind: yaml.MappingNode}
	for _, item := range items {
		name, v := node(item)
		put(n, name, v)
	}
	put(m, key, n)
}

func topicNode(t Topic) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode}
	putInt(n, "queue_num", t.QueueNum, DefaultQueueNum)
	putString(n, "permission", t.Permission, DefaultPermission)
	putList(n, "brokers", t.Brokers)
	return n
}

func groupNode(g Group) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode}
	putBool(n, "enabled", g.Enabled, true)
	putBool(n, "broadcast", g.Broadcast, false)
	putInt(n, "retry_max_time", g.RetryMaxTime, DefaultRetryMaxTime)
	putBool(n, "from_beginning", g.FromBeginning, false)
	putList(n, "brokers", g.Brokers)
	return n
}

func userNode(u User) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode}
	if ref := secretNode(u.SecretRef); ref != nil {
		put(n, "secret_key", ref)
	}
	putString(n, "white_remote_address", u.WhiteRemoteAddress, "")
	putBool(n, "admin", u.Admin, false)
	putString(n, "default_topic_perm", u.DefaultTopicPerm, DefaultUserPerm)
	putString(n, "default_group_perm", u.DefaultGroupPerm, DefaultUserPerm)
	putGrants(n, "topic_perms", u.TopicPerms)
	putGrants(n, "group_perms", u.GroupPerms)
	return n
}

// secretNode writes where a secret comes from. A plain secret is withheld: its placeholder
// fails the complexity check, so a file written from it cannot be applied by mistake.
func secretNode(ref SecretRef) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
	switch {
	case ref.Env != "":
		putString(n, "env", ref.Env, "")
	case ref.File != "":
		putString(n, "file", ref.File, "")
	case ref.Plain:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: secret.Redacted,
			LineComment: "# a plain-text secret is not written out; use {env: NAME}"}
	default:
		return nil
	}
	return n
}

func policyNode(p Policy) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode}
	putBool(n, "prune", p.Prune, false)
	putList(n, "protect", p.Protect)
	putList(n, "ignore", p.Ignore)
	putInt(n, "max_deletes", p.MaxDeletes, DefaultMaxDeletes)
	putBool(n, "allow_destructive", p.AllowDestructive, false)
	putString(n, "drift", p.Drift, DefaultDrift)
	return n
}

func put(m *yaml.Node, key string, value *yaml.Node) {
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key},
		value)
}

func putString(m *yaml.Node, key, v, def string) {
	if v != def {
		put(m, key, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v})
	}
}

func putInt(m *yaml.Node, key string, v, def int) {
	if v != def {
		put(m, key, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(v)})
	}
}

func putBool(m *yaml.Node, key string, v, def bool) {
	if v != def {
		put(m, key, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool",
			Value: strconv.FormatBool(v)})
	}
}

func putList(m *yaml.Node, key string, items []string) {
	if len(items) == 0 {
		return
	}
	list := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, s := range items {
		list.Content = append(list.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str",
			Value: s})
	}
	put(m, key, list)
}

func putGrants(m *yaml.Node, key string, perms map[string]string) {
	if len(perms) == 0 {
		return
	}
	n := &yaml.Node{Kind: yaml.MappingNode}
	for _, name := range sortedKeys(perms) {
		putString(n, name, perms[name], "")
	}
	put(m, key, n)
}
