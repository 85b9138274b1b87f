package desired

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const ordersYAML = "instance: {name: orders-prod}\ntopics:\n  orders-created: {}\n"

func TestLoad_Stdin(t *testing.T) {
	opts := testOptions()
	opts.Stdin = strings.NewReader(ordersYAML + "groups:\n  billing: {retry_max_time: 0}\n")
	_, diags, err := Load([]string{"-"}, opts)
	if err == nil {
		t.Fatal("Load accepted retry_max_time 0")
	}
	want := "<stdin>:5:29: error: groups.billing.retry_max_time: 0 is out of range 1..16\n"
	if diags.String() != want {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", diags, want)
	}
}

// TestLoad_Inputs covers how paths expand into files.
func TestLoad_Inputs(t *testing.T) {
	dir := t.TempDir()
	a := writeFile(t, dir, "conf/a.yaml", ordersYAML, 0o644)
	writeFile(t, dir, "conf/sub/b.yml", "instance: {name: orders-prod}\ngroups:\n"+
		"  billing: {}\n", 0o644)
	writeFile(t, dir, "conf/.git/c.yaml", "not: [yaml", 0o644)
	writeFile(t, dir, "conf/README.md", "not: [yaml", 0o644)
	odd := writeFile(t, dir, "orders.conf", "instance: {name: payments-prod}\n", 0o644)
	conf := filepath.Join(dir, "conf")

	tests := []struct {
		name      string
		paths     []string
		instances int
		sources   []string
		errs      string
	}{
		{name: "directory, recursive, hidden skipped", paths: []string{conf}, instances: 1,
			sources: []string{"conf/a.yaml", "conf/sub/b.yml"}},
		{name: "a file and its directory are read once", paths: []string{a, conf},
			instances: 1, sources: []string{"conf/a.yaml", "conf/sub/b.yml"}},
		{name: "an explicit file of any extension", paths: []string{odd}, instances: 1,
			sources: []string{"orders.conf"}},
		{name: "missing file", paths: []string{filepath.Join(dir, "none.yaml")},
			errs: "none.yaml: error: cannot read: no such file or directory"},
		{name: "stdin twice", paths: []string{"-", "-"}, errs: "- is given twice"},
		{name: "nothing", paths: nil, errs: "error: no files to load"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := testOptions()
			opts.Stdin = strings.NewReader(ordersYAML)
			cfg, diags, err := Load(tt.paths, opts)
			if tt.errs != "" {
				if err == nil || !strings.Contains(diags.String(), tt.errs) {
					t.Fatalf("diagnostics do not mention %q:\n%s", tt.errs, diags)
				}
				return
			}
			if err != nil {
				t.Fatalf("Load: %v\n%s", err, diags)
			}
			if len(cfg.Instances) != tt.instances {
				t.Fatalf("%d instances, want %d", len(cfg.Instances), tt.instances)
			}
			var rel []string
			for _, s := range cfg.Instances[0].Sources {
				r, _ := filepath.Rel(dir, s)
				rel = append(rel, r)
			}
			if strings.Join(rel, " ") != strings.Join(tt.sources, " ") {
				t.Errorf("sources = %v, want %v", rel, tt.sources)
			}
		})
	}
}

// TestLoad_ConfigMapLayout loads a directory laid out as Kubernetes mounts a ConfigMap: the
// files are symbolic links into a hidden, timestamped directory.
func TestLoad_ConfigMapLayout(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "..2024_01_01/orders.yaml", ordersYAML, 0o644)
	for _, link := range [][2]string{
		{"..2024_01_01", "..data"}, {"..data/orders.yaml", "orders.yaml"},
	} {
		if err := os.Symlink(link[0], filepath.Join(dir, link[1])); err != nil {
			t.Fatal(err)
		}
	}
	cfg, diags, err := Load([]string{dir}, testOptions())
	if err != nil {
		t.Fatalf("Load: %v\n%s", err, diags)
	}
	want := filepath.Join(dir, "orders.yaml")
	if got := cfg.Instances[0].Sources; len(got) != 1 || got[0] != want {
		t.Errorf("sources = %v, want [%s]", got, want)
	}
}

// TestLoad_DiagnosticOrder checks that problems come in the order of the paths given, then
// by position, whichever stage found them.
func TestLoad_DiagnosticOrder(t *testing.T) {
	dir := t.TempDir()
	b := writeFile(t, dir, "b.yaml", "instance: {name: orders-prod}\ntopics:\n"+
		"  orders-created: {}\n  zz: {}\n", 0o644)
	a := writeFile(t, dir, "a.yaml", "instance: {name: orders-prod}\ntopics:\n"+
		"  orders-created: {}\n", 0o644)
	_, diags, _ := Load([]string{b, filepath.Join(dir, "missing.yaml"), a}, testOptions())
	var got []string
	for _, d := range diags {
		got = append(got, filepath.Base(d.Pos.File)+":"+d.Field)
	}
	want := "b.yaml:topics.zz missing.yaml: a.yaml:topics.orders-created"
	if strings.Join(got, " ") != want {
		t.Errorf("order = %v, want %s", got, want)
	}
}
