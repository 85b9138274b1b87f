package desired

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/mqsync/mqsync/secret"
)

// maxSecretFileSize bounds what is read from a secret file: a secret key has at most 32
// characters, so anything much larger is the wrong file.
const maxSecretFileSize = 4096

// resolveSecrets reads every user's secret from where its reference points and checks it
// against the service's complexity rules. Diagnostics name the user and the source (the
// variable or the file), never the value.
func (r *reporter) resolveSecrets(users []*userDecl, getenv func(string) (string, bool)) {
	for _, u := range users {
		field := "users." + u.AccessKey + ".secret_key"
		value, source, err := readSecret(u, getenv)
		switch {
		case err != nil:
			r.report(u.secretPos, Diagnostic{Field: field, Message: err.Error(),
				Hint: secretHint(err)})
			continue
		case source == "":
			continue // The reference itself was wrong; that is reported already.
		case u.SecretRef.Plain:
			r.report(u.secretPos, Diagnostic{Severity: SeverityWarning, Field: field,
				Message: "the secret is written in the file in plain text",
				Hint:    "use {env: NAME} or {file: PATH} outside local trials"})
		}
		u.Secret = value
		if problem := checkSecret(value.Reveal(), u.AccessKey); problem != "" {
			r.report(u.secretPos, Diagnostic{Field: field,
				Message: fmt.Sprintf("the secret from %s %s", source, problem)})
		}
	}
}

// errSecretFileMode is returned for a secret file that others can read.
var errSecretFileMode = errors.New("is accessible by group or others")

// readSecret returns the secret and a description of its source, such as "env APP_SK"; an
// empty source means the reference is unusable and was reported while decoding.
func readSecret(u *userDecl, getenv func(string) (string, bool)) (secret.Value, string, error) {
	ref := u.SecretRef
	switch {
	case ref.Plain:
		return u.Secret, "the file", nil
	case ref.Env != "" && ref.File == "" && envNameRule.MatchString(ref.Env):
		v, ok := getenv(ref.Env)
		if !ok {
			return secret.Value{}, "", fmt.Errorf("environment variable %s is not set", ref.Env)
		}
		if v == "" {
			return secret.Value{}, "", fmt.Errorf("environment variable %s is empty", ref.Env)
		}
		return secret.New(v), "env " + ref.Env, nil
	case ref.File != "" && ref.Env == "":
		v, err := readSecretFile(ref.File, u.secretDir)
		return v, "file " + ref.File, err
	}
	return secret.Value{}, "", nil
}

// readSecretFile reads a secret file, relative to dir unless absolute, and strips one trailing
// newline. Like ssh with a private key, it refuses a file that group or others may access.
func readSecretFile(name, dir string) (secret.Value, error) {
	path := name
	if !filepath.IsAbs(path) {
		path = filepath.Join(dir, path)
	}
	// Check before opening: opening a named pipe would block until something writes to it.
	if err := checkSecretFile(os.Stat(path)); err != nil {
		return secret.Value{}, fmt.Errorf("secret file %s: %w", name, err)
	}
	f, err := os.Open(path)
	if err != nil {
		return secret.Value{}, fmt.Errorf("open secret file %s: %w", name, unwrapPath(err))
	}
	defer f.Close()
	if err := checkSecretFile(f.Stat()); err != nil {
		return secret.Value{}, fmt.Errorf("secret file %s: %w", name, err)
	}

	data, err := io.ReadAll(io.LimitReader(f, maxSecretFileSize+1))
	if err != nil {
		return secret.Value{}, fmt.Errorf("read secret file %s: %w", name, unwrapPath(err))
	}
	if len(data) > maxSecretFileSize {
		return secret.Value{}, fmt.Errorf("secret file %s is larger than %d bytes", name,
			maxSecretFileSize)
	}
	s := string(data)
	if t, ok := strings.CutSuffix(s, "\n"); ok {
		s = strings.TrimSuffix(t, "\r")
	}
	if s == "" {
		return secret.Value{}, fmt.Errorf("secret file %s is empty", name)
	}
	return secret.New(s), nil
}

// checkSecretFile accepts a regular file that only its owner may access.
func checkSecretFile(info fs.FileInfo, err error) error {
	switch {
	case err != nil:
		return unwrapPath(err)
	case !info.Mode().IsRegular():
		return errors.New("not a regular file")
	case info.Mode().Perm()&0o077 != 0 && runtime.GOOS != "windows":
		return fmt.Errorf("%w (mode %04o)", errSecretFileMode, info.Mode().Perm())
	}
	return nil
}

func secretHint(err error) string {
	if errors.Is(err, errSecretFileMode) {
		return "chmod 600 the file, as ssh requires of a private key"
	}
	return ""
}

// unwrapPath drops the operation and path that fs.PathError repeats, since the message
// already names the file as the user wrote it.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
