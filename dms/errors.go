package dms

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Service error codes the client classifies. The API reference lists many more; these are the
// ones that change what a caller should do.
const (
	// CodeFlowControl is the service's "request too frequent", sent with status 404.
	CodeFlowControl = "DMS.10240407"
	// CodeGatewayFlowControl is the API gateway's flow control, with status 429. Gateways
	// spell it both ways in the wild; CodeGatewayFlowControlLegacy is the older spelling.
	CodeGatewayFlowControl       = "APIGW.0308"
	CodeGatewayFlowControlLegacy = "APIG.0308"
	// CodeJobRunning means a job is still running on the instance.
	CodeJobRunning = "DMS.00400017"
	// CodeInstanceBusy means the instance's state does not take the operation now, typically
	// because it is not RUNNING.
	CodeInstanceBusy = "DMS.00400026"
	// CodeInstanceNotFound is the unknown instance, with status 404.
	CodeInstanceNotFound = "DMS.00404022"
	// CodeUserNotFound is the unknown user, with status 400 rather than 404.
	CodeUserNotFound = "DMS.00500972"
	// CodeTopicExists ("the queue already exists") and CodeGroupExists answer a create of a
	// name that is taken.
	CodeTopicExists = "DMS.10240017"
	CodeGroupExists = "DMS.10240018"
	// CodeAuthFailed is the gateway's answer to a bad signature, key, token or date.
	CodeAuthFailed = "APIGW.0301"
)

// alreadyExistsCodes are the codes of the reference's table that mean "that name is taken".
var alreadyExistsCodes = map[string]bool{
	CodeTopicExists: true,
	CodeGroupExists: true,
	"DMS.00400060":  true, // instance name already exists
	"DMS.00400081":  true, // duplicate instance name
	"DMS.00400800":  true, // duplicate topic name
}

// retryableCodes are the codes that mean "try again later", whatever the status.
var retryableCodes = map[string]bool{
	CodeFlowControl:              true,
	CodeGatewayFlowControl:       true,
	CodeGatewayFlowControlLegacy: true,
	CodeJobRunning:               true,
	CodeInstanceBusy:             true,
}

// APIError is an answer of the service with a status of 400 or more. Message never holds a
// secret: the client removes from it every secret the request carried, and withholds it
// entirely when a piece of one remains.
type APIError struct {
	// Operation is the client operation that failed, such as "create_topic".
	Operation  string
	StatusCode int
	// Code and Message are the service's error_code and error_msg, when it sent them.
	Code    string
	Message string
	// RequestID is the X-Request-Id header, or the request_id of a gateway error body.
	RequestID string
	// RetryAfter is the wait the Retry-After header asked for, zero without one.
	RetryAfter time.Duration
}

// Error implements error.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d %s", e.Operation, e.StatusCode, http.StatusText(e.StatusCode))
	if e.Code != "" {
		b.WriteString(": " + e.Code)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if e.RequestID != "" {
		b.WriteString(" (request id " + e.RequestID + ")")
	}
	return b.String()
}

// retryable reports whether the answer is transient: flow control, a running job, 408, 429
// and the 5xx statuses. For a write, MayHaveApplied says whether to read back first.
func (e *APIError) retryable() bool {
	if retryableCodes[e.Code] {
		return true
	}
	switch e.StatusCode {
	case http.StatusRequestTimeout, http.StatusTooManyRequests, http.StatusInternalServerError,
		http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// transportError is a request that got no answer: it could not be sent, timed out, was reset,
// or the caller's context ended.
type transportError struct {
	op string
	// sent is set once any part of the request was written, so the service may have acted.
	sent bool
	// canceled is set when the caller's context ended, which no retry can fix.
	canceled bool
	err      error
}

// Error implements error.
func (e *transportError) Error() string {
	state := "send request"
	if e.sent {
		state = "await answer"
	}
	return e.op + ": " + state + ": " + e.err.Error()
}

// Unwrap returns the cause.
func (e *transportError) Unwrap() error { return e.err }

// ErrInstanceNotFound is wrapped by FindInstance when no instance has the name; IsNotFound
// reports it too.
var ErrInstanceNotFound = errors.New("no instance has that name")

// AmbiguousInstanceError is FindInstance's answer when several instances share the name.
type AmbiguousInstanceError struct {
	Name string
	IDs  []string
}

// Error implements error.
func (e *AmbiguousInstanceError) Error() string {
	return fmt.Sprintf("find instance %q: %d instances have that name (%s): name one by id",
		e.Name, len(e.IDs), strings.Join(e.IDs, ", "))
}

// ErrListChanged is wrapped by the ListAll helpers when the list kept changing while it was
// read page by page, even after re-reading it.
var ErrListChanged = errors.New("list changed while it was read")

// IsNotFound reports whether err says that the thing asked for does not exist: a 404 other
// than flow control, an unknown user (400 DMS.00500972), or ErrInstanceNotFound.
func IsNotFound(err error) bool {
	if errors.Is(err, ErrInstanceNotFound) {
		return true
	}
	var e *APIError
	if !errors.As(err, &e) {
		return false
	}
	if e.StatusCode == http.StatusNotFound {
		return !retryableCodes[e.Code]
	}
	return e.Code == CodeUserNotFound || e.Code == CodeInstanceNotFound
}

// IsAlreadyExists reports whether err says that a create named something that exists: 409,
// a duplicate-name code, or a 400 whose message says the thing already exists (the service
// has no single code for it).
func IsAlreadyExists(err error) bool {
	var e *APIError
	if !errors.As(err, &e) {
		return false
	}
	if e.StatusCode == http.StatusConflict || alreadyExistsCodes[e.Code] {
		return true
	}
	return e.StatusCode == http.StatusBadRequest &&
		strings.Contains(strings.ToLower(e.Message), "already exist")
}

// IsRetryable reports whether trying the same request again later may succeed: flow control,
// a running job, 408, 429, 5xx, a timeout or a reset connection, a request that could not be
// sent, and a list that changed while it was read. An ended context is never retryable. For a
// create, check MayHaveApplied before retrying.
func IsRetryable(err error) bool {
	if errors.Is(err, ErrListChanged) {
		return true
	}
	var t *transportError
	if errors.As(err, &t) {
		return !t.canceled
	}
	var e *APIError
	return errors.As(err, &e) && e.retryable()
}

// RetryAfter returns the wait the service asked for with Retry-After, or zero.
func RetryAfter(err error) time.Duration {
	var e *APIError
	if errors.As(err, &e) {
		return e.RetryAfter
	}
	return 0
}

// MayHaveApplied reports whether a failed write may have taken effect anyway: the request was
// sent and then timed out, was reset or was abandoned, or the answer was 500, 502 or 504. A
// caller reads back before retrying such a write. Flow control, 429, 503 and every other
// answer mean the service refused the request.
func MayHaveApplied(err error) bool {
	var t *transportError
	if errors.As(err, &t) {
		return t.sent
	}
	var e *APIError
	if !errors.As(err, &e) {
		return false
	}
	switch e.StatusCode {
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusGatewayTimeout:
		return !retryableCodes[e.Code]
	}
	return false
}
