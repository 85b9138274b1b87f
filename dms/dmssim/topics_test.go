package dmssim

import "testing"

const (
	ordersJSON = `{"name":"orders","total_read_queue_num":3,"total_write_queue_num":3,
		"permission":"all","brokers":[{"broker_name":"broker-0","read_queue_num":3,
		"write_queue_num":3}]}`
	paymentsJSON = `{"name":"pay%ments|eu","total_read_queue_num":3,"total_write_queue_num":3,
		"permission":"pub","brokers":[{"broker_name":"broker-0","read_queue_num":3,
		"write_queue_num":3}]}`
	// paymentsPath is the escaped path segment of the topic "pay%ments|eu".
	paymentsPath = "pay%25ments%7Ceu"
)

func TestTopics_Conformance(t *testing.T) {
	topics := instancePath + "/topics"
	runExchanges(t, fixtureConfig, []exchange{
		{name: "list", method: "GET", path: topics, status: 200, want: `{"total":2,"max":4000,
			"remaining":3998,"next_offset":-1,"previous_offset":-1,
			"topics":[` + ordersJSON + `,` + paymentsJSON + `]}`},
		{name: "list page", method: "GET", path: topics + "?limit=1&offset=1", status: 200,
			want: `{"total":2,"max":4000,"remaining":3998,"next_offset":-1,
			"previous_offset":0,"topics":[` + paymentsJSON + `]}`},
		{name: "list limit 0", method: "GET", path: topics + "?limit=0", status: 400,
			code: CodeBadLimit},
		{name: "list limit 51", method: "GET", path: topics + "?limit=51", status: 400,
			code: CodeBadLimit},
		{name: "list offset -1", method: "GET", path: topics + "?offset=-1", status: 400,
			code: CodeBadOffset},
		{name: "list offset not a number", method: "GET", path: topics + "?offset=x",
			status: 400, code: CodeBadOffset},
		{name: "list on the rocketmq engine path", method: "GET",
			path: "/v2/rocketmq/" + DefaultProjectID + "/instances/" + DefaultInstanceID +
				"/topics?limit=1", status: 200, want: `{"total":2,"max":4000,
			"remaining":3998,"next_offset":1,"previous_offset":-1,"topics":[` + ordersJSON + `]}`},

		{name: "create", method: "POST", path: topics, status: 200, want: `{"id":"new-topic"}`,
			body: `{"name":"new-topic","brokers":["broker-0"],"queue_num":3,"permission":"all"}`},
		{name: "create with defaults and a float count", method: "POST", path: topics,
			body: `{"name":"a_b","queue_num":4.0}`, status: 200, want: `{"id":"a_b"}`},
		{name: "create existing", method: "POST", path: topics, body: `{"name":"orders"}`,
			status: 400, code: CodeTopicExists},
		{name: "create name too short", method: "POST", path: topics, body: `{"name":"ab"}`,
			status: 400, code: CodeNameLength},
		{name: "create name 65 long", method: "POST", path: topics,
			body: `{"name":"` + repeat("a", 65) + `"}`, status: 400, code: CodeNameLength},
		{name: "create name with a dot", method: "POST", path: topics, body: `{"name":"a.bc"}`,
			status: 400, code: CodeNameCharacters},
		{name: "create without name", method: "POST", path: topics, body: `{"queue_num":3}`,
			status: 400, code: CodeNameLength},
		{name: "create queue_num 0", method: "POST", path: topics,
			body: `{"name":"abc","queue_num":0}`, status: 400, code: CodeBadField},
		{name: "create queue_num 51", method: "POST", path: topics,
			body: `{"name":"abc","queue_num":51}`, status: 400, code: CodeBadField},
		{name: "create queue_num 2.5", method: "POST", path: topics,
			body: `{"name":"abc","queue_num":2.5}`, status: 400, code: CodeMalformedBody},
		{name: "create bad permission", method: "POST", path: topics,
			body: `{"name":"abc","permission":"ALL"}`, status: 400, code: CodeBadField},
		{name: "create unknown broker", method: "POST", path: topics,
			body: `{"name":"abc","brokers":["broker-1"]}`, status: 400, code: CodeBadField},
		{name: "create malformed", method: "POST", path: topics, body: `{"name":`,
			status: 400, code: CodeMalformedBody},
		{name: "create empty body", method: "POST", path: topics, status: 400,
			code: CodeEmptyBody},

		{name: "batch delete", method: "POST", path: topics + "?action=delete",
			body: `{"topics":["orders","gone"]}`, status: 200,
			want: `{"job_id":"00000000000000000000000000000001"}`},
		{name: "batch delete nothing", method: "POST", path: topics + "?action=delete",
			body: `{"topics":[]}`, status: 400, code: CodeBadField},

		{name: "show", method: "GET", path: topics + "/orders", status: 200, want: ordersJSON},
		{name: "show escaped name", method: "GET", path: topics + "/" + paymentsPath,
			status: 200, want: paymentsJSON},
		{name: "show unknown", method: "GET", path: topics + "/nope", status: 404,
			code: CodeNoTopic},
		{name: "modify", method: "PUT", path: topics + "/orders", status: 204,
			body: `{"read_queue_num":5,"write_queue_num":4,"permission":"sub"}`},
		{name: "modify too many queues", method: "PUT", path: topics + "/orders",
			body: `{"read_queue_num":51}`, status: 400, code: CodeBadField},
		{name: "modify bad permission", method: "PUT", path: topics + "/orders",
			body: `{"permission":"none"}`, status: 400, code: CodeBadField},
		{name: "modify unknown", method: "PUT", path: topics + "/nope",
			body: `{"permission":"all"}`, status: 404, code: CodeNoTopic},
		{name: "delete", method: "DELETE", path: topics + "/orders", status: 204},
		{name: "delete unknown", method: "DELETE", path: topics + "/nope", status: 404,
			code: CodeNoTopic},
		{name: "patch is not allowed", method: "PATCH", path: topics + "/orders", status: 405,
			code: CodeMethod},

		{name: "groups of a topic", method: "GET", path: topics + "/orders/groups",
			status: 200, want: `{"groups":["billing"]}`},
		{name: "groups of an unsubscribed topic", method: "GET",
			path: topics + "/" + paymentsPath + "/groups", status: 200, want: `{"groups":[]}`},
		{name: "groups of an unknown topic", method: "GET", path: topics + "/nope/groups",
			status: 404, code: CodeNoTopic},
		{name: "status", method: "GET", path: topics + "/orders/status", status: 200,
			want: `{"brokers":[{"broker_name":"broker-0","queues":[
			{"id":0,"min_offset":0,"max_offset":0,"last_message_time":0},
			{"id":1,"min_offset":0,"max_offset":0,"last_message_time":0},
			{"id":2,"min_offset":0,"max_offset":0,"last_message_time":0}]}]}`},
		{name: "status of an unknown topic", method: "GET", path: topics + "/nope/status",
			status: 404, code: CodeNoTopic},
		{name: "access policies", method: "GET", path: topics + "/orders/accesspolicy",
			status: 200, want: `{"name":"orders","total":1,"policies":[{"access_key":"appuser1",
			"secret_key":"Secret-123","white_remote_address":"","admin":false,
			"perm":"PUB|SUB"}]}`},
		{name: "access policies of an ungranted topic", method: "GET",
			path: topics + "/" + paymentsPath + "/accesspolicy", status: 200,
			want: `{"name":"pay%ments|eu","total":0,"policies":[]}`},
		{name: "access policies of an unknown topic", method: "GET",
			path: topics + "/nope/accesspolicy", status: 404, code: CodeNoTopic},
	})
}

// A change is visible to the reads that follow it.
func TestTopics_ChangesAreVisible(t *testing.T) {
	r := startSim(t, fixtureConfig())
	topics := instancePath + "/topics"
	steps := []exchange{
		{method: "PUT", path: topics + "/orders", status: 204,
			body: `{"read_queue_num":5,"write_queue_num":4,"permission":"sub"}`},
		{method: "GET", path: topics + "/orders", status: 200, want: `{"name":"orders",
			"total_read_queue_num":5,"total_write_queue_num":4,"permission":"sub",
			"brokers":[{"broker_name":"broker-0","read_queue_num":5,"write_queue_num":4}]}`},
		{method: "DELETE", path: topics + "/orders", status: 204},
		{method: "GET", path: topics + "/orders", status: 404, code: CodeNoTopic},
		{method: "POST", path: topics + "?action=delete", status: 200,
			body: `{"topics":["pay%ments|eu"]}`,
			want: `{"job_id":"00000000000000000000000000000001"}`},
		{method: "GET", path: topics, status: 200, want: `{"total":0,"max":4000,
			"remaining":4000,"next_offset":-1,"previous_offset":-1,"topics":[]}`},
	}
	for _, e := range steps {
		e.check(t, r.URL())
	}
}

// On a two-broker instance, queue_num counts the queues of each broker and modify spreads
// totals over the brokers.
func TestTopics_TwoBrokers(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Projects[0].Instances[0].BrokerNum = 2
	r := startSim(t, cfg)
	topics := instancePath + "/topics"
	steps := []exchange{
		{method: "POST", path: topics, body: `{"name":"wide","queue_num":4}`, status: 200,
			want: `{"id":"wide"}`},
		{method: "PUT", path: topics + "/wide", body: `{"read_queue_num":7}`, status: 204},
		{method: "GET", path: topics + "/wide", status: 200, want: `{"name":"wide",
			"total_read_queue_num":7,"total_write_queue_num":8,"permission":"all","brokers":[
			{"broker_name":"broker-0","read_queue_num":4,"write_queue_num":4},
			{"broker_name":"broker-1","read_queue_num":3,"write_queue_num":4}]}`},
		{method: "GET", path: topics + "?limit=1", status: 200, want: `{"total":1,"max":8000,
			"remaining":7999,"next_offset":-1,"previous_offset":-1,"topics":[{"name":"wide",
			"total_read_queue_num":7,"total_write_queue_num":8,"permission":"all","brokers":[
			{"broker_name":"broker-0","read_queue_num":4,"write_queue_num":4},
			{"broker_name":"broker-1","read_queue_num":3,"write_queue_num":4}]}]}`},
	}
	for _, e := range steps {
		e.check(t, r.URL())
	}
}

func repeat(s string, n int) string {
	out := ""
	for range n {
		out += s
	}
	return out
}
