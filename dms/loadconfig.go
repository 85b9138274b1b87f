package dms

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/mqsync/mqsync/secret"
)

// ConfigInput holds what the command line says about the client. A zero field means "not
// given": LoadConfig then looks at the environment, then at the defaults.
type ConfigInput struct {
	// Endpoint is the raw --endpoint value: an http(s) URL or a sim:// address, which
	// LoadConfig passes through untouched (see IsSimulatorEndpoint).
	Endpoint  string
	Region    string
	ProjectID string
	// AuthToken is an IAM token given other than through the environment.
	AuthToken         secret.Value
	AllowInsecureHTTP bool
	UserAgent         string
	RateLimit         float64
	MaxConcurrent     int
	ConnectTimeout    time.Duration
	RequestTimeout    time.Duration
}

// Environment variables LoadConfig reads. The HUAWEICLOUD_SDK_* names are the official SDK's,
// the HW_* names the Terraform provider's, so existing setups work unchanged.
const (
	EnvEndpoint       = "MQSYNC_ENDPOINT"
	EnvRegion         = "MQSYNC_REGION"
	EnvProjectID      = "MQSYNC_PROJECT_ID"
	EnvRate           = "MQSYNC_RATE"
	EnvConcurrency    = "MQSYNC_CONCURRENCY"
	EnvConnectTimeout = "MQSYNC_CONNECT_TIMEOUT"
	EnvRequestTimeout = "MQSYNC_REQUEST_TIMEOUT"
	EnvAuthToken      = "MQSYNC_AUTH_TOKEN"
)

// The variables each setting falls back to, in order.
var (
	envRegion        = []string{EnvRegion, "HW_REGION_NAME"}
	envProject       = []string{EnvProjectID, "HUAWEICLOUD_SDK_PROJECT_ID", "HW_PROJECT_ID"}
	envSecurityToken = []string{"HUAWEICLOUD_SDK_SECURITY_TOKEN", "HW_SECURITY_TOKEN"}
	envAuthToken     = []string{EnvAuthToken, "HW_AUTH_TOKEN"}
	// envKeyPairs are tried in order; the first pair with any half set is used.
	envKeyPairs = [][2]string{
		{"HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK"},
		{"HW_ACCESS_KEY", "HW_SECRET_KEY"},
	}
)

// simScheme starts an endpoint that names a simulator rather than a URL.
const simScheme = "sim://"

// IsSimulatorEndpoint reports whether endpoint is a sim:// address and returns what follows
// the scheme (a state file path, possibly empty). The command line runs a simulator for such
// an address and puts its http URL in Config.Endpoint before calling New.
func IsSimulatorEndpoint(endpoint string) (path string, ok bool) {
	path, ok = strings.CutPrefix(endpoint, simScheme)
	if !ok {
		return "", false
	}
	return path, true
}

var (
	regionPattern  = regexp.MustCompile(`^[a-z]{2,}(-[a-z0-9]+)+$`)
	projectPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)
)

// LoadConfig resolves the endpoint, project and credentials from in, falling back to the
// environment as getenv reads it. For a sim:// endpoint the project and credentials are
// optional: what is missing is left empty (Unauthenticated set) for the caller to fill in.
func LoadConfig(in ConfigInput, getenv func(string) string) (Config, error) {
	env := envReader(getenv)
	cfg := Config{
		AllowInsecureHTTP: in.AllowInsecureHTTP,
		UserAgent:         in.UserAgent,
		RateLimit:         in.RateLimit,
		MaxConcurrent:     in.MaxConcurrent,
		ConnectTimeout:    in.ConnectTimeout,
		RequestTimeout:    in.RequestTimeout,
	}

	endpoint, err := env.endpoint(in)
	if err != nil {
		return Config{}, err
	}
	cfg.Endpoint = endpoint
	_, simulated := IsSimulatorEndpoint(endpoint)

	cfg.ProjectID, err = env.project(in.ProjectID, simulated)
	if err != nil {
		return Config{}, err
	}
	cfg.Credentials, err = env.credentials(in.AuthToken)
	switch {
	case simulated && errors.Is(err, errNoCredentials):
		cfg.Unauthenticated = true
	case err != nil:
		return Config{}, err
	}

	if err := env.tuning(&cfg); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

// envReader reads settings from the environment.
type envReader func(string) string

// first returns the first non-empty variable of names and its name.
func (e envReader) first(names ...string) (value, name string) {
	for _, n := range names {
		if v := strings.TrimSpace(e(n)); v != "" {
			return v, n
		}
	}
	return "", ""
}

// endpoint returns the checked endpoint from the flag, MQSYNC_ENDPOINT or the region.
func (e envReader) endpoint(in ConfigInput) (string, error) {
	raw, source := in.Endpoint, "--endpoint"
	if raw == "" {
		raw, source = e.first(EnvEndpoint)
	}
	if raw != "" {
		if _, ok := IsSimulatorEndpoint(raw); ok {
			return raw, nil
		}
		u, err := parseEndpoint(raw, in.AllowInsecureHTTP)
		if err != nil {
			return "", fmt.Errorf("%s: %w", source, err)
		}
		return u.String(), nil
	}

	region, source := in.Region, "--region"
	if region == "" {
		region, source = e.first(envRegion...)
	}
	if region == "" {
		return "", fmt.Errorf("no endpoint: set --endpoint or %s, or a region with --region, %s",
			EnvEndpoint, strings.Join(envRegion, " or "))
	}
	if !regionPattern.MatchString(region) {
		return "", fmt.Errorf("%s %q: not a region name such as cn-north-4", source, region)
	}
	return RegionEndpoint(region), nil
}

// RegionEndpoint returns the public DMS endpoint of a region.
func RegionEndpoint(region string) string {
	domain := "myhuaweicloud.com"
	if region == "eu-west-101" {
		domain = "myhuaweicloud.eu"
	}
	return "https://dms." + region + "." + domain
}

// project returns the project id from the flag or the environment.
func (e envReader) project(flag string, optional bool) (string, error) {
	id, source := flag, "--project-id"
	if id == "" {
		id, source = e.first(envProject...)
	}
	if id == "" {
		if optional {
			return "", nil
		}
		return "", fmt.Errorf("no project id: set --project-id, %s", strings.Join(envProject, ", "))
	}
	if !projectPattern.MatchString(id) {
		return "", fmt.Errorf("%s %q: a project id is 32 lowercase hex characters", source, id)
	}
	return id, nil
}

// errNoCredentials is what credentials returns, wrapped, when nothing is set at all.
var errNoCredentials = errors.New("no credentials")

// credentials returns the token given explicitly, else the first complete set of credentials
// the environment holds. A pair with only one half set is an error rather than a silent
// fall-through to the next pair.
func (e envReader) credentials(flagToken secret.Value) (Credentials, error) {
	if !flagToken.IsZero() {
		return Credentials{AuthToken: flagToken}, nil
	}
	for _, pair := range envKeyPairs {
		ak, sk := strings.TrimSpace(e(pair[0])), e(pair[1])
		switch {
		case ak == "" && sk == "":
			continue
		case ak == "":
			return Credentials{}, fmt.Errorf("%s is set but %s is empty", pair[1], pair[0])
		case sk == "":
			return Credentials{}, fmt.Errorf("%s is set but %s is empty", pair[0], pair[1])
		}
		token, _ := e.first(envSecurityToken...)
		return Credentials{AccessKey: ak, SecretKey: secret.New(sk),
			SecurityToken: secret.New(token)}, nil
	}

	if token, _ := e.first(envAuthToken...); token != "" {
		return Credentials{AuthToken: secret.New(token)}, nil
	}

	var looked []string
	for _, pair := range envKeyPairs {
		looked = append(looked, pair[0]+" and "+pair[1])
	}
	return Credentials{}, fmt.Errorf("%w: set an access key pair in %s, or an IAM token in %s",
		errNoCredentials, strings.Join(looked, " or "), strings.Join(envAuthToken, " or "))
}

// tuning fills the rate, concurrency and timeouts the flags left unset from the environment.
func (e envReader) tuning(cfg *Config) error {
	if v, name := e.first(EnvRate); v != "" && cfg.RateLimit == 0 {
		rate, err := strconv.ParseFloat(v, 64)
		if err != nil || rate <= 0 {
			return fmt.Errorf("%s %q: want a positive number of requests per second", name, v)
		}
		cfg.RateLimit = rate
	}
	if v, name := e.first(EnvConcurrency); v != "" && cfg.MaxConcurrent == 0 {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			return fmt.Errorf("%s %q: want a positive whole number", name, v)
		}
		cfg.MaxConcurrent = n
	}
	for _, t := range []struct {
		name string
		dst  *time.Duration
	}{{EnvConnectTimeout, &cfg.ConnectTimeout}, {EnvRequestTimeout, &cfg.RequestTimeout}} {
		if v, name := e.first(t.name); v != "" && *t.dst == 0 {
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return fmt.Errorf("%s %q: want a positive duration such as 30s", name, v)
			}
			*t.dst = d
		}
	}
	if cfg.RateLimit < 0 || cfg.MaxConcurrent < 0 || cfg.RequestTimeout < 0 ||
		cfg.ConnectTimeout < 0 {
		return fmt.Errorf("rate %v, concurrency %d, request timeout %s, connect timeout %s: "+
			"want positive values", cfg.RateLimit, cfg.MaxConcurrent, cfg.RequestTimeout,
			cfg.ConnectTimeout)
	}
	return nil
}

// parseEndpoint checks an http(s) endpoint: no credentials, query or fragment in it, and
// plain http only to a loopback address unless allowInsecure.
func parseEndpoint(raw string, allowInsecure bool) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("endpoint %q: %w", raw, err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("endpoint %q: want an http:// or https:// URL", raw)
	case u.Host == "" || u.Hostname() == "":
		return nil, fmt.Errorf("endpoint %q: no host", raw)
	case u.User != nil:
		return nil, fmt.Errorf("endpoint %q: credentials do not belong in the URL", u.Redacted())
	case u.RawQuery != "" || u.Fragment != "":
		return nil, fmt.Errorf("endpoint %q: a query or fragment is not allowed", raw)
	case u.Scheme == "http" && !allowInsecure && !isLoopback(u.Hostname()):
		return nil, fmt.Errorf("endpoint %q: plain http is allowed only to a loopback address "+
			"unless insecure http is explicitly allowed", raw)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// isLoopback reports whether host is localhost or a loopback IP address.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
