package desired

import (
	"bufio"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"gopkg.in/yaml.v3"
)

// exampleSecretFiles are the secret files each example's README has the reader create.
var exampleSecretFiles = map[string][]string{
	"basic": {"secrets/billing.sk"},
}

// TestExamples loads every example under examples/ as its README does, so that no example
// rots as the format changes. An example's YAML is its desired/ directory when it has one
// (beside files for other tools, such as a simulator config), else the example itself.
func TestExamples(t *testing.T) {
	dirs, err := filepath.Glob("../examples/*")
	if err != nil {
		t.Fatal(err)
	}
	var tested int
	for _, dir := range dirs {
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			continue
		}
		tested++
		t.Run(filepath.Base(dir), func(t *testing.T) {
			root := copyExample(t, dir)
			for _, name := range exampleSecretFiles[filepath.Base(dir)] {
				writeFile(t, root, name, "Example-secret-1\n", 0o600)
			}
			checkSchemaComments(t, root)

			conf := root
			if _, err := os.Stat(filepath.Join(root, "desired")); err == nil {
				conf = filepath.Join(root, "desired")
			}
			opts := LoadOptions{Getenv: func(string) (string, bool) {
				return "Example-secret-1", true
			}}
			cfg, diags, err := Load([]string{conf}, opts)
			if err != nil || len(diags) > 0 {
				t.Fatalf("Load: %v\n%s", err, diags)
			}
			checkSimConfig(t, root, cfg)
		})
	}
	if tested < 2 {
		t.Fatalf("found %d examples, want at least basic and multi-instance", tested)
	}
}

// copyExample copies an example into a temporary directory, leaving out any secrets a reader
// created, so the test neither writes into the repository nor depends on its state.
func copyExample(t *testing.T, dir string) string {
	t.Helper()
	root := t.TempDir()
	err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(dir, path)
		switch {
		case err != nil:
			return err
		case e.IsDir() && rel == "secrets":
			return filepath.SkipDir
		case e.IsDir():
			return nil
		}
		data, err := os.ReadFile(path)
		if err == nil {
			writeFile(t, root, rel, string(data), 0o644)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// checkSchemaComments checks that every desired-state file points editors at the schema, by
// a relative path that reaches the committed copy from where the example lives.
func checkSchemaComments(t *testing.T, root string) {
	t.Helper()
	err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !isYAMLName(path) || e.Name() == "sim.yaml" {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		line, _ := bufio.NewReader(f).ReadString('\n')
		// The example sits at examples/<name>/ in the repository, whose root holds the schema.
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		up, _ := filepath.Rel(filepath.Join("examples", "name", rel), ".")
		want := "# yaml-language-server: $schema=" + filepath.ToSlash(up) +
			"/mqsync.schema.json\n"
		if line != want {
			t.Errorf("%s starts with %q, want %q", path, line, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// checkSimConfig checks that a simulator config beside an example holds every instance the
// example describes, so that running the example against it finds them.
func checkSimConfig(t *testing.T, root string, cfg *Config) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "sim.yaml"))
	if os.IsNotExist(err) {
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	var sim struct {
		Projects []struct {
			Instances []struct{ Name string }
		}
	}
	if err := yaml.Unmarshal(data, &sim); err != nil {
		t.Fatalf("sim.yaml: %v", err)
	}
	var names []string
	for _, p := range sim.Projects {
		for _, i := range p.Instances {
			names = append(names, i.Name)
		}
	}
	for _, inst := range cfg.Instances {
		if !slices.Contains(names, inst.Ref.Name) {
			t.Errorf("sim.yaml has no instance %s", inst.Ref)
		}
	}
}
