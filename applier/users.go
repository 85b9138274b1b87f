package applier

import (
	"context"
	"maps"
	"strings"

	"github.com/mqsync/mqsync/dms"
	"github.com/mqsync/mqsync/planner"
)

// grantUser creates a user, or writes the first step of an update: new settings and every
// permission the user gains, keeping those it will lose until revokeUser.
func (r *run) grantUser(ctx context.Context, ch *planner.Change) error {
	u := ch.User.Grant
	send := func(ctx context.Context) error {
		_, err := r.client.ModifyUser(ctx, r.instanceID, *u)
		return err
	}
	if ch.Action == planner.Create {
		send = func(ctx context.Context) error {
			_, err := r.client.CreateUser(ctx, r.instanceID, *u)
			return err
		}
	}
	return r.write(ctx, send, r.userLanded(u))
}

// revokeUser writes the user as declared, dropping the permissions it loses.
func (r *run) revokeUser(ctx context.Context, ch *planner.Change) error {
	u := ch.User.Revoke
	return r.write(ctx,
		func(ctx context.Context) error {
			_, err := r.client.ModifyUser(ctx, r.instanceID, *u)
			return err
		},
		r.userLanded(u))
}

func (r *run) deleteUser(ctx context.Context, ch *planner.Change) error {
	return r.remove(ctx,
		func(ctx context.Context) error {
			return r.client.DeleteUser(ctx, r.instanceID, ch.Name)
		},
		func(ctx context.Context) (bool, error) {
			_, err := r.client.ShowUser(ctx, r.instanceID, ch.Name)
			if dms.IsNotFound(err) {
				return true, nil
			}
			return false, err
		})
}

// userLanded reports whether the live user is as want says. The secret is compared only when
// one was sent and the service returns it readable.
func (r *run) userLanded(want *dms.User) func(context.Context) (bool, error) {
	return func(ctx context.Context) (bool, error) {
		got, err := r.client.ShowUser(ctx, r.instanceID, want.AccessKey)
		if dms.IsNotFound(err) {
			return false, nil
		}
		return err == nil && userMatches(want, &got), err
	}
}

func userMatches(want, got *dms.User) bool {
	norm := dms.NormalisePerm
	secretOK := want.SecretKey.IsZero() || !got.SecretReadable() ||
		got.SecretKey.Equal(want.SecretKey)
	return secretOK &&
		strings.TrimSpace(got.WhiteRemoteAddress) == want.WhiteRemoteAddress &&
		got.Admin == want.Admin &&
		norm(got.DefaultTopicPerm) == want.DefaultTopicPerm &&
		norm(got.DefaultGroupPerm) == want.DefaultGroupPerm &&
		maps.Equal(dms.GrantMap(got.TopicPerms), dms.GrantMap(want.TopicPerms)) &&
		maps.Equal(dms.GrantMap(got.GroupPerms), dms.GrantMap(want.GroupPerms))
}
