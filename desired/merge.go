package desired

import (
	"cmp"
	"fmt"
	"slices"
)

// String names the instance for messages: its name or id, and its project when one is set.
func (r InstanceRef) String() string {
	s := fmt.Sprintf("%q", r.Name)
	if r.Name == "" {
		s = "id " + r.ID
	}
	if r.ProjectID != "" {
		s += " in project " + r.ProjectID
	}
	return s
}

// builder gathers the documents that describe one instance. Documents describe the same
// instance when their InstanceRefs are equal: the same name, or the same id, in the same
// project (an empty project being the configured one). A name in one file and an id in
// another are two instances as far as loading can tell.
type builder struct {
	inst     *Instance
	users    []*userDecl
	topicAt  map[string]Position
	groupAt  map[string]Position
	userAt   map[string]Position
	policyAt *Position
}

// merge combines documents into a Config, reporting names declared twice and policies set
// twice, then checks each instance as a whole.
func (r *reporter) merge(docs []*document) *Config {
	byRef := map[InstanceRef]*builder{}
	var builders []*builder
	for _, doc := range docs {
		if !doc.hasRef {
			continue
		}
		b := byRef[doc.ref]
		if b == nil {
			b = &builder{inst: &Instance{Ref: doc.ref, Policy: DefaultPolicy()},
				topicAt: map[string]Position{}, groupAt: map[string]Position{},
				userAt: map[string]Position{}}
			byRef[doc.ref] = b
			builders = append(builders, b)
		}
		r.add(b, doc)
	}

	cfg := &Config{}
	for _, b := range builders {
		r.checkInstance(b)
		cfg.Instances = append(cfg.Instances, b.finish())
	}
	slices.SortFunc(cfg.Instances, func(a, b *Instance) int {
		return cmp.Or(cmp.Compare(a.Ref.ProjectID, b.Ref.ProjectID),
			cmp.Compare(a.Ref.Name, b.Ref.Name), cmp.Compare(a.Ref.ID, b.Ref.ID))
	})
	return cfg
}

// add merges one document into b.
func (r *reporter) add(b *builder, doc *document) {
	if !slices.Contains(b.inst.Sources, doc.file) {
		b.inst.Sources = append(b.inst.Sources, doc.file)
	}
	b.inst.Topics = appendUnique(r, b.inst.Topics, doc.topics, b.topicAt, "topic",
		func(t Topic) (string, Position) { return t.Name, t.Pos })
	b.inst.Groups = appendUnique(r, b.inst.Groups, doc.groups, b.groupAt, "group",
		func(g Group) (string, Position) { return g.Name, g.Pos })
	b.users = appendUnique(r, b.users, doc.users, b.userAt, "user",
		func(u *userDecl) (string, Position) { return u.AccessKey, u.Pos })

	if doc.policy == nil {
		return
	}
	if b.policyAt != nil {
		r.report(doc.policyPos, Diagnostic{Field: "policy",
			Message: fmt.Sprintf("is set twice for instance %s; first at %s", b.inst.Ref,
				b.policyAt),
			Hint: "set policy in one file per instance"})
		return
	}
	b.inst.Policy, b.policyAt = *doc.policy, &doc.policyPos
}

// appendUnique appends to list the items whose names seen does not hold yet, and reports the
// others with both places.
func appendUnique[T any](r *reporter, list, items []T, seen map[string]Position, kind string,
	key func(T) (string, Position)) []T {
	for _, item := range items {
		name, pos := key(item)
		if first, dup := seen[name]; dup {
			r.report(pos, Diagnostic{Field: kind + "s." + name, Value: name,
				Message: fmt.Sprintf("%s %q is declared twice; first at %s", kind, name, first)})
			continue
		}
		seen[name] = pos
		list = append(list, item)
	}
	return list
}

// checkInstance reports what is odd about an instance as a whole: grants on topics or groups
// that no file declares, and declared names that the policy ignores.
func (r *reporter) checkInstance(b *builder) {
	for _, u := range b.users {
		field := "users." + u.AccessKey
		r.undeclared(u.TopicPerms, u.topicPermAt, b.topicAt, field+".topic_perms", "topic",
			b.inst.Ref)
		r.undeclared(u.GroupPerms, u.groupPermAt, b.groupAt, field+".group_perms", "group",
			b.inst.Ref)
	}
	for _, kind := range []struct {
		name string
		at   map[string]Position
	}{{"topic", b.topicAt}, {"group", b.groupAt}, {"user", b.userAt}} {
		for _, name := range sortedKeys(kind.at) {
			if b.inst.Policy.Ignores(name) {
				r.report(kind.at[name], Diagnostic{Severity: SeverityWarning,
					Field: kind.name + "s." + name, Value: name,
					Message: fmt.Sprintf("%s %q matches policy.ignore, so mqsync will "+
						"neither create nor change it", kind.name, name)})
			}
		}
	}
}

// undeclared warns about each grant whose topic or group is not declared: it may exist
// unmanaged, so this is not an error.
func (r *reporter) undeclared(perms map[string]string, permAt, declared map[string]Position,
	field, kind string, ref InstanceRef) {
	for _, name := range sortedKeys(perms) {
		if _, ok := declared[name]; ok {
			continue
		}
		r.report(permAt[name], Diagnostic{Severity: SeverityWarning, Field: field + "." + name,
			Value:   name,
			Message: fmt.Sprintf("%s %q is not declared for instance %s", kind, name, ref),
			Hint:    "fine if it exists unmanaged; the grant is made all the same"})
	}
}

// finish returns the instance with its lists sorted by name.
func (b *builder) finish() *Instance {
	inst := b.inst
	for _, u := range b.users {
		inst.Users = append(inst.Users, u.User)
	}
	slices.SortFunc(inst.Topics, func(a, b Topic) int { return cmp.Compare(a.Name, b.Name) })
	slices.SortFunc(inst.Groups, func(a, b Group) int { return cmp.Compare(a.Name, b.Name) })
	slices.SortFunc(inst.Users, func(a, b User) int {
		return cmp.Compare(a.AccessKey, b.AccessKey)
	})
	return inst
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
