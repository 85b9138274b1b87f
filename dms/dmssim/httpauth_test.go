package dmssim

import (
	"bytes"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mqsync/mqsync/secret"
)

func authConfig() Config {
	cfg := fixtureConfig()
	cfg.Credentials = []Credential{{AccessKey: "SIMAK0000000000000001",
		SecretKey: secret.New("sim-secret-key-0001")}}
	cfg.Tokens = []secret.Value{secret.New("sim-token-0001")}
	return cfg
}

func TestAuth_OverHTTP(t *testing.T) {
	r := startSim(t, authConfig())
	good := func(at time.Time) func(*http.Request) {
		return func(req *http.Request) {
			req.Header.Set("User-Agent", "huaweicloud-usdk-go/3.0")
			req.Header.Set("X-Project-Id", DefaultProjectID)
			testSignHeaders(req, "SIMAK0000000000000001", "sim-secret-key-0001", at,
				"user-agent", "x-project-id", "x-sdk-date")
		}
	}
	tests := []struct {
		name, method, path, body string
		sign                     func(*http.Request)
		status                   int
	}{
		{"good signature", "GET", instancePath + "/topics?limit=1&offset=0",
			"", good(time.Now()), 200},
		{"good signature, escaped name", "GET", instancePath + "/topics/" + paymentsPath,
			"", good(time.Now()), 200},
		{"good signature with a body", "POST", instancePath + "/topics",
			`{"name":"signed%|"}`, good(time.Now()), 200},
		{"date 20 minutes old", "GET", instancePath, "", good(time.Now().Add(-20 * time.Minute)),
			401},
		{"wrong secret", "GET", instancePath, "", func(req *http.Request) {
			testSign(req, "SIMAK0000000000000001", "sim-secret-key-0002", time.Now())
		}, 401},
		{"unknown access key", "GET", instancePath, "", func(req *http.Request) {
			testSign(req, "SIMAK0000000000000009", "sim-secret-key-0001", time.Now())
		}, 401},
		{"signed header changed", "GET", instancePath, "", func(req *http.Request) {
			good(time.Now())(req)
			req.Header.Set("X-Project-Id", "ffffffffffffffffffffffffffffffff")
		}, 401},
		{"unsigned", "GET", instancePath, "", nil, 401},
		{"good token", "GET", instancePath, "", func(req *http.Request) {
			req.Header.Set("X-Auth-Token", "sim-token-0001")
		}, 200},
		{"bad token", "GET", instancePath, "", func(req *http.Request) {
			req.Header.Set("X-Auth-Token", "sim-token-0002")
		}, 401},
		{"unknown path, unsigned", "GET", "/v2/nothing", "", nil, 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := send(t, r.URL(), tt.method, tt.path, tt.body, tt.sign)
			if a.status != tt.status {
				t.Fatalf("status %d, want %d: %s", a.status, tt.status, a.raw)
			}
			if tt.status == 401 {
				checkErrorBody(t, a, CodeAuth)
			}
		})
	}
}

// Without credentials or tokens, everything is accepted, and the log says so once.
func TestAuth_OpenSaysSoOnce(t *testing.T) {
	var logs bytes.Buffer
	r := startSim(t, DefaultConfig(), WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	for range 3 {
		if a := send(t, r.URL(), "GET", instancePath, "", nil); a.status != 200 {
			t.Fatalf("unsigned request: %d %s", a.status, a.raw)
		}
	}
	if n := strings.Count(logs.String(), "accepting every request"); n != 1 {
		t.Errorf("the open mode was logged %d times, want once:\n%s", n, logs.String())
	}
}

// Secrets of credentials, tokens and users never reach the log, even at debug level.
func TestAuth_NoSecretInLogs(t *testing.T) {
	var logs bytes.Buffer
	r := startSim(t, authConfig(), WithLogger(slog.New(slog.NewTextHandler(&logs,
		&slog.HandlerOptions{Level: slog.LevelDebug}))))
	send(t, r.URL(), "GET", instancePath+"/users", "", func(req *http.Request) {
		req.Header.Set("X-Auth-Token", "sim-token-0001")
	})
	send(t, r.URL(), "GET", instancePath, "", func(req *http.Request) {
		testSign(req, "SIMAK0000000000000001", "sim-secret-key-0001", time.Now())
	})
	for _, s := range []string{"sim-token-0001", "sim-secret-key-0001", "Secret-123"} {
		if strings.Contains(logs.String(), s) {
			t.Errorf("log holds the secret %q:\n%s", s, logs.String())
		}
	}
}
