package dmssim

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mqsync/mqsync/secret"
)

// The SDK-HMAC-SHA256 request signature, as the API gateway verifies it.
const (
	signAlgorithm  = "SDK-HMAC-SHA256"
	signDateLayout = "20060102T150405Z"
	// signMaxSkew is how far X-Sdk-Date may be from the gateway's clock.
	signMaxSkew = 15 * time.Minute
)

// authenticator checks a request's AK/SK signature or token. With neither credentials nor tokens
// configured it accepts everything.
type authenticator struct {
	keys   map[string]secret.Value
	tokens []secret.Value
	now    func() time.Time
}

func newAuthenticator(creds []Credential, tokens []secret.Value) *authenticator {
	a := &authenticator{keys: map[string]secret.Value{}, tokens: tokens, now: time.Now}
	for _, c := range creds {
		a.keys[c.AccessKey] = c.SecretKey
	}
	return a
}

func (a *authenticator) open() bool { return len(a.keys) == 0 && len(a.tokens) == 0 }

// check returns nil when the request may proceed, and the reason otherwise. body is the raw
// request body.
func (a *authenticator) check(r *http.Request, body []byte) error {
	if a.open() {
		return nil
	}
	if tok := r.Header.Get("X-Auth-Token"); tok != "" {
		for _, t := range a.tokens {
			if subtle.ConstantTimeCompare([]byte(t.Reveal()), []byte(tok)) == 1 {
				return nil
			}
		}
		return errors.New("the token is not valid")
	}
	if r.Header.Get("Authorization") == "" {
		return errors.New("no Authorization header and no X-Auth-Token")
	}
	return a.verifySignature(r, body)
}

// verifySignature recomputes the signature over exactly the headers the request says it signed.
func (a *authenticator) verifySignature(r *http.Request, body []byte) error {
	access, signed, sig, err := parseAuthorization(r.Header.Get("Authorization"))
	if err != nil {
		return err
	}
	sk, ok := a.keys[access]
	if !ok {
		return fmt.Errorf("unknown access key %q", access)
	}
	if !slices.Contains(signed, "x-sdk-date") {
		return errors.New("x-sdk-date is not among the signed headers")
	}
	date := r.Header.Get("X-Sdk-Date")
	t, err := time.Parse(signDateLayout, date)
	if err != nil {
		return fmt.Errorf("X-Sdk-Date %q is not in the form %s", date, signDateLayout)
	}
	if skew := a.now().Sub(t).Abs(); skew > signMaxSkew {
		return fmt.Errorf("X-Sdk-Date %s is %v away from the server's clock", date,
			skew.Round(time.Second))
	}

	canonical := canonicalRequest(r, signed, bodyHash(r, body))
	want := signature(sk.Reveal(), stringToSign(date, canonical))
	if !hmac.Equal([]byte(want), []byte(sig)) {
		return errors.New("the signature does not match")
	}
	return nil
}

// parseAuthorization splits
// "SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex".
func parseAuthorization(h string) (access string, signed []string, sig string, err error) {
	rest, ok := strings.CutPrefix(h, signAlgorithm+" ")
	if !ok {
		return "", nil, "", fmt.Errorf("authorization scheme is not %s", signAlgorithm)
	}
	for _, part := range strings.Split(rest, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "Access":
			access = v
		case "SignedHeaders":
			signed = strings.Split(v, ";")
		case "Signature":
			sig = v
		}
	}
	if access == "" || len(signed) == 0 || sig == "" {
		return "", nil, "", errors.New("authorization lacks Access, SignedHeaders or Signature")
	}
	return access, signed, sig, nil
}

// bodyHash is the hex SHA-256 of the raw body, unless the client sent the hash itself in
// X-Sdk-Content-Sha256 (as the SDK does for unsigned payloads).
func bodyHash(r *http.Request, body []byte) string {
	if h := r.Header.Get("X-Sdk-Content-Sha256"); h != "" {
		return h
	}
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// canonicalRequest is method, URI, query, headers, signed header names and body hash, one a
// line.
func canonicalRequest(r *http.Request, signed []string, hash string) string {
	return strings.Join([]string{
		r.Method,
		canonicalURI(r.URL.EscapedPath()),
		canonicalQuery(r.URL.RawQuery),
		canonicalHeaders(r, signed),
		strings.Join(signed, ";"),
		hash,
	}, "\n")
}

// canonicalURI encodes each segment of the path afresh, after undoing the client's escaping,
// and always ends with a slash.
func canonicalURI(escapedPath string) string {
	segs := strings.Split(escapedPath, "/")
	for i, s := range segs {
		if u, err := url.PathUnescape(s); err == nil {
			s = u
		}
		segs[i] = signEscape(s)
	}
	p := strings.Join(segs, "/")
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

// canonicalQuery sorts keys, and the values of a repeated key, and encodes both.
func canonicalQuery(raw string) string {
	q, _ := url.ParseQuery(raw)
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var pairs []string
	for _, k := range keys {
		vals := slices.Clone(q[k])
		slices.Sort(vals)
		for _, v := range vals {
			pairs = append(pairs, signEscape(k)+"="+signEscape(v))
		}
	}
	return strings.Join(pairs, "&")
}

// canonicalHeaders writes "name:value\n" for each signed header, values trimmed and sorted.
func canonicalHeaders(r *http.Request, signed []string) string {
	var b strings.Builder
	for _, name := range signed {
		vals := slices.Clone(r.Header.Values(name))
		switch {
		case name == "host":
			vals = []string{r.Host}
		case name == "content-length" && len(vals) == 0 && r.ContentLength >= 0:
			vals = []string{strconv.FormatInt(r.ContentLength, 10)}
		}
		slices.Sort(vals)
		for _, v := range vals {
			b.WriteString(name + ":" + strings.TrimSpace(v) + "\n")
		}
	}
	return b.String()
}

func stringToSign(date, canonical string) string {
	sum := sha256.Sum256([]byte(canonical))
	return signAlgorithm + "\n" + date + "\n" + hex.EncodeToString(sum[:])
}

func signature(sk, toSign string) string {
	m := hmac.New(sha256.New, []byte(sk))
	m.Write([]byte(toSign))
	return hex.EncodeToString(m.Sum(nil))
}

// signEscape percent-encodes every byte except A-Z a-z 0-9 _ - ~ . with uppercase hex.
func signEscape(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
			c == '_' || c == '-' || c == '~' || c == '.' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}
