package dmssim

import (
	"fmt"
	"testing"
	"time"
)

// Quotas come from the product and the broker count; lists report them and create enforces
// them.
func TestQuota_Enforced(t *testing.T) {
	r := startSim(t, DefaultConfig())
	var c Contents
	for i := range 3999 {
		c.Topics = append(c.Topics, Topic{Name: fmt.Sprintf("t-%04d", i)})
		c.Groups = append(c.Groups, Group{Name: fmt.Sprintf("g-%04d", i)})
	}
	if err := r.Seed(DefaultProjectID, DefaultInstanceID, c); err != nil {
		t.Fatal(err)
	}
	steps := []exchange{
		{method: "GET", path: instancePath + "/topics?offset=3998", status: 200,
			want: `{"total":3999,"max":4000,"remaining":1,"next_offset":-1,
			"previous_offset":3988,"topics":[{"name":"t-3998","total_read_queue_num":3,
			"total_write_queue_num":3,"permission":"all","brokers":[{"broker_name":"broker-0",
			"read_queue_num":3,"write_queue_num":3}]}]}`},
		{method: "POST", path: instancePath + "/topics", body: `{"name":"last"}`, status: 200,
			want: `{"id":"last"}`},
		{method: "POST", path: instancePath + "/topics", body: `{"name":"one-more"}`,
			status: 400, code: CodeTopicQuota},
		{method: "POST", path: instancePath + "/groups", body: `{"name":"last"}`, status: 200,
			want: `{"name":"last"}`},
		{method: "POST", path: instancePath + "/groups", body: `{"name":"one-more"}`,
			status: 400, code: CodeGroupQuota},
		{method: "GET", path: instancePath + "/groups?limit=1&group=g-0001", status: 200,
			want: `{"total":1,"max":4000,"remaining":0,"next_offset":-1,"previous_offset":-1,
			"groups":[{"name":"g-0001","enabled":false,"broadcast":false,
			"brokers":["broker-0"],"retry_max_time":16,"from_beginning":false}]}`},
	}
	for _, e := range steps {
		e.check(t, r.URL())
	}
	if err := r.Seed(DefaultProjectID, DefaultInstanceID,
		Contents{Topics: []Topic{{Name: "over"}}}); err == nil {
		t.Error("seeding past the quota succeeded")
	}
}

func TestQuota_ProductTimesBrokers(t *testing.T) {
	for product, want := range map[string]int{"c6.4u8g.cluster": 12000,
		"c6.8u16g.cluster": 24000, "c6.12u24g.cluster": 36000, "c6.16u32g.cluster": 48000} {
		cfg := DefaultConfig()
		in := &cfg.Projects[0].Instances[0]
		in.ProductID, in.BrokerNum = product, 3
		r := startSim(t, cfg)
		a := send(t, r.URL(), "GET", instancePath+"/groups", "", nil)
		if m, _ := a.body.(map[string]any); m["max"] != float64(want) {
			t.Errorf("%s with 3 brokers: max %v, want %d", product, m["max"], want)
		}
	}
}

// Batch jobs take effect after the job delay; a read in between still sees the old state.
func TestJobs_Delay(t *testing.T) {
	cfg := fixtureConfig()
	cfg.Faults.JobDelay = 50 * time.Millisecond
	r := startSim(t, cfg)

	steps := []exchange{
		{method: "POST", path: instancePath + "/topics?action=delete", status: 200,
			body: `{"topics":["orders"]}`, want: `{"job_id":"00000000000000000000000000000001"}`},
		{method: "PUT", path: instancePath + "/groups", status: 200,
			body: `{"groups":[{"name":"billing","enabled":false}]}`,
			want: `{"job_id":"00000000000000000000000000000002"}`},
		{method: "GET", path: instancePath + "/topics/orders", status: 200, want: ordersJSON},
		{method: "GET", path: instancePath + "/groups/billing", status: 200,
			want: `{"name":"billing","enabled":true,"broadcast":false,"brokers":["broker-0"],
			"retry_max_time":16,"app_id":null,"app_name":null,"permissions":[]}`},
	}
	for _, e := range steps {
		e.check(t, r.URL())
	}

	deadline := time.Now().Add(5 * time.Second)
	for send(t, r.URL(), "GET", instancePath+"/topics/orders", "", nil).status != 404 {
		if time.Now().After(deadline) {
			t.Fatal("the delete job never took effect")
		}
		time.Sleep(10 * time.Millisecond)
	}
	a := send(t, r.URL(), "GET", instancePath+"/groups/billing", "", nil)
	if m, _ := a.body.(map[string]any); m["enabled"] != false {
		t.Errorf("after the job: %s, want enabled false", a.raw)
	}
}

// Closing a server with jobs still pending returns at once and drops them.
func TestJobs_CloseDropsPending(t *testing.T) {
	cfg := fixtureConfig()
	cfg.Faults.JobDelay = time.Hour
	r := startSim(t, cfg)
	exchange{method: "POST", path: instancePath + "/groups?action=delete", status: 200,
		body: `{"groups":["billing"]}`, want: `{"job_id":"00000000000000000000000000000001"}`}.
		check(t, r.URL())
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if got := len(r.Snapshot()[0].Instances[0].Groups); got != 1 {
		t.Errorf("%d groups after close, want the 1 the pending job would have deleted", got)
	}
}
