package dmssim

import (
	"net/http"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Name rules of the service.
var (
	// Topic and group names: letters, digits, %, |, - and _; 3 to 64 characters.
	resourceNameChars = regexp.MustCompile(`^[A-Za-z0-9%|_-]*$`)
	// access_key: a letter, then letters, digits, - and _; 7 to 64 characters in all.
	accessKeyRule = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]{6,63}$`)
	projectIDRule = regexp.MustCompile(`^[0-9a-f]{32}$`)
	uuidRule      = regexp.MustCompile(
		`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
)

// specialChars are the characters the secret-key rule counts as special.
const specialChars = "`~!@#$%^&*()-_=+\\|[{}];:'\",<.>/?"

// checkName applies the topic and group name rule.
func checkName(kind, name string) *apiError {
	if !resourceNameChars.MatchString(name) {
		return errorf(http.StatusBadRequest, CodeNameCharacters,
			"The name contains invalid characters: %s name %q may hold only letters, digits, "+
				"%%, |, - and _.", kind, name)
	}
	if n := utf8.RuneCountInString(name); n < 3 || n > 64 {
		return errorf(http.StatusBadRequest, CodeNameLength,
			"The name length must be 3 to 64 characters: %s name %q has %d.", kind, name, n)
	}
	return nil
}

// checkAccessKey applies the user name rule.
func checkAccessKey(name string) *apiError {
	if accessKeyRule.MatchString(name) {
		return nil
	}
	return errorf(http.StatusBadRequest, CodeBadUserName,
		"Invalid username %q. A username must be 7 to 64 characters long, start with a letter "+
			"and consist of only letters, digits, hyphens (-) and underscores (_).", name)
}

// checkSecret applies the password complexity rule to a user's secret key: 8 to 32 characters
// from four classes, at least three of them used, and not the user name forwards or backwards.
func checkSecret(accessKey, sk string) *apiError {
	weak := errorf(http.StatusBadRequest, CodeWeakSecret,
		"The password does not meet the complexity requirements: 8 to 32 characters, at least "+
			"three of lowercase letters, uppercase letters, digits and special characters %s, "+
			"and not the user name or the user name reversed.", specialChars)
	if len(sk) < 8 || len(sk) > 32 || sk == accessKey || sk == reverse(accessKey) {
		return weak
	}
	var lower, upper, digit, special bool
	for _, c := range sk {
		switch {
		case 'a' <= c && c <= 'z':
			lower = true
		case 'A' <= c && c <= 'Z':
			upper = true
		case '0' <= c && c <= '9':
			digit = true
		case strings.ContainsRune(specialChars, c):
			special = true
		default:
			return weak
		}
	}
	if classes(lower, upper, digit, special) < 3 {
		return weak
	}
	return nil
}

func classes(flags ...bool) int {
	n := 0
	for _, f := range flags {
		if f {
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

func checkTopicPerm(key, p string) *apiError {
	switch p {
	case TopicPermAll, TopicPermPub, TopicPermSub:
		return nil
	}
	return badField(key, "%q is not one of all, pub, sub", p)
}

func checkUserPerm(key, p string) *apiError {
	switch p {
	case PermPub, PermSub, PermPubSub, PermDeny:
		return nil
	}
	return badField(key, "%q is not one of PUB, SUB, PUB|SUB, DENY", p)
}

func checkQueueNum(key string, n, most int) *apiError {
	if n < 1 || n > most {
		return badField(key, "%d is not between 1 and %d", n, most)
	}
	return nil
}

func checkRetryMaxTime(n int) *apiError {
	if n < 1 || n > MaxRetryMaxTime {
		return badField("retry_max_time", "%d is not between 1 and %d", n, MaxRetryMaxTime)
	}
	return nil
}

// checkGrants validates a user's grants on topics (or groups): valid names and permissions, each
// name once.
func checkGrants(key, kind string, grants []Grant) *apiError {
	seen := make(map[string]bool, len(grants))
	for _, g := range grants {
		if err := checkName(kind, g.Name); err != nil {
			return badField(key, "%s", err.msg)
		}
		if seen[g.Name] {
			return badField(key, "%s %q is granted twice", kind, g.Name)
		}
		seen[g.Name] = true
		if err := checkUserPerm(key, g.Perm); err != nil {
			return err
		}
	}
	return nil
}
