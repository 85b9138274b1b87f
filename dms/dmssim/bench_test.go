package dmssim

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/mqsync/mqsync/secret"
)

// largeConfig is an instance big enough for 20,000 topics and groups: two brokers of the
// largest product hold 32,000 of each.
func largeConfig() Config {
	cfg := DefaultConfig()
	in := &cfg.Projects[0].Instances[0]
	in.ProductID, in.BrokerNum = "c6.16u32g.cluster", 2
	return cfg
}

// seedLarge fills the instance with topics, groups and users in one Seed; every tenth user is
// granted the topic "t-00000".
func seedLarge(b *testing.B, s *Server, topics, groups, users int) {
	b.Helper()
	var c Contents
	for i := range topics {
		c.Topics = append(c.Topics, Topic{Name: fmt.Sprintf("t-%05d", i)})
	}
	for i := range groups {
		c.Groups = append(c.Groups, Group{Name: fmt.Sprintf("g-%05d", i), Enabled: true})
	}
	for i := range users {
		u := User{AccessKey: fmt.Sprintf("user-%05d", i), SecretKey: secret.New("Secret-123")}
		if i%10 == 0 {
			u.TopicPerms = []Grant{{Name: "t-00000", Perm: PermSub}}
		}
		c.Users = append(c.Users, u)
	}
	if err := s.Seed(DefaultProjectID, DefaultInstanceID, c); err != nil {
		b.Fatal(err)
	}
}

// benchGet requests path b.N times over one keep-alive connection and reports the API calls
// the simulator counted per iteration.
func benchGet(b *testing.B, r *Running, op, path string) {
	b.Helper()
	r.ResetStats()
	b.ResetTimer()
	for b.Loop() {
		benchDo(b, "GET", r.URL()+path, "", 200)
	}
	b.StopTimer()
	b.ReportMetric(float64(r.Stats().Count(op))/float64(b.N), "calls/op")
}

func benchDo(b *testing.B, method, url, body string, status int) {
	req, err := http.NewRequestWithContext(context.Background(), method, url,
		strings.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != status {
		b.Fatalf("%s %s: %d, want %d", method, url, resp.StatusCode, status)
	}
}

// Serving the last page costs the same at 1,000 names as at 20,000: pages are slices of
// sorted indexes, never a scan or a sort.
func BenchmarkList_LastPage(b *testing.B) {
	for _, size := range []int{1000, 20000} {
		r := startSim(b, largeConfig())
		seedLarge(b, r.Server, size, size, size/4)
		last := size - 10
		b.Run(fmt.Sprintf("topics=%d", size), func(b *testing.B) {
			benchGet(b, r, "list_topics", fmt.Sprintf("%s/topics?offset=%d&limit=10",
				instancePath, last))
		})
		b.Run(fmt.Sprintf("groups=%d", size), func(b *testing.B) {
			benchGet(b, r, "list_groups", fmt.Sprintf("%s/groups?offset=%d&limit=10",
				instancePath, last))
		})
		b.Run(fmt.Sprintf("users=%d", size/4), func(b *testing.B) {
			benchGet(b, r, "list_users", fmt.Sprintf("%s/users?offset=%d&limit=10",
				instancePath, size/4-10))
		})
		b.Run(fmt.Sprintf("policies=%d", size/40), func(b *testing.B) {
			benchGet(b, r, "list_topic_access_policies", fmt.Sprintf(
				"%s/topics/t-00000/accesspolicy?offset=%d&limit=10", instancePath, size/40-10))
		})
	}
}

// Creating and deleting a topic in the middle of the name order at 20,000 topics.
func BenchmarkCreateDeleteTopic(b *testing.B) {
	for _, size := range []int{1000, 20000} {
		r := startSim(b, largeConfig())
		seedLarge(b, r.Server, size, size, size/4)
		b.Run(fmt.Sprintf("topics=%d", size), func(b *testing.B) {
			r.ResetStats()
			for b.Loop() {
				benchDo(b, "POST", r.URL()+instancePath+"/topics", `{"name":"t-00500x"}`, 200)
				benchDo(b, "DELETE", r.URL()+instancePath+"/topics/t-00500x", "", 204)
			}
			b.ReportMetric(float64(r.Stats().Count("create_topic"))/float64(b.N), "creates/op")
		})
	}
}

// Seeding 20,000 topics and groups and 5,000 users in one call.
func BenchmarkSeed(b *testing.B) {
	for b.Loop() {
		s, err := New(largeConfig())
		if err != nil {
			b.Fatal(err)
		}
		seedLarge(b, s, 20000, 20000, 5000)
	}
}
