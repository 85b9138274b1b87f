package dms

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/mqsync/mqsync/secret"
)

// count is a number on the wire. The SDK declares counts as floating point while the service
// sends integers, so both 3 and 3.0 decode; so does a quoted "3", which some list fields use.
// A fraction or a number out of range is an error, never silently truncated.
type count int64

// UnmarshalJSON implements json.Unmarshaler.
func (c *count) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*c = 0
		return nil
	}
	s := string(bytes.Trim(b, `"`))
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		*c = count(n)
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		// The text is not shown: a field that should hold a number holds something else,
		// and that could be anything, a secret included.
		return errors.New("decode count: not a number")
	}
	if f != math.Trunc(f) {
		return fmt.Errorf("decode count: %v is not a whole number", f)
	}
	if math.Abs(f) >= 1<<53 {
		return fmt.Errorf("decode count: %v is out of range", f)
	}
	*c = count(f)
	return nil
}

// int returns c as an int.
func (c count) int() int { return int(c) }

// counts converts a slice of counts.
func counts(cs []count) []int {
	if cs == nil {
		return nil
	}
	out := make([]int, len(cs))
	for i, c := range cs {
		out[i] = int(c)
	}
	return out
}

// oneOrMany is a list that the service sometimes sends as a single object: the document's
// own examples show a topic's status brokers and an access-policy list that way.
type oneOrMany[T any] []T

// UnmarshalJSON implements json.Unmarshaler.
func (l *oneOrMany[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*l = nil
		return nil
	case len(b) > 0 && b[0] == '{':
		var one T
		if err := json.Unmarshal(b, &one); err != nil {
			return err
		}
		*l = oneOrMany[T]{one}
		return nil
	}
	var many []T
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	*l = many
	return nil
}

// wireSecret is a secret as the wire carries it: JSON encodes and decodes it as the plain
// string it is, while every fmt verb shows only secret.Redacted, so even a wire value that
// reaches a format string cannot print it.
type wireSecret string

// String implements fmt.Stringer.
func (wireSecret) String() string { return secret.Redacted }

// GoString implements fmt.GoStringer.
func (wireSecret) GoString() string { return secret.Redacted }

// Format implements fmt.Formatter for every verb.
func (wireSecret) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(secret.Redacted)) }

// value converts the wire form to a secret.Value.
func (w wireSecret) value() secret.Value { return secret.New(string(w)) }

// toWireSecret converts a secret.Value to its wire form.
func toWireSecret(v secret.Value) wireSecret { return wireSecret(v.Reveal()) }

// wireErrorBody is the body of every failed request, from the service or its gateway.
type wireErrorBody struct {
	Code      string `json:"error_code"`
	Message   string `json:"error_msg"`
	RequestID string `json:"request_id"`
}

// wireListInfo is what the topic and group lists say besides their items: the total, the
// instance's quota and the neighbouring pages' offsets.
type wireListInfo struct {
	Total          count `json:"total"`
	Max            count `json:"max"`
	Remaining      count `json:"remaining"`
	NextOffset     count `json:"next_offset"`
	PreviousOffset count `json:"previous_offset"`
}

// wireJob answers the batch operations that the service runs as a job.
type wireJob struct {
	JobID string `json:"job_id"`
}

// nonNil returns s, or an empty slice when s is nil, so that a request says "none" with [] and
// never sends null where the service expects a list.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
