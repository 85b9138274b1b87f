package dms

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// classification is what the error helpers say about one failure.
type classification struct {
	retryable, notFound, exists, mayHaveApplied bool
}

func classify(err error) classification {
	return classification{IsRetryable(err), IsNotFound(err), IsAlreadyExists(err),
		MayHaveApplied(err)}
}

// TestErrors_ServiceAnswers checks each row of the retry table against a write, which the
// client sends exactly once whatever the answer.
func TestErrors_ServiceAnswers(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		code, msg  string
		retryAfter string
		want       classification
	}{
		{"job still running", 400, CodeJobRunning, "This DMS instance job task is still running.",
			"", classification{retryable: true}},
		{"instance not running", 400, CodeInstanceBusy, "not allowed due to the instance status",
			"", classification{retryable: true}},
		{"flow control despite the 404", 404, CodeFlowControl, "The request is too frequent.",
			"", classification{retryable: true}},
		{"429", 429, "", "", "2", classification{retryable: true}},
		{"gateway flow control", 429, CodeGatewayFlowControl, "", "",
			classification{retryable: true}},
		{"408", 408, "", "", "", classification{retryable: true}},
		{"500", 500, "DMS.00500000", "Internal service error.", "",
			classification{retryable: true, mayHaveApplied: true}},
		{"502", 502, "", "", "", classification{retryable: true, mayHaveApplied: true}},
		{"503 refused the request", 503, "", "", "", classification{retryable: true}},
		{"504", 504, "", "", "", classification{retryable: true, mayHaveApplied: true}},
		{"group exists", 400, CodeGroupExists, "The consumer group already exists.", "",
			classification{exists: true}},
		{"topic exists", 400, CodeTopicExists, "The queue already exists.", "",
			classification{exists: true}},
		{"duplicate topic name", 400, "DMS.00400800", "Duplicate topic name.", "",
			classification{exists: true}},
		{"409", 409, "", "", "", classification{exists: true}},
		{"exists said only in the message", 400, "DMS.00409999", "User test_01 already exists", "",
			classification{exists: true}},
		{"malformed body", 400, "DMS.00400005", "not in JSON format", "", classification{}},
		{"bad signature", 401, CodeAuthFailed, "Incorrect IAM authentication information", "",
			classification{}},
		{"forbidden", 403, "", "", "", classification{}},
		{"unknown topic", 404, "DMS.10240401", "not found", "", classification{notFound: true}},
		{"unknown instance", 404, CodeInstanceNotFound, "This instance does not exist.", "",
			classification{notFound: true}},
		{"unknown user, with a 400", 400, CodeUserNotFound, "user not found", "",
			classification{notFound: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestServer(t, func(w http.ResponseWriter, _ *http.Request, _ []byte) {
				if tt.retryAfter != "" {
					w.Header().Set("Retry-After", tt.retryAfter)
				}
				writeJSON(w, tt.status, errorBody(tt.code, tt.msg))
			})
			c := newTestClient(t, srv)

			err := c.CreateTopic(context.Background(), testInstance, CreateTopicRequest{Name: "t1"})
			if got := classify(err); got != tt.want {
				t.Errorf("classify(%v) = %+v, want %+v", err, got, tt.want)
			}
			if n := srv.count(); n != 1 {
				t.Errorf("a write was sent %d times, want once", n)
			}

			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("error %v is not an *APIError", err)
			}
			want := APIError{Operation: OpCreateTopic, StatusCode: tt.status, Code: tt.code,
				Message: tt.msg, RequestID: "req-1"}
			if tt.retryAfter != "" {
				want.RetryAfter = 2 * time.Second
			}
			if *apiErr != want {
				t.Errorf("APIError = %+v\nwant       %+v", *apiErr, want)
			}
		})
	}
}

func TestAPIError_Error(t *testing.T) {
	err := &APIError{Operation: OpCreateGroup, StatusCode: 400, Code: CodeGroupExists,
		Message: "The consumer group already exists.", RequestID: "abc"}
	want := "create_group: 400 Bad Request: DMS.10240018: The consumer group already exists. " +
		"(request id abc)"
	if got := err.Error(); got != want {
		t.Errorf("Error() = %q\nwant      %q", got, want)
	}
	bare := &APIError{Operation: OpShowTopic, StatusCode: 502}
	if got := bare.Error(); got != "show_topic: 502 Bad Gateway" {
		t.Errorf("Error() = %q", got)
	}
}

// TestErrors_NonJSONBody keeps nothing of a body that is not an error body: a proxy's page
// may echo the request.
func TestErrors_NonJSONBody(t *testing.T) {
	srv := newTestServer(t, func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte("<html>upstream said: secret_key=...</html>"))
	})
	c := newTestClient(t, srv)
	err := c.DeleteTopic(context.Background(), testInstance, "orders")
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 502 || apiErr.Code != "" ||
		apiErr.Message != "" {
		t.Errorf("error = %#v", err)
	}
}

// TestErrors_Transport classifies requests that got no answer, by whether they were sent.
func TestErrors_Transport(t *testing.T) {
	t.Run("connection refused before sending", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		c, _ := New(testConfig("http://" + addr))

		err = c.CreateTopic(context.Background(), testInstance, CreateTopicRequest{Name: "t1"})
		want := classification{retryable: true}
		if got := classify(err); got != want {
			t.Errorf("classify(%v) = %+v, want %+v", err, got, want)
		}
	})

	t.Run("connection reset after sending", func(t *testing.T) {
		srv := newTestServer(t, hangUp)
		c := newTestClient(t, srv)
		err := c.CreateTopic(context.Background(), testInstance, CreateTopicRequest{Name: "t1"})
		want := classification{retryable: true, mayHaveApplied: true}
		if got := classify(err); got != want {
			t.Errorf("classify(%v) = %+v, want %+v", err, got, want)
		}
	})

	t.Run("timeout after sending", func(t *testing.T) {
		srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
			<-r.Context().Done()
		})
		cfg := testConfig(srv.URL)
		cfg.RequestTimeout = 50 * time.Millisecond
		c, _ := New(cfg)
		err := c.CreateTopic(context.Background(), testInstance, CreateTopicRequest{Name: "t1"})
		want := classification{retryable: true, mayHaveApplied: true}
		if got := classify(err); got != want {
			t.Errorf("classify(%v) = %+v, want %+v", err, got, want)
		}
		if !errors.Is(err, errTimeout) || !strings.Contains(err.Error(), "create_topic") {
			t.Errorf("error %q does not say the create timed out", err)
		}
	})

	t.Run("caller gives up after sending", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		srv := newTestServer(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
			cancel()
			<-r.Context().Done()
		})
		c := newTestClient(t, srv)
		err := c.CreateTopic(ctx, testInstance, CreateTopicRequest{Name: "t1"})
		want := classification{mayHaveApplied: true}
		if got := classify(err); got != want || !errors.Is(err, context.Canceled) {
			t.Errorf("classify(%v) = %+v, want %+v and context.Canceled", err, got, want)
		}
	})
}

// hangUp closes the connection without answering, as a reset or a crashed proxy would.
func hangUp(w http.ResponseWriter, _ *http.Request, _ []byte) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err == nil {
		conn.Close()
	}
}

// TestClient_RefusesBadNames sends nothing for a name that cannot be one path segment.
func TestClient_RefusesBadNames(t *testing.T) {
	srv := newTestServer(t, func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		writeJSON(w, http.StatusOK, "{}")
	})
	c := newTestClient(t, srv)
	ctx := context.Background()
	tests := []struct {
		name string
		call func() error
		want string
	}{
		{"empty topic", func() error { _, err := c.ShowTopic(ctx, testInstance, ""); return err },
			"show_topic: topic name is empty"},
		{"slash in group", func() error { return c.DeleteGroup(ctx, testInstance, "a/b") },
			`delete_group: group name "a/b" contains a slash`},
		{"dot dot user", func() error { return c.DeleteUser(ctx, testInstance, "..") },
			`delete_user: access key ".." cannot be a path segment`},
		{"empty instance", func() error { _, err := c.ListBrokers(ctx, ""); return err },
			"list_brokers: instance id is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.call(); err == nil || err.Error() != tt.want {
				t.Errorf("error = %v, want %q", err, tt.want)
			}
		})
	}
	if n := srv.count(); n != 0 {
		t.Errorf("server received %d requests, want none", n)
	}
}
