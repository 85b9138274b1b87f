package dms

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mqsync/mqsync/secret"
)

// opCase is one operation: what the client is asked, what it must send, and what it must make
// of the answer.
type opCase struct {
	name string
	call func(context.Context, *Client) (any, error)
	// answer is a file in testdata/answers, or empty for no body; status defaults to 200.
	answer string
	status int
	// What the request must be: method, path after /v2/, raw query, JSON body.
	method, path, query, body string
	want                      any
}

// Paths the cases share.
const (
	instancePrefix = testProject + "/instances/" + testInstance
	policyPrefix   = "reliability/" + instancePrefix
)

// newOrdersUser is the user the user cases send.
var newOrdersUser = User{
	AccessKey: "app-orders", SecretKey: secret.New("Ox7#Vq2mLp9"),
	DefaultTopicPerm: PermDeny, DefaultGroupPerm: PermDeny,
	TopicPerms: []Grant{{Name: "orders", Perm: PermPubSub}},
	GroupPerms: []Grant{{Name: "billing", Perm: PermSub}},
}

// ordersUserJSON is newOrdersUser as the request body must carry it.
const ordersUserJSON = `{"access_key":"app-orders","secret_key":"Ox7#Vq2mLp9",
	"white_remote_address":"","admin":false,"default_topic_perm":"DENY",
	"default_group_perm":"DENY","topic_perms":[{"name":"orders","perm":"PUB|SUB"}],
	"group_perms":[{"name":"billing","perm":"SUB"}]}`

// ordersUserAnswer is the user the user answers describe.
var ordersUserAnswer = newOrdersUser

func instanceCases() []opCase {
	prod := Instance{InstanceID: testInstance, Name: "orders-prod", Engine: "reliability",
		EngineVersion: "4.8.0", Status: "RUNNING", EnableACL: true, BrokerNum: 1,
		ProductID: "c6.4u8g.cluster"}
	return []opCase{
		{
			name: "list instances with filters",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ListInstances(ctx, ListInstancesOptions{Name: "orders prod",
					ExactMatchName: true, Status: "RUNNING", Limit: 10, Offset: 20})
			},
			answer: "list_instances.json", method: "GET", path: testProject + "/instances",
			query: "engine=reliability&exact_match_name=true&limit=10&name=orders%20prod" +
				"&offset=20&status=RUNNING",
			want: InstancePage{Total: 2, Instances: []Instance{prod, {
				InstanceID: "a0a0a0a0-0000-4000-8000-000000000002", Name: "orders-prod-old",
				Engine: "reliability", EngineVersion: "4.8.0", Status: "CREATEFAILED",
				BrokerNum: 2, ProductID: "c6.8u16g.cluster"}}},
		},
		{
			name: "show instance",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ShowInstance(ctx, testInstance)
			},
			answer: "show_instance.json", method: "GET", path: instancePrefix, want: prod,
		},
		{
			name: "list brokers",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ListBrokers(ctx, testInstance)
			},
			answer: "list_brokers.json", method: "GET", path: instancePrefix + "/brokers",
			want: []Broker{{BrokerName: "broker-0", IDs: []int{0, 1, 2}},
				{BrokerName: "broker-1", IDs: []int{0, 1}}},
		},
	}
}

func topicCases() []opCase {
	broker0 := func(n int) []TopicBroker {
		return []TopicBroker{{BrokerName: "broker-0", ReadQueueNum: n, WriteQueueNum: n}}
	}
	return []opCase{
		{
			name: "list topics",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ListTopics(ctx, testInstance, Page{Offset: 50, Limit: 50})
			},
			answer: "list_topics.json", method: "GET", path: instancePrefix + "/topics",
			query: "limit=50&offset=50",
			want: TopicPage{Total: 2, Max: 4000, Remaining: 3998, NextOffset: -1,
				PreviousOffset: -1, Topics: []Topic{
					{Name: "a%b|c", TotalReadQueueNum: 3, TotalWriteQueueNum: 3,
						Permission: TopicPermAll, Brokers: broker0(3)},
					{Name: "orders", TotalReadQueueNum: 8, TotalWriteQueueNum: 8,
						Permission: TopicPermPub, Brokers: broker0(8)}}},
		},
		{
			name: "create topic",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.CreateTopic(ctx, testInstance, CreateTopicRequest{Name: "orders",
					Brokers: []string{"broker-0"}, QueueNum: 8, Permission: TopicPermPub})
			},
			answer: "create_topic.json", method: "POST", path: instancePrefix + "/topics",
			body: `{"name":"orders","brokers":["broker-0"],"queue_num":8,"permission":"pub"}`,
		},
		{
			name: "create topic with the service's defaults",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.CreateTopic(ctx, testInstance, CreateTopicRequest{Name: "orders"})
			},
			answer: "create_topic.json", method: "POST", path: instancePrefix + "/topics",
			body: `{"name":"orders","brokers":[]}`,
		},
		{
			name: "delete topics",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.DeleteTopics(ctx, testInstance, []string{"orders", "a%b|c"})
			},
			answer: "job.json", method: "POST", path: instancePrefix + "/topics",
			query: "action=delete", body: `{"topics":["orders","a%b|c"]}`,
			want: "8abfa7b27da211df017da340427b0979",
		},
		{
			name: "show topic names it from the request",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ShowTopic(ctx, testInstance, "a%b|c")
			},
			answer: "show_topic.json", method: "GET", path: instancePrefix + "/topics/a%25b%7Cc",
			want: Topic{Name: "a%b|c", TotalReadQueueNum: 3, TotalWriteQueueNum: 3,
				Permission: TopicPermAll, Brokers: broker0(3)},
		},
		{
			name: "modify topic",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.ModifyTopic(ctx, testInstance, "orders", ModifyTopicRequest{
					ReadQueueNum: 16, WriteQueueNum: 16, Permission: TopicPermAll})
			},
			status: http.StatusNoContent, method: "PUT", path: instancePrefix + "/topics/orders",
			body: `{"read_queue_num":16,"write_queue_num":16,"permission":"all"}`,
		},
		{
			name: "delete topic",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.DeleteTopic(ctx, testInstance, "a%b|c")
			},
			status: http.StatusNoContent, method: "DELETE",
			path: instancePrefix + "/topics/a%25b%7Cc",
		},
		{
			name: "groups of a topic",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ListTopicGroups(ctx, testInstance, "orders")
			},
			answer: "list_topic_groups.json", method: "GET",
			path: instancePrefix + "/topics/orders/groups",
			want: []string{"CID_JODIE_1", "test_consumer"},
		},
		{
			name: "topic status with brokers sent as one object",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.TopicStatus(ctx, testInstance, "orders")
			},
			answer: "topic_status.json", method: "GET",
			path: instancePrefix + "/topics/orders/status",
			want: TopicStatus{Brokers: []BrokerStatus{{BrokerName: "broker-0",
				Queues: []QueueStatus{
					{ID: 0, MinOffset: 0, MaxOffset: 2,
						LastMessageTime: time.UnixMilli(1662689877152).UTC()},
					{ID: 1, MinOffset: 5, MaxOffset: 5}}}}},
		},
		{
			name: "access policies of a topic",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ListTopicAccessPolicies(ctx, testInstance, "orders", Page{})
			},
			answer: "topic_access_policies.json", method: "GET",
			path: instancePrefix + "/topics/orders/accesspolicy", query: "limit=50&offset=0",
			want: AccessPolicyPage{Total: 2, Name: "orders", Policies: []AccessPolicy{
				{AccessKey: "reader-app", SecretKey: secret.New("Reader#Secret1"), Perm: PermSub},
				{AccessKey: "writer-app", SecretKey: secret.New("Writer#Secret1"),
					WhiteRemoteAddress: "10.0.0.0/8", Perm: PermPubSub}}},
		},
	}
}

func groupCases() []opCase {
	billing := Group{Name: "billing", Enabled: true, Brokers: []string{"broker-0"},
		RetryMaxTime: 16}
	const billingJSON = `{"name":"billing","enabled":true,"broadcast":false,
		"brokers":["broker-0"],"retry_max_time":16,"from_beginning":false}`
	return []opCase{
		{
			name: "list groups by name",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ListGroups(ctx, testInstance, ListGroupsOptions{Name: "bill",
					Page: Page{Limit: 10}})
			},
			answer: "list_groups.json", method: "GET", path: instancePrefix + "/groups",
			query: "group=bill&limit=10&offset=0",
			want: GroupPage{Total: 1, Max: 4000, Remaining: 3999, NextOffset: -1,
				PreviousOffset: -1, Groups: []Group{billing}},
		},
		{
			name: "create group",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.CreateGroup(ctx, testInstance, billing)
			},
			answer: "create_group.json", method: "POST", path: instancePrefix + "/groups",
			body: billingJSON,
		},
		{
			name: "delete groups",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.DeleteGroups(ctx, testInstance, []string{"billing"})
			},
			answer: "job.json", method: "POST", path: instancePrefix + "/groups",
			query: "action=delete", body: `{"groups":["billing"]}`,
			want: "8abfa7b27da211df017da340427b0979",
		},
		{
			name: "modify groups",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ModifyGroups(ctx, testInstance, []Group{billing,
					{Name: "audit", Broadcast: true, RetryMaxTime: 3, FromBeginning: true}})
			},
			answer: "job.json", method: "PUT", path: instancePrefix + "/groups",
			body: `{"groups":[` + billingJSON + `,{"name":"audit","enabled":false,
				"broadcast":true,"retry_max_time":3,"from_beginning":true}]}`,
			want: "8abfa7b27da211df017da340427b0979",
		},
		{
			name: "show group",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ShowGroup(ctx, testInstance, "billing")
			},
			answer: "show_group.json", method: "GET", path: instancePrefix + "/groups/billing",
			want: Group{Name: "billing", Enabled: true, Broadcast: true,
				Brokers: []string{"broker-0"}, RetryMaxTime: 10},
		},
		{
			name: "modify group",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.ModifyGroup(ctx, testInstance, Group{Name: "billing",
					Enabled: true, RetryMaxTime: 5})
			},
			status: http.StatusNoContent, method: "PUT", path: instancePrefix + "/groups/billing",
			body: `{"name":"billing","enabled":true,"broadcast":false,"retry_max_time":5,
				"from_beginning":false}`,
		},
		{
			name: "delete group",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.DeleteGroup(ctx, testInstance, "billing")
			},
			status: http.StatusNoContent, method: "DELETE",
			path: instancePrefix + "/groups/billing",
		},
		{
			name: "topics of a group",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ListGroupTopics(ctx, testInstance, "billing")
			},
			answer: "list_group_topics.json", method: "GET",
			path: instancePrefix + "/groups/billing/topics", want: []string{"topic01", "topic02"},
		},
		{
			name: "access policies of a group, one sent as an object",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ListGroupAccessPolicies(ctx, testInstance, "billing",
					Page{Offset: 50, Limit: 50})
			},
			answer: "group_access_policies.json", method: "GET",
			path: policyPrefix + "/groups/billing/accesspolicy", query: "limit=50&offset=50",
			want: AccessPolicyPage{Total: 1, Name: "test", Policies: []AccessPolicy{{
				AccessKey: "test_01", SecretKey: secret.New("AAAAAgAAAAAAAAAHAAAAQAAAdqH2a")}}},
		},
	}
}

func userCases() []opCase {
	return []opCase{
		{
			name: "list users",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ListUsers(ctx, testInstance, Page{Limit: 50})
			},
			answer: "list_users.json", method: "GET", path: instancePrefix + "/users",
			query: "limit=50&offset=0",
			want: UserPage{Total: 1, Users: []User{{AccessKey: "test_01",
				SecretKey: secret.New("x1234567@"), DefaultTopicPerm: PermSub,
				DefaultGroupPerm: PermDeny, GroupPerms: []Grant{},
				TopicPerms: []Grant{{Name: "orders", Perm: PermPubSub}}}}},
		},
		{
			name: "create user, answer at the top level",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CreateUser(ctx, testInstance, newOrdersUser)
			},
			answer: "user.json", method: "POST", path: instancePrefix + "/users",
			body: ordersUserJSON, want: ordersUserAnswer,
		},
		{
			name: "create user, answer wrapped in users",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CreateUser(ctx, testInstance, newOrdersUser)
			},
			answer: "create_user_wrapped.json", method: "POST", path: instancePrefix + "/users",
			body: ordersUserJSON, want: ordersUserAnswer,
		},
		{
			name: "show user",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ShowUser(ctx, testInstance, "app-orders")
			},
			answer: "user.json", method: "GET", path: instancePrefix + "/users/app-orders",
			want: ordersUserAnswer,
		},
		{
			name: "modify user keeps the secret when none is given",
			call: func(ctx context.Context, c *Client) (any, error) {
				u := newOrdersUser
				u.SecretKey = secret.Value{}
				u.TopicPerms, u.GroupPerms = nil, nil
				return c.ModifyUser(ctx, testInstance, u)
			},
			answer: "user.json", method: "PUT", path: instancePrefix + "/users/app-orders",
			body: `{"access_key":"app-orders","white_remote_address":"","admin":false,
				"default_topic_perm":"DENY","default_group_perm":"DENY",
				"topic_perms":[],"group_perms":[]}`,
			want: ordersUserAnswer,
		},
		{
			name: "delete user",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.DeleteUser(ctx, testInstance, "app-orders")
			},
			answer: "delete_user.json", method: "DELETE",
			path: instancePrefix + "/users/app-orders",
		},
	}
}

// allOpCases returns every operation case.
func allOpCases() []opCase {
	var all []opCase
	for _, cases := range [][]opCase{instanceCases(), topicCases(), groupCases(), userCases()} {
		all = append(all, cases...)
	}
	return all
}

// TestClient_Operations runs every operation against a server that answers with the
// reference's own examples, and checks the request on the wire, the decoded answer, and what
// the observer heard.
func TestClient_Operations(t *testing.T) {
	for _, tc := range allOpCases() {
		t.Run(tc.name, func(t *testing.T) {
			answer := readAnswer(t, tc.answer)
			status := tc.status
			if status == 0 {
				status = http.StatusOK
			}
			srv := newTestServer(t, func(w http.ResponseWriter, _ *http.Request, _ []byte) {
				writeJSON(w, status, answer)
			})
			var calls callRecorder
			cfg := testConfig(srv.URL)
			cfg.Observer = &calls
			c, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}

			got, err := tc.call(context.Background(), c)
			if err != nil {
				t.Fatalf("call: %v", err)
			}
			if diff := cmp.Diff(tc.want, got, secretComparer); diff != "" {
				t.Errorf("answer (-want +got):\n%s", diff)
			}
			checkRequest(t, tc, srv.received())
			checkObserved(t, tc, status, calls.all())
		})
	}
}

// checkRequest checks the one request the server received against tc.
func checkRequest(t *testing.T, tc opCase, reqs []received) {
	t.Helper()
	if len(reqs) != 1 {
		t.Fatalf("server received %d requests, want 1", len(reqs))
	}
	r := reqs[0]
	if r.Method != tc.method {
		t.Errorf("method = %s, want %s", r.Method, tc.method)
	}
	if want := "/v2/" + tc.path; r.RawPath != want {
		t.Errorf("path = %s\nwant   %s", r.RawPath, want)
	}
	if r.RawQuery != tc.query {
		t.Errorf("query = %q, want %q", r.RawQuery, tc.query)
	}
	if !sameJSON(t, r.Body, []byte(tc.body)) {
		t.Errorf("body = %s\nwant   %s", r.Body, tc.body)
	}
	if !r.SignatureOK {
		t.Errorf("signature does not verify")
	}
}

// checkObserved checks that the observer heard exactly the one call.
func checkObserved(t *testing.T, tc opCase, status int, calls []Call) {
	t.Helper()
	if len(calls) != 1 {
		t.Fatalf("observer heard %d calls, want 1", len(calls))
	}
	call := calls[0]
	if call.Method != tc.method || call.StatusCode != status || call.Retries != 0 ||
		call.Err != nil || call.Duration <= 0 {
		t.Errorf("observed %+v", call)
	}
	known := false
	for _, op := range Operations() {
		known = known || op == call.Operation
	}
	if !known {
		t.Errorf("operation %q is not in Operations()", call.Operation)
	}
}

// readAnswer returns a fixture from testdata/answers, or nil for no name.
func readAnswer(t *testing.T, name string) []byte {
	t.Helper()
	if name == "" {
		return nil
	}
	b, err := os.ReadFile(filepath.Join("testdata", "answers", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// callRecorder is an Observer that keeps every call.
type callRecorder struct {
	mu    sync.Mutex
	calls []Call
}

// ObserveCall implements Observer.
func (r *callRecorder) ObserveCall(c Call) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, c)
}

// all returns the calls so far.
func (r *callRecorder) all() []Call {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Call(nil), r.calls...)
}
