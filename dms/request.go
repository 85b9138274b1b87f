package dms

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/mqsync/mqsync/secret"
)

// groupPolicyEngine is the {engine} segment of the paths that carry one. The reference says
// "reliability"; the SDK also sends "rocketmq", and the service takes both.
const groupPolicyEngine = "reliability"

// request is one operation's HTTP request before it is sent.
type request struct {
	op     string
	method string
	// engine, when set, comes before the project id, as a few paths want.
	engine string
	// path holds the segments after /v2/{project_id}, unescaped; names and ids among them
	// are labelled in names for error messages.
	path []string
	// names labels the segments of path that come from the caller, by index.
	names map[int]string
	query url.Values
	body  any
	// secrets are the secrets body carries; they are removed from any text that comes back.
	secrets []secret.Value
}

// instancePath returns the path segments under one instance.
func instancePath(instanceID string, rest ...string) []string {
	return append([]string{"instances", instanceID}, rest...)
}

// readOnly reports whether the request only reads, and so may be retried.
func (r *request) readOnly() bool { return r.method == http.MethodGet }

// check refuses a request whose path would not address what the caller named.
func (r *request) check() error {
	for i, s := range r.path {
		what := r.names[i]
		if what == "" {
			what = "path segment"
		}
		if err := checkSegment(what, s); err != nil {
			return err
		}
	}
	return nil
}

// url returns the request's URL under base: each segment escaped on its own, so that a topic
// named "a%b|c" stays one segment with that name, and the query in canonical form.
func (c *Client) url(r *request) *url.URL {
	segments := []string{"v2"}
	if r.engine != "" {
		segments = append(segments, r.engine)
	}
	segments = append(segments, c.projectID)
	segments = append(segments, r.path...)

	var escaped []string
	for _, s := range segments {
		escaped = append(escaped, escapeRFC3986(s))
	}
	u := *c.base
	u.Path = c.base.Path + "/" + strings.Join(segments, "/")
	u.RawPath = escapeBasePath(c.base.Path) + "/" + strings.Join(escaped, "/")
	u.RawQuery = canonicalQuery(r.query)
	return &u
}

// escapeBasePath escapes the endpoint's own path, segment by segment.
func escapeBasePath(p string) string {
	segments := strings.Split(p, "/")
	for i, s := range segments {
		segments[i] = escapeRFC3986(s)
	}
	return strings.Join(segments, "/")
}

// encodeBody returns the JSON of body, or nil for a request without one.
func encodeBody(body any) ([]byte, error) {
	if body == nil {
		return nil, nil
	}
	b, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("encode request: %w", err)
	}
	return b, nil
}

// newHTTPRequest builds the request for one attempt, with its headers and credentials. body
// is the exact bytes sent and signed.
func (c *Client) newHTTPRequest(ctx context.Context, r *request, u *url.URL,
	body []byte) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, r.method, u.String(), bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	req.Header.Set("X-Project-Id", c.projectID)

	creds := c.cfg.Credentials
	switch {
	case c.signer != nil:
		if !creds.SecurityToken.IsZero() {
			req.Header.Set("X-Security-Token", creds.SecurityToken.Reveal())
		}
		c.signer.sign(req, body, c.cfg.Now(), signedHeaderNames)
	case !creds.AuthToken.IsZero():
		req.Header.Set("X-Auth-Token", creds.AuthToken.Reveal())
	}
	return req, nil
}
