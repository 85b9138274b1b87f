package desired

import (
	"errors"
	"testing"
)

func TestDiagnostic_String(t *testing.T) {
	tests := []struct {
		d    Diagnostic
		want string
	}{
		{Diagnostic{Pos: Position{File: "a.yaml", Line: 4, Column: 16},
			Field: "topics.orders.queue_num", Value: "0", Message: "0 is out of range 1..50"},
			"a.yaml:4:16: error: topics.orders.queue_num: 0 is out of range 1..50"},
		{Diagnostic{Severity: SeverityWarning, Pos: Position{File: "a.yaml", Line: 2},
			Message: "odd", Hint: "look"},
			"a.yaml:2: warning: odd (look)"},
		{Diagnostic{Pos: Position{File: "a.yaml"}, Message: "file is empty"},
			"a.yaml: error: file is empty"},
		{Diagnostic{Message: "no files to load"}, "error: no files to load"},
	}
	for _, tt := range tests {
		if got := tt.d.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

func TestDiagnostics_Err(t *testing.T) {
	warn := Diagnostic{Severity: SeverityWarning, Message: "w"}
	one := Diagnostic{Pos: Position{File: "a.yaml", Line: 1, Column: 1}, Message: "first"}
	two := Diagnostic{Message: "second"}

	if err := (Diagnostics{warn}).Err(); err != nil {
		t.Errorf("warnings only: Err() = %v, want nil", err)
	}
	err := Diagnostics{warn, one}.Err()
	if !errors.Is(err, ErrInvalid) || err.Error() !=
		"invalid desired state: a.yaml:1:1: error: first" {
		t.Errorf("one error: Err() = %v", err)
	}
	err = Diagnostics{warn, one, two}.Err()
	if err.Error() != "invalid desired state: 2 errors, the first: a.yaml:1:1: error: first" {
		t.Errorf("two errors: Err() = %v", err)
	}
	if errs, warnings := (Diagnostics{warn, one, two}).Count(); errs != 2 || warnings != 1 {
		t.Errorf("Count() = %d, %d; want 2, 1", errs, warnings)
	}
}
