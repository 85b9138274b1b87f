package desired

import "testing"

func TestIsSystemTopic(t *testing.T) {
	tests := map[string]bool{
		"%RETRY%billing": true, "%DLQ%billing": true, "TBW102": true,
		"SCHEDULE_TOPIC_XXXX": true, "OFFSET_MOVED_EVENT": true, "SELF_TEST_TOPIC": true,
		"BenchmarkTest": true, "TRANS_CHECK_MAX_TIME_TOPIC": true,
		"RMQ_SYS_TRANS_HALF_TOPIC": true, "RMQ_SYS_TRACE_TOPIC": true,
		"rmq_sys_TRACE_DATA_region": true, "DefaultCluster": true,
		"DefaultCluster_REPLY_TOPIC": true, "broker-0": true, "broker-12": true,
		"orders": false, "retry-orders": false, "broker-": false, "broker-events": false,
		"benchmarktest": false, "tbw102": false, "RMQ_SYS": false,
	}
	for name, want := range tests {
		if got := IsSystemTopic(name); got != want {
			t.Errorf("IsSystemTopic(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestIsSystemGroup(t *testing.T) {
	tests := map[string]bool{
		"CID_RMQ_SYS_TRANS": true, "CID_ONS-HTTP-PROXY": true, "CID_ONSAPI_PULL": true,
		"TOOLS_CONSUMER": true, "FILTERSRV_CONSUMER": true, "__MONITOR_CONSUMER": true,
		"CLIENT_INNER_PRODUCER": true, "SELF_TEST_C_GROUP": true, "SELF_TEST_P_GROUP": true,
		"DEFAULT_CONSUMER": true, "DEFAULT_PRODUCER": true, "_INNER_TRACE_PRODUCER": true,
		"_INNER_TRACE_PRODUCER-billing": true,
		"billing":                       false, "CID_billing": false, "TOOLS_CONSUMER_2": false,
		"tools_consumer": false,
	}
	for name, want := range tests {
		if got := IsSystemGroup(name); got != want {
			t.Errorf("IsSystemGroup(%q) = %v, want %v", name, got, want)
		}
	}
}
