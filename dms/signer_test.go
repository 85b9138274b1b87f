package dms

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mqsync/mqsync/secret"
)

// TestSigner_PublishedVectors pins the two published SDK-HMAC-SHA256 vectors: only x-sdk-date
// signed, AK "AccessKey", SK "SecretKey".
func TestSigner_PublishedVectors(t *testing.T) {
	tests := []struct {
		name, method, url, body, want string
	}{
		{
			name: "get without body", method: "GET",
			url:  "https://example.huaweicloud.com/path?limit=1",
			want: "5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624",
		},
		{
			name: "post with body", method: "POST",
			url:  "https://example.huaweicloud.com/path?key=value",
			body: "{\"Name\":\"test\",\"Id\":1}\n",
			want: "cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59",
		},
	}
	date, _ := time.Parse(signDateLayout, "20060102T150405Z")
	s := signer{accessKey: "AccessKey", secretKey: secret.New("SecretKey")}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, tt.url, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			s.sign(req, []byte(tt.body), date, []string{"x-sdk-date"})

			want := "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, Signature=" +
				tt.want
			if got := req.Header.Get("Authorization"); got != want {
				t.Errorf("Authorization = %q\nwant %q", got, want)
			}
			if got := req.Header.Get("X-Sdk-Date"); got != "20060102T150405Z" {
				t.Errorf("X-Sdk-Date = %q", got)
			}
		})
	}
}

// TestCanonicalQuery pins the published canonical-query vector: sorted keys, sorted repeated
// values, RFC 3986 escaping with %20 for space.
func TestCanonicalQuery(t *testing.T) {
	q := url.Values{
		"limit":  {"1"},
		"enable": {"true"},
		"test":   {"一 (&=?!#%.*)"},
		"path":   {"/tmp/123"},
		"multi":  {"3", "1", "2"},
	}
	want := "enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123" +
		"&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29"
	if got := canonicalQuery(q); got != want {
		t.Errorf("canonicalQuery = %q\nwant %q", got, want)
	}
}

func TestCanonicalURI(t *testing.T) {
	tests := []struct{ path, want string }{
		{"", "/"},
		{"/", "/"},
		{"/path", "/path/"},
		{"/v2/p/instances/i/topics/a%b|c", "/v2/p/instances/i/topics/a%25b%7Cc/"},
		{"/v2/p/topics/with space~ok", "/v2/p/topics/with%20space~ok/"},
		{"/v2/p/topics/ü", "/v2/p/topics/%C3%BC/"},
	}
	for _, tt := range tests {
		if got := canonicalURI(tt.path); got != tt.want {
			t.Errorf("canonicalURI(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

// TestClient_SignsWhatItSends checks, on the server side, that the client signs host,
// x-project-id and x-sdk-date (and x-security-token when it has one), that the signature
// covers the path exactly as sent, and that a name with % and | round-trips as one segment.
func TestClient_SignsWhatItSends(t *testing.T) {
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		writeJSON(w, http.StatusOK, `{"name":"a%b|c","permission":"all"}`)
	})
	cfg := testConfig(srv.URL)
	cfg.Credentials.SecurityToken = secret.New("temporary-token")
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}

	topic, err := c.ShowTopic(context.Background(), testInstance, "a%b|c")
	if err != nil {
		t.Fatalf("ShowTopic: %v", err)
	}
	if topic.Name != "a%b|c" {
		t.Errorf("topic name = %q", topic.Name)
	}

	got := srv.received()[0]
	wantPath := "/v2/" + testProject + "/instances/" + testInstance + "/topics/a%b|c"
	if got.Path != wantPath {
		t.Errorf("server saw path %q, want %q", got.Path, wantPath)
	}
	if !strings.HasSuffix(got.RawPath, "/topics/a%25b%7Cc") {
		t.Errorf("path sent as %q, want the name escaped as a%%25b%%7Cc", got.RawPath)
	}
	if !got.SignatureOK {
		t.Errorf("signature does not verify: %q", got.Header.Get("Authorization"))
	}
	wantSigned := "SignedHeaders=host;x-project-id;x-sdk-date;x-security-token,"
	if auth := got.Header.Get("Authorization"); !strings.Contains(auth, wantSigned) {
		t.Errorf("Authorization = %q, want %s", auth, wantSigned)
	}
	for name, want := range map[string]string{
		"X-Project-Id": testProject, "X-Security-Token": "temporary-token",
		"User-Agent": "mqsync/test", "Content-Type": "application/json",
	} {
		if v := got.Header.Get(name); v != want {
			t.Errorf("%s = %q, want %q", name, v, want)
		}
	}
}

// TestClient_TokenAuth sends X-Auth-Token and no signature when the credentials are a token.
func TestClient_TokenAuth(t *testing.T) {
	srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		writeJSON(w, http.StatusOK, `{"brokers":[]}`)
	})
	cfg := testConfig(srv.URL)
	cfg.Credentials = Credentials{AuthToken: secret.New("iam-token")}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListBrokers(context.Background(), testInstance); err != nil {
		t.Fatal(err)
	}

	h := srv.received()[0].Header
	if h.Get("X-Auth-Token") != "iam-token" {
		t.Errorf("X-Auth-Token = %q", h.Get("X-Auth-Token"))
	}
	if h.Get("Authorization") != "" || h.Get("X-Sdk-Date") != "" {
		t.Errorf("token request also signed: %q", h.Get("Authorization"))
	}
}
