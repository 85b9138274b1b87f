package dms

import (
	"context"
	"net/http"
	"testing"

	"github.com/mqsync/mqsync/secret"
)

// TestUsers_LeaveOutUnsetDefaults sends no default permission that the caller left empty: ""
// is none of the four values, so the service refuses it, while one left out takes the
// service's default on a create and is kept on a modify.
func TestUsers_LeaveOutUnsetDefaults(t *testing.T) {
	srv := newTestServer(t, func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		writeJSON(w, http.StatusOK, "{}")
	})
	c := newTestClient(t, srv)
	ctx := context.Background()
	u := User{AccessKey: "app-plain", SecretKey: secret.New("Pl4in-Secret")}
	if _, err := c.CreateUser(ctx, testInstance, u); err != nil {
		t.Fatal(err)
	}
	u.SecretKey = secret.Value{}
	if _, err := c.ModifyUser(ctx, testInstance, u); err != nil {
		t.Fatal(err)
	}

	want := []string{
		`{"access_key":"app-plain","secret_key":"Pl4in-Secret","white_remote_address":"",
			"admin":false,"topic_perms":[],"group_perms":[]}`,
		`{"access_key":"app-plain","white_remote_address":"","admin":false,"topic_perms":[],
			"group_perms":[]}`,
	}
	for i, r := range srv.received() {
		if !sameJSON(t, r.Body, []byte(want[i])) {
			t.Errorf("request %d body %s, want %s", i, r.Body, want[i])
		}
	}
}
