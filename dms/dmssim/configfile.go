package dmssim

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/mqsync/mqsync/secret"
)

// The configuration file's shape. Topics, groups and users are written in the API's own shapes;
// the state file uses the same project and instance shapes, in JSON.
type (
	configDoc struct {
		Credentials []credentialDoc `yaml:"credentials"`
		Tokens      []string        `yaml:"tokens"`
		Projects    []projectDoc    `yaml:"projects"`
		Faults      faultsDoc       `yaml:"faults"`
	}
	credentialDoc struct {
		AccessKey string `yaml:"access_key"`
		SecretKey string `yaml:"secret_key"`
	}
	projectDoc struct {
		ID        string        `yaml:"id" json:"id"`
		Instances []instanceDoc `yaml:"instances" json:"instances"`
	}
	instanceDoc struct {
		ID            string         `yaml:"id" json:"id"`
		Name          string         `yaml:"name" json:"name"`
		EngineVersion string         `yaml:"engine_version" json:"engine_version"`
		ProductID     string         `yaml:"product_id" json:"product_id"`
		BrokerNum     int            `yaml:"broker_num" json:"broker_num"`
		Status        string         `yaml:"status" json:"status"`
		EnableACL     *bool          `yaml:"enable_acl" json:"enable_acl"`
		Topics        []Topic        `yaml:"topics" json:"topics"`
		Groups        []groupDoc     `yaml:"groups" json:"groups"`
		Users         []userJSON     `yaml:"users" json:"users"`
		Subscriptions []Subscription `yaml:"subscriptions" json:"subscriptions"`
	}
	// groupDoc is a group whose enabled flag defaults to true when left out, as on create.
	groupDoc struct {
		Name          string   `yaml:"name" json:"name"`
		Enabled       *bool    `yaml:"enabled" json:"enabled"`
		Broadcast     bool     `yaml:"broadcast" json:"broadcast"`
		Brokers       []string `yaml:"brokers" json:"brokers"`
		RetryMaxTime  int      `yaml:"retry_max_time" json:"retry_max_time"`
		FromBeginning bool     `yaml:"from_beginning" json:"from_beginning"`
	}
	faultsDoc struct {
		Seed          int64         `yaml:"seed"`
		Latency       time.Duration `yaml:"latency"`
		LatencyJitter time.Duration `yaml:"latency_jitter"`
		ErrorRate     float64       `yaml:"error_rate"`
		Errors        []string      `yaml:"errors"`
		RetryAfter    time.Duration `yaml:"retry_after"`
		RateLimit     float64       `yaml:"rate_limit"`
		JobDelay      time.Duration `yaml:"job_delay"`
	}
)

// LoadConfig reads a YAML configuration file. Unknown keys are errors; every problem is
// reported with the file name and line.
func LoadConfig(path string) (Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Config{}, fmt.Errorf("read config: %w", err)
	}
	var doc configDoc
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var errs []error
	if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		// Unknown keys and wrong types leave the rest decoded: check it too, so that one
		// run reports every problem. A syntax error leaves nothing to check.
		errs = append(errs, yamlError(path, err))
		if _, ok := err.(*yaml.TypeError); !ok {
			return Config{}, errs[0]
		}
	}

	cfg := doc.config()
	if list := cfg.normalize(); len(list) > 0 {
		var root yaml.Node
		_ = yaml.Unmarshal(data, &root)
		errs = append(errs, joinFieldErrors(list, func(e fieldError) string {
			return fmt.Sprintf("%s:%d: ", path, nodeLine(&root, e.path))
		}))
	}
	if len(errs) > 0 {
		return Config{}, errors.Join(errs...)
	}
	return cfg, nil
}

var (
	yamlLine       = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	yamlUnknownKey = regexp.MustCompile(`^field (\S+) not found in type \S+$`)
)

// yamlError rewrites yaml.v3's messages as "file:line: message", one problem a line.
func yamlError(path string, err error) error {
	var msgs []string
	var typeErr *yaml.TypeError
	if errors.As(err, &typeErr) {
		msgs = typeErr.Errors
	} else {
		msgs = []string{err.Error()}
	}
	out := make([]string, len(msgs))
	for i, m := range msgs {
		out[i] = fmt.Sprintf("%s: %s", path, m)
		if g := yamlLine.FindStringSubmatch(m); g != nil {
			msg := g[2]
			if k := yamlUnknownKey.FindStringSubmatch(msg); k != nil {
				msg = fmt.Sprintf("unknown key %q", k[1])
			}
			out[i] = fmt.Sprintf("%s:%s: %s", path, g[1], msg)
		}
	}
	return errors.New(strings.Join(out, "\n"))
}

// nodeLine finds the line of the value at path in a YAML document, or of the deepest part of
// the path that exists (a default that was filled in has no line of its own).
func nodeLine(root *yaml.Node, path []any) int {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := n.Line
	for _, step := range path {
		n = child(n, step)
		if n == nil {
			break
		}
		line = n.Line
	}
	return line
}

func child(n *yaml.Node, step any) *yaml.Node {
	switch s := step.(type) {
	case int:
		if n.Kind == yaml.SequenceNode && s < len(n.Content) {
			return n.Content[s]
		}
	case string:
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == s {
					return n.Content[i+1]
				}
			}
		}
	}
	return nil
}

func (d configDoc) config() Config {
	c := Config{Projects: projectsFromDocs(d.Projects), Faults: d.Faults.faults()}
	for _, cr := range d.Credentials {
		c.Credentials = append(c.Credentials,
			Credential{AccessKey: cr.AccessKey, SecretKey: secret.New(cr.SecretKey)})
	}
	for _, t := range d.Tokens {
		c.Tokens = append(c.Tokens, secret.New(t))
	}
	return c
}

func (d faultsDoc) faults() Faults {
	f := Faults{Seed: d.Seed, Latency: d.Latency, LatencyJitter: d.LatencyJitter,
		ErrorRate: d.ErrorRate, RetryAfter: d.RetryAfter, RateLimit: d.RateLimit,
		JobDelay: d.JobDelay}
	for _, e := range d.Errors {
		f.Errors = append(f.Errors, FaultKind(e))
	}
	return f
}
