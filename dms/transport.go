package dms

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/sethvargo/go-retry"
)

// maxAnswerBytes bounds the answer the client reads. The largest page of the largest list is
// far smaller; anything bigger is not an answer of this API.
const maxAnswerBytes = 16 << 20

// errTimeout is the cause of an attempt that got no whole answer within RequestTimeout.
var errTimeout = errors.New("no answer within the request timeout")

// do runs one operation: it checks and encodes the request, sends it (retrying a read while
// the failure is transient), decodes the answer into out, and reports the call to the
// observer.
func (c *Client) do(ctx context.Context, r request, out any) error {
	start := time.Now()
	call := Call{Operation: r.op, Method: r.method}
	err := c.run(ctx, &r, out, &call)
	call.Duration = time.Since(start)
	call.Err = err

	c.log.LogAttrs(ctx, slog.LevelDebug, "dms call",
		slog.String("op", call.Operation), slog.Int("status", call.StatusCode),
		slog.String("code", call.Code), slog.Duration("duration", call.Duration),
		slog.Int("retries", call.Retries), slog.Any("err", err))
	if c.cfg.Observer != nil {
		c.cfg.Observer.ObserveCall(call)
	}
	return err
}

// run is do without the reporting; it keeps the last status and code in call.
func (c *Client) run(ctx context.Context, r *request, out any, call *Call) error {
	if err := r.check(); err != nil {
		return fmt.Errorf("%s: %w", r.op, err)
	}
	body, err := encodeBody(r.body)
	if err != nil {
		return fmt.Errorf("%s: %w", r.op, err)
	}
	u := c.url(r)
	red := c.redact.with(r.secrets...)

	// Go's transport sends a read again by itself when a kept-alive connection closes before
	// answering. Such replays are requests the service saw, so they count as retries.
	replays := 0
	once := func(ctx context.Context) error {
		var written atomic.Int64
		ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
			WroteHeaders: func() { written.Add(1) },
		})
		var err error
		call.StatusCode, call.Code, err = c.attempt(ctx, r, u, body, red, out)
		replays += max(int(written.Load())-1, 0)
		return err
	}
	if !r.readOnly() {
		return once(ctx)
	}

	backoff := newBackoff(c.cfg.Retry, c.cfg.Now)
	attempts := 0
	err = retry.Do(ctx, backoff, func(ctx context.Context) error {
		attempts++
		err := once(ctx)
		if err == nil || !IsRetryable(err) {
			return err
		}
		c.log.Debug("dms call failed, may retry", "op", r.op, "attempt", attempts, "err", err)
		backoff.Observe(err)
		return retry.RetryableError(err)
	})
	call.Retries = max(attempts-1, 0) + replays

	// go-retry returns the context's cause bare when the context ends between attempts.
	if err != nil && ctx.Err() != nil && errors.Is(err, context.Cause(ctx)) &&
		!errors.As(err, new(*transportError)) {
		err = &transportError{op: r.op, canceled: true, err: err}
	}
	return err
}

// attempt sends the request once, within a slot and the rate limit, and decodes a successful
// answer into out. It returns the status and service code of the answer, if one came.
func (c *Client) attempt(ctx context.Context, r *request, u *url.URL, body []byte,
	red redactor, out any) (int, string, error) {
	if err := c.acquire(ctx); err != nil {
		return 0, "", &transportError{op: r.op, canceled: true, err: err}
	}
	defer func() { <-c.slots }()

	actx, cancel := context.WithTimeoutCause(ctx, c.cfg.RequestTimeout, errTimeout)
	defer cancel()
	var sent atomic.Bool
	actx = httptrace.WithClientTrace(actx, &httptrace.ClientTrace{
		WroteHeaders: func() { sent.Store(true) },
	})
	req, err := c.newHTTPRequest(actx, r, u, body)
	if err != nil {
		return 0, "", fmt.Errorf("%s: %w", r.op, err)
	}

	resp, err := c.http.Do(req)
	if err != nil {
		return 0, "", c.transportError(ctx, actx, r.op, sent.Load(), err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswerBytes+1))
	if err != nil {
		return resp.StatusCode, "", c.transportError(ctx, actx, r.op, true, err)
	}
	if len(data) > maxAnswerBytes {
		return resp.StatusCode, "", fmt.Errorf("%s: answer larger than %d bytes", r.op,
			maxAnswerBytes)
	}

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		apiErr := c.apiError(r.op, resp, data, red)
		return resp.StatusCode, apiErr.Code, apiErr
	}
	if out != nil && len(bytes.TrimSpace(data)) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			// A decoding error can quote the answer, which may hold secrets.
			return resp.StatusCode, "", fmt.Errorf("%s: decode answer: %s", r.op,
				red.clean(err.Error()))
		}
	}
	return resp.StatusCode, "", nil
}

// acquire waits for a free slot and then for the rate limiter. A slot is taken first so that
// requests queued behind the slots do not use up the rate.
func (c *Client) acquire(ctx context.Context) error {
	select {
	case c.slots <- struct{}{}:
	case <-ctx.Done():
		return context.Cause(ctx)
	}
	if err := c.limiter.Wait(ctx); err != nil {
		<-c.slots
		if ctx.Err() != nil {
			return context.Cause(ctx)
		}
		return err
	}
	return nil
}

// transportError classifies a request that got no answer: the caller's context ended, the
// attempt timed out, or the connection failed.
func (c *Client) transportError(ctx, actx context.Context, op string, sent bool,
	err error) error {
	switch {
	case ctx.Err() != nil:
		return &transportError{op: op, sent: sent, canceled: true, err: context.Cause(ctx)}
	case errors.Is(context.Cause(actx), errTimeout):
		return &transportError{op: op, sent: sent,
			err: fmt.Errorf("%w (%s)", errTimeout, c.cfg.RequestTimeout)}
	}
	return &transportError{op: op, sent: sent, err: err}
}

// apiError builds the error for an answer that is not a success. Only the error body's fields
// are kept, each cleaned of secrets; any other body is dropped, since it may echo the request.
func (c *Client) apiError(op string, resp *http.Response, data []byte, red redactor) *APIError {
	e := &APIError{
		Operation:  op,
		StatusCode: resp.StatusCode,
		RequestID:  red.clean(resp.Header.Get("X-Request-Id")),
		RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), c.cfg.Now()),
	}
	var body wireErrorBody
	if json.Unmarshal(data, &body) == nil {
		e.Code = red.clean(body.Code)
		e.Message = red.clean(body.Message)
		if e.RequestID == "" {
			e.RequestID = red.clean(body.RequestID)
		}
	}
	return e
}
