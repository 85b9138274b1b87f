package dms

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
)

// BenchmarkListAllTopics reads an instance of 20,000 topics, the size of a large production
// instance, from a server on loopback that answers from pre-rendered pages. It reports the API
// calls each read takes (400 pages of 50) besides time and allocations.
func BenchmarkListAllTopics(b *testing.B) {
	const n = 20000
	topics := make([][]byte, n)
	for i := range topics {
		topics[i] = fmt.Appendf(nil, `{"name":"topic-%05d","total_read_queue_num":8,`+
			`"total_write_queue_num":8,"permission":"all","brokers":[{"broker_name":"broker-0",`+
			`"read_queue_num":8,"write_queue_num":8}]}`, i)
	}
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		page := topics[min(offset, n):min(offset+limit, n)]
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"total":%d,"max":%d,"remaining":0,"next_offset":-1,`+
			`"previous_offset":-1,"topics":[%s]}`, n, n, bytes.Join(page, []byte(",")))
	}))
	b.Cleanup(srv.Close)
	c, err := New(testConfig(srv.URL))
	if err != nil {
		b.Fatal(err)
	}

	b.ReportAllocs()
	calls.Store(0)
	for b.Loop() {
		got, err := c.ListAllTopics(context.Background(), testInstance)
		if err != nil || len(got) != n {
			b.Fatalf("ListAllTopics = %d topics, %v", len(got), err)
		}
	}
	b.ReportMetric(float64(calls.Load())/float64(b.N), "calls/op")
}
