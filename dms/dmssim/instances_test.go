package dmssim

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestInstances_Conformance(t *testing.T) {
	other := "/v2/" + DefaultProjectID + "/instances/00000000-0000-0000-0000-000000000000"
	runExchanges(t, DefaultConfig, []exchange{
		{name: "brokers", method: "GET", path: instancePath + "/brokers", status: 200,
			want: `{"brokers":[{"broker_name":"broker-0","ids":[0,1,2]}]}`},
		{name: "list other engine", method: "GET", path: projectPath + "/instances?engine=kafka",
			status: 200, want: `{"instances":[],"instance_num":0}`},
		{name: "list no match", method: "GET",
			path: projectPath + "/instances?name=dem&exact_match_name=true", status: 200,
			want: `{"instances":[],"instance_num":0}`},
		{name: "list unknown project", method: "GET",
			path: "/v2/ffffffffffffffffffffffffffffffff/instances", status: 200,
			want: `{"instances":[],"instance_num":0}`},
		{name: "list bad project", method: "GET", path: "/v2/not-a-project/instances",
			status: 400, code: CodeBadProjectID},
		{name: "show unknown", method: "GET", path: other, status: 404, code: CodeNoInstance},
		{name: "topics of unknown", method: "GET", path: other + "/topics", status: 404,
			code: CodeNoInstance},
		{name: "show not a uuid", method: "GET", path: projectPath + "/instances/demo",
			status: 400, code: CodeBadInstanceID},
		{name: "unknown path", method: "GET", path: instancePath + "/queues", status: 404,
			code: CodeNoURL},
		{name: "not v2", method: "GET", path: "/v1/" + DefaultProjectID + "/instances",
			status: 404, code: CodeNoURL},
		{name: "delete instance is not simulated", method: "DELETE", path: instancePath,
			status: 405, code: CodeMethod},
	})
}

// List and show describe the instance with the fields mqsync reads, whichever engine spelling
// and filters the caller uses.
func TestInstances_Fields(t *testing.T) {
	r := startSim(t, DefaultConfig())
	want := map[string]any{"instance_id": DefaultInstanceID, "name": DefaultInstanceName,
		"engine": "reliability", "engine_version": "4.8.0", "status": "RUNNING",
		"enable_acl": true, "broker_num": 1.0, "product_id": "c6.4u8g.cluster"}
	pick := func(v any) map[string]any {
		m, _ := v.(map[string]any)
		out := map[string]any{}
		for k := range want {
			out[k] = m[k]
		}
		return out
	}

	show := send(t, r.URL(), "GET", instancePath, "", nil)
	if diff := cmp.Diff(want, pick(show.body)); diff != "" {
		t.Errorf("show (-want +got):\n%s", diff)
	}
	for _, q := range []string{"engine=reliability", "engine=rocketmq",
		"name=demo&exact_match_name=true", "name=em", "instance_id=" + DefaultInstanceID,
		"status=RUNNING"} {
		list := send(t, r.URL(), "GET", projectPath+"/instances?"+q, "", nil)
		m, _ := list.body.(map[string]any)
		items, _ := m["instances"].([]any)
		if len(items) != 1 || m["instance_num"] != 1.0 {
			t.Fatalf("list ?%s: %s", q, list.raw)
		}
		if diff := cmp.Diff(want, pick(items[0])); diff != "" {
			t.Errorf("list ?%s (-want +got):\n%s", q, diff)
		}
	}
}

// An instance that is not RUNNING refuses changes with DMS.00400026 and still answers reads.
func TestInstances_NotRunning(t *testing.T) {
	cfg := fixtureConfig()
	cfg.Projects[0].Instances[0].Status = "RESTARTING"
	runExchanges(t, func() Config { return cfg }, []exchange{
		{name: "create topic", method: "POST", path: instancePath + "/topics",
			body: `{"name":"abc"}`, status: 400, code: CodeInstanceStatus},
		{name: "delete group", method: "DELETE", path: instancePath + "/groups/billing",
			status: 400, code: CodeInstanceStatus},
		{name: "modify user", method: "PUT", path: instancePath + "/users/appuser1",
			body: `{"admin":true}`, status: 400, code: CodeInstanceStatus},
		{name: "read", method: "GET", path: instancePath + "/topics/orders", status: 200,
			want: ordersJSON},
	})
}

func TestServer_SetInstanceStatus(t *testing.T) {
	r := startSim(t, DefaultConfig())
	if err := r.SetInstanceStatus(DefaultProjectID, DefaultInstanceID, "CHANGING"); err != nil {
		t.Fatal(err)
	}
	create := exchange{method: "POST", path: instancePath + "/topics", body: `{"name":"abc"}`,
		status: 400, code: CodeInstanceStatus}
	create.check(t, r.URL())
	if err := r.SetInstanceStatus(DefaultProjectID, DefaultInstanceID, "RUNNING"); err != nil {
		t.Fatal(err)
	}
	create.status, create.code, create.want = 200, "", `{"id":"abc"}`
	create.check(t, r.URL())
}
