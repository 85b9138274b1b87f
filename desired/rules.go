package desired

import (
	"fmt"
	"net"
	"regexp"
	"strconv"
	"strings"
)

// The rules below are the service's own (see the DMS API reference), checked here so that a
// mistake is reported with its file and line before any API call. Each check returns a phrase
// that reads after the quoted value, or "" when the value is fine.

// Lengths the service enforces.
const (
	minNameLen, maxNameLen           = 3, 64
	minAccessKeyLen, maxAccessKeyLen = 7, 64
	minSecretLen, maxSecretLen       = 8, 32
	minQueueNum, maxQueueNum         = 1, 50
	minRetryMaxTime, maxRetryMaxTime = 1, 16
)

// secretSpecials are the characters the service counts as special in a secret key.
const secretSpecials = "`~!@#$%^&*()-_=+\\|[{}];:'\",<.>/?"

var (
	instanceNameRule = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]{3,63}$`)
	projectIDRule    = regexp.MustCompile(`^[0-9a-f]{32}$`)
	instanceIDRule   = regexp.MustCompile(
		`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	envNameRule    = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	brokerNameRule = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
)

// checkResourceName checks a topic or group name: letters, digits, %, |, - and _, 3 to 64
// characters.
func checkResourceName(name string) string {
	for _, r := range name {
		if !isASCIIAlnum(r) && !strings.ContainsRune("%|-_", r) {
			return "has a character other than letters, digits, %, |, - and _"
		}
	}
	return checkLen(len(name), minNameLen, maxNameLen)
}

// checkAccessKey checks a user name: a letter first, then letters, digits, - and _, 7 to 64
// characters.
func checkAccessKey(name string) string {
	for i, r := range name {
		letter := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if i == 0 && !letter || !isASCIIAlnum(r) && r != '-' && r != '_' {
			return "must start with a letter and hold only letters, digits, - and _"
		}
	}
	return checkLen(len(name), minAccessKeyLen, maxAccessKeyLen)
}

func checkLen(n, lo, hi int) string {
	if n < lo || n > hi {
		return fmt.Sprintf("has %s; want %d to %d", characters(n), lo, hi)
	}
	return ""
}

func characters(n int) string {
	if n == 1 {
		return "1 character"
	}
	return fmt.Sprintf("%d characters", n)
}

func isASCIIAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// normalizeUserPerm returns a user permission in its canonical spelling ("PUB", "SUB",
// "PUB|SUB" or "DENY"), accepting any case, any order and spaces around the parts.
func normalizeUserPerm(v string) (string, bool) {
	seen := map[string]bool{}
	for _, part := range strings.Split(v, "|") {
		p := strings.ToUpper(strings.TrimSpace(part))
		if p != "PUB" && p != "SUB" && p != "DENY" || seen[p] {
			return "", false
		}
		seen[p] = true
	}
	switch {
	case seen["DENY"] && len(seen) == 1:
		return "DENY", true
	case seen["DENY"]:
		return "", false
	case seen["PUB"] && seen["SUB"]:
		return "PUB|SUB", true
	case seen["PUB"]:
		return "PUB", true
	}
	return "SUB", true
}

// normalizeTopicPerm returns a topic permission in lower case: "all", "pub" or "sub".
func normalizeTopicPerm(v string) (string, bool) {
	p := strings.ToLower(strings.TrimSpace(v))
	return p, p == "all" || p == "pub" || p == "sub"
}

// checkSecret checks a resolved secret key against the service's complexity rules. The phrase
// it returns never quotes the secret.
func checkSecret(s, accessKey string) string {
	n := len([]rune(s))
	if n < minSecretLen || n > maxSecretLen {
		return fmt.Sprintf("has %s; want %d to %d", characters(n), minSecretLen, maxSecretLen)
	}
	var lower, upper, digit, special bool
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= '0' && r <= '9':
			digit = true
		case strings.ContainsRune(secretSpecials, r):
			special = true
		default:
			return "has a character other than letters, digits and " + secretSpecials
		}
	}
	if countTrue(lower, upper, digit, special) < 3 {
		return "needs at least three of: lower case, upper case, digits, special characters"
	}
	if s == accessKey || s == reverse(accessKey) {
		return "must differ from the access key and from the access key reversed"
	}
	return ""
}

func countTrue(bs ...bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

// checkWhiteList checks white_remote_address: a list, separated by commas or semicolons, of
// IPv4 or IPv6 addresses, CIDR blocks, or RocketMQ's IPv4 patterns (192.168.0.*,
// 192.168.1.1-100, 192.168.1.{1,2}). The empty string allows every address.
func checkWhiteList(s string) string {
	for _, item := range splitWhiteList(s) {
		if !plausibleAddress(item) {
			return fmt.Sprintf("has %q, which is not an IP address, CIDR block or "+
				"address pattern", item)
		}
	}
	return ""
}

// splitWhiteList splits on commas and semicolons, except for the commas inside braces.
func splitWhiteList(s string) []string {
	var items []string
	depth, start := 0, 0
	for i, r := range s {
		switch {
		case r == '{':
			depth++
		case r == '}':
			depth--
		case (r == ',' || r == ';') && depth == 0:
			items = append(items, strings.TrimSpace(s[start:i]))
			start = i + 1
		}
	}
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return append(items, strings.TrimSpace(s[start:]))
}

func plausibleAddress(item string) bool {
	switch {
	case item == "*":
		return true
	case strings.Contains(item, "/"):
		_, _, err := net.ParseCIDR(item)
		return err == nil
	case strings.Contains(item, ":"):
		return net.ParseIP(item) != nil
	}
	segments := strings.Split(item, ".")
	if len(segments) != 4 && segments[len(segments)-1] != "*" || len(segments) > 4 {
		return false
	}
	for _, seg := range segments {
		if !plausibleSegment(seg) {
			return false
		}
	}
	return true
}

// plausibleSegment accepts one part of an IPv4 pattern: 0..255, *, a range a-b or a set {a,b}.
func plausibleSegment(seg string) bool {
	if seg == "*" {
		return true
	}
	if set, ok := strings.CutPrefix(seg, "{"); ok {
		set, ok = strings.CutSuffix(set, "}")
		for _, v := range strings.Split(set, ",") {
			ok = ok && isOctet(strings.TrimSpace(v))
		}
		return ok
	}
	if lo, hi, ok := strings.Cut(seg, "-"); ok {
		a, _ := strconv.Atoi(lo)
		b, _ := strconv.Atoi(hi)
		return isOctet(lo) && isOctet(hi) && a <= b
	}
	return isOctet(seg)
}

func isOctet(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && n >= 0 && n <= 255 && len(s) <= 3 && !strings.HasPrefix(s, "+")
}
