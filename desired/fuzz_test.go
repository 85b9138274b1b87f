package desired

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzLoad feeds arbitrary bytes to Load as standard input. It is seeded with every fixture,
// so plain "go test" runs those; "go test -fuzz=FuzzLoad -fuzztime=5m ./desired" explores.
// Load must never panic, must return a Config exactly when it reports no error, and what it
// returns must survive Encode and load back the same.
func FuzzLoad(f *testing.F) {
	err := filepath.WalkDir("testdata", func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !isYAMLName(path) {
			return err
		}
		data, err := os.ReadFile(path)
		f.Add(data)
		return err
	})
	if err != nil {
		f.Fatal(err)
	}

	f.Fuzz(func(t *testing.T, data []byte) {
		opts := testOptions()
		opts.Stdin = bytes.NewReader(data)
		cfg, diags, err := Load([]string{"-"}, opts)
		if (err != nil) != diags.HasErrors() || (err != nil) != (cfg == nil) {
			t.Fatalf("Load = %v, %v with diagnostics:\n%s", cfg, err, diags)
		}
		for _, d := range diags {
			if d.Message == "" || d.Pos.File != StdinName {
				t.Fatalf("diagnostic without message or position: %#v", d)
			}
		}
		if cfg != nil {
			checkNormalised(t, cfg)
			checkFuzzRoundTrip(t, cfg)
		}
	})
}

// checkNormalised checks what the planner relies on: sorted names and canonical values.
func checkNormalised(t *testing.T, cfg *Config) {
	t.Helper()
	userPerms := []string{"PUB", "SUB", "PUB|SUB", "DENY"}
	for _, inst := range cfg.Instances {
		topics, groups, users := []string{}, []string{}, []string{}
		for _, tp := range inst.Topics {
			topics = append(topics, tp.Name)
		}
		for _, g := range inst.Groups {
			groups = append(groups, g.Name)
		}
		for _, u := range inst.Users {
			users = append(users, u.AccessKey)
		}
		if !slices.IsSorted(topics) || !slices.IsSorted(groups) || !slices.IsSorted(users) {
			t.Fatalf("instance %s has unsorted names", inst.Ref)
		}
		for _, tp := range inst.Topics {
			if !slices.Contains([]string{"all", "pub", "sub"}, tp.Permission) ||
				!slices.IsSorted(tp.Brokers) {
				t.Fatalf("topic not normalised: %+v", tp)
			}
		}
		for _, u := range inst.Users {
			for _, p := range append([]string{u.DefaultTopicPerm, u.DefaultGroupPerm},
				append(mapValues(u.TopicPerms), mapValues(u.GroupPerms)...)...) {
				if !slices.Contains(userPerms, p) {
					t.Fatalf("user %s has permission %q", u.AccessKey, p)
				}
			}
		}
	}
}

// checkFuzzRoundTrip encodes and reloads instances whose secrets come from the environment;
// file and plain secrets cannot be reloaded from standard input the same way.
func checkFuzzRoundTrip(t *testing.T, cfg *Config) {
	t.Helper()
	for _, inst := range cfg.Instances {
		if slices.ContainsFunc(inst.Users, func(u User) bool { return u.SecretRef.Env == "" }) {
			continue
		}
		var buf bytes.Buffer
		if err := Encode(&buf, inst); err != nil {
			t.Fatalf("Encode: %v", err)
		}
		opts := testOptions()
		opts.Stdin = bytes.NewReader(buf.Bytes())
		again, diags, err := Load([]string{"-"}, opts)
		if err != nil {
			t.Fatalf("load encoded instance: %v\n%s\n%s", err, diags, buf.String())
		}
		if diff := cmp.Diff(inst, again.Instances[0], modelOptions()...); diff != "" {
			t.Fatalf("round trip changed the model (-before +after):\n%s", diff)
		}
	}
}

func mapValues(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
