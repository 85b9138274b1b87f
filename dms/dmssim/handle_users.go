package dmssim

import (
	"net/http"

	"github.com/mqsync/mqsync/secret"
)

// listUsers answers a page of users in name order; unlike topics and groups, without
// next_offset and previous_offset.
func listUsers(s *Server, c *call) (result, *apiError) {
	offset, limit, err := paging(c)
	if err != nil {
		return result{}, err
	}
	return s.read(c, func(in *instance) (result, *apiError) {
		names := in.userIdx.page(offset, limit)
		list := userList{Total: in.userIdx.len(), Users: make([]userJSON, 0, len(names))}
		for _, n := range names {
			list.Users = append(list.Users, userToJSON(*in.users[n]))
		}
		return ok(list)
	})
}

// createUser creates an ACL user and answers it at the top level of the body. Default
// permissions left out are DENY.
func createUser(s *Server, c *call) (result, *apiError) {
	var req userRequest
	if err := decode(c, &req); err != nil {
		return result{}, err
	}
	u := User{AccessKey: deref(req.AccessKey), DefaultTopicPerm: PermDeny,
		DefaultGroupPerm: PermDeny}
	if err := checkAccessKey(u.AccessKey); err != nil {
		return result{}, err
	}
	if req.SecretKey == nil || *req.SecretKey == "" {
		return result{}, checkSecret(u.AccessKey, "")
	}
	if err := req.applyTo(&u); err != nil {
		return result{}, err
	}

	return s.change(c, func(in *instance) (result, bool, *apiError) {
		if err := aclEnabled(in); err != nil {
			return result{}, false, err
		}
		if in.users[u.AccessKey] != nil {
			return result{}, false, errorf(http.StatusBadRequest, CodeInvalidParameter,
				"Invalid request parameter: the user %s already exists.", u.AccessKey)
		}
		in.putUser(u)
		return result{http.StatusOK, userToJSON(u)}, true, nil
	})
}

// applyTo sets the fields the request carries on u and checks the result. An empty secret key
// keeps the one u has.
func (req userRequest) applyTo(u *User) *apiError {
	if req.SecretKey != nil && *req.SecretKey != "" {
		if err := checkSecret(u.AccessKey, *req.SecretKey); err != nil {
			return err
		}
		u.SecretKey = secret.New(*req.SecretKey)
	}
	if req.WhiteRemoteAddress != nil {
		u.WhiteRemoteAddress = *req.WhiteRemoteAddress
	}
	if req.Admin != nil {
		u.Admin = *req.Admin
	}
	if req.DefaultTopicPerm != nil {
		u.DefaultTopicPerm = *req.DefaultTopicPerm
	}
	if req.DefaultGroupPerm != nil {
		u.DefaultGroupPerm = *req.DefaultGroupPerm
	}
	if req.TopicPerms != nil {
		u.TopicPerms = *req.TopicPerms
	}
	if req.GroupPerms != nil {
		u.GroupPerms = *req.GroupPerms
	}

	if err := checkUserPerm("default_topic_perm", u.DefaultTopicPerm); err != nil {
		return err
	}
	if err := checkUserPerm("default_group_perm", u.DefaultGroupPerm); err != nil {
		return err
	}
	if err := checkGrants("topic_perms", "topic", u.TopicPerms); err != nil {
		return err
	}
	return checkGrants("group_perms", "group", u.GroupPerms)
}

// aclEnabled refuses user changes on an instance whose access control is off.
func aclEnabled(in *instance) *apiError {
	if in.enableACL {
		return nil
	}
	return errorf(http.StatusBadRequest, CodeInvalidParameter,
		"Invalid request parameter: access control (enable_acl) is off on this instance.")
}

func showUser(s *Server, c *call) (result, *apiError) {
	return s.read(c, func(in *instance) (result, *apiError) {
		u := in.users[c.name()]
		if u == nil {
			return result{}, errNoUser(c.name())
		}
		return ok(userToJSON(*u))
	})
}

// modifyUser changes the fields the request carries and answers the whole user.
func modifyUser(s *Server, c *call) (result, *apiError) {
	var req userRequest
	if err := decode(c, &req); err != nil {
		return result{}, err
	}
	return s.change(c, func(in *instance) (result, bool, *apiError) {
		old := in.users[c.name()]
		if old == nil {
			return result{}, false, errNoUser(c.name())
		}
		if err := aclEnabled(in); err != nil {
			return result{}, false, err
		}
		if ak := deref(req.AccessKey); ak != "" && ak != old.AccessKey {
			return result{}, false, badField("access_key",
				"a user cannot be renamed (%q to %q)", old.AccessKey, ak)
		}
		u := cloneUser(*old)
		if err := req.applyTo(&u); err != nil {
			return result{}, false, err
		}
		in.putUser(u)
		return result{http.StatusOK, userToJSON(u)}, true, nil
	})
}

func deleteUser(s *Server, c *call) (result, *apiError) {
	return s.change(c, func(in *instance) (result, bool, *apiError) {
		if in.users[c.name()] == nil {
			return result{}, false, errNoUser(c.name())
		}
		if err := aclEnabled(in); err != nil {
			return result{}, false, err
		}
		in.deleteUser(c.name())
		return result{http.StatusOK, map[string]string{"message": "success"}}, true, nil
	})
}
