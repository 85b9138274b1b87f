package desired

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// StdinName is the file name that diagnostics give to standard input.
const StdinName = "<stdin>"

// LoadOptions are what Load needs from its environment, injected so that tests choose them.
type LoadOptions struct {
	// Stdin is read for the path "-". Nil means os.Stdin.
	Stdin io.Reader
	// Getenv looks up the variable of a secret_key {env: NAME}. Nil means os.LookupEnv.
	Getenv func(name string) (string, bool)
}

// Load reads the desired state from paths: YAML files, directories (searched recursively for
// *.yaml and *.yml files, in lexical order, skipping hidden files and directories) and "-" for
// standard input. A file may hold several YAML documents, each describing resources of one
// instance; documents that name the same instance are merged.
//
// Load resolves every secret, checks everything it can without calling the API, and returns
// the normalised Config with the diagnostics found. When any diagnostic is an error it returns
// a nil Config and an error wrapping ErrInvalid: nothing is ever half-loaded. Warnings alone
// leave the Config usable.
func Load(paths []string, opts LoadOptions) (*Config, Diagnostics, error) {
	if opts.Stdin == nil {
		opts.Stdin = os.Stdin
	}
	if opts.Getenv == nil {
		opts.Getenv = os.LookupEnv
	}

	r := &reporter{}
	if len(paths) == 0 {
		r.report(Position{}, Diagnostic{Message: "no files to load",
			Hint: "name YAML files or directories, or - for standard input"})
	}
	sources, order := r.readSources(paths, opts.Stdin)
	var docs []*document
	for _, src := range sources {
		d := &decoder{file: src.name, dir: src.dir}
		fileDocs := d.source(src.data)
		for _, doc := range fileDocs {
			d.resolveSecrets(doc.users, opts.Getenv)
		}
		r.diags = append(r.diags, d.diags...)
		docs = append(docs, fileDocs...)
	}

	cfg := r.merge(docs)
	sortDiagnostics(r.diags, order)
	if err := r.diags.Err(); err != nil {
		return nil, r.diags, err
	}
	return cfg, r.diags, nil
}

// source decodes every document of one file. A file with no document at all is an error:
// an empty file is more likely a mistake than a wish to describe nothing.
func (d *decoder) source(data []byte) []*document {
	roots, err := parseDocuments(data)
	if err != nil {
		d.report(syntaxPosition(d.file, err), Diagnostic{Message: syntaxMessage(err)})
	}
	var docs []*document
	for _, root := range roots {
		if len(root.Content) == 0 || isNull(root.Content[0]) {
			continue
		}
		docs = append(docs, d.document(root.Content[0]))
	}
	if len(docs) == 0 && err == nil {
		d.report(Position{File: d.file}, Diagnostic{Message: "file is empty",
			Hint: "a file needs at least instance: and something to declare"})
	}
	return docs
}

// parseDocuments splits data into YAML documents, stopping at the first syntax error.
func parseDocuments(data []byte) (roots []*yaml.Node, err error) {
	// The YAML library has panicked on some malformed inputs in the past; a file must not
	// crash the reconciler that reads it.
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("yaml: cannot parse: %v", p)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var root yaml.Node
		err := dec.Decode(&root)
		if errors.Is(err, io.EOF) {
			return roots, nil
		}
		if err != nil {
			return roots, err
		}
		roots = append(roots, &root)
	}
}

// yamlLine finds the line number in the YAML library's error messages.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

func syntaxPosition(file string, err error) Position {
	pos := Position{File: file}
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		pos.Line, _ = strconv.Atoi(m[1])
	}
	return pos
}

func syntaxMessage(err error) string {
	msg := yamlLine.ReplaceAllString(err.Error(), "")
	return "invalid YAML: " + strings.TrimPrefix(msg, "yaml: ")
}
