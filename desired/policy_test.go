package desired

import "testing"

func TestPolicy_Match(t *testing.T) {
	p := Policy{Protect: []string{"orders-*", "billing"}, Ignore: []string{"legacy-?"}}
	tests := []struct {
		name              string
		protects, ignores bool
	}{
		{"orders-created", true, false},
		{"billing", true, false},
		{"billing-eu", false, false},
		{"legacy-1", false, true},
		{"legacy-10", false, false},
	}
	for _, tt := range tests {
		if got := p.Protects(tt.name); got != tt.protects {
			t.Errorf("Protects(%q) = %v, want %v", tt.name, got, tt.protects)
		}
		if got := p.Ignores(tt.name); got != tt.ignores {
			t.Errorf("Ignores(%q) = %v, want %v", tt.name, got, tt.ignores)
		}
	}
}

func TestDefaultPolicy(t *testing.T) {
	p := DefaultPolicy()
	if p.Prune || p.AllowDestructive || p.MaxDeletes != 10 || p.Drift != "correct" {
		t.Errorf("DefaultPolicy() = %+v", p)
	}
}

func TestInstanceRef_String(t *testing.T) {
	tests := map[InstanceRef]string{
		{Name: "orders-prod"}: `"orders-prod"`,
		{ID: "6b3f2a1e-6a6d-4f0e-9d2c-8b1f0c3e5a71", ProjectID: "0123"}: "id " +
			"6b3f2a1e-6a6d-4f0e-9d2c-8b1f0c3e5a71 in project 0123",
	}
	for ref, want := range tests {
		if got := ref.String(); got != want {
			t.Errorf("String() = %q, want %q", got, want)
		}
	}
}
