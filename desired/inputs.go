package desired

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// source is the content of one input file.
type source struct {
	// name is the file as diagnostics show it: the path as given, or joined below a directory
	// as given, or StdinName.
	name string
	// dir is the directory that {file: PATH} secret references are relative to.
	dir  string
	data []byte
}

// readSources expands paths into the files they name and reads them. A file reached twice
// (named, and also inside a named directory) is read once. It also returns the order in which
// it met each file name, readable or not, for sorting diagnostics.
func (r *reporter) readSources(paths []string, stdin io.Reader) ([]source, map[string]int) {
	var sources []source
	seen := map[string]bool{}
	order := map[string]int{}
	for _, p := range paths {
		order[p] = len(order) + 1
		if p == "-" {
			if seen[StdinName] {
				r.report(Position{File: StdinName}, Diagnostic{Message: "- is given twice"})
				continue
			}
			seen[StdinName] = true
			data, err := io.ReadAll(stdin)
			if err != nil {
				r.fileError(StdinName, err)
				continue
			}
			order[StdinName] = order[p]
			sources = append(sources, source{name: StdinName, dir: ".", data: data})
			continue
		}
		for _, name := range r.expand(p) {
			abs, err := filepath.Abs(name)
			if err != nil || seen[abs] {
				continue
			}
			if _, ok := order[name]; !ok {
				order[name] = len(order) + 1
			}
			seen[abs] = true
			data, err := os.ReadFile(name)
			if err != nil {
				r.fileError(name, err)
				continue
			}
			sources = append(sources, source{name: name, dir: filepath.Dir(name), data: data})
		}
	}
	return sources, order
}

// expand returns p itself when it is a file, or the YAML files below it when it is a
// directory. A file named explicitly is read whatever its extension.
func (r *reporter) expand(p string) []string {
	info, err := os.Stat(p)
	if err != nil {
		r.fileError(p, err)
		return nil
	}
	if !info.IsDir() {
		return []string{p}
	}

	var files []string
	err = filepath.WalkDir(p, func(name string, e fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case name != p && strings.HasPrefix(e.Name(), "."):
			if e.IsDir() {
				return filepath.SkipDir
			}
			return nil
		case !isYAMLName(e.Name()):
			return nil
		}
		// Kubernetes mounts ConfigMap files as symbolic links: follow them to regular files.
		if info, err := os.Stat(name); err == nil && info.Mode().IsRegular() {
			files = append(files, name)
		}
		return nil
	})
	if err != nil {
		r.fileError(p, err)
	}
	if len(files) == 0 && err == nil {
		r.report(Position{File: p}, Diagnostic{Message: "directory holds no *.yaml or *.yml file"})
	}
	return files
}

func isYAMLName(name string) bool {
	ext := filepath.Ext(name)
	return ext == ".yaml" || ext == ".yml"
}

// fileError reports a file that cannot be read, naming it once.
func (r *reporter) fileError(name string, err error) {
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Path == name {
		err = pe.Err
	}
	r.report(Position{File: name}, Diagnostic{Message: "cannot read: " + err.Error()})
}
