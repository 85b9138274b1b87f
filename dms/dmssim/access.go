package dmssim

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// Paging bounds of the list operations.
const (
	DefaultLimit = 10
	MaxLimit     = 50
)

// lookup finds the instance a call names, checking the ids' formats first as the service does.
// The caller holds mu.
func (s *Server) lookup(c *call) (*instance, *apiError) {
	if !projectIDRule.MatchString(c.project()) {
		return nil, errorf(http.StatusBadRequest, CodeBadProjectID,
			"The project ID format is invalid: %q.", c.project())
	}
	if !uuidRule.MatchString(c.instance()) {
		return nil, errorf(http.StatusBadRequest, CodeBadInstanceID,
			"Invalid DMS instance id %q. The id must be a uuid.", c.instance())
	}
	in := s.findInstance(c.project(), c.instance())
	if in == nil {
		return nil, errNoInstance(c.instance())
	}
	return in, nil
}

// read runs fn on the call's instance under the shared lock.
func (s *Server) read(c *call, fn func(in *instance) (result, *apiError)) (result, *apiError) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	in, err := s.lookup(c)
	if err != nil {
		return result{}, err
	}
	return fn(in)
}

// change runs fn on the call's instance under the exclusive lock, refusing an instance that is
// not RUNNING, and saves the state when fn reports a change.
func (s *Server) change(c *call,
	fn func(in *instance) (result, bool, *apiError)) (result, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in, err := s.lookup(c)
	if err != nil {
		return result{}, err
	}
	if in.status != StatusRunning {
		return result{}, errorf(http.StatusBadRequest, CodeInstanceStatus,
			"This operation is not allowed due to the instance status: %s.", in.status)
	}
	res, changed, err := fn(in)
	if changed {
		s.changed()
	}
	return res, err
}

// later applies a batch job's change after the configured job delay, or at once (before the
// answer) when the delay is zero, and reports which. The caller holds mu for writing.
func (s *Server) later(apply func()) (now bool) {
	delay := s.faults.jobDelay()
	if delay <= 0 {
		apply()
		return true
	}
	s.jobsMu.Lock()
	defer s.jobsMu.Unlock()
	s.jobs.Add(1)
	var t *time.Timer
	t = time.AfterFunc(delay, func() {
		defer s.jobs.Done()
		s.jobsMu.Lock()
		delete(s.timers, t)
		s.jobsMu.Unlock()

		s.mu.Lock()
		defer s.mu.Unlock()
		apply()
		s.changed()
	})
	s.timers[t] = true
	return false
}

// decode reads a JSON request body into v: an empty body is DMS.00400004, anything that is not
// JSON of the right types DMS.00400005.
func decode(c *call, v any) *apiError {
	trimmed := bytes.TrimSpace(c.body)
	if len(trimmed) == 0 || bytes.Equal(trimmed, []byte("null")) {
		return errorf(http.StatusBadRequest, CodeEmptyBody, "The request body is empty.")
	}
	if err := json.Unmarshal(trimmed, v); err != nil {
		return errorf(http.StatusBadRequest, CodeMalformedBody,
			"The message body is not in JSON format or contains invalid characters: %v.", err)
	}
	return nil
}

// paging reads offset and limit: offset at least 0 (default 0), limit 1 to 50 (default 10).
func paging(c *call) (offset, limit int, err *apiError) {
	offset, limit = 0, DefaultLimit
	if v := c.query.Get("offset"); v != "" {
		n, convErr := strconv.Atoi(v)
		if convErr != nil || n < 0 {
			return 0, 0, errorf(http.StatusBadRequest, CodeBadOffset,
				"The number of skipped records for pagination query exceeds the upper limit: "+
					"offset %q is not a number of 0 or more.", v)
		}
		offset = n
	}
	if v := c.query.Get("limit"); v != "" {
		n, convErr := strconv.Atoi(v)
		if convErr != nil || n < 1 || n > MaxLimit {
			return 0, 0, errorf(http.StatusBadRequest, CodeBadLimit,
				"The number of records on each page for pagination query exceeds the upper "+
					"limit: limit %q is not between 1 and %d.", v, MaxLimit)
		}
		limit = n
	}
	return offset, limit, nil
}
