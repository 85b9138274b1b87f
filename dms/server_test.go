package dms

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mqsync/mqsync/secret"
)

// Identities the tests use.
const (
	testProject   = "0123456789abcdef0123456789abcdef"
	testInstance  = "6b3f2a1e-6a6d-4f0e-9d2c-8b1f0c3e5a71"
	testAccessKey = "TESTAK0000000000000001"
	testSecretKey = "test-secret-key-0001"
)

// secretComparer lets go-cmp compare secrets by value.
var secretComparer = cmp.Comparer(func(a, b secret.Value) bool { return a.Equal(b) })

// received is one request as the test server saw it.
type received struct {
	Method   string
	Path     string // unescaped
	RawPath  string // as sent
	RawQuery string
	Header   http.Header
	Body     []byte
	// SignatureOK is whether the Authorization header matches the request as received.
	SignatureOK bool
}

// testServer is a DMS stand-in on 127.0.0.1. It records every request, checks its signature,
// and answers with the handler the test gives.
type testServer struct {
	*httptest.Server
	mu       sync.Mutex
	requests []received
}

// answerFunc answers one request; body is the request body already read.
type answerFunc func(w http.ResponseWriter, r *http.Request, body []byte)

// newTestServer starts a server that answers with answer and stops when the test ends.
func newTestServer(t testing.TB, answer answerFunc) *testServer {
	t.Helper()
	s := &testServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.record(r, body)
		w.Header().Set("X-Request-Id", "req-"+fmt.Sprint(s.count()))
		answer(w, r, body)
	}))
	t.Cleanup(s.Close)
	return s
}

// record keeps r and whether its signature verifies.
func (s *testServer) record(r *http.Request, body []byte) {
	rec := received{Method: r.Method, Path: r.URL.Path, RawPath: r.URL.EscapedPath(),
		RawQuery: r.URL.RawQuery, Header: r.Header.Clone(), Body: body,
		SignatureOK: verifySignature(r, body)}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, rec)
}

// count returns the number of requests so far.
func (s *testServer) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests)
}

// received returns a copy of the requests so far.
func (s *testServer) received() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.requests...)
}

// verifySignature recomputes the signature of r as the server received it, with the signed
// headers r names, and compares it with the one r carries.
func verifySignature(r *http.Request, body []byte) bool {
	auth := r.Header.Get("Authorization")
	prefix := signAlgorithm + " Access=" + testAccessKey + ", SignedHeaders="
	rest, ok := strings.CutPrefix(auth, prefix)
	if !ok {
		return false
	}
	names, sig, ok := strings.Cut(rest, ", Signature=")
	if !ok {
		return false
	}
	canonical := canonicalRequest(r, strings.Split(names, ";"), body)
	want := signer{secretKey: secret.New(testSecretKey)}.signature(
		stringToSign(r.Header.Get(headerSdkDate), canonical))
	return sig == want
}

// testConfig is a client configuration for endpoint: signed, unlimited rate, and retries fast
// enough for tests.
func testConfig(endpoint string) Config {
	return Config{
		Endpoint:  endpoint,
		ProjectID: testProject,
		Credentials: Credentials{AccessKey: testAccessKey,
			SecretKey: secret.New(testSecretKey)},
		UserAgent:      "mqsync/test",
		RateLimit:      math.Inf(1),
		RequestTimeout: 5 * time.Second,
		Retry: RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond,
			MaxElapsed: 5 * time.Second, MaxAttempts: 4},
	}
}

// newTestClient returns a client of testConfig(srv.URL).
func newTestClient(t testing.TB, srv *testServer) *Client {
	t.Helper()
	c, err := New(testConfig(srv.URL))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// writeJSON answers with status and v, encoded unless it is already a string or bytes.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	switch v := v.(type) {
	case string:
		_, _ = io.WriteString(w, v)
	case []byte:
		_, _ = w.Write(v)
	case nil:
	default:
		_ = json.NewEncoder(w).Encode(v)
	}
}

// errorBody is a service error body.
func errorBody(code, msg string) string {
	b, _ := json.Marshal(wireErrorBody{Code: code, Message: msg})
	return string(b)
}

// sameJSON reports whether two JSON texts hold the same value, ignoring layout.
func sameJSON(t *testing.T, got, want []byte) bool {
	t.Helper()
	if len(bytes.TrimSpace(got)) == 0 || len(bytes.TrimSpace(want)) == 0 {
		return len(bytes.TrimSpace(got)) == len(bytes.TrimSpace(want))
	}
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("request body is not JSON: %v", err)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("expected body is not JSON: %v", err)
	}
	return cmp.Equal(g, w)
}
