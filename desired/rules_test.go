package desired

import "testing"

func TestNormalizeUserPerm(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"PUB", "PUB", true},
		{"sub", "SUB", true},
		{"pub|sub", "PUB|SUB", true},
		{"Sub | Pub", "PUB|SUB", true},
		{"deny", "DENY", true},
		{"", "", false},
		{"PUB|PUB", "", false},
		{"DENY|PUB", "", false},
		{"READ", "", false},
		{"PUB|", "", false},
	}
	for _, tt := range tests {
		got, ok := normalizeUserPerm(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("normalizeUserPerm(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want,
				tt.ok)
		}
	}
}

func TestNormalizeTopicPerm(t *testing.T) {
	for in, want := range map[string]bool{"all": true, "PUB": true, " Sub ": true,
		"pub|sub": false, "": false, "none": false} {
		if _, ok := normalizeTopicPerm(in); ok != want {
			t.Errorf("normalizeTopicPerm(%q) ok = %v, want %v", in, ok, want)
		}
	}
}

func TestCheckResourceName(t *testing.T) {
	tests := map[string]bool{
		"abc": true, "orders-created": true, "a%b|c_d-e": true, "123": true,
		"ab": false, "a b c": false, "orders.created": false, "ünï": false,
		string(make([]byte, 65)): false,
	}
	for name, ok := range tests {
		if got := checkResourceName(name) == ""; got != ok {
			t.Errorf("checkResourceName(%q) accepted = %v, want %v", name, got, ok)
		}
	}
}

func TestCheckAccessKey(t *testing.T) {
	tests := map[string]bool{
		"billing-svc": true, "App_User1": true, "abcdefg": true,
		"abcdef": false, "1billing": false, "-billing": false, "billing.svc": false,
		"billing%svc": false,
	}
	for name, ok := range tests {
		if got := checkAccessKey(name) == ""; got != ok {
			t.Errorf("checkAccessKey(%q) accepted = %v, want %v", name, got, ok)
		}
	}
}

func TestCheckSecret(t *testing.T) {
	tests := []struct {
		secret, user string
		ok           bool
	}{
		{"Abcdefg1", "billing-svc", true},
		{"abcdefg1!", "billing-svc", true},
		{"x1234567@", "billing-svc", true},
		{"Abc1!", "billing-svc", false},                             // too short
		{"Abcdefghijklmnopqrstuvwxyz1234567", "billing-svc", false}, // 33 characters
		{"abcdefgh1", "billing-svc", false},                         // two classes
		{"Abcdefg1 ", "billing-svc", false},                         // a space
		{"Billing-svc1", "Billing-svc1", false},                     // the name itself
		{"1cvs-gnilliB", "Billing-svc1", false},                     // the name reversed
	}
	for _, tt := range tests {
		if got := checkSecret(tt.secret, tt.user) == ""; got != tt.ok {
			t.Errorf("checkSecret(%q, %q) accepted = %v, want %v", tt.secret, tt.user, got,
				tt.ok)
		}
	}
}

func TestCheckWhiteList(t *testing.T) {
	tests := map[string]bool{
		"":                            true,
		"10.0.0.0/8":                  true,
		"192.168.1.1, 10.1.2.3":       true,
		"192.168.0.*;192.168.1.1-100": true,
		"192.168.1.{1,2,3},10.0.0.1":  true,
		"192.168.*":                   true,
		"*":                           true,
		"fe80::1, 2001:db8::/32":      true,
		"300.1.1.1":                   false,
		"10.0.0.0/33":                 false,
		"192.168.1":                   false,
		"192.168.1.100-1":             false,
		"example.com":                 false,
		"10.0.0.1,,10.0.0.2":          false,
		"192.168.1.{1,2":              false,
	}
	for in, ok := range tests {
		if got := checkWhiteList(in) == ""; got != ok {
			t.Errorf("checkWhiteList(%q) accepted = %v, want %v", in, got, ok)
		}
	}
}

func TestSuggest(t *testing.T) {
	tests := []struct{ key, want string }{
		{"queu_num", "queue_num"},
		{"Queue_Num", "queue_num"},
		{"topic", "topics"},
		{"secret", "secret_key"},
		{"retry_max_times", "retry_max_time"},
		{"colour", ""},
		{"ab", ""},
	}
	known := append(append(append([]string{}, topicKeys...), documentKeys...), userKeys...)
	known = append(known, groupKeys...)
	for _, tt := range tests {
		if got := suggest(tt.key, known); got != tt.want {
			t.Errorf("suggest(%q) = %q, want %q", tt.key, got, tt.want)
		}
	}
}
