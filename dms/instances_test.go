package dms

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
)

// instancesAnswer serves instances with the given names, ids "id-<name>-<n>", filtering by
// part of the name as the service does when it ignores exact_match_name.
func instancesAnswer(names ...string) answerFunc {
	return func(w http.ResponseWriter, r *http.Request, _ []byte) {
		var found []map[string]string
		for i, name := range names {
			if strings.Contains(name, r.URL.Query().Get("name")) {
				id := "id-" + name + "-" + string(rune('0'+i))
				found = append(found, map[string]string{"name": name, "instance_id": id})
			}
		}
		b, _ := json.Marshal(map[string]any{"instances": found, "instance_num": len(found)})
		writeJSON(w, http.StatusOK, b)
	}
}

func TestFindInstance(t *testing.T) {
	tests := []struct {
		name      string
		instances []string
		wantID    string
		wantErr   func(error) bool
	}{
		{"the one with the exact name, not those containing it",
			[]string{"orders-prod-old", "orders-prod", "orders"}, "id-orders-prod-1", nil},
		{"none", []string{"orders-prod-old"}, "", IsNotFound},
		{"several", []string{"orders-prod", "orders-prod"}, "", func(err error) bool {
			var amb *AmbiguousInstanceError
			return errors.As(err, &amb) && len(amb.IDs) == 2 && !IsNotFound(err)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestServer(t, instancesAnswer(tt.instances...))
			inst, err := newTestClient(t, srv).FindInstance(context.Background(), "orders-prod")
			if tt.wantErr != nil {
				if !tt.wantErr(err) {
					t.Errorf("error = %v", err)
				}
				return
			}
			if err != nil || inst.InstanceID != tt.wantID {
				t.Errorf("FindInstance = %+v, %v; want id %s", inst, err, tt.wantID)
			}
			q := srv.received()[0].RawQuery
			if !strings.Contains(q, "exact_match_name=true") ||
				!strings.Contains(q, "name=orders-prod") {
				t.Errorf("query %q does not ask for the exact name", q)
			}
		})
	}
}

// TestClient_WithProject scopes paths and X-Project-Id to the other project and shares the
// bound on requests in flight.
func TestClient_WithProject(t *testing.T) {
	srv := newTestServer(t, func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		writeJSON(w, http.StatusOK, `{"brokers":[]}`)
	})
	c := newTestClient(t, srv)
	const other = "fedcba9876543210fedcba9876543210"
	oc, err := c.WithProject(other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := oc.ListBrokers(context.Background(), testInstance); err != nil {
		t.Fatal(err)
	}

	r := srv.received()[0]
	if !strings.HasPrefix(r.Path, "/v2/"+other+"/") || r.Header.Get("X-Project-Id") != other {
		t.Errorf("request %s with X-Project-Id %q, want project %s", r.Path,
			r.Header.Get("X-Project-Id"), other)
	}
	if c.ProjectID() != testProject || oc.slots != c.slots || oc.limiter != c.limiter {
		t.Error("the other project's client does not share the original's budget")
	}
	if _, err := c.WithProject("a/b"); err == nil {
		t.Error("WithProject accepted a project id with a slash")
	}
}
