package dmssim

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/mqsync/mqsync/secret"
)

// seedNames adds n topics, groups and users to the default instance, in a shuffled order, every
// user granted every fifth topic. It returns the names in the order lists must give them.
func seedNames(t testing.TB, s *Server, n int, seed uint64) []string {
	t.Helper()
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("name-%05d", i)
	}
	shuffled := slices.Clone(names)
	rand.New(rand.NewPCG(seed, seed)).Shuffle(n, func(i, j int) {
		shuffled[i], shuffled[j] = shuffled[j], shuffled[i]
	})
	var c Contents
	for i, name := range shuffled {
		c.Topics = append(c.Topics, Topic{Name: name})
		c.Groups = append(c.Groups, Group{Name: name, Enabled: true})
		u := User{AccessKey: name, SecretKey: secret.New("Secret-123")}
		if i%5 == 0 {
			u.TopicPerms = []Grant{{Name: "name-00000", Perm: PermSub}}
		}
		c.Users = append(c.Users, u)
	}
	if err := s.Seed(DefaultProjectID, DefaultInstanceID, c); err != nil {
		t.Fatal(err)
	}
	return names
}

// pageWalk follows a list from offset 0 to the end and returns every name it saw.
type pageWalk struct {
	path, items, key string
	// offsets says whether the list reports next_offset and previous_offset.
	offsets bool
}

func (w pageWalk) walk(t *testing.T, base string, limit, total int) []string {
	t.Helper()
	var seen []string
	offset := 0
	for page := 0; page <= total/limit+1; page++ {
		a := send(t, base, "GET", fmt.Sprintf("%s?offset=%d&limit=%d", w.path, offset, limit),
			"", nil)
		m, _ := a.body.(map[string]any)
		if a.status != 200 || m["total"] != float64(total) {
			t.Fatalf("%s at %d: status %d, body %s, want total %d", w.path, offset, a.status,
				a.raw, total)
		}
		items, _ := m[w.items].([]any)
		for _, it := range items {
			seen = append(seen, it.(map[string]any)[w.key].(string))
		}
		next := offset + limit
		if next >= total {
			next = -1
		}
		if w.offsets {
			checkOffsets(t, m, next, offset, limit)
		}
		if next == -1 {
			return seen
		}
		offset = next
	}
	t.Fatalf("%s: more pages than %d items allow", w.path, total)
	return nil
}

func checkOffsets(t *testing.T, m map[string]any, next, offset, limit int) {
	t.Helper()
	prev := -1
	if offset > 0 {
		prev = max(0, offset-limit)
	}
	if m["next_offset"] != float64(next) || m["previous_offset"] != float64(prev) {
		t.Fatalf("at offset %d limit %d: next_offset %v previous_offset %v, want %d %d",
			offset, limit, m["next_offset"], m["previous_offset"], next, prev)
	}
}

func TestPaging_EveryListAtSeveralSizes(t *testing.T) {
	walks := []pageWalk{
		{path: instancePath + "/topics", items: "topics", key: "name", offsets: true},
		{path: instancePath + "/groups", items: "groups", key: "name", offsets: true},
		{path: instancePath + "/users", items: "users", key: "access_key"},
	}
	for _, n := range []int{0, 1, 10, 11, 50, 123} {
		r := startSim(t, DefaultConfig())
		seed := uint64(n)
		names := seedNames(t, r.Server, n, seed)
		for _, w := range walks {
			for _, limit := range []int{1, 7, 10, 50} {
				t.Run(fmt.Sprintf("%s/n=%d/limit=%d", w.items, n, limit), func(t *testing.T) {
					got := w.walk(t, r.URL(), limit, n)
					if !slices.Equal(got, names) {
						t.Errorf("seed %d: got %d names %v..., want %d in order", seed,
							len(got), head(got), n)
					}
				})
			}
		}
	}
}

func TestPaging_AccessPolicies(t *testing.T) {
	r := startSim(t, DefaultConfig())
	seedNames(t, r.Server, 23, 7)
	var want []string
	snap := r.Snapshot()[0].Instances[0]
	for _, u := range snap.Users {
		if len(u.TopicPerms) > 0 {
			want = append(want, u.AccessKey)
		}
	}
	w := pageWalk{path: instancePath + "/topics/name-00000/accesspolicy", items: "policies",
		key: "access_key"}
	if got := w.walk(t, r.URL(), 2, len(want)); !slices.Equal(got, want) {
		t.Errorf("policies %v, want %v", got, want)
	}
}

// The default limit is 10.
func TestPaging_DefaultLimit(t *testing.T) {
	r := startSim(t, DefaultConfig())
	seedNames(t, r.Server, 25, 1)
	a := send(t, r.URL(), "GET", instancePath+"/topics?offset=20", "", nil)
	m, _ := a.body.(map[string]any)
	if items, _ := m["topics"].([]any); len(items) != 5 {
		t.Errorf("offset 20 of 25: %d topics, want 5", len(items))
	}
	checkOffsets(t, m, -1, 20, 10)
	a = send(t, r.URL(), "GET", instancePath+"/groups", "", nil)
	m, _ = a.body.(map[string]any)
	if items, _ := m["groups"].([]any); len(items) != 10 {
		t.Errorf("first page: %d groups, want 10", len(items))
	}
	checkOffsets(t, m, 10, 0, 10)
}

func head(s []string) []string { return s[:min(3, len(s))] }
