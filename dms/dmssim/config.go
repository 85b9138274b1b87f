package dmssim

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mqsync/mqsync/secret"
)

// The project and instance the simulator holds when it is given none: what `mqsync sim` serves
// without --config, and what a new state file starts with.
const (
	DefaultProjectID     = "0123456789abcdef0123456789abcdef"
	DefaultInstanceID    = "6b3f2a1e-6a6d-4f0e-9d2c-8b1f0c3e5a71"
	DefaultInstanceName  = "demo"
	DefaultProductID     = "c6.4u8g.cluster"
	DefaultListenAddress = "127.0.0.1:8780"
)

// Config is everything a simulator starts from: who may call it, what it holds, and how badly
// it behaves.
type Config struct {
	// Credentials are the AK/SK pairs whose SDK-HMAC-SHA256 signatures are accepted.
	Credentials []Credential
	// Tokens are the accepted X-Auth-Token values. With no credentials and no tokens, every
	// request is accepted.
	Tokens []secret.Value
	// Projects are the initial state. Empty means DefaultConfig's project.
	Projects []Project
	Faults   Faults
}

// Credential is an access key and its secret key.
type Credential struct {
	AccessKey string
	SecretKey secret.Value
}

// FaultKind is one kind of transient failure the simulator can inject.
type FaultKind string

// Fault kinds.
const (
	// Fault500 answers 500 DMS.00500000.
	Fault500 FaultKind = "500"
	// Fault503 answers 503 DMS.10250005.
	Fault503 FaultKind = "503"
	// Fault429 answers 429 APIGW.0308 with Retry-After.
	Fault429 FaultKind = "429"
	// FaultFlowControl answers 404 DMS.10240407, as the service throttles.
	FaultFlowControl FaultKind = "flow_control"
	// FaultReset closes the connection without an answer.
	FaultReset FaultKind = "reset"
	// FaultTimeoutAfterCommit carries the request out, then withholds the answer until the
	// client gives up (or StallLimit passes), so the client cannot tell whether it happened.
	FaultTimeoutAfterCommit FaultKind = "timeout_after_commit"
)

// StallLimit bounds how long a timeout_after_commit answer is withheld from a client that
// never gives up.
const StallLimit = 2 * time.Minute

// Faults configures injected failures. The zero value injects none.
type Faults struct {
	// Seed seeds every random choice, so a run can be repeated.
	Seed int64
	// Latency delays every answer; LatencyJitter adds a uniform random extra up to itself.
	Latency       time.Duration
	LatencyJitter time.Duration
	// ErrorRate is the share of requests, 0 to 1, answered with a failure drawn from Errors
	// (500 and 503 when Errors is empty).
	ErrorRate float64
	Errors    []FaultKind
	// RetryAfter is sent with 429; one second when zero.
	RetryAfter time.Duration
	// RateLimit is the requests per second each project may make; beyond it, flow control.
	// Zero is no limit.
	RateLimit float64
	// JobDelay is how long a batch job takes to take effect; zero applies it before the answer.
	JobDelay time.Duration
}

// DefaultConfig returns the configuration used without a file: one project holding one RUNNING
// instance with ACL enabled and nothing in it, no credentials (every request is accepted) and
// no faults.
func DefaultConfig() Config {
	return Config{Projects: []Project{{
		ID: DefaultProjectID,
		Instances: []InstanceSpec{{
			ID:            DefaultInstanceID,
			Name:          DefaultInstanceName,
			EngineVersion: EngineVersion480,
			ProductID:     DefaultProductID,
			BrokerNum:     1,
			Status:        StatusRunning,
			EnableACL:     true,
		}},
	}}}
}

// normalize fills in defaults and checks every value, returning every problem found.
func (c *Config) normalize() []fieldError {
	var p problems
	for i, cr := range c.Credentials {
		if cr.AccessKey == "" || cr.SecretKey.IsZero() {
			p.add("a credential needs access_key and secret_key", "credentials", i)
		}
	}
	if len(c.Projects) == 0 {
		c.Projects = DefaultConfig().Projects
	}
	normalizeProjects(c.Projects, &p)
	normalizeFaults(&c.Faults, &p)
	return p.list
}

func normalizeProjects(projects []Project, p *problems) {
	projectSeen, instanceSeen := map[string]bool{}, map[string]bool{}
	for i := range projects {
		pr := &projects[i]
		if !projectIDRule.MatchString(pr.ID) || projectSeen[pr.ID] {
			p.add(fmt.Sprintf("project id %q is not 32 lowercase hexadecimal characters, or is "+
				"listed twice", pr.ID), "projects", i, "id")
		}
		projectSeen[pr.ID] = true
		for j := range pr.Instances {
			sub := problems{prefix: []any{"projects", i, "instances", j}}
			normalizeSpec(&pr.Instances[j], &sub)
			if id := pr.Instances[j].ID; instanceSeen[id] {
				sub.add(fmt.Sprintf("instance id %q is listed twice", id), "id")
			}
			instanceSeen[pr.Instances[j].ID] = true
			p.list = append(p.list, sub.list...)
		}
	}
}

func normalizeFaults(f *Faults, p *problems) {
	if f.ErrorRate < 0 || f.ErrorRate > 1 {
		p.add(fmt.Sprintf("error_rate %v is not between 0 and 1", f.ErrorRate),
			"faults", "error_rate")
	}
	if len(f.Errors) == 0 {
		f.Errors = []FaultKind{Fault500, Fault503}
	}
	for i, k := range f.Errors {
		switch k {
		case Fault500, Fault503, Fault429, FaultFlowControl, FaultReset,
			FaultTimeoutAfterCommit:
		default:
			p.add(fmt.Sprintf("%q is not one of 500, 503, 429, flow_control, reset, "+
				"timeout_after_commit", k), "faults", "errors", i)
		}
	}
	if f.RetryAfter == 0 {
		f.RetryAfter = time.Second
	}
	for key, d := range map[string]time.Duration{"latency": f.Latency,
		"latency_jitter": f.LatencyJitter, "retry_after": f.RetryAfter, "job_delay": f.JobDelay} {
		if d < 0 {
			p.add(fmt.Sprintf("%s %v is negative", key, d), "faults", key)
		}
	}
	if f.RateLimit < 0 {
		p.add(fmt.Sprintf("rate_limit %v is negative", f.RateLimit), "faults", "rate_limit")
	}
}

// Validate fills in the defaults of c and reports every value the simulator would refuse, each
// named by its path (for example projects[0].instances[0].product_id).
func (c *Config) Validate() error {
	p := problems{list: c.normalize()}
	return p.err("")
}

// joinFieldErrors makes one error of many, each line prefixed by where.
func joinFieldErrors(list []fieldError, where func(fieldError) string) error {
	if len(list) == 0 {
		return nil
	}
	lines := make([]string, len(list))
	for i, e := range list {
		lines[i] = fmt.Sprintf("%s%s: %s", where(e), e.pathString(), e.msg)
	}
	return errors.New(strings.Join(lines, "\n"))
}
