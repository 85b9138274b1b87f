package planner

import (
	"slices"

	"github.com/mqsync/mqsync/dms"
)

// link fills in each change's Requires from the grants users gain and lose.
func (p *planning) link() {
	// Topics and groups that this plan brings into being. A replaced one exists already when
	// users are granted it, and keeps its name through the replacement.
	created := map[string]bool{}
	for _, c := range p.changes {
		if c.Kind != KindUser && c.Action == Create {
			created[c.Ref()] = true
		}
	}

	// Users that lose grants, by the topic or group they lose.
	revokedBy := map[string][]string{}
	liveUsers := make(map[string]*dms.User, len(p.live.Users))
	for i := range p.live.Users {
		liveUsers[p.live.Users[i].AccessKey] = &p.live.Users[i]
	}

	for i := range p.changes {
		c := &p.changes[i]
		if c.Kind != KindUser {
			continue
		}
		if c.User != nil && c.User.Grant != nil {
			c.Requires = grantsIn(c.User.Grant, created)
		}
		if l := liveUsers[c.Name]; l != nil {
			var kept *dms.User
			if c.User != nil {
				kept = c.User.Revoke
			}
			for _, ref := range lostGrants(l, kept, c.Action) {
				revokedBy[ref] = append(revokedBy[ref], c.Ref())
			}
		}
	}

	for i := range p.changes {
		c := &p.changes[i]
		if c.Kind != KindUser && c.Action == Delete {
			c.Requires = revokedBy[c.Ref()]
		}
	}
}

// grantsIn returns the refs of the resources u is granted that are in set, sorted.
func grantsIn(u *dms.User, set map[string]bool) []string {
	var refs []string
	for _, ref := range grantRefs(u) {
		if set[ref] {
			refs = append(refs, ref)
		}
	}
	return refs
}

// lostGrants returns the refs of the resources a live user stops being granted: all of them
// when the user is deleted, those missing from the revoke step's object when it is updated.
func lostGrants(l *dms.User, kept *dms.User, action Action) []string {
	if action != Delete && kept == nil {
		return nil
	}
	var lost []string
	keep := grantRefs(kept)
	for _, ref := range grantRefs(l) {
		if _, found := slices.BinarySearch(keep, ref); !found {
			lost = append(lost, ref)
		}
	}
	return lost
}

// grantRefs returns a user's grants as sorted refs ("topic orders"); none for a nil user.
func grantRefs(u *dms.User) []string {
	if u == nil {
		return nil
	}
	refs := make([]string, 0, len(u.TopicPerms)+len(u.GroupPerms))
	for _, g := range u.TopicPerms {
		refs = append(refs, string(KindTopic)+" "+g.Name)
	}
	for _, g := range u.GroupPerms {
		refs = append(refs, string(KindGroup)+" "+g.Name)
	}
	slices.Sort(refs)
	return refs
}
