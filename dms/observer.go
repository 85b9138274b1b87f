package dms

import "time"

// Observer hears about every call the client makes, so that metrics can count API calls
// without wrapping the client. ObserveCall runs on the calling goroutine after the call ends;
// it must be safe for concurrent use and should return quickly.
type Observer interface {
	ObserveCall(Call)
}

// ObserverFunc adapts a function to Observer.
type ObserverFunc func(Call)

// ObserveCall calls f.
func (f ObserverFunc) ObserveCall(c Call) { f(c) }

// Call describes one finished call: one operation, including its retries.
type Call struct {
	// Operation is one of the Op constants, a bounded set fit for a metric label.
	Operation string
	// Method is the HTTP method.
	Method string
	// StatusCode is the status of the last answer, zero when none came.
	StatusCode int
	// Code is the service's error_code of the last answer, if any.
	Code string
	// Duration runs from the start of the call to its end, waits and retries included.
	Duration time.Duration
	// Retries counts the attempts after the first, including the reads that Go's transport
	// sent again by itself after a kept-alive connection closed.
	Retries int
	// Err is the call's error, nil on success.
	Err error
}

// Operation names, stable and snake_case: they appear in errors, logs and metric labels.
const (
	OpListInstances           = "list_instances"
	OpShowInstance            = "show_instance"
	OpListBrokers             = "list_brokers"
	OpListTopics              = "list_topics"
	OpCreateTopic             = "create_topic"
	OpDeleteTopics            = "delete_topics"
	OpShowTopic               = "show_topic"
	OpModifyTopic             = "modify_topic"
	OpDeleteTopic             = "delete_topic"
	OpListTopicGroups         = "list_topic_groups"
	OpShowTopicStatus         = "topic_status"
	OpListTopicAccessPolicies = "list_topic_access_policies"
	OpListGroups              = "list_groups"
	OpCreateGroup             = "create_group"
	OpDeleteGroups            = "delete_groups"
	OpModifyGroups            = "modify_groups"
	OpShowGroup               = "show_group"
	OpModifyGroup             = "modify_group"
	OpDeleteGroup             = "delete_group"
	OpListGroupTopics         = "list_group_topics"
	OpListGroupAccessPolicies = "list_group_access_policies"
	OpListUsers               = "list_users"
	OpCreateUser              = "create_user"
	OpShowUser                = "show_user"
	OpModifyUser              = "modify_user"
	OpDeleteUser              = "delete_user"
)

// Operations returns every operation name, so that a metrics layer can create its series
// before the first call.
func Operations() []string {
	return []string{
		OpListInstances, OpShowInstance, OpListBrokers,
		OpListTopics, OpCreateTopic, OpDeleteTopics, OpShowTopic, OpModifyTopic, OpDeleteTopic,
		OpListTopicGroups, OpShowTopicStatus, OpListTopicAccessPolicies,
		OpListGroups, OpCreateGroup, OpDeleteGroups, OpModifyGroups, OpShowGroup, OpModifyGroup,
		OpDeleteGroup, OpListGroupTopics, OpListGroupAccessPolicies,
		OpListUsers, OpCreateUser, OpShowUser, OpModifyUser, OpDeleteUser,
	}
}
