package desired

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkLoad loads one instance at the scale of a large DMS instance: 20,000 topics,
// 20,000 groups and 5,000 users with grants, split over three files as a team might.
func BenchmarkLoad(b *testing.B) {
	const topics, groups, users = 20_000, 20_000, 5_000
	dir := b.TempDir()
	files := map[string]string{
		"topics.yaml": generateTopics(topics),
		"groups.yaml": generateGroups(groups),
		"users.yaml":  generateUsers(users, topics, groups),
	}
	var size int64
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			b.Fatal(err)
		}
		size += int64(len(content))
	}
	opts := testOptions()

	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		cfg, diags, err := Load([]string{dir}, opts)
		if err != nil {
			b.Fatalf("Load: %v\n%s", err, diags[:min(len(diags), 5)])
		}
		inst := cfg.Instances[0]
		if len(inst.Topics) != topics || len(inst.Groups) != groups || len(inst.Users) != users {
			b.Fatalf("loaded %d topics, %d groups, %d users", len(inst.Topics),
				len(inst.Groups), len(inst.Users))
		}
	}
}

const benchInstance = "instance:\n  name: orders-prod\n"

func generateTopics(n int) string {
	var sb strings.Builder
	sb.WriteString(benchInstance + "topics:\n")
	for i := range n {
		fmt.Fprintf(&sb, "  topic-%05d:\n    queue_num: %d\n    permission: all\n", i, i%50+1)
	}
	return sb.String()
}

func generateGroups(n int) string {
	var sb strings.Builder
	sb.WriteString(benchInstance + "groups:\n")
	for i := range n {
		fmt.Fprintf(&sb, "  group-%05d:\n    retry_max_time: %d\n    broadcast: %v\n", i,
			i%16+1, i%2 == 0)
	}
	return sb.String()
}

// generateUsers writes users that each hold two topic grants and one group grant, with their
// secrets in the environment.
func generateUsers(n, topics, groups int) string {
	var sb strings.Builder
	sb.WriteString(benchInstance + "users:\n")
	for i := range n {
		fmt.Fprintf(&sb, "  user-%05d:\n    secret_key: {env: MQSYNC_TEST_SECRET}\n"+
			"    default_topic_perm: DENY\n    topic_perms: {topic-%05d: PUB, topic-%05d: SUB}\n"+
			"    group_perms: {group-%05d: SUB}\n", i, i%topics, (i+1)%topics, i%groups)
	}
	return sb.String()
}
