package dms

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mqsync/mqsync/secret"
)

// Canaries: secrets no output may ever contain. The user's has characters that JSON escapes,
// so that a reflected body holds it in a spelling other than its own.
const (
	canaryUserSecret = `Qz<&>"9f3Q\kW7j`
	canarySecretKey  = "cnrySK7Hq2Lwv"
	canaryToken      = "cnryTkZr81pX"
)

// canaries lists every secret the canary test sends or serves, fixtures' included.
var canaries = []string{canaryUserSecret, canarySecretKey, canaryToken, "Ox7#Vq2mLp9"}

// canaryModes are the ways a server answers in the canary test.
var canaryModes = map[string]answerFunc{
	"answers hold secrets": func(w http.ResponseWriter, r *http.Request, _ []byte) {
		writeJSON(w, http.StatusOK, withCanarySecrets(fixtureFor(r)))
	},
	"error echoes the request": func(w http.ResponseWriter, r *http.Request, body []byte) {
		writeJSON(w, http.StatusBadRequest, errorBody("DMS.00400005", echo(r, body)))
	},
	"error echoes part of the secret": func(w http.ResponseWriter, r *http.Request, body []byte) {
		msg := echo(r, body)
		if i := strings.Index(msg, "9f3Q"); i >= 0 {
			msg = msg[:i+4]
		}
		writeJSON(w, http.StatusBadRequest, errorBody("DMS.00400005", msg))
	},
	"error echoes into the code and request id": func(w http.ResponseWriter, r *http.Request,
		body []byte) {
		token := r.Header.Get("X-Security-Token") + r.Header.Get("X-Auth-Token")
		w.Header().Set("X-Request-Id", token)
		writeJSON(w, http.StatusConflict, errorBody(string(body), "exists"))
	},
	"proxy page echoes the request": func(w http.ResponseWriter, r *http.Request, body []byte) {
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte(echo(r, body)))
	},
	// Every field that holds the secret fails to decode, or is the secret_key itself; a
	// name is not a secret, so names get numbers, which fail too.
	"garbled answer quotes secrets": func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		v, _ := json.Marshal(canaryUserSecret)
		writeJSON(w, http.StatusOK, fmt.Sprintf(`{"topics":%[1]s,"groups":%[1]s,"users":%[1]s,
			"policies":%[1]s,"instances":%[1]s,"brokers":%[1]s,"total":%[1]s,"secret_key":%[1]s,
			"total_read_queue_num":%[1]s,"access_key":7,"name":7}`, v))
	},
	"connection reset": hangUp,
}

// echo reflects the whole request, body and headers, as a careless server's error would.
func echo(r *http.Request, body []byte) string {
	var b strings.Builder
	b.WriteString(r.Method + " " + r.URL.String() + " " + string(body))
	for name, values := range r.Header {
		b.WriteString(" " + name + "=" + strings.Join(values, ","))
	}
	return b.String()
}

// fixtureFor returns the answer fixture of the operation r asks for.
func fixtureFor(r *http.Request) []byte {
	for _, tc := range allOpCases() {
		if tc.method == r.Method && "/v2/"+tc.path == r.URL.EscapedPath() && tc.answer != "" {
			b, _ := os.ReadFile(filepath.Join("testdata", "answers", tc.answer))
			return b
		}
	}
	return []byte(`{"users":[],"total":0}`)
}

var secretField = regexp.MustCompile(`"secret_key"\s*:\s*"[^"]*"`)

// withCanarySecrets replaces every secret_key value with the user canary.
func withCanarySecrets(b []byte) []byte {
	v, _ := json.Marshal(canaryUserSecret)
	return secretField.ReplaceAll(b, append([]byte(`"secret_key":`), v...))
}

// canaryCalls are every operation, plus the user writes carrying the user canary.
func canaryCalls() []opCase {
	canaryUser := newOrdersUser
	canaryUser.SecretKey = secret.New(canaryUserSecret)
	calls := allOpCases()
	calls = append(calls,
		opCase{name: "create canary user", call: func(ctx context.Context, c *Client) (any, error) {
			return c.CreateUser(ctx, testInstance, canaryUser)
		}},
		opCase{name: "modify canary user", call: func(ctx context.Context, c *Client) (any, error) {
			return c.ModifyUser(ctx, testInstance, canaryUser)
		}},
		opCase{name: "list all users", call: func(ctx context.Context, c *Client) (any, error) {
			return c.ListAllUsers(ctx, testInstance)
		}},
		opCase{name: "list all policies", call: func(ctx context.Context, c *Client) (any, error) {
			return c.ListAllGroupAccessPolicies(ctx, testInstance, "billing")
		}},
	)
	return calls
}

// TestSecrets_NeverPrinted runs every operation through every way a server can answer with or
// reflect a secret, with signed and with token credentials, and searches every output a
// caller could print or log: errors, results, JSON of results, log lines, observed calls, and
// the client and its configuration themselves.
func TestSecrets_NeverPrinted(t *testing.T) {
	creds := map[string]Credentials{
		"signed": {AccessKey: testAccessKey, SecretKey: secret.New(canarySecretKey),
			SecurityToken: secret.New(canaryToken)},
		"token": {AuthToken: secret.New(canaryToken)},
	}
	for credName, cred := range creds {
		for mode, answer := range canaryModes {
			t.Run(credName+"/"+mode, func(t *testing.T) {
				srv := newTestServer(t, answer)
				var logs bytes.Buffer
				var calls callRecorder
				cfg := testConfig(srv.URL)
				cfg.Credentials = cred
				cfg.RequestTimeout = time.Second
				cfg.Observer = &calls
				cfg.Logger = slog.New(slog.NewJSONHandler(&logs,
					&slog.HandlerOptions{Level: slog.LevelDebug}))
				c, err := New(cfg)
				if err != nil {
					t.Fatal(err)
				}

				var out strings.Builder
				for _, tc := range canaryCalls() {
					got, err := tc.call(context.Background(), c)
					printAll(&out, got, err)
				}
				for _, call := range calls.all() {
					printAll(&out, call, call.Err)
				}
				printAll(&out, cfg, c, *c)
				out.Write(logs.Bytes())
				checkNoCanary(t, out.String())
			})
		}
	}
}

// printAll writes vs in every way a caller might print them.
func printAll(w *strings.Builder, vs ...any) {
	for _, v := range vs {
		fmt.Fprintf(w, "%v|%+v|%#v|%s|%q|%x\n", v, v, v, v, v, v)
		if err, ok := v.(error); ok && err != nil {
			w.WriteString(err.Error() + "\n")
		}
		if b, err := json.Marshal(v); err == nil {
			w.Write(b)
		}
	}
}

// canaryFragment is the length of the pieces of a canary that checkNoCanary looks for: the
// client promises that no six bytes in a row of a secret, in any spelling, reach an output.
// A JSON escape alone is six bytes long and a byte is two in hex, so those spellings are
// searched in proportionally longer pieces.
const canaryFragment = 6

// checkNoCanary fails if text holds a piece of a canary in its raw, JSON, URL or hex spelling.
func checkNoCanary(t *testing.T, text string) {
	t.Helper()
	for _, c := range canaries {
		quoted, _ := json.Marshal(c)
		forms := map[string]int{
			c:                                 canaryFragment,
			url.QueryEscape(c):                canaryFragment,
			string(quoted[1 : len(quoted)-1]): canaryFragment + 6,
			fmt.Sprintf("%x", c):              2 * canaryFragment,
		}
		for form, n := range forms {
			for i := 0; i+n <= len(form); i++ {
				piece := form[i : i+n]
				if j := strings.Index(text, piece); j >= 0 {
					t.Errorf("output holds %q of the secret %q: ...%s...", piece, c,
						text[max(0, j-60):min(len(text), j+20)])
					return
				}
			}
		}
	}
}
