package dms

import (
	"context"
	"net/http"
	"sync"
	"testing"
)

// TestRead_CountsTheTransportsReplays closes a kept-alive connection under a read without
// answering. Go's transport then sends the read again on a new connection by itself; the
// observer must count that request as a retry, so that metrics count every request the
// service saw.
func TestRead_CountsTheTransportsReplays(t *testing.T) {
	var (
		mu       sync.Mutex
		requests int
	)
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, body []byte) {
		mu.Lock()
		requests++
		// The second request comes on the connection the first one left open.
		second := requests == 2
		mu.Unlock()
		if second {
			hangUp(w, r, body)
			return
		}
		writeJSON(w, http.StatusOK, `{"brokers":[]}`)
	})

	var calls []Call
	cfg := testConfig(srv.URL)
	cfg.Observer = ObserverFunc(func(c Call) { calls = append(calls, c) })
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := c.ListBrokers(context.Background(), testInstance); err != nil {
			t.Fatal(err)
		}
	}

	if n := srv.count(); n != 3 {
		t.Fatalf("server saw %d requests, want 3: the transport did not replay the read", n)
	}
	if len(calls) != 2 || calls[0].Retries != 0 || calls[1].Retries != 1 {
		t.Errorf("calls %+v, want the second retried once", calls)
	}
}
