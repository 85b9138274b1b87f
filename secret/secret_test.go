package secret_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/mqsync/mqsync/secret"
)

const canary = "Canary-7f3a9c!x"

type holder struct {
	Name   string
	Secret secret.Value
	Ptr    *secret.Value
	Map    map[string]secret.Value
}

func TestValue_NeverPrints(t *testing.T) {
	v := secret.New(canary)
	h := holder{Name: "n", Secret: v, Ptr: &v, Map: map[string]secret.Value{"k": v}}

	outputs := map[string]string{}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%10.3s", "%T"} {
		outputs["fmt "+verb+" value"] = fmt.Sprintf(verb, v)
		outputs["fmt "+verb+" struct"] = fmt.Sprintf(verb, h)
		outputs["fmt "+verb+" pointer"] = fmt.Sprintf(verb, &h)
	}
	outputs["String"] = v.String()
	outputs["GoString"] = v.GoString()
	outputs["Sprint"] = fmt.Sprint(v, h)

	js, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	outputs["json"] = string(js)

	ys, err := yaml.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	outputs["yaml"] = string(ys)

	for _, handler := range []func(*bytes.Buffer) slog.Handler{
		func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
		func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
	} {
		var buf bytes.Buffer
		slog.New(handler(&buf)).Info("m", "secret", v, "holder", h, "ptr", &v)
		outputs[fmt.Sprintf("slog %T", handler(&bytes.Buffer{}))] = buf.String()
	}

	for name, out := range outputs {
		if strings.Contains(out, canary) {
			t.Errorf("%s leaks the secret: %s", name, out)
		}
	}
	if !strings.Contains(outputs["json"], secret.Redacted) {
		t.Errorf("json output %s lacks the placeholder", outputs["json"])
	}
}

func TestValue_PanicDoesNotLeak(t *testing.T) {
	defer func() {
		r := recover()
		if s := fmt.Sprint(r); strings.Contains(s, canary) {
			t.Errorf("panic value prints the secret: %s", s)
		}
	}()
	panic(secret.New(canary))
}

func TestValue_RevealAndEqual(t *testing.T) {
	a, b := secret.New(canary), secret.New(canary)
	if a.Reveal() != canary {
		t.Errorf("Reveal() = %q, want the wrapped string", a.Reveal())
	}
	if !a.Equal(b) || a.Equal(secret.New("other")) {
		t.Error("Equal does not compare the secrets")
	}
	if !(secret.Value{}).IsZero() || a.IsZero() {
		t.Error("IsZero is wrong")
	}
}
