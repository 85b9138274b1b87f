package dms

import (
	"encoding/json"
	"net/url"
	"strings"

	"github.com/mqsync/mqsync/secret"
)

// withheldMessage replaces a message from the service that still holds part of a secret after
// the secret's known spellings were removed from it.
const withheldMessage = "(message withheld: it may contain a secret)"

// minSecretFragment is the length of the shortest piece of a secret whose presence withholds a
// message. Shorter pieces are too common in ordinary text to mean anything.
const minSecretFragment = 6

// redactor removes secrets from text that came back from the service. An error body may
// reflect the request, and a create-user request carries the user's secret in its body, so no
// text from an answer reaches an error before it has been through clean. The secrets stay
// secret.Values, so that printing a Client or a redactor shows none of them.
type redactor struct {
	secrets []secret.Value
}

// newRedactor returns a redactor for the non-empty values among secrets.
func newRedactor(secrets ...secret.Value) redactor {
	var r redactor
	for _, s := range secrets {
		if !s.IsZero() {
			r.secrets = append(r.secrets, s)
		}
	}
	return r
}

// with returns a redactor that also removes more.
func (r redactor) with(more ...secret.Value) redactor {
	out := newRedactor(more...)
	out.secrets = append(out.secrets, r.secrets...)
	return out
}

// clean replaces each secret, as it appears raw or in JSON or URL encoding, with
// secret.Redacted. When a fragment of a secret survives (the service truncated or re-encoded
// it), the whole text is withheld instead.
func (r redactor) clean(text string) string {
	for _, s := range r.secrets {
		for _, form := range spellings(s.Reveal()) {
			text = strings.ReplaceAll(text, form, secret.Redacted)
		}
	}
	for _, s := range r.secrets {
		if containsFragment(text, s.Reveal()) {
			return withheldMessage
		}
	}
	return text
}

// spellings returns the ways s can appear in a reflected request: raw, escaped inside a JSON
// string (with and without HTML escaping) and URL-encoded.
func spellings(s string) []string {
	forms := []string{s, url.QueryEscape(s), url.PathEscape(s), escapeRFC3986(s)}
	if b, err := json.Marshal(s); err == nil {
		forms = append(forms, string(b[1:len(b)-1]))
	}
	var sb strings.Builder
	enc := json.NewEncoder(&sb)
	enc.SetEscapeHTML(false)
	if enc.Encode(s) == nil {
		quoted := strings.TrimSuffix(sb.String(), "\n")
		forms = append(forms, quoted[1:len(quoted)-1])
	}
	return forms
}

// containsFragment reports whether text holds minSecretFragment bytes in a row of any
// spelling of s, or all of one when it is shorter. A reflected body cut short holds the start
// of the secret in its JSON spelling, which the raw secret's pieces do not match.
func containsFragment(text, s string) bool {
	for _, form := range spellings(s) {
		n := min(minSecretFragment, len(form))
		for i := 0; i+n <= len(form); i++ {
			if strings.Contains(text, form[i:i+n]) {
				return true
			}
		}
	}
	return false
}
