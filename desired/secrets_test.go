package desired

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"gopkg.in/yaml.v3"
)

// writeFile writes content to dir/name with mode perm, creating directories as needed.
func writeFile(t *testing.T, dir, name, content string, perm os.FileMode) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), perm); err != nil {
		t.Fatal(err)
	}
	// WriteFile honours the umask; set the mode the case asks for.
	if err := os.Chmod(path, perm); err != nil {
		t.Fatal(err)
	}
	return path
}

func userYAML(secretKey string) string {
	return "instance: {name: orders-prod}\nusers:\n  billing-svc:\n    secret_key: " +
		secretKey + "\n"
}

func TestLoad_SecretFile(t *testing.T) {
	tests := []struct {
		name    string
		content string
		perm    os.FileMode
		ref     string
		want    string // the resolved secret, or a fragment of the one error
	}{
		{"mode 0600", "File-secret-1\n", 0o600, "{file: secrets/billing.sk}", "File-secret-1"},
		{"mode 0400", "File-secret-1", 0o400, "{file: secrets/billing.sk}", "File-secret-1"},
		{"one CRLF stripped", "File-secret-1\r\n", 0o600, "{file: secrets/billing.sk}",
			"File-secret-1"},
		{"only one newline stripped", "File-secret-1\n\n", 0o600,
			"{file: secrets/billing.sk}", "has a character other than"},
		{"readable by others", "File-secret-1\n", 0o644, "{file: secrets/billing.sk}",
			"secret file secrets/billing.sk: is accessible by group or others (mode 0644)" +
				" (chmod 600"},
		{"readable by group", "File-secret-1\n", 0o640, "{file: secrets/billing.sk}",
			"(mode 0640)"},
		{"empty", "\n", 0o600, "{file: secrets/billing.sk}",
			"secret file secrets/billing.sk is empty"},
		{"too large", strings.Repeat("x", maxSecretFileSize+1), 0o600,
			"{file: secrets/billing.sk}", "is larger than 4096 bytes"},
		{"a named pipe", "", 0, "{file: secrets/pipe}", "secrets/pipe: not a regular file"},
		{"a directory", "", 0, "{file: secrets}", "secret file secrets: not a regular file"},
		{"missing", "", 0, "{file: secrets/other.sk}",
			"secret file secrets/other.sk: no such file or directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.perm != 0 {
				writeFile(t, dir, "secrets/billing.sk", tt.content, tt.perm)
			} else {
				writeFile(t, dir, "secrets/unrelated", "x", 0o600)
				if err := syscall.Mkfifo(filepath.Join(dir, "secrets/pipe"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			conf := writeFile(t, dir, "orders.yaml", userYAML(tt.ref), 0o644)

			cfg, diags, err := Load([]string{conf}, testOptions())
			if err != nil {
				if !strings.Contains(diags.String(), tt.want) {
					t.Fatalf("diagnostics do not mention %q:\n%s", tt.want, diags)
				}
				return
			}
			if got := cfg.Instances[0].Users[0].Secret.Reveal(); got != tt.want {
				t.Errorf("secret = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestLoad_SecretFileRelative checks that {file: PATH} is relative to the YAML file that
// names it, not to the working directory, and that an absolute path works as written.
func TestLoad_SecretFileRelative(t *testing.T) {
	dir := t.TempDir()
	abs := writeFile(t, dir, "elsewhere/abs.sk", "Absolute-secret-1", 0o600)
	writeFile(t, dir, "conf/nested/secrets/rel.sk", "Relative-secret-1", 0o600)
	conf := writeFile(t, dir, "conf/nested/orders.yaml", "instance: {name: orders-prod}\n"+
		"users:\n  relative-user:\n    secret_key: {file: secrets/rel.sk}\n"+
		"  absolute-user:\n    secret_key: {file: "+abs+"}\n", 0o644)

	cfg, diags, err := Load([]string{filepath.Join(dir, "conf")}, testOptions())
	if err != nil {
		t.Fatalf("Load: %v\n%s", err, diags)
	}
	got := map[string]string{}
	for _, u := range cfg.Instances[0].Users {
		got[u.AccessKey] = u.Secret.Reveal()
	}
	want := map[string]string{"relative-user": "Relative-secret-1",
		"absolute-user": "Absolute-secret-1"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("secrets from %s = %v, want %v", conf, got, want)
	}
}

// TestLoad_SecretNeverPrinted loads secrets from every kind of source, valid and invalid, and
// looks for them in everything a user or a log could see.
func TestLoad_SecretNeverPrinted(t *testing.T) {
	const (
		canaryEnv   = "Canary-env-7Qx!"
		canaryFile  = "Canary-file-8Wz!"
		canaryPlain = "Canary-plain-9Ry!"
		// Too long for the service: the error must still not quote it.
		canaryBad = "Canary-bad-0Tv!-much-too-long-for-a-secret-key"
		// Written where a key belongs, or where a variable name belongs, by mistake.
		canaryKey = "Canary-key-5Pq"
		canaryVar = "Canary-var-6Pq!"
	)
	canaries := []string{canaryEnv, canaryFile, canaryPlain, canaryBad, canaryKey, canaryVar}
	dir := t.TempDir()
	writeFile(t, dir, "file.sk", canaryFile+"\n", 0o600)
	good := writeFile(t, dir, "good.yaml", "instance: {name: orders-prod}\nusers:\n"+
		"  env-user:\n    secret_key: {env: CANARY}\n"+
		"  file-user:\n    secret_key: {file: file.sk}\n"+
		"  plain-user:\n    secret_key: "+canaryPlain+"\n", 0o644)
	bad := writeFile(t, dir, "bad/bad.yaml", "instance: {name: orders-prod}\nusers:\n"+
		"  bad-user:\n    secret_key: {env: CANARY_BAD}\n"+
		"  plain-bad:\n    secret_key: \""+canaryBad+"\"\n"+
		"  key-bad:\n    secret_key: {"+canaryKey+": x}\n"+
		"  var-bad:\n    secret_key: {env: \""+canaryVar+"\"}\n", 0o644)
	env := map[string]string{"CANARY": canaryEnv, "CANARY_BAD": canaryBad}
	opts := LoadOptions{Getenv: func(n string) (string, bool) { v, ok := env[n]; return v, ok }}

	var seen bytes.Buffer
	cfg, diags, err := Load([]string{good}, opts)
	if err != nil {
		t.Fatalf("Load: %v\n%s", err, diags)
	}
	_, badDiags, badErr := Load([]string{bad}, opts)
	if badErr == nil {
		t.Fatal("Load accepted a secret longer than 32 characters")
	}
	fmt.Fprint(&seen, diags, badDiags, badErr)
	for _, d := range append(diags, badDiags...) {
		fmt.Fprintf(&seen, "%v %+v %#v", d, d, d)
	}
	printModel(t, &seen, cfg)

	for _, c := range canaries {
		if strings.Contains(seen.String(), c) {
			t.Errorf("secret %q appears in printed output:\n%s", c, seen.String())
		}
	}
	if got := cfg.Instances[0].Users[0].Secret.Reveal(); got != canaryEnv {
		t.Errorf("env secret = %q, want the canary", got)
	}
}

// printModel writes cfg to w in every way a program might print or log it.
func printModel(t *testing.T, w *bytes.Buffer, cfg *Config) {
	t.Helper()
	logger := slog.New(slog.NewTextHandler(w, nil))
	jsonLogger := slog.New(slog.NewJSONHandler(w, nil))
	fmt.Fprintf(w, "%v %+v %#v\n", cfg, cfg, cfg)
	for _, inst := range cfg.Instances {
		fmt.Fprintf(w, "%v %+v %#v\n", *inst, *inst, *inst)
		for _, u := range inst.Users {
			fmt.Fprintf(w, "%v %+v %#v %s %q %x\n", u, u, u, u.Secret, u.Secret, u.Secret)
			logger.Info("user", "user", u, "secret", u.Secret)
			jsonLogger.Info("user", "user", u, "secret", u.Secret)
		}
		logger.Info("instance", "instance", inst)
		jsonLogger.Info("instance", "instance", inst)
		if err := Encode(w, inst); err != nil {
			t.Fatal(err)
		}
		out, err := yaml.Marshal(inst.Users)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(out)
	}
	out, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(out)
}
