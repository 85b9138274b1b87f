package desired

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/mqsync/mqsync/secret"
)

var update = flag.Bool("update", false, "rewrite the golden files from the current output")

// testEnv is the environment that every fixture's {env: NAME} sees.
var testEnv = map[string]string{
	"MQSYNC_TEST_SECRET":       "Fixture-secret-1",
	"MQSYNC_TEST_EMPTY":        "",
	"MQSYNC_TEST_SHORT":        "Ab1!",
	"MQSYNC_TEST_TWO_CLASSES":  "abcdefgh123",
	"MQSYNC_TEST_NAME":         "Billing-svc1",
	"MQSYNC_TEST_OTHER_SECRET": "Other-secret-2",
}

func testOptions() LoadOptions {
	return LoadOptions{
		Stdin:  strings.NewReader(""),
		Getenv: func(name string) (string, bool) { v, ok := testEnv[name]; return v, ok },
	}
}

// fixtures returns the cases in dir: each YAML file, and each directory (loaded whole).
func fixtures(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var cases []string
	for _, e := range entries {
		if e.IsDir() || isYAMLName(e.Name()) {
			cases = append(cases, filepath.Join(dir, e.Name()))
		}
	}
	return cases
}

// goldenPath returns where the expected output of a fixture lives: beside it, with the
// extension .golden.
func goldenPath(fixture string) string {
	return strings.TrimSuffix(fixture, filepath.Ext(fixture)) + ".golden"
}

// checkGolden compares got with the golden file, or rewrites the file under -update.
func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("output differs from %s (-want +got):\n%s", path, diff)
	}
}

func TestLoad_Invalid(t *testing.T) {
	cases := fixtures(t, "testdata/invalid")
	if len(cases) < 40 {
		t.Fatalf("%d invalid fixtures; the suite promises at least 40", len(cases))
	}
	for _, path := range cases {
		t.Run(filepath.Base(path), func(t *testing.T) {
			cfg, diags, err := Load([]string{path}, testOptions())
			if cfg != nil || !errors.Is(err, ErrInvalid) {
				t.Fatalf("Load = %v, %v; want no config and ErrInvalid", cfg, err)
			}
			if !diags.HasErrors() {
				t.Fatalf("no error among the diagnostics:\n%s", diags)
			}
			checkGolden(t, goldenPath(path), diags.String())
		})
	}
}

func TestLoad_Valid(t *testing.T) {
	for _, path := range fixtures(t, "testdata/valid") {
		t.Run(filepath.Base(path), func(t *testing.T) {
			cfg, diags, err := Load([]string{path}, testOptions())
			if err != nil {
				t.Fatalf("Load: %v\n%s", err, diags)
			}
			var out bytes.Buffer
			out.WriteString(diags.String())
			for _, inst := range cfg.Instances {
				out.WriteString("--- # from " + strings.Join(inst.Sources, ", ") + "\n")
				if err := Encode(&out, inst); err != nil {
					t.Fatal(err)
				}
			}
			checkGolden(t, goldenPath(path), out.String())
			checkRoundTrip(t, cfg)
		})
	}
}

// checkRoundTrip encodes each instance and loads the result: the model must come back the
// same, apart from positions and sources. Plain secrets are withheld by Encode on purpose, so
// instances holding one are left out.
func checkRoundTrip(t *testing.T, cfg *Config) {
	t.Helper()
	for _, inst := range cfg.Instances {
		if hasPlainSecret(inst) {
			continue
		}
		var buf bytes.Buffer
		if err := Encode(&buf, inst); err != nil {
			t.Fatal(err)
		}
		opts := testOptions()
		opts.Stdin = &buf
		again, diags, err := Load([]string{"-"}, opts)
		if err != nil {
			t.Fatalf("load encoded %s: %v\n%s", inst.Ref, err, diags)
		}
		if diff := cmp.Diff(inst, again.Instances[0], modelOptions()...); diff != "" {
			t.Errorf("round trip of %s changed the model (-before +after):\n%s", inst.Ref,
				diff)
		}
	}
}

func hasPlainSecret(inst *Instance) bool {
	for _, u := range inst.Users {
		if u.SecretRef.Plain {
			return true
		}
	}
	return false
}

// modelOptions compare models by content: secrets by value, positions and sources ignored.
func modelOptions() []cmp.Option {
	return []cmp.Option{
		cmp.Comparer(func(a, b secret.Value) bool { return a.Equal(b) }),
		cmpopts.IgnoreTypes(Position{}),
		cmpopts.IgnoreFields(Instance{}, "Sources"),
		cmpopts.EquateEmpty(),
	}
}
