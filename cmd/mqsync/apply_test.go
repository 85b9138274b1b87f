package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestConfirm(t *testing.T) {
	tests := []struct {
		name        string
		interactive bool
		answer      string
		wantErr     string // empty: confirmed
	}{
		{"yes", true, "yes\n", ""},
		{"yes with spaces", true, "  yes  \n", ""},
		{"yes without newline", true, "yes", ""},
		{"no", true, "no\n", "apply cancelled"},
		{"y is not yes", true, "y\n", "apply cancelled"},
		{"YES is not yes", true, "YES\n", "apply cancelled"},
		{"end of input", true, "", "read confirmation"},
		{"no terminal", false, "yes\n", "standard input is not a terminal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var prompt bytes.Buffer
			s := &streams{in: strings.NewReader(tt.answer), out: &bytes.Buffer{}, err: &prompt}
			err := confirm(s, tt.interactive)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("confirm() = %v, want confirmed", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("confirm() = %v, want an error containing %q", err, tt.wantErr)
			}
			if tt.interactive && !strings.Contains(prompt.String(), "Only 'yes' is accepted") {
				t.Errorf("prompt = %q", prompt.String())
			}
		})
	}
}
