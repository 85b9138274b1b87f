package dmssim

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxBody is the largest request body the gateway takes with AK/SK signing (12 MB).
const maxBody = 12 << 20

// ServeHTTP answers one request: the gateway's part (request id, authentication, rate limit),
// then the injected faults, then the operation.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/_sim/") {
		s.serveSim(w, r)
		return
	}
	start := time.Now()
	reqID := s.requestID()
	w.Header().Set("X-Request-Id", reqID)

	rt, params, routeErr := match(r)
	op := "unknown"
	if rt != nil {
		op = rt.op
	}
	status := s.serveAPI(w, r, rt, params, routeErr, reqID)
	s.stats.record(op, status)
	s.log.Debug("request", "method", r.Method, "path", r.URL.Path, "op", op, "status", status,
		"request_id", reqID, "duration", time.Since(start))
}

// serveAPI runs the pipeline and returns the answer's status label for the statistics.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, rt *route,
	params map[string]string, routeErr *apiError, reqID string) string {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		return s.writeError(w, reqID, errorf(http.StatusBadRequest, CodeMalformedBody,
			"The message body could not be read: %v.", err))
	}
	if err := s.auth.check(r, body); err != nil {
		return s.writeError(w, reqID, &apiError{status: http.StatusUnauthorized, code: CodeAuth,
			msg: "Incorrect IAM authentication information: " + err.Error(), gateway: true})
	}
	if !s.faults.allow(projectOf(r, params)) {
		return s.writeError(w, reqID, errFlowControl())
	}
	if !sleepCtx(r.Context(), s.done, s.faults.delay()) {
		return StatusReset
	}
	if routeErr != nil {
		return s.writeError(w, reqID, routeErr)
	}

	kind := s.faults.draw(rt.op)
	if label, done := s.failBefore(w, reqID, kind); done {
		return label
	}
	c := &call{r: r, body: body, query: r.URL.Query(), params: params}
	res, apiErr := rt.handler(s, c)
	if kind == FaultTimeoutAfterCommit {
		s.stall(w, r)
		return StatusStalled
	}
	if apiErr != nil {
		return s.writeError(w, reqID, apiErr)
	}
	return s.writeJSON(w, res)
}

// failBefore answers with an injected failure that happens before the operation runs.
func (s *Server) failBefore(w http.ResponseWriter, reqID string, kind FaultKind) (string, bool) {
	switch kind {
	case Fault500:
		return s.writeError(w, reqID, errorf(http.StatusInternalServerError, CodeInternal,
			"Internal service error.")), true
	case Fault503:
		return s.writeError(w, reqID, errorf(http.StatusServiceUnavailable, CodeUnavailable,
			"Internal communication error.")), true
	case Fault429:
		secs := int((s.faults.retryAfter() + time.Second - 1) / time.Second)
		w.Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
		return s.writeError(w, reqID, &apiError{status: http.StatusTooManyRequests,
			code: CodeThrottled, msg: "The throttling threshold has been reached.",
			gateway: true}), true
	case FaultFlowControl:
		return s.writeError(w, reqID, errFlowControl()), true
	case FaultReset:
		resetConn(w)
		return StatusReset, true
	}
	return "", false
}

func errFlowControl() *apiError {
	return errorf(http.StatusNotFound, CodeFlowControl, "The request is too frequent. "+
		"Flow control is being performed. Please try again later.")
}

// stall withholds the answer until the client gives up, the server closes or StallLimit
// passes, then drops the connection: the change has happened, the client never hears of it.
func (s *Server) stall(w http.ResponseWriter, r *http.Request) {
	t := time.NewTimer(StallLimit)
	defer t.Stop()
	select {
	case <-r.Context().Done():
	case <-s.done:
	case <-t.C:
	}
	resetConn(w)
}

// resetConn closes the connection under the request abruptly, with a TCP reset where it can.
func resetConn(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}

// sleepCtx waits d, and reports false when the request or the server ends first.
func sleepCtx(ctx context.Context, done <-chan struct{}, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-done:
		return false
	}
}

// projectOf is the project a request is counted against for rate limiting.
func projectOf(r *http.Request, params map[string]string) string {
	if p, ok := params["project"]; ok {
		return p
	}
	return r.URL.Path
}

func (s *Server) writeJSON(w http.ResponseWriter, res result) string {
	if res.body == nil {
		w.WriteHeader(res.status)
		return statusLabel(res.status)
	}
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(res.body); err != nil {
		s.log.Error("encode answer", "err", err)
		return s.writeError(w, w.Header().Get("X-Request-Id"), errorf(
			http.StatusInternalServerError, CodeInternal, "Internal service error."))
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(res.status)
	_, _ = w.Write(buf.Bytes())
	return statusLabel(res.status)
}

// writeError writes the service's error body; the gateway's carries the request id as well.
func (s *Server) writeError(w http.ResponseWriter, reqID string, e *apiError) string {
	body := map[string]string{"error_code": e.code, "error_msg": e.msg}
	if e.gateway {
		body["request_id"] = reqID
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(e.status)
	_ = json.NewEncoder(w).Encode(body)
	return statusLabel(e.status)
}
