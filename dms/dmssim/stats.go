package dmssim

import (
	"encoding/json"
	"maps"
	"net/http"
	"strconv"
	"sync"
)

// Status labels of answers that have no HTTP status.
const (
	// StatusReset counts connections closed without an answer.
	StatusReset = "reset"
	// StatusStalled counts requests carried out whose answer was withheld.
	StatusStalled = "stalled"
)

// Stats counts requests by operation and by answer. Operation names are snake_case
// (list_topics, create_topic, ...; "unknown" for paths the API does not have); answers are the
// HTTP status as a string ("200", "404"), StatusReset or StatusStalled.
type Stats struct {
	Operations map[string]map[string]int `json:"operations"`
	Total      int                       `json:"total"`
}

// Count returns how many requests of op were made, whatever the answer.
func (s Stats) Count(op string) int {
	n := 0
	for _, c := range s.Operations[op] {
		n += c
	}
	return n
}

// CountStatus returns how many requests of op got the answer status, for example "200".
func (s Stats) CountStatus(op, status string) int { return s.Operations[op][status] }

// statsCounter is the live, locked form of Stats.
type statsCounter struct {
	mu    sync.Mutex
	ops   map[string]map[string]int
	total int
}

func newStatsCounter() *statsCounter { return &statsCounter{ops: map[string]map[string]int{}} }

func (c *statsCounter) record(op, status string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	m := c.ops[op]
	if m == nil {
		m = map[string]int{}
		c.ops[op] = m
	}
	m[status]++
	c.total++
}

func (c *statsCounter) snapshot() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := Stats{Operations: make(map[string]map[string]int, len(c.ops)), Total: c.total}
	for op, m := range c.ops {
		s.Operations[op] = maps.Clone(m)
	}
	return s
}

func (c *statsCounter) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ops = map[string]map[string]int{}
	c.total = 0
}

// serveSim answers the simulator's own endpoints, outside the API's paths.
func (s *Server) serveSim(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/_sim/stats" && r.Method == http.MethodGet:
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(s.stats.snapshot())
	case r.URL.Path == "/_sim/reset" && r.Method == http.MethodPost:
		s.stats.reset()
		w.WriteHeader(http.StatusNoContent)
	default:
		http.NotFound(w, r)
	}
}

func statusLabel(code int) string { return strconv.Itoa(code) }
