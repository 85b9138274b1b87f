package desired

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// reporter collects diagnostics. Every stage of a load reports into one and carries on, so that
// one run shows every problem.
type reporter struct {
	diags Diagnostics
}

// report records d at pos.
func (r *reporter) report(pos Position, d Diagnostic) {
	d.Pos = pos
	r.diags = append(r.diags, d)
}

// decoder walks the YAML nodes of one file. Its methods check the shape of each node (mapping,
// list, string, integer, boolean), report what is wrong with a position and a field path, and
// return what they could make of it.
type decoder struct {
	reporter
	file string
	// dir is the directory that {file: PATH} secret references are relative to.
	dir string
}

func (d *decoder) pos(n *yaml.Node) Position {
	return Position{File: d.file, Line: n.Line, Column: n.Column}
}

// add reports d at node n.
func (d *decoder) add(n *yaml.Node, diag Diagnostic) { d.report(d.pos(n), diag) }

// errorf reports an error at node n.
func (d *decoder) errorf(n *yaml.Node, field, value, format string, args ...any) {
	d.add(n, Diagnostic{Field: field, Value: value, Message: fmt.Sprintf(format, args...)})
}

// plain reports an alias and returns false for it. Aliases are refused so that every value a
// reviewer needs to see is written where it applies.
func (d *decoder) plain(n *yaml.Node, field string) bool {
	if n.Kind != yaml.AliasNode {
		return true
	}
	d.add(n, Diagnostic{Field: field, Value: "*" + n.Value,
		Message: "YAML aliases are not supported", Hint: "write the value out where it applies"})
	return false
}

// pairs calls fn for each key and value of the mapping n, whose keys are names chosen by the
// user. A null node is an empty mapping.
func (d *decoder) pairs(n *yaml.Node, field string, fn func(key string, k, v *yaml.Node)) {
	if !d.plain(n, field) || isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, field, scalarValue(n), "want a mapping, got %s", got(n))
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !d.plain(k, field) {
			continue
		}
		if k.ShortTag() == "!!merge" {
			d.add(k, Diagnostic{Field: field, Value: k.Value,
				Message: "YAML merge keys (<<) are not supported",
				Hint:    "write the values out where they apply"})
			continue
		}
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, field, "", "want a name as key, got %s", kindOf(k))
			continue
		}
		fn(k.Value, k, v)
	}
}

// fields is pairs for a mapping whose keys must be among known. It reports a key written twice
// and an unknown key, with a suggestion when a known key is close.
func (d *decoder) fields(n *yaml.Node, field string, known []string,
	fn func(key string, k, v *yaml.Node)) {
	seen := map[string]*yaml.Node{}
	d.pairs(n, field, func(key string, k, v *yaml.Node) {
		if first, ok := seen[key]; ok {
			d.errorf(k, join(field, key), "", "is set twice (first at line %d)", first.Line)
			return
		}
		seen[key] = k
		if !slices.Contains(known, key) {
			d.unknownKey(k, field, key, known)
			return
		}
		fn(key, k, v)
	})
}

func (d *decoder) unknownKey(k *yaml.Node, field, key string, known []string) {
	diag := Diagnostic{Field: join(field, key), Value: key, Message: "unknown key"}
	if s := suggest(key, known); s != "" {
		diag.Hint = fmt.Sprintf("did you mean %q?", s)
	} else {
		diag.Hint = "known keys: " + strings.Join(known, ", ")
	}
	d.add(k, diag)
}

// scalar returns the text of a string or number. Numbers are accepted so that a name such as
// 2024 or an address need not be quoted.
func (d *decoder) scalar(n *yaml.Node, field string) (string, bool) {
	if !d.plain(n, field) {
		return "", false
	}
	switch n.ShortTag() {
	case "!!str", "!!int", "!!float":
		if n.Kind == yaml.ScalarNode {
			return n.Value, true
		}
	}
	d.errorf(n, field, scalarValue(n), "want a string, got %s", got(n))
	return "", false
}

// integer returns a whole number.
func (d *decoder) integer(n *yaml.Node, field string) (int, bool) {
	if !d.plain(n, field) {
		return 0, false
	}
	var v int
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" {
		d.errorf(n, field, scalarValue(n), "want a whole number, got %s", got(n))
		return 0, false
	}
	if err := n.Decode(&v); err != nil {
		d.errorf(n, field, n.Value, "%s is too large", n.Value)
		return 0, false
	}
	return v, true
}

// intRange returns an integer between lo and hi.
func (d *decoder) intRange(n *yaml.Node, field string, lo, hi int) (int, bool) {
	v, ok := d.integer(n, field)
	if ok && (v < lo || v > hi) {
		d.errorf(n, field, n.Value, "%d is out of range %d..%d", v, lo, hi)
		return 0, false
	}
	return v, ok
}

// boolean returns true or false; YAML 1.1 spellings such as yes and on are refused.
func (d *decoder) boolean(n *yaml.Node, field string) (bool, bool) {
	if !d.plain(n, field) {
		return false, false
	}
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
		d.errorf(n, field, scalarValue(n), "want true or false, got %s", got(n))
		return false, false
	}
	v, err := strconv.ParseBool(n.Value)
	return v, err == nil
}

// stringList returns a list of strings, calling check on each; check returns "" for a good item
// or a phrase that reads after the quoted item.
func (d *decoder) stringList(n *yaml.Node, field string, check func(string) string) []string {
	if !d.plain(n, field) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, field, scalarValue(n), "want a list, got %s", got(n))
		return nil
	}
	out := make([]string, 0, len(n.Content))
	for i, item := range n.Content {
		f := fmt.Sprintf("%s[%d]", field, i)
		s, ok := d.scalar(item, f)
		if !ok {
			continue
		}
		if problem := check(s); problem != "" {
			d.errorf(item, f, s, "%q %s", s, problem)
			continue
		}
		out = append(out, s)
	}
	return out
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// scalarValue returns the text of a scalar node, for a diagnostic's Value.
func scalarValue(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode {
		return n.Value
	}
	return ""
}

// got describes a node for a "want ..., got ..." message: its kind, and its text when it is a
// scalar.
func got(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode && !isNull(n) {
		return fmt.Sprintf("%s %q", kindOf(n), n.Value)
	}
	return kindOf(n)
}

// kindOf names a node's kind for a message: "a mapping", "a list", "a string" and so on.
func kindOf(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	switch n.ShortTag() {
	case "!!null":
		return "nothing"
	case "!!bool":
		return "a boolean"
	case "!!int":
		return "a whole number"
	case "!!float":
		return "a number"
	case "!!str":
		return "a string"
	case "!!merge":
		return "a merge key"
	}
	return "a value tagged " + n.ShortTag()
}

// join appends key to a field path.
func join(field, key string) string {
	if field == "" {
		return key
	}
	return field + "." + key
}
