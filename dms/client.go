package dms

import (
	"crypto/tls"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/time/rate"
)

// Client calls the DMS for RocketMQ API of one project. It is safe for concurrent use; every
// request goes through one rate limiter and one bound on requests in flight.
type Client struct {
	cfg       Config
	base      *url.URL
	projectID string
	http      *http.Client
	signer    *signer
	limiter   *rate.Limiter
	slots     chan struct{}
	redact    redactor
	log       *slog.Logger
}

// New returns a client for cfg. It checks the configuration but sends nothing.
func New(cfg Config) (*Client, error) {
	cfg = cfg.withDefaults()
	base, err := parseEndpoint(cfg.Endpoint, cfg.AllowInsecureHTTP)
	if err != nil {
		return nil, fmt.Errorf("configure dms client: %w", err)
	}
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("configure dms client: %w", err)
	}

	c := &Client{
		cfg:       cfg,
		base:      base,
		projectID: cfg.ProjectID,
		http:      cfg.HTTPClient,
		limiter:   newLimiter(cfg.RateLimit),
		slots:     make(chan struct{}, cfg.MaxConcurrent),
		redact: newRedactor(cfg.Credentials.SecretKey, cfg.Credentials.SecurityToken,
			cfg.Credentials.AuthToken),
		log: cfg.Logger.With("component", "dms"),
	}
	if c.http == nil {
		c.http = newHTTPClient(cfg)
	}
	if cfg.Credentials.signs() {
		c.signer = &signer{accessKey: cfg.Credentials.AccessKey,
			secretKey: cfg.Credentials.SecretKey}
	}
	return c, nil
}

// WithProject returns a client for another project that shares c's connections, rate limit
// and bound on requests in flight, so that one process stays within one budget.
func (c *Client) WithProject(projectID string) (*Client, error) {
	if err := checkSegment("project id", projectID); err != nil {
		return nil, fmt.Errorf("configure dms client: %w", err)
	}
	other := *c
	other.projectID = projectID
	return &other, nil
}

// ProjectID returns the project the client's paths are scoped to.
func (c *Client) ProjectID() string { return c.projectID }

// Endpoint returns the base URL the client calls.
func (c *Client) Endpoint() string { return c.base.String() }

// String describes the client without its credentials.
func (c Client) String() string {
	return fmt.Sprintf("dms.Client{endpoint: %s, project: %s}", c.base, c.projectID)
}

// Format writes String for every verb. fmt cannot call secret.Value's own redaction on values
// it reaches through unexported fields, so without this a Client printed by value would show
// its credentials.
func (c Client) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// newLimiter returns a limiter of perSecond requests with a burst of one, so that requests
// are spread evenly rather than sent in clumps that trip the service's flow control.
func newLimiter(perSecond float64) *rate.Limiter {
	if math.IsInf(perSecond, 1) {
		return rate.NewLimiter(rate.Inf, 1)
	}
	return rate.NewLimiter(rate.Limit(perSecond), 1)
}

// newHTTPClient builds the client used when Config.HTTPClient is nil: TLS 1.2 or later with
// verification, the connect timeout on dialling and handshakes, idle connections for every
// request in flight, and no redirects, so that credentials never go to another host.
func newHTTPClient(cfg Config) *http.Client {
	dialer := &net.Dialer{Timeout: cfg.ConnectTimeout, KeepAlive: 30 * time.Second}
	transport := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		TLSClientConfig:       &tls.Config{MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:   cfg.ConnectTimeout,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          max(100, cfg.MaxConcurrent),
		MaxIdleConnsPerHost:   cfg.MaxConcurrent,
		IdleConnTimeout:       90 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
	return &http.Client{
		Transport: transport,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// checkSegment refuses a name or id that cannot be one path segment. An empty name would turn
// "show topic" into "list topics", and a slash or dot segment would address something else.
func checkSegment(what, s string) error {
	switch {
	case s == "":
		return fmt.Errorf("%s is empty", what)
	case s == "." || s == "..":
		return fmt.Errorf("%s %q cannot be a path segment", what, s)
	case strings.Contains(s, "/"):
		return fmt.Errorf("%s %q contains a slash", what, s)
	}
	return nil
}
