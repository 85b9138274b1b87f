package dms

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/mqsync/mqsync/secret"
)

// Signing constants of SDK-HMAC-SHA256.
const (
	signAlgorithm  = "SDK-HMAC-SHA256"
	signDateLayout = "20060102T150405Z"
	headerSdkDate  = "X-Sdk-Date"
)

// signedHeaderNames are the headers the client signs when they are present. host ties the
// signature to the endpoint, x-sdk-date bounds replay, x-project-id and x-security-token bind
// the scope and the temporary credential. Content-Type and User-Agent are left out, as the
// official SDK leaves them, because proxies rewrite them.
var signedHeaderNames = []string{"host", "x-project-id", "x-sdk-date", "x-security-token"}

// signer signs requests with an access key pair.
type signer struct {
	accessKey string
	secretKey secret.Value
}

// sign sets X-Sdk-Date and Authorization on req. body must be the exact bytes that will be
// sent. names lists the headers to sign, lowercase; those absent from req are skipped, except
// host, which is always present on the wire.
func (s signer) sign(req *http.Request, body []byte, now time.Time, names []string) {
	date := now.UTC().Format(signDateLayout)
	req.Header.Set(headerSdkDate, date)

	var signed []string
	for _, name := range names {
		if name == "host" || req.Header.Get(name) != "" {
			signed = append(signed, name)
		}
	}
	slices.Sort(signed)

	canonical := canonicalRequest(req, signed, body)
	sig := s.signature(stringToSign(date, canonical))
	req.Header.Set("Authorization", signAlgorithm+" Access="+s.accessKey+
		", SignedHeaders="+strings.Join(signed, ";")+", Signature="+sig)
}

// signature returns the lowercase hex HMAC-SHA256 of text keyed with the secret key itself:
// this algorithm derives no signing key.
func (s signer) signature(text string) string {
	mac := hmac.New(sha256.New, []byte(s.secretKey.Reveal()))
	mac.Write([]byte(text))
	return hex.EncodeToString(mac.Sum(nil))
}

// stringToSign is the algorithm, the date and the hash of the canonical request, one a line.
func stringToSign(date, canonical string) string {
	sum := sha256.Sum256([]byte(canonical))
	return signAlgorithm + "\n" + date + "\n" + hex.EncodeToString(sum[:])
}

// canonicalRequest joins, one a line: method, canonical URI, canonical query, the canonical
// headers (each ending in its own newline), the signed header names and the body's hash.
func canonicalRequest(req *http.Request, signed []string, body []byte) string {
	var headers strings.Builder
	for _, name := range signed {
		value := req.Header.Get(name)
		if name == "host" {
			value = requestHost(req)
		}
		headers.WriteString(name + ":" + strings.TrimSpace(value) + "\n")
	}
	sum := sha256.Sum256(body)
	return strings.Join([]string{
		req.Method,
		canonicalURI(req.URL.Path),
		canonicalQuery(req.URL.Query()),
		headers.String(),
		strings.Join(signed, ";"),
		hex.EncodeToString(sum[:]),
	}, "\n")
}

// requestHost is the Host header Go will send for req.
func requestHost(req *http.Request) string {
	if req.Host != "" {
		return req.Host
	}
	return req.URL.Host
}

// canonicalURI encodes each segment of the unescaped path and always ends in a slash.
func canonicalURI(path string) string {
	segments := strings.Split(path, "/")
	for i, s := range segments {
		segments[i] = escapeRFC3986(s)
	}
	uri := strings.Join(segments, "/")
	if !strings.HasSuffix(uri, "/") {
		uri += "/"
	}
	return uri
}

// canonicalQuery sorts keys, and the values of a repeated key, and encodes both like path
// segments. The client sends exactly this string as its query, so the service, which
// canonicalizes what it receives, sees the same bytes.
func canonicalQuery(q url.Values) string {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	slices.Sort(keys)

	var parts []string
	for _, k := range keys {
		values := slices.Clone(q[k])
		slices.Sort(values)
		for _, v := range values {
			parts = append(parts, escapeRFC3986(k)+"="+escapeRFC3986(v))
		}
	}
	return strings.Join(parts, "&")
}

// escapeRFC3986 percent-encodes every byte but the unreserved A-Z a-z 0-9 - _ . ~, with
// uppercase hex; a space becomes %20.
func escapeRFC3986(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUnreserved(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}

// isUnreserved reports whether c is an RFC 3986 unreserved character.
func isUnreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '_' || c == '.' || c == '~'
}
