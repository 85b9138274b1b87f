package dmssim

import "testing"

const billingJSON = `{"name":"billing","enabled":true,"broadcast":false,
	"brokers":["broker-0"],"retry_max_time":16,"from_beginning":false}`

func TestGroups_Conformance(t *testing.T) {
	groups := instancePath + "/groups"
	engineGroups := "/v2/reliability/" + DefaultProjectID + "/instances/" + DefaultInstanceID +
		"/groups"
	runExchanges(t, fixtureConfig, []exchange{
		{name: "list", method: "GET", path: groups, status: 200, want: `{"total":1,"max":4000,
			"remaining":3999,"next_offset":-1,"previous_offset":-1,"groups":[` +
			billingJSON + `]}`},
		{name: "list filtered out", method: "GET", path: groups + "?group=zz", status: 200,
			want: `{"total":0,"max":4000,"remaining":3999,"next_offset":-1,
			"previous_offset":-1,"groups":[]}`},
		{name: "list filtered in", method: "GET", path: groups + "?group=ill", status: 200,
			want: `{"total":1,"max":4000,"remaining":3999,"next_offset":-1,
			"previous_offset":-1,"groups":[` + billingJSON + `]}`},
		{name: "list limit 51", method: "GET", path: groups + "?limit=51", status: 400,
			code: CodeBadLimit},

		{name: "create", method: "POST", path: groups, status: 200,
			body: `{"name":"consumer-group-test","brokers":["broker-0"],"from_beginning":false,
			"broadcast":false,"retry_max_time":16}`, want: `{"name":"consumer-group-test"}`},
		{name: "create existing", method: "POST", path: groups, body: `{"name":"billing"}`,
			status: 400, code: CodeGroupExists},
		{name: "create retry 0", method: "POST", path: groups,
			body: `{"name":"abc","retry_max_time":0}`, status: 400, code: CodeBadField},
		{name: "create retry 17", method: "POST", path: groups,
			body: `{"name":"abc","retry_max_time":17}`, status: 400, code: CodeBadField},
		{name: "create bad name", method: "POST", path: groups, body: `{"name":"a b c"}`,
			status: 400, code: CodeNameCharacters},
		{name: "create unknown broker", method: "POST", path: groups,
			body: `{"name":"abc","brokers":["broker-9"]}`, status: 400, code: CodeBadField},
		{name: "create enabled not a bool", method: "POST", path: groups,
			body: `{"name":"abc","enabled":"yes"}`, status: 400, code: CodeMalformedBody},
		{name: "create empty body", method: "POST", path: groups, body: " ", status: 400,
			code: CodeEmptyBody},

		{name: "batch delete", method: "POST", path: groups + "?action=delete",
			body: `{"groups":["billing"]}`, status: 200,
			want: `{"job_id":"00000000000000000000000000000001"}`},
		{name: "batch delete nothing", method: "POST", path: groups + "?action=delete",
			body: `{"groups":[]}`, status: 400, code: CodeBadField},
		{name: "batch delete not names", method: "POST", path: groups + "?action=delete",
			body: `{"groups":[1]}`, status: 400, code: CodeMalformedBody},
		{name: "batch modify", method: "PUT", path: groups, status: 200,
			body: `{"groups":[{"name":"billing","enabled":false,"retry_max_time":3}]}`,
			want: `{"job_id":"00000000000000000000000000000001"}`},
		{name: "batch modify unknown", method: "PUT", path: groups,
			body: `{"groups":[{"name":"nope","enabled":false}]}`, status: 404,
			code: CodeNoGroup},
		{name: "batch modify brokers", method: "PUT", path: groups,
			body: `{"groups":[{"name":"billing","brokers":[]}]}`, status: 400,
			code: CodeBadField},
		{name: "batch modify retry 20", method: "PUT", path: groups,
			body: `{"groups":[{"name":"billing","retry_max_time":20}]}`, status: 400,
			code: CodeBadField},

		{name: "show", method: "GET", path: groups + "/billing", status: 200,
			want: `{"name":"billing","enabled":true,"broadcast":false,"brokers":["broker-0"],
			"retry_max_time":16,"app_id":null,"app_name":null,"permissions":[]}`},
		{name: "show unknown", method: "GET", path: groups + "/nope", status: 404,
			code: CodeNoGroup},
		{name: "modify", method: "PUT", path: groups + "/billing", status: 204,
			body: `{"name":"billing","enabled":true,"retry_max_time":16,
			"from_beginning":true,"broadcast":true}`},
		{name: "modify rename", method: "PUT", path: groups + "/billing",
			body: `{"name":"other"}`, status: 400, code: CodeBadField},
		{name: "modify unknown", method: "PUT", path: groups + "/nope", body: `{}`,
			status: 404, code: CodeNoGroup},
		{name: "delete", method: "DELETE", path: groups + "/billing", status: 204},
		{name: "delete unknown", method: "DELETE", path: groups + "/nope", status: 404,
			code: CodeNoGroup},

		{name: "topics of a group", method: "GET", path: groups + "/billing/topics",
			status: 200, want: `{"topics":["orders"]}`},
		{name: "one topic of a group", method: "GET",
			path: groups + "/billing/topics?topic=other", status: 200, want: `{"topics":[]}`},
		{name: "topics of an unknown group", method: "GET", path: groups + "/nope/topics",
			status: 404, code: CodeNoGroup},
		{name: "access policies (reliability)", method: "GET",
			path: engineGroups + "/billing/accesspolicy", status: 200,
			want: `{"name":"billing","total":1,"policies":[{"access_key":"appuser1",
			"secret_key":"Secret-123","white_remote_address":"","admin":false,
			"perm":"SUB"}]}`},
		{name: "access policies (rocketmq)", method: "GET",
			path: "/v2/rocketmq/" + DefaultProjectID + "/instances/" + DefaultInstanceID +
				"/groups/billing/accesspolicy?offset=1", status: 200,
			want: `{"name":"billing","total":1,"policies":[]}`},
		{name: "access policies bad limit", method: "GET",
			path: engineGroups + "/billing/accesspolicy?limit=100", status: 400,
			code: CodeBadLimit},
		{name: "access policies of an unknown group", method: "GET",
			path: engineGroups + "/nope/accesspolicy", status: 404, code: CodeNoGroup},
		{name: "reset offset", method: "POST", path: engineGroups +
			"/billing/reset-message-offset", body: `{"topic":"orders","timestamp":0}`,
			status: 200, want: `{"queues":[
			{"broker_name":"broker-0","queue_id":0,"timestamp_offset":0},
			{"broker_name":"broker-0","queue_id":1,"timestamp_offset":0},
			{"broker_name":"broker-0","queue_id":2,"timestamp_offset":0}]}`},
		{name: "reset offset of an unknown topic", method: "POST", path: engineGroups +
			"/billing/reset-message-offset", body: `{"topic":"nope","timestamp":0}`,
			status: 404, code: CodeNoTopic},
		{name: "reset offset to a negative time", method: "POST", path: engineGroups +
			"/billing/reset-message-offset", body: `{"topic":"orders","timestamp":-1}`,
			status: 400, code: CodeBadTimestamp},
	})
}

func TestGroups_ChangesAreVisible(t *testing.T) {
	r := startSim(t, fixtureConfig())
	groups := instancePath + "/groups"
	steps := []exchange{
		{method: "PUT", path: groups + "/billing", status: 204,
			body: `{"enabled":false,"from_beginning":true,"retry_max_time":5}`},
		{method: "GET", path: groups, status: 200, want: `{"total":1,"max":4000,
			"remaining":3999,"next_offset":-1,"previous_offset":-1,"groups":[{"name":"billing",
			"enabled":false,"broadcast":false,"brokers":["broker-0"],"retry_max_time":5,
			"from_beginning":true}]}`},
		{method: "PUT", path: groups, status: 200,
			body: `{"groups":[{"name":"billing","broadcast":true}]}`,
			want: `{"job_id":"00000000000000000000000000000001"}`},
		{method: "GET", path: groups + "/billing", status: 200, want: `{"name":"billing",
			"enabled":false,"broadcast":true,"brokers":["broker-0"],"retry_max_time":5,
			"app_id":null,"app_name":null,"permissions":[]}`},
		{method: "POST", path: groups + "?action=delete", status: 200,
			body: `{"groups":["billing"]}`, want: `{"job_id":"00000000000000000000000000000002"}`},
		{method: "GET", path: groups + "/billing", status: 404, code: CodeNoGroup},
		{method: "GET", path: instancePath + "/topics/orders/groups", status: 200,
			want: `{"groups":[]}`},
	}
	for _, e := range steps {
		e.check(t, r.URL())
	}
}
