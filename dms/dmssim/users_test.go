package dmssim

import "testing"

const appuserJSON = `{"access_key":"appuser1","secret_key":"Secret-123",
	"white_remote_address":"","admin":false,"default_topic_perm":"DENY",
	"default_group_perm":"DENY","topic_perms":[{"name":"orders","perm":"PUB|SUB"}],
	"group_perms":[{"name":"billing","perm":"SUB"}]}`

func TestUsers_Conformance(t *testing.T) {
	users := instancePath + "/users"
	runExchanges(t, fixtureConfig, []exchange{
		{name: "list", method: "GET", path: users, status: 200,
			want: `{"total":1,"users":[` + appuserJSON + `]}`},
		{name: "list past the end", method: "GET", path: users + "?offset=5&limit=50",
			status: 200, want: `{"total":1,"users":[]}`},
		{name: "list limit 0", method: "GET", path: users + "?limit=0", status: 400,
			code: CodeBadLimit},

		{name: "create", method: "POST", path: users, status: 200,
			body: `{"access_key":"user_name","secret_key":"O6bE3KjttD6Nc6ZtZP3axKLUHtOUaMnL",
			"white_remote_address":"","admin":false,"default_topic_perm":"DENY",
			"default_group_perm":"DENY","topic_perms":[{"name":"topic1","perm":"PUB|SUB"}],
			"group_perms":[{"name":"group1","perm":"PUB|SUB"}]}`,
			want: `{"access_key":"user_name","secret_key":"O6bE3KjttD6Nc6ZtZP3axKLUHtOUaMnL",
			"white_remote_address":"","admin":false,"default_topic_perm":"DENY",
			"default_group_perm":"DENY","topic_perms":[{"name":"topic1","perm":"PUB|SUB"}],
			"group_perms":[{"name":"group1","perm":"PUB|SUB"}]}`},
		{name: "create with defaults", method: "POST", path: users, status: 200,
			body: `{"access_key":"minimal","secret_key":"abcDEF123"}`,
			want: `{"access_key":"minimal","secret_key":"abcDEF123","white_remote_address":"",
			"admin":false,"default_topic_perm":"DENY","default_group_perm":"DENY",
			"topic_perms":[],"group_perms":[]}`},
		{name: "create existing", method: "POST", path: users,
			body: `{"access_key":"appuser1","secret_key":"Secret-123"}`, status: 400,
			code: CodeInvalidParameter},
		{name: "create name 6 long", method: "POST", path: users,
			body: `{"access_key":"abcdef","secret_key":"Secret-123"}`, status: 400,
			code: CodeBadUserName},
		{name: "create name starting with a digit", method: "POST", path: users,
			body: `{"access_key":"1abcdefg","secret_key":"Secret-123"}`, status: 400,
			code: CodeBadUserName},
		{name: "create without secret", method: "POST", path: users,
			body: `{"access_key":"abcdefg"}`, status: 400, code: CodeWeakSecret},
		{name: "create secret of two classes", method: "POST", path: users,
			body: `{"access_key":"abcdefg","secret_key":"abcdefgh1"}`, status: 400,
			code: CodeWeakSecret},
		{name: "create secret 33 long", method: "POST", path: users,
			body:   `{"access_key":"abcdefg","secret_key":"Aa1` + repeat("x", 30) + `"}`,
			status: 400, code: CodeWeakSecret},
		{name: "create secret the name reversed", method: "POST", path: users,
			body: `{"access_key":"Ab1-cdefg","secret_key":"gfedc-1bA"}`, status: 400,
			code: CodeWeakSecret},
		{name: "create bad default perm", method: "POST", path: users,
			body: `{"access_key":"abcdefg","secret_key":"Secret-123",
			"default_topic_perm":"ALL"}`, status: 400, code: CodeBadField},
		{name: "create bad grant perm", method: "POST", path: users,
			body: `{"access_key":"abcdefg","secret_key":"Secret-123",
			"group_perms":[{"name":"billing","perm":"SUB|PUB"}]}`, status: 400,
			code: CodeBadField},
		{name: "create grant twice", method: "POST", path: users,
			body: `{"access_key":"abcdefg","secret_key":"Secret-123","topic_perms":[
			{"name":"orders","perm":"SUB"},{"name":"orders","perm":"PUB"}]}`, status: 400,
			code: CodeBadField},

		{name: "show", method: "GET", path: users + "/appuser1", status: 200,
			want: appuserJSON},
		{name: "show unknown", method: "GET", path: users + "/nobody1", status: 400,
			code: CodeNoUser},
		{name: "modify keeping the secret", method: "PUT", path: users + "/appuser1",
			body:   `{"access_key":"appuser1","secret_key":"","admin":true,"topic_perms":[]}`,
			status: 200, want: `{"access_key":"appuser1","secret_key":"Secret-123",
			"white_remote_address":"","admin":true,"default_topic_perm":"DENY",
			"default_group_perm":"DENY","topic_perms":[],
			"group_perms":[{"name":"billing","perm":"SUB"}]}`},
		{name: "modify weak secret", method: "PUT", path: users + "/appuser1",
			body: `{"secret_key":"short"}`, status: 400, code: CodeWeakSecret},
		{name: "modify rename", method: "PUT", path: users + "/appuser1",
			body: `{"access_key":"appuser2"}`, status: 400, code: CodeBadField},
		{name: "modify unknown", method: "PUT", path: users + "/nobody1", body: `{}`,
			status: 400, code: CodeNoUser},
		{name: "delete", method: "DELETE", path: users + "/appuser1", status: 200,
			want: `{"message":"success"}`},
		{name: "delete unknown", method: "DELETE", path: users + "/nobody1", status: 400,
			code: CodeNoUser},
	})
}

// Grants feed the access-policy views: changing or deleting a user changes them.
func TestUsers_PoliciesFollowGrants(t *testing.T) {
	r := startSim(t, fixtureConfig())
	users := instancePath + "/users"
	policies := instancePath + "/topics/orders/accesspolicy"
	steps := []exchange{
		{method: "POST", path: users, status: 200, body: `{"access_key":"second1",
			"secret_key":"Secret-456","admin":true,"topic_perms":[{"name":"orders",
			"perm":"SUB"}]}`, want: `{"access_key":"second1","secret_key":"Secret-456",
			"white_remote_address":"","admin":true,"default_topic_perm":"DENY",
			"default_group_perm":"DENY","topic_perms":[{"name":"orders","perm":"SUB"}],
			"group_perms":[]}`},
		{method: "GET", path: policies + "?limit=1&offset=1", status: 200,
			want: `{"name":"orders","total":2,"policies":[{"access_key":"second1",
			"secret_key":"Secret-456","white_remote_address":"","admin":true,"perm":"SUB"}]}`},
		{method: "PUT", path: users + "/appuser1", status: 200,
			body: `{"topic_perms":[{"name":"pay%ments|eu","perm":"PUB"}]}`,
			want: `{"access_key":"appuser1","secret_key":"Secret-123",
			"white_remote_address":"","admin":false,"default_topic_perm":"DENY",
			"default_group_perm":"DENY","topic_perms":[{"name":"pay%ments|eu","perm":"PUB"}],
			"group_perms":[{"name":"billing","perm":"SUB"}]}`},
		{method: "DELETE", path: users + "/second1", status: 200, want: `{"message":"success"}`},
		{method: "GET", path: policies, status: 200,
			want: `{"name":"orders","total":0,"policies":[]}`},
		{method: "GET", path: instancePath + "/topics/" + paymentsPath + "/accesspolicy",
			status: 200, want: `{"name":"pay%ments|eu","total":1,"policies":[
			{"access_key":"appuser1","secret_key":"Secret-123","white_remote_address":"",
			"admin":false,"perm":"PUB"}]}`},
	}
	for _, e := range steps {
		e.check(t, r.URL())
	}
}

// Without ACL, users cannot be changed; reads still answer.
func TestUsers_ACLDisabled(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Projects[0].Instances[0].EnableACL = false
	runExchanges(t, func() Config { return cfg }, []exchange{
		{name: "create", method: "POST", path: instancePath + "/users",
			body: `{"access_key":"abcdefg","secret_key":"Secret-123"}`, status: 400,
			code: CodeInvalidParameter},
		{name: "list", method: "GET", path: instancePath + "/users", status: 200,
			want: `{"total":0,"users":[]}`},
	})
}
