package desired

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Severity says whether a Diagnostic stops the load.
type Severity int

// Severities, most severe first.
const (
	// SeverityError makes Load return no Config.
	SeverityError Severity = iota
	// SeverityWarning is worth a look but leaves the Config usable.
	SeverityWarning
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == SeverityWarning {
		return "warning"
	}
	return "error"
}

// Diagnostic is one problem found in the files, with enough context to fix it without reading
// the code: where, which field, what value and why.
type Diagnostic struct {
	Severity Severity
	// Pos is where the problem was written. Line and Column are zero when the problem is with a
	// whole file (it is empty, it cannot be read) or with the command line.
	Pos Position
	// Field is the path of the field in the format, for example "topics.orders.queue_num".
	Field string
	// Value is the offending value as written, or empty. It is never a secret.
	Value string
	// Message says what is wrong, in a lowercase phrase that reads after the field.
	Message string
	// Hint says how to fix it, when there is something better to say than the message.
	Hint string
}

// String formats d as a compiler does:
//
//	orders.yaml:4:16: error: topics.orders.queue_num: 0 is out of range 1..50
func (d Diagnostic) String() string {
	var b strings.Builder
	if loc := d.Pos.String(); loc != "" {
		b.WriteString(loc + ": ")
	}
	b.WriteString(d.Severity.String() + ": ")
	if d.Field != "" {
		b.WriteString(d.Field + ": ")
	}
	b.WriteString(d.Message)
	if d.Hint != "" {
		b.WriteString(" (" + d.Hint + ")")
	}
	return b.String()
}

// String returns "file:line:col", leaving out the parts that are zero.
func (p Position) String() string {
	switch {
	case p.File == "":
		return ""
	case p.Line == 0:
		return p.File
	case p.Column == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column)
}

// Diagnostics is every problem one load found, in file order and then by position.
type Diagnostics []Diagnostic

// ErrInvalid is wrapped by the error Load returns when the files have errors.
var ErrInvalid = errors.New("invalid desired state")

// Count returns the number of errors and of warnings.
func (ds Diagnostics) Count() (errs, warnings int) {
	for _, d := range ds {
		if d.Severity == SeverityError {
			errs++
		} else {
			warnings++
		}
	}
	return errs, warnings
}

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	errs, _ := ds.Count()
	return errs > 0
}

// Err returns nil when ds holds no error. Otherwise it returns an error wrapping ErrInvalid
// that counts the errors and quotes the first; print ds itself to show them all.
func (ds Diagnostics) Err() error {
	errs, _ := ds.Count()
	if errs == 0 {
		return nil
	}
	i := slices.IndexFunc(ds, func(d Diagnostic) bool { return d.Severity == SeverityError })
	if errs == 1 {
		return fmt.Errorf("%w: %s", ErrInvalid, ds[i])
	}
	return fmt.Errorf("%w: %d errors, the first: %s", ErrInvalid, errs, ds[i])
}

// String returns one diagnostic a line.
func (ds Diagnostics) String() string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.String() + "\n")
	}
	return b.String()
}

// sortDiagnostics orders ds by the load order of their files, then by line and column; the
// sort is stable, so problems found at the same place keep the order they were found in.
func sortDiagnostics(ds Diagnostics, fileOrder map[string]int) {
	slices.SortStableFunc(ds, func(a, b Diagnostic) int {
		if c := fileOrder[a.Pos.File] - fileOrder[b.Pos.File]; c != 0 {
			return c
		}
		if c := a.Pos.Line - b.Pos.Line; c != 0 {
			return c
		}
		return a.Pos.Column - b.Pos.Column
	})
}
