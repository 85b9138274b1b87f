package dmssim

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"
)

// Writers create and delete topics, change a group and users while readers page through every
// list; run with -race. At the end every list agrees with the snapshot.
func TestServer_ConcurrentWritersAndReaders(t *testing.T) {
	cfg := fixtureConfig()
	r := startSim(t, cfg)
	const writers, readers, rounds = 4, 4, 25

	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range rounds {
				name := fmt.Sprintf("w%d-topic-%03d", w, i)
				mustStatus(t, r, "POST", instancePath+"/topics", `{"name":"`+name+`"}`, 200)
				if i%3 == 0 {
					mustStatus(t, r, "DELETE", instancePath+"/topics/"+name, "", 204)
				}
				mustStatus(t, r, "PUT", instancePath+"/groups/billing",
					fmt.Sprintf(`{"retry_max_time":%d}`, i%16+1), 204)
				user := fmt.Sprintf("w%duser%03d", w, i)
				mustStatus(t, r, "POST", instancePath+"/users", `{"access_key":"`+user+
					`","secret_key":"Secret-123","topic_perms":[{"name":"orders","perm":"SUB"}]}`,
					200)
			}
		})
	}
	for range readers {
		wg.Go(func() {
			for i := range rounds {
				for _, p := range []string{"/topics", "/groups", "/users",
					"/topics/orders/accesspolicy", "/groups/billing"} {
					mustStatus(t, r, "GET", instancePath+p+fmt.Sprintf("?offset=%d", i), "", 200)
				}
				_ = r.Stats()
				_ = r.Snapshot()
			}
		})
	}
	wg.Wait()

	in := r.Snapshot()[0].Instances[0]
	wantTopics := 2 + writers*(rounds-(rounds+2)/3)
	if len(in.Topics) != wantTopics || len(in.Users) != 1+writers*rounds {
		t.Errorf("%d topics and %d users, want %d and %d", len(in.Topics), len(in.Users),
			wantTopics, 1+writers*rounds)
	}
	names := make([]string, len(in.Topics))
	for i, tp := range in.Topics {
		names[i] = tp.Name
	}
	if !slices.IsSorted(names) {
		t.Error("topics are out of order")
	}
	a := send(t, r.URL(), "GET", instancePath+"/topics/orders/accesspolicy", "", nil)
	if m, _ := a.body.(map[string]any); m["total"] != float64(1+writers*rounds) {
		t.Errorf("access policies of orders: %s", a.raw)
	}
}

// mustStatus sends a request from any goroutine and reports an unexpected answer.
func mustStatus(t *testing.T, r *Running, method, path, body string, status int) {
	got, _, code, err := rawDo(r.URL(), method, path, body, 10*time.Second)
	if err != nil || got != status {
		t.Errorf("%s %s: %d %s (%v), want %d", method, path, got, code, err, status)
	}
}
