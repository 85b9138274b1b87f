package dms

import (
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"time"

	"github.com/mqsync/mqsync/secret"
)

// Defaults for the zero values of Config. They keep one mqsync process well under the
// service's flow control while letting a large instance be read in a few seconds.
const (
	// DefaultRateLimit is the number of requests per second the client starts.
	DefaultRateLimit = 10.0
	// DefaultMaxConcurrent is the number of requests the client has in flight at once.
	DefaultMaxConcurrent = 8
	// DefaultConnectTimeout bounds dialling and the TLS handshake.
	DefaultConnectTimeout = 10 * time.Second
	// DefaultRequestTimeout bounds one attempt of one request, from sending it to reading the
	// whole answer.
	DefaultRequestTimeout = 30 * time.Second
	// DefaultUserAgent is sent when Config.UserAgent is empty.
	DefaultUserAgent = "mqsync"
)

// Credentials authenticate requests: either an access key pair (AccessKey and SecretKey, with
// SecurityToken for temporary credentials), signed with SDK-HMAC-SHA256, or an IAM token sent as
// X-Auth-Token. When both are set the signature is used.
type Credentials struct {
	AccessKey     string
	SecretKey     secret.Value
	SecurityToken secret.Value
	AuthToken     secret.Value
}

// signs reports whether the credentials hold an access key pair.
func (c Credentials) signs() bool { return c.AccessKey != "" && !c.SecretKey.IsZero() }

// empty reports whether no way to authenticate is set.
func (c Credentials) empty() bool { return !c.signs() && c.AuthToken.IsZero() }

// RetryPolicy shapes the retries of reads. Writes are never retried by the client. Zero fields
// take the defaults below; MaxAttempts 1 turns retries off.
type RetryPolicy struct {
	// BaseDelay is the first backoff step (default 200ms); each later step doubles it.
	BaseDelay time.Duration
	// MaxDelay caps one wait (default 5s), before jitter draws a wait in [0, step).
	MaxDelay time.Duration
	// MaxElapsed caps the time from the first attempt to the start of the last (default
	// 30s). A Retry-After hint that would pass it ends the retries instead.
	MaxElapsed time.Duration
	// MaxAttempts counts every attempt, the first included (default 5).
	MaxAttempts int
}

// Retry defaults.
const (
	DefaultRetryBaseDelay   = 200 * time.Millisecond
	DefaultRetryMaxDelay    = 5 * time.Second
	DefaultRetryMaxElapsed  = 30 * time.Second
	DefaultRetryMaxAttempts = 5
)

// withDefaults fills the zero fields of p.
func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.BaseDelay <= 0 {
		p.BaseDelay = DefaultRetryBaseDelay
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = DefaultRetryMaxDelay
	}
	if p.MaxElapsed <= 0 {
		p.MaxElapsed = DefaultRetryMaxElapsed
	}
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = DefaultRetryMaxAttempts
	}
	return p
}

// Config configures a Client. LoadConfig builds one from flags and the environment; tests
// build one directly.
type Config struct {
	// Endpoint is the base URL of the service, such as
	// https://dms.cn-north-4.myhuaweicloud.com or http://127.0.0.1:8780. A path, if any, is
	// kept in front of every API path.
	Endpoint string
	// ProjectID is the project every path is scoped to; see Client.WithProject for others.
	ProjectID   string
	Credentials Credentials
	// Unauthenticated lets New accept empty Credentials, for a local simulator that accepts
	// unsigned requests. Anything else answers such requests with 401.
	Unauthenticated bool
	// AllowInsecureHTTP allows plain http to a host other than a loopback address.
	AllowInsecureHTTP bool
	// UserAgent is sent with every request, as "mqsync/<version>".
	UserAgent string
	// ConnectTimeout and RequestTimeout; zero means the defaults above. RequestTimeout
	// applies to each attempt of each request.
	ConnectTimeout time.Duration
	RequestTimeout time.Duration
	// RateLimit is the number of requests per second (zero means DefaultRateLimit;
	// math.Inf(1) means no limit). MaxConcurrent bounds the requests in flight (zero means
	// DefaultMaxConcurrent) and the pages a ListAll fetches at once.
	RateLimit     float64
	MaxConcurrent int
	// Retry shapes the retries of reads.
	Retry RetryPolicy
	// Observer, if set, hears about every call.
	Observer Observer
	// Logger, if set, receives debug lines for each call and retry; it never sees a body.
	Logger *slog.Logger
	// HTTPClient replaces the client New builds. Its own timeouts and redirect policy apply;
	// the default client never follows redirects, so credentials never leave the endpoint.
	HTTPClient *http.Client
	// Now replaces time.Now for signing and for Retry-After dates.
	Now func() time.Time
}

// withDefaults fills the zero fields of c.
func (c Config) withDefaults() Config {
	if c.UserAgent == "" {
		c.UserAgent = DefaultUserAgent
	}
	if c.ConnectTimeout <= 0 {
		c.ConnectTimeout = DefaultConnectTimeout
	}
	if c.RequestTimeout <= 0 {
		c.RequestTimeout = DefaultRequestTimeout
	}
	if c.RateLimit == 0 {
		c.RateLimit = DefaultRateLimit
	}
	if c.MaxConcurrent <= 0 {
		c.MaxConcurrent = DefaultMaxConcurrent
	}
	c.Retry = c.Retry.withDefaults()
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}

// validate checks a Config that withDefaults has filled, all but its endpoint, which New
// parses.
func (c Config) validate() error {
	if err := checkSegment("project id", c.ProjectID); err != nil {
		return err
	}
	if c.Credentials.empty() && !c.Unauthenticated {
		return errors.New("no credentials: set an access key pair or an IAM token")
	}
	if c.Credentials.AccessKey != "" && c.Credentials.SecretKey.IsZero() {
		return errors.New("access key set without a secret key")
	}
	if math.IsNaN(c.RateLimit) || c.RateLimit < 0 {
		return fmt.Errorf("rate limit %v: want a positive number of requests per second",
			c.RateLimit)
	}
	return nil
}
