package planner

import (
	"maps"
	"slices"
	"strings"

	"github.com/mqsync/mqsync/desired"
	"github.com/mqsync/mqsync/dms"
	"github.com/mqsync/mqsync/secret"
)

// users plans every ACL user. Permission maps are compared as sets, and secrets only where the
// service returns one to compare with.
func (p *planning) users() {
	if len(p.desired.Users) > 0 && !p.live.Instance.EnableACL {
		p.refusef("the instance has ACL turned off, so its users cannot be managed; " +
			"turn ACL on in the console, or remove the users from the files")
		return
	}
	diffKind(p, KindUser,
		p.desired.Users, func(u *desired.User) string { return u.AccessKey },
		p.live.Users, func(u *dms.User) string { return u.AccessKey },
		func(u *desired.User, l *dms.User) {
			if l == nil {
				p.createUser(*u)
			} else {
				p.updateUser(*u, l)
			}
		})
}

// liveUser is a live user with its values normalised as the loader normalises the files.
type liveUser struct {
	white      string
	admin      bool
	topicPerm  string
	groupPerm  string
	topicPerms map[string]string
	groupPerms map[string]string
}

func normaliseUser(l *dms.User) liveUser {
	return liveUser{
		white:      strings.TrimSpace(l.WhiteRemoteAddress),
		admin:      l.Admin,
		topicPerm:  dms.NormalisePerm(l.DefaultTopicPerm),
		groupPerm:  dms.NormalisePerm(l.DefaultGroupPerm),
		topicPerms: dms.GrantMap(l.TopicPerms),
		groupPerms: dms.GrantMap(l.GroupPerms),
	}
}

func (p *planning) createUser(u desired.User) {
	fields := []Field{
		{Path: "secret_key", After: Sensitive},
		{Path: "white_remote_address", After: u.WhiteRemoteAddress},
		{Path: "admin", After: u.Admin},
		{Path: "default_topic_perm", After: u.DefaultTopicPerm},
		{Path: "default_group_perm", After: u.DefaultGroupPerm},
	}
	fields = append(fields, permFields("topic_perms", nil, u.TopicPerms)...)
	fields = append(fields, permFields("group_perms", nil, u.GroupPerms)...)
	p.add(Change{
		Kind: KindUser, Name: u.AccessKey, Action: Create, Reason: createReason(u.Pos),
		Fields: fields,
		User:   &UserSpec{Grant: userObject(u, u.Secret, u.TopicPerms, u.GroupPerms)},
	})
}

func (p *planning) updateUser(u desired.User, l *dms.User) {
	lu := normaliseUser(l)
	var fields []Field
	diff := func(path string, before, after any) {
		if before != after {
			fields = append(fields, Field{Path: path, Before: before, After: after})
		}
	}
	diff("white_remote_address", lu.white, u.WhiteRemoteAddress)
	diff("admin", lu.admin, u.Admin)
	diff("default_topic_perm", lu.topicPerm, u.DefaultTopicPerm)
	diff("default_group_perm", lu.groupPerm, u.DefaultGroupPerm)

	// The service keeps the old secret when a modify sends none, so only a secret that differs
	// (or a forced rotation) is sent at all.
	var newSecret secret.Value
	if p.opts.RotateSecrets || (l.SecretReadable() && !l.SecretKey.Equal(u.Secret)) {
		newSecret = u.Secret
		fields = append(fields, Field{Path: "secret_key", Before: Sensitive, After: Sensitive})
	}
	scalarChanged := len(fields) > 0

	fields = append(fields, permFields("topic_perms", lu.topicPerms, u.TopicPerms)...)
	fields = append(fields, permFields("group_perms", lu.groupPerms, u.GroupPerms)...)
	if len(fields) == 0 {
		return
	}

	spec := &UserSpec{}
	grantTopics, revokeTopics := mergeGrants(lu.topicPerms, u.TopicPerms)
	grantGroups, revokeGroups := mergeGrants(lu.groupPerms, u.GroupPerms)
	if scalarChanged || !maps.Equal(grantTopics, lu.topicPerms) ||
		!maps.Equal(grantGroups, lu.groupPerms) {
		spec.Grant = userObject(u, newSecret, grantTopics, grantGroups)
	}
	if revokeTopics || revokeGroups {
		spec.Revoke = userObject(u, secret.Value{}, u.TopicPerms, u.GroupPerms)
	}
	p.add(Change{Kind: KindUser, Name: u.AccessKey, Action: Update,
		Reason: updateReason(u.Pos), Fields: fields, User: spec})
}

// mergeGrants returns the permissions a user holds between the grant and revoke steps: every
// desired permission, plus the live ones that will be revoked later. revoke reports whether any
// live permission goes away.
func mergeGrants(live, want map[string]string) (merged map[string]string, revoke bool) {
	merged = maps.Clone(want)
	if merged == nil {
		merged = map[string]string{}
	}
	for name, perm := range live {
		if _, kept := want[name]; !kept {
			merged[name] = perm
			revoke = true
		}
	}
	return merged, revoke
}

// userObject builds the user object the API takes. An empty secret keeps the live one.
func userObject(u desired.User, sk secret.Value, topics, groups map[string]string) *dms.User {
	return &dms.User{
		AccessKey:          u.AccessKey,
		SecretKey:          sk,
		WhiteRemoteAddress: u.WhiteRemoteAddress,
		Admin:              u.Admin,
		DefaultTopicPerm:   u.DefaultTopicPerm,
		DefaultGroupPerm:   u.DefaultGroupPerm,
		TopicPerms:         grantList(topics),
		GroupPerms:         grantList(groups),
	}
}

// permFields lists the permissions that differ, one field per topic or group name.
func permFields(prefix string, before, after map[string]string) []Field {
	names := slices.Sorted(maps.Keys(before))
	for name := range after {
		if _, ok := before[name]; !ok {
			names = append(names, name)
		}
	}
	slices.Sort(names)

	var fields []Field
	for _, name := range names {
		b, hadB := before[name]
		a, hasA := after[name]
		if hadB && hasA && a == b {
			continue
		}
		f := Field{Path: prefix + "." + name}
		if hadB {
			f.Before = b
		}
		if hasA {
			f.After = a
		}
		fields = append(fields, f)
	}
	return fields
}

func grantList(m map[string]string) []dms.Grant {
	grants := make([]dms.Grant, 0, len(m))
	for _, name := range slices.Sorted(maps.Keys(m)) {
		grants = append(grants, dms.Grant{Name: name, Perm: m[name]})
	}
	return grants
}
