package dms

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mqsync/mqsync/secret"
)

func TestCount_UnmarshalJSON(t *testing.T) {
	tests := []struct {
		in      string
		want    count
		wantErr string
	}{
		{in: "3", want: 3},
		{in: "3.0", want: 3},
		{in: "-1", want: -1},
		{in: "1e3", want: 1000},
		{in: `"50"`, want: 50},
		{in: "null", want: 0},
		{in: "1662689877152", want: 1662689877152},
		{in: "3.5", wantErr: "3.5 is not a whole number"},
		{in: `"abc"`, wantErr: "not a number"},
		{in: "1e300", wantErr: "1e+300 is out of range"},
	}
	for _, tt := range tests {
		var got count
		err := json.Unmarshal([]byte(tt.in), &got)
		switch {
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("decode %s: error %v, want one containing %q", tt.in, err, tt.wantErr)
		case tt.wantErr == "" && (err != nil || got != tt.want):
			t.Errorf("decode %s = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
}

func TestOneOrMany(t *testing.T) {
	type item struct {
		N int `json:"n"`
	}
	tests := []struct {
		in   string
		want oneOrMany[item]
	}{
		{`[{"n":1},{"n":2}]`, oneOrMany[item]{{1}, {2}}},
		{`{"n":1}`, oneOrMany[item]{{1}}},
		{`[]`, oneOrMany[item]{}},
		{`null`, nil},
	}
	for _, tt := range tests {
		var got oneOrMany[item]
		if err := json.Unmarshal([]byte(tt.in), &got); err != nil {
			t.Fatalf("decode %s: %v", tt.in, err)
		}
		if !cmp.Equal(tt.want, got) {
			t.Errorf("decode %s = %#v, want %#v", tt.in, got, tt.want)
		}
	}
}

// TestWireSecret travels as itself in JSON and prints as the placeholder, even inside a wire
// struct printed with any verb.
func TestWireSecret(t *testing.T) {
	u := toWireUser(User{AccessKey: "app-01", SecretKey: secret.New("Wq9#zzKd1")})
	b, err := json.Marshal(u)
	if err != nil || !strings.Contains(string(b), `"secret_key":"Wq9#zzKd1"`) {
		t.Errorf("JSON = %s, %v; want the secret itself", b, err)
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		if out := fmt.Sprintf(verb, u); strings.Contains(out, "Wq9#zzKd1") ||
			strings.Contains(out, fmt.Sprintf("%x", "Wq9#zzKd1")) {
			t.Errorf("%s prints the secret: %s", verb, out)
		}
	}
}

func TestRedactor_Clean(t *testing.T) {
	const s = `Pq<7>"x&Zw`
	quoted, _ := json.Marshal(s)
	escaped := string(quoted[1 : len(quoted)-1])
	r := newRedactor(secret.New(s), secret.Value{})
	tests := []struct {
		name, in, want string
	}{
		{"no secret", "The queue already exists.", "The queue already exists."},
		{"raw", "bad secret " + s + " here", "bad secret (sensitive) here"},
		{"JSON spelling", `body {"secret_key":"` + escaped + `"}`,
			`body {"secret_key":"(sensitive)"}`},
		{"URL spelling", "path /users?sk=" + escapeRFC3986(s), "path /users?sk=(sensitive)"},
		{"cut short", `body {"secret_key":"` + escaped[:9], withheldMessage},
		{"a short coincidence is kept", "code Pq<7> is fine", "code Pq<7> is fine"},
	}
	for _, tt := range tests {
		if got := r.clean(tt.in); got != tt.want {
			t.Errorf("%s: clean(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}
