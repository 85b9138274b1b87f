package desired

import "strings"

// IsSystemTopic is a placeholder until the loader lands.
func IsSystemTopic(name string) bool {
	return strings.HasPrefix(name, "%RETRY%") || strings.HasPrefix(name, "%DLQ%") || name == "TBW102"
}

// IsSystemGroup is a placeholder until the loader lands.
func IsSystemGroup(name string) bool { return strings.HasPrefix(name, "CID_RMQ_SYS_") }
