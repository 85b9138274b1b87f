package desired

import "strings"

// RocketMQ creates topics and consumer groups of its own: for retries, dead letters, delayed
// and transactional messages, tracing, tools and self-tests. mqsync never manages, prunes or
// reports them, and a file may not declare one. This file is the one place that lists them,
// for RocketMQ 4.8 as Huawei Cloud DMS runs it; each entry says where the name comes from in
// the apache/rocketmq sources (common/MixAll.java, common/topic/TopicValidator.java,
// broker/topic/TopicConfigManager.java, broker/subscription/SubscriptionGroupManager.java,
// client/trace/TraceConstants.java).

// systemName matches one RocketMQ name or family of names.
type systemName struct {
	// pattern is the whole name, or its start when prefix or numbered is set.
	pattern string
	// prefix matches every name that starts with pattern.
	prefix bool
	// numbered matches pattern followed by one or more digits.
	numbered bool
}

func (s systemName) match(name string) bool {
	switch {
	case s.prefix:
		return strings.HasPrefix(name, s.pattern)
	case s.numbered:
		rest, ok := strings.CutPrefix(name, s.pattern)
		return ok && rest != "" && strings.Trim(rest, "0123456789") == ""
	}
	return name == s.pattern
}

// systemTopics are RocketMQ's own topics.
var systemTopics = []systemName{
	// MixAll.RETRY_GROUP_TOPIC_PREFIX: every consumer group's retry topic, %RETRY%<group>.
	{pattern: "%RETRY%", prefix: true},
	// MixAll.DLQ_GROUP_TOPIC_PREFIX: every consumer group's dead-letter topic, %DLQ%<group>.
	{pattern: "%DLQ%", prefix: true},
	// MixAll.DEFAULT_TOPIC, TopicValidator.AUTO_CREATE_TOPIC_KEY_TOPIC: the template for
	// topics created on first send.
	{pattern: "TBW102"},
	// TopicValidator.RMQ_SYS_SCHEDULE_TOPIC: delayed messages wait here.
	{pattern: "SCHEDULE_TOPIC_XXXX"},
	// TopicValidator.RMQ_SYS_SCHEDULE_TOPIC_V2: its successor in later 4.x releases.
	{pattern: "SCHEDULE_TOPIC_XXXX_V2"},
	// MixAll.OFFSET_MOVED_EVENT, TopicValidator.RMQ_SYS_OFFSET_MOVED_EVENT.
	{pattern: "OFFSET_MOVED_EVENT"},
	// MixAll.SELF_TEST_TOPIC, TopicValidator.RMQ_SYS_SELF_TEST_TOPIC.
	{pattern: "SELF_TEST_TOPIC"},
	// MixAll.BENCHMARK_TOPIC, TopicValidator.RMQ_SYS_BENCHMARK_TOPIC.
	{pattern: "BenchmarkTest"},
	// TopicValidator.RMQ_SYS_TRANS_CHECK_MAX_TIME_TOPIC: transactions that were never
	// resolved.
	{pattern: "TRANS_CHECK_MAX_TIME_TOPIC"},
	// TopicValidator: RMQ_SYS_TRANS_HALF_TOPIC, RMQ_SYS_TRANS_OP_HALF_TOPIC (transactional
	// messages) and RMQ_SYS_TRACE_TOPIC (the default message-trace topic).
	{pattern: "RMQ_SYS_", prefix: true},
	// TopicValidator.SYSTEM_TOPIC_PREFIX and MixAll.SYSTEM_TOPIC_PREFIX, which also covers the
	// trace data topics (TraceConstants.TRACE_TOPIC_PREFIX, rmq_sys_TRACE_DATA_<region>).
	{pattern: "rmq_sys_", prefix: true},
	// TopicConfigManager creates a topic named after the broker cluster and, for request-reply,
	// <cluster>_REPLY_TOPIC (MixAll.REPLY_TOPIC_POSTFIX). DMS names its cluster DefaultCluster.
	{pattern: "DefaultCluster", prefix: true},
	// TopicConfigManager also creates a topic named after each broker; DMS names its brokers
	// broker-0, broker-1 and so on.
	{pattern: "broker-", numbered: true},
}

// systemGroups are RocketMQ's own consumer and producer groups.
var systemGroups = []systemName{
	// MixAll.CID_RMQ_SYS_PREFIX: the broker's own consumers, for example CID_RMQ_SYS_TRANS
	// (MixAll.CID_SYS_RMQ_TRANS, which checks transactional messages).
	{pattern: "CID_RMQ_SYS_", prefix: true},
	// MixAll.ONS_HTTP_PROXY_GROUP (CID_ONS-HTTP-PROXY), CID_ONSAPI_PERMISSION_GROUP,
	// CID_ONSAPI_OWNER_GROUP and CID_ONSAPI_PULL_GROUP, which SubscriptionGroupManager creates.
	{pattern: "CID_ONS", prefix: true},
	// MixAll.TOOLS_CONSUMER_GROUP: mqadmin and the console.
	{pattern: "TOOLS_CONSUMER"},
	// MixAll.FILTERSRV_CONSUMER_GROUP: the filter server.
	{pattern: "FILTERSRV_CONSUMER"},
	// MixAll.MONITOR_CONSUMER_GROUP.
	{pattern: "__MONITOR_CONSUMER"},
	// MixAll.CLIENT_INNER_PRODUCER_GROUP: the producer inside every client that sends
	// messages back for retry.
	{pattern: "CLIENT_INNER_PRODUCER"},
	// MixAll.SELF_TEST_PRODUCER_GROUP (SELF_TEST_P_GROUP) and SELF_TEST_CONSUMER_GROUP
	// (SELF_TEST_C_GROUP).
	{pattern: "SELF_TEST_", prefix: true},
	// MixAll.DEFAULT_PRODUCER_GROUP and DEFAULT_CONSUMER_GROUP: the names a client has before
	// it is given one; clients refuse to start with them.
	{pattern: "DEFAULT_PRODUCER"},
	{pattern: "DEFAULT_CONSUMER"},
	// TraceConstants.GROUP_NAME: the producer that sends message traces
	// (_INNER_TRACE_PRODUCER, later _INNER_TRACE_PRODUCER-<group>).
	{pattern: "_INNER_TRACE_PRODUCER", prefix: true},
}

// IsSystemTopic reports whether name is one of RocketMQ's own topics, which mqsync never
// manages, prunes or reports.
func IsSystemTopic(name string) bool { return matchSystem(systemTopics, name) }

// IsSystemGroup reports whether name is one of RocketMQ's own groups, which mqsync never
// manages, prunes or reports.
func IsSystemGroup(name string) bool { return matchSystem(systemGroups, name) }

func matchSystem(names []systemName, name string) bool {
	for _, s := range names {
		if s.match(name) {
			return true
		}
	}
	return false
}

// systemPatterns returns the names as globs, for documentation and the schema.
func systemPatterns(names []systemName) []string {
	out := make([]string, len(names))
	for i, s := range names {
		out[i] = s.pattern
		switch {
		case s.prefix:
			out[i] += "*"
		case s.numbered:
			out[i] += "<n>"
		}
	}
	return out
}
