package dmssim

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"
)

// testSign signs r the way the official SDK does (x-sdk-date only). It is written apart from
// the verifier, from the reference, so that the two check each other.
func testSign(r *http.Request, ak, sk string, at time.Time) {
	testSignHeaders(r, ak, sk, at, "x-sdk-date")
}

func testSignHeaders(r *http.Request, ak, sk string, at time.Time, headers ...string) {
	date := at.UTC().Format("20060102T150405Z")
	r.Header.Set("X-Sdk-Date", date)
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	sort.Strings(headers)

	var uri []string
	for _, seg := range strings.Split(r.URL.Path, "/") {
		uri = append(uri, testEscape(seg))
	}
	path := strings.Join(uri, "/")
	if !strings.HasSuffix(path, "/") {
		path += "/"
	}
	var query []string
	for k, vs := range r.URL.Query() {
		for _, v := range vs {
			query = append(query, testEscape(k)+"="+testEscape(v))
		}
	}
	sort.Strings(query)
	var hdrs string
	for _, h := range headers {
		v := r.Header.Get(h)
		if h == "host" {
			v = r.Host
		}
		hdrs += h + ":" + strings.TrimSpace(v) + "\n"
	}
	canon := fmt.Sprintf("%s\n%s\n%s\n%s\n%s\n%x", r.Method, path, strings.Join(query, "&"),
		hdrs, strings.Join(headers, ";"), sha256.Sum256(body))
	toSign := fmt.Sprintf("SDK-HMAC-SHA256\n%s\n%x", date, sha256.Sum256([]byte(canon)))
	mac := hmac.New(sha256.New, []byte(sk))
	mac.Write([]byte(toSign))
	r.Header.Set("Authorization", fmt.Sprintf(
		"SDK-HMAC-SHA256 Access=%s, SignedHeaders=%s, Signature=%x",
		ak, strings.Join(headers, ";"), mac.Sum(nil)))
}

// testEscape encodes like url.QueryEscape, then undoes what the signer keeps and fixes what it
// encodes differently.
func testEscape(s string) string {
	e := url.QueryEscape(s)
	e = strings.ReplaceAll(e, "+", "%20")
	e = strings.ReplaceAll(e, "%7E", "~")
	return e
}

func readAll(t testing.TB, r *http.Request) []byte {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
