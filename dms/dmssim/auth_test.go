package dmssim

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mqsync/mqsync/secret"
)

// The published vectors of the SDK-HMAC-SHA256 signer: AK "AccessKey", SK "SecretKey", only
// x-sdk-date signed.
func TestSignature_PublishedVectors(t *testing.T) {
	tests := []struct {
		name, method, target, body, want string
	}{
		{"get with query", "GET", "/path?limit=1", "",
			"5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624"},
		{"post with body", "POST", "/path?key=value", "{\"Name\":\"test\",\"Id\":1}\n",
			"cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, "http://example.huaweicloud.com"+tt.target,
				strings.NewReader(tt.body))
			r.Header.Set("X-Sdk-Date", "20060102T150405Z")
			canonical := canonicalRequest(r, []string{"x-sdk-date"}, bodyHash(r, []byte(tt.body)))
			got := signature("SecretKey", stringToSign("20060102T150405Z", canonical))
			if got != tt.want {
				t.Errorf("signature = %s, want %s\ncanonical request:\n%s", got, tt.want, canonical)
			}
		})
	}
}

func TestCanonicalQuery_PublishedVector(t *testing.T) {
	raw := "limit=1&enable=true&test=" + "%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29" +
		"&path=%2Ftmp%2F123&multi=3&multi=1&multi=2"
	want := "enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123" +
		"&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29"
	if got := canonicalQuery(raw); got != want {
		t.Errorf("canonicalQuery = %s\nwant              %s", got, want)
	}
}

// Topic and group names may hold % and |: the canonical URI must encode the unescaped name,
// whatever escaping the client chose on the wire.
func TestCanonicalURI_Escaping(t *testing.T) {
	tests := []struct{ escaped, want string }{
		{"/v2/p/instances/i/topics/a%25b%7Cc", "/v2/p/instances/i/topics/a%25b%7Cc/"},
		{"/v2/p/instances/i/topics/a%25b|c", "/v2/p/instances/i/topics/a%25b%7Cc/"},
		{"/v2/p/instances/i/topics/a%2fb", "/v2/p/instances/i/topics/a%2Fb/"},
		{"/v2/p/instances/i/topics/", "/v2/p/instances/i/topics/"},
		{"/", "/"},
	}
	for _, tt := range tests {
		if got := canonicalURI(tt.escaped); got != tt.want {
			t.Errorf("canonicalURI(%q) = %q, want %q", tt.escaped, got, tt.want)
		}
	}
}

func TestAuthenticator_Check(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	a := newAuthenticator([]Credential{{AccessKey: "AK1", SecretKey: secret.New("SK1")}},
		[]secret.Value{secret.New("token-1")})
	a.now = func() time.Time { return now }

	req := func(mutate func(*http.Request)) *http.Request {
		r := httptest.NewRequest("POST", "http://sim/v2/p/instances/i/topics/a%25b%7Cc?x=1",
			strings.NewReader(`{"a":1}`))
		mutate(r)
		return r
	}
	tests := []struct {
		name   string
		mutate func(*http.Request)
		ok     bool
	}{
		{"good signature", func(r *http.Request) { testSign(r, "AK1", "SK1", now) }, true},
		{"host signed too", func(r *http.Request) {
			testSignHeaders(r, "AK1", "SK1", now, "host", "x-sdk-date")
		}, true},
		{"wrong secret", func(r *http.Request) { testSign(r, "AK1", "SK2", now) }, false},
		{"unknown key", func(r *http.Request) { testSign(r, "AK9", "SK1", now) }, false},
		{"date 16 minutes old", func(r *http.Request) {
			testSign(r, "AK1", "SK1", now.Add(-16*time.Minute))
		}, false},
		{"date 14 minutes ahead", func(r *http.Request) {
			testSign(r, "AK1", "SK1", now.Add(14*time.Minute))
		}, true},
		{"body changed after signing", func(r *http.Request) {
			testSign(r, "AK1", "SK1", now)
			r.Body = http.NoBody
		}, false},
		{"unsigned", func(*http.Request) {}, false},
		{"good token", func(r *http.Request) { r.Header.Set("X-Auth-Token", "token-1") }, true},
		{"bad token", func(r *http.Request) { r.Header.Set("X-Auth-Token", "token-2") }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := req(tt.mutate)
			body := readAll(t, r)
			err := a.check(r, body)
			if (err == nil) != tt.ok {
				t.Errorf("check = %v, want ok %v", err, tt.ok)
			}
		})
	}
}
