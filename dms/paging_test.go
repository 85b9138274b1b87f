package dms

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// listServer serves a list of names page by page as the service does: offset and limit from
// the query, the total with every page. Its hooks let a test change the list between pages.
type listServer struct {
	mu    sync.Mutex
	names []string
	// key is the JSON field of the items ("topics", "groups", ...); itemKey names an item.
	key, itemKey string
	// maxLimit caps the page size the way a stricter service would; 0 means no cap.
	maxLimit int
	// served is called as each page is served, with the number served so far.
	served func(l *listServer, n int)
	pages  atomic.Int64
	// inFlight and peak track concurrent requests.
	inFlight, peak atomic.Int64
}

// newListServer serves n names shaped like "item-0007" under key.
func newListServer(n int, key, itemKey string) *listServer {
	l := &listServer{key: key, itemKey: itemKey}
	for i := range n {
		l.names = append(l.names, fmt.Sprintf("item-%04d", i))
	}
	return l
}

func (l *listServer) answer(w http.ResponseWriter, r *http.Request, _ []byte) {
	cur := l.inFlight.Add(1)
	defer l.inFlight.Add(-1)
	for p := l.peak.Load(); cur > p && !l.peak.CompareAndSwap(p, cur); p = l.peak.Load() {
	}

	offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	if l.maxLimit > 0 {
		limit = min(limit, l.maxLimit)
	}
	l.mu.Lock()
	total := len(l.names)
	var items []map[string]string
	for i := offset; i < min(offset+limit, total); i++ {
		items = append(items, map[string]string{l.itemKey: l.names[i]})
	}
	l.mu.Unlock()

	totalKey := "total"
	if l.key == "instances" {
		totalKey = "instance_num"
	}
	body, _ := json.Marshal(map[string]any{l.key: items, totalKey: total})

	// The hook runs before the answer leaves, so that no later request can overtake it.
	if l.served != nil {
		l.served(l, int(l.pages.Add(1)))
	}
	writeJSON(w, http.StatusOK, body)
}

// set replaces the list.
func (l *listServer) set(names []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.names = names
}

// snapshot returns the list.
func (l *listServer) snapshot() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.names...)
}

func topicNamesOf(ts []Topic) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Name
	}
	return out
}

func TestListAllTopics_Pages(t *testing.T) {
	tests := []struct {
		n, maxLimit, wantPages int
	}{
		{n: 0, wantPages: 1},
		{n: 1, wantPages: 1},
		{n: 50, wantPages: 1},
		{n: 51, wantPages: 2},
		{n: 1234, wantPages: 25},
		{n: 95, maxLimit: 10, wantPages: 10},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d topics, page cap %d", tt.n, tt.maxLimit), func(t *testing.T) {
			list := newListServer(tt.n, "topics", "name")
			list.maxLimit = tt.maxLimit
			srv := newTestServer(t, list.answer)
			cfg := testConfig(srv.URL)
			cfg.MaxConcurrent = 3
			c, _ := New(cfg)

			got, err := c.ListAllTopics(context.Background(), testInstance)
			if err != nil {
				t.Fatal(err)
			}
			diff := cmp.Diff(list.snapshot(), topicNamesOf(got), cmpopts.EquateEmpty())
			if diff != "" {
				t.Errorf("topics (-want +got):\n%s", diff)
			}
			if got == nil {
				t.Error("ListAllTopics returned nil, want an empty list")
			}
			if n := srv.count(); n != tt.wantPages {
				t.Errorf("read %d pages, want %d", n, tt.wantPages)
			}
			if peak := list.peak.Load(); peak > 3 {
				t.Errorf("%d requests in flight at once, want at most 3", peak)
			}
		})
	}
}

// TestListAll_EachList reads each list through its ListAll helper, over several pages.
func TestListAll_EachList(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		key, itemKey, path string
		list               func(*Client) ([]string, error)
	}{
		{"groups", "name", "/groups", func(c *Client) ([]string, error) {
			gs, err := c.ListAllGroups(ctx, testInstance)
			return mapNames(gs, func(g Group) string { return g.Name }), err
		}},
		{"users", "access_key", "/users", func(c *Client) ([]string, error) {
			us, err := c.ListAllUsers(ctx, testInstance)
			return mapNames(us, func(u User) string { return u.AccessKey }), err
		}},
		{"policies", "access_key", "/topics/orders/accesspolicy", func(c *Client) ([]string,
			error) {
			ps, err := c.ListAllTopicAccessPolicies(ctx, testInstance, "orders")
			return mapNames(ps, policyKey), err
		}},
		{"policies", "access_key", "/groups/billing/accesspolicy", func(c *Client) ([]string,
			error) {
			ps, err := c.ListAllGroupAccessPolicies(ctx, testInstance, "billing")
			return mapNames(ps, policyKey), err
		}},
		{"instances", "instance_id", "", func(c *Client) ([]string, error) {
			is, err := c.ListAllInstances(ctx, ListInstancesOptions{})
			return mapNames(is, func(i Instance) string { return i.InstanceID }), err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.key+tt.path, func(t *testing.T) {
			list := newListServer(120, tt.key, tt.itemKey)
			srv := newTestServer(t, list.answer)
			got, err := tt.list(newTestClient(t, srv))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(list.snapshot(), got); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
			for _, r := range srv.received() {
				if !strings.HasSuffix(r.Path, tt.path) ||
					!strings.Contains(r.RawQuery, "limit=50") {
					t.Errorf("request %s?%s, want %s with limit=50", r.Path, r.RawQuery,
						tt.path)
				}
			}
			if n := srv.count(); n != 3 {
				t.Errorf("read %d pages, want 3", n)
			}
		})
	}
}

func mapNames[T any](items []T, name func(T) string) []string {
	out := make([]string, len(items))
	for i, item := range items {
		out[i] = name(item)
	}
	return out
}

// TestListAll_ReReadsAChangingList checks the three ways a list read page by page shows that
// it changed, and that the helper then reads it again and returns the new list.
func TestListAll_ReReadsAChangingList(t *testing.T) {
	tests := []struct {
		name string
		// change runs after the first page of the first read.
		change func(names []string) []string
	}{
		{"a topic was added", func(names []string) []string {
			return append(names, "item-zzzz")
		}},
		{"a topic was removed at the front, so a page shifts", func(names []string) []string {
			return names[1:]
		}},
		{"one replaced another, so the total stays but a name repeats", func(
			names []string) []string {
			out := append([]string{"item-0000a"}, names...)
			return append(out[:60], out[61:]...)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list := newListServer(120, "topics", "name")
			list.served = func(l *listServer, n int) {
				if n == 1 {
					l.set(tt.change(l.snapshot()))
				}
			}
			srv := newTestServer(t, list.answer)
			got, err := newTestClient(t, srv).ListAllTopics(context.Background(), testInstance)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(list.snapshot(), topicNamesOf(got)); diff != "" {
				t.Errorf("topics (-want +got):\n%s", diff)
			}
			if n := srv.count(); n != 6 {
				t.Errorf("read %d pages, want 6: two whole reads of 3", n)
			}
		})
	}
}

// TestListAll_GivesUpOnAListThatKeepsChanging stops after maxListReads reads.
func TestListAll_GivesUpOnAListThatKeepsChanging(t *testing.T) {
	list := newListServer(80, "topics", "name")
	list.served = func(l *listServer, n int) {
		l.set(append(l.snapshot(), fmt.Sprintf("new-%d", n)))
	}
	srv := newTestServer(t, list.answer)
	_, err := newTestClient(t, srv).ListAllTopics(context.Background(), testInstance)
	if !errors.Is(err, ErrListChanged) || !IsRetryable(err) {
		t.Fatalf("error = %v, want ErrListChanged, retryable", err)
	}
	if !strings.HasPrefix(err.Error(), "list_topics: ") {
		t.Errorf("error %q does not name the operation", err)
	}
	if n := srv.count(); n != 2*maxListReads {
		t.Errorf("read %d pages, want %d", n, 2*maxListReads)
	}
}

// TestListAll_StopsOnError returns the first failure of a page and reads no further.
func TestListAll_StopsOnError(t *testing.T) {
	list := newListServer(500, "topics", "name")
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, body []byte) {
		if r.URL.Query().Get("offset") == "100" {
			writeJSON(w, http.StatusForbidden, errorBody("DMS.00403000", "no permission"))
			return
		}
		list.answer(w, r, body)
	})
	cfg := testConfig(srv.URL)
	cfg.MaxConcurrent = 1
	c, _ := New(cfg)

	_, err := c.ListAllTopics(context.Background(), testInstance)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusForbidden {
		t.Fatalf("error = %v, want the 403", err)
	}
	if n := srv.count(); n != 3 {
		t.Errorf("read %d pages, want 3: none after the failure", n)
	}
}
