// Package secret holds sensitive strings, such as a RocketMQ user's secret key, in a type that
// will not print them.
//
// A Value shows the placeholder "(sensitive)" on every path that turns a value into text: fmt
// verbs including %#v, String, GoString, log/slog, JSON, YAML and encoding.TextMarshaler. The
// only way to read the secret is Reveal, so every place that needs the real bytes (a request
// body, a comparison) says so in the code.
package secret

import (
	"crypto/subtle"
	"fmt"
	"log/slog"
)

// Redacted is what every printing path shows in place of a secret.
const Redacted = "(sensitive)"

// Value is a sensitive string. The zero Value is the empty secret.
type Value struct {
	s string
}

// New wraps s.
func New(s string) Value { return Value{s: s} }

// Reveal returns the secret itself. Call it only to put the secret on the wire or to hash it.
func (v Value) Reveal() string { return v.s }

// IsZero reports whether the secret is empty.
func (v Value) IsZero() bool { return v.s == "" }

// Equal reports whether v and o hold the same secret, in time that does not depend on where
// they differ.
func (v Value) Equal(o Value) bool {
	return subtle.ConstantTimeCompare([]byte(v.s), []byte(o.s)) == 1
}

// String returns Redacted.
func (v Value) String() string { return Redacted }

// GoString returns Redacted, so %#v of a struct holding a Value hides it too.
func (v Value) GoString() string { return Redacted }

// Format writes Redacted for every verb and flag, including %x and %q, which would otherwise
// bypass String.
func (v Value) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(Redacted)) }

// LogValue returns Redacted for log/slog.
func (v Value) LogValue() slog.Value { return slog.StringValue(Redacted) }

// MarshalText returns Redacted. encoding/json and most YAML libraries use it for map keys and
// values alike.
func (v Value) MarshalText() ([]byte, error) { return []byte(Redacted), nil }

// MarshalJSON returns Redacted as a JSON string.
func (v Value) MarshalJSON() ([]byte, error) { return []byte(`"` + Redacted + `"`), nil }

// MarshalYAML returns Redacted for gopkg.in/yaml.v3.
func (v Value) MarshalYAML() (any, error) { return Redacted, nil }
