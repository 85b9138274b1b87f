package dms

import (
	"context"
	"net/http"

	"github.com/mqsync/mqsync/secret"
)

// UserPage is one page of an instance's users. Unlike the other lists it has no offsets of
// neighbouring pages.
type UserPage struct {
	Users []User
	Total int
}

// wireUser is a user on the wire, in answers and in requests alike. An empty secret is left
// out of a request, which keeps the user's secret on a modify. So is an empty default
// permission, which is none of the four values: left out, the service applies its default on
// a create and keeps the user's on a modify.
type wireUser struct {
	AccessKey          string      `json:"access_key"`
	SecretKey          wireSecret  `json:"secret_key,omitempty"`
	WhiteRemoteAddress string      `json:"white_remote_address"`
	Admin              bool        `json:"admin"`
	DefaultTopicPerm   string      `json:"default_topic_perm,omitempty"`
	DefaultGroupPerm   string      `json:"default_group_perm,omitempty"`
	TopicPerms         []wireGrant `json:"topic_perms"`
	GroupPerms         []wireGrant `json:"group_perms"`
}

// wireGrant is one grant of a user on the wire.
type wireGrant struct {
	Name string `json:"name"`
	Perm string `json:"perm"`
}

// toWireUser converts u for a request. Grant lists are always sent, [] for none, so that a
// modify replaces them rather than leaving them as they were.
func toWireUser(u User) wireUser {
	return wireUser{
		AccessKey: u.AccessKey, SecretKey: toWireSecret(u.SecretKey),
		WhiteRemoteAddress: u.WhiteRemoteAddress, Admin: u.Admin,
		DefaultTopicPerm: u.DefaultTopicPerm, DefaultGroupPerm: u.DefaultGroupPerm,
		TopicPerms: toWireGrants(u.TopicPerms), GroupPerms: toWireGrants(u.GroupPerms),
	}
}

func toWireGrants(gs []Grant) []wireGrant {
	out := make([]wireGrant, 0, len(gs))
	for _, g := range gs {
		out = append(out, wireGrant(g))
	}
	return out
}

func (w wireUser) public() User {
	u := User{
		AccessKey: w.AccessKey, SecretKey: w.SecretKey.value(),
		WhiteRemoteAddress: w.WhiteRemoteAddress, Admin: w.Admin,
		DefaultTopicPerm: w.DefaultTopicPerm, DefaultGroupPerm: w.DefaultGroupPerm,
		TopicPerms: make([]Grant, 0, len(w.TopicPerms)),
		GroupPerms: make([]Grant, 0, len(w.GroupPerms)),
	}
	for _, g := range w.TopicPerms {
		u.TopicPerms = append(u.TopicPerms, Grant(g))
	}
	for _, g := range w.GroupPerms {
		u.GroupPerms = append(u.GroupPerms, Grant(g))
	}
	return u
}

// ListUsers returns one page of an instance's users, secrets included.
func (c *Client) ListUsers(ctx context.Context, instanceID string, p Page) (UserPage, error) {
	var out struct {
		Users []wireUser `json:"users"`
		Total count      `json:"total"`
	}
	err := c.do(ctx, request{op: OpListUsers, method: http.MethodGet,
		path: instancePath(instanceID, "users"), names: instanceNames, query: p.query()}, &out)
	if err != nil {
		return UserPage{}, err
	}
	page := UserPage{Users: make([]User, 0, len(out.Users)), Total: out.Total.int()}
	for _, w := range out.Users {
		page.Users = append(page.Users, w.public())
	}
	return page, nil
}

// ListAllUsers returns every user of an instance.
func (c *Client) ListAllUsers(ctx context.Context, instanceID string) ([]User, error) {
	return listAll(ctx, c, OpListUsers, func(ctx context.Context, p Page) ([]User, int, error) {
		page, err := c.ListUsers(ctx, instanceID, p)
		return page.Users, page.Total, err
	}, func(u User) string { return u.AccessKey })
}

// CreateUser creates u and returns the user as the service now holds it. The answer is the
// user at the top level or, as the reference's example has it, wrapped in "users"; both
// decode. An answer without a user gives u back.
func (c *Client) CreateUser(ctx context.Context, instanceID string, u User) (User, error) {
	var out struct {
		wireUser
		Users *wireUser `json:"users"`
	}
	err := c.do(ctx, request{op: OpCreateUser, method: http.MethodPost,
		path: instancePath(instanceID, "users"), names: instanceNames,
		body: toWireUser(u), secrets: userSecrets(u)}, &out)
	if err != nil {
		return User{}, err
	}
	return userAnswer(out.Users, out.wireUser, u), nil
}

// ShowUser returns one user, secret included. An unknown user is an error IsNotFound reports.
func (c *Client) ShowUser(ctx context.Context, instanceID, accessKey string) (User, error) {
	var out wireUser
	err := c.do(ctx, request{op: OpShowUser, method: http.MethodGet,
		path: instancePath(instanceID, "users", accessKey), names: userNames}, &out)
	if err != nil {
		return User{}, err
	}
	return out.public(), nil
}

// ModifyUser replaces the settings and grants of user u.AccessKey and returns the user as the
// service now holds it. An empty SecretKey keeps the user's secret.
func (c *Client) ModifyUser(ctx context.Context, instanceID string, u User) (User, error) {
	var out wireUser
	err := c.do(ctx, request{op: OpModifyUser, method: http.MethodPut,
		path: instancePath(instanceID, "users", u.AccessKey), names: userNames,
		body: toWireUser(u), secrets: userSecrets(u)}, &out)
	if err != nil {
		return User{}, err
	}
	return userAnswer(nil, out, u), nil
}

// DeleteUser deletes one user.
func (c *Client) DeleteUser(ctx context.Context, instanceID, accessKey string) error {
	return c.do(ctx, request{op: OpDeleteUser, method: http.MethodDelete,
		path: instancePath(instanceID, "users", accessKey), names: userNames}, nil)
}

// userAnswer picks the user of a create or modify answer: the wrapped one, else the top-level
// one, else (an answer without a user) what was sent.
func userAnswer(wrapped *wireUser, top wireUser, sent User) User {
	switch {
	case wrapped != nil && wrapped.AccessKey != "":
		return wrapped.public()
	case top.AccessKey != "":
		return top.public()
	}
	return sent
}

// userSecrets lists the secrets a request about u carries.
func userSecrets(u User) []secret.Value {
	return []secret.Value{u.SecretKey}
}
