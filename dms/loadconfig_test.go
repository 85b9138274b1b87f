package dms

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mqsync/mqsync/secret"
)

// envMap is an environment for LoadConfig.
type envMap map[string]string

func (e envMap) get(name string) string { return e[name] }

// keyPairEnv is a complete environment in the SDK's spelling.
var keyPairEnv = envMap{
	"HUAWEICLOUD_SDK_AK":         "AKSDK",
	"HUAWEICLOUD_SDK_SK":         "sk-sdk",
	"HUAWEICLOUD_SDK_PROJECT_ID": testProject,
	"MQSYNC_REGION":              "cn-north-4",
}

// with returns a copy of e with the given variables set (an empty value unsets).
func (e envMap) with(kv ...string) envMap {
	out := envMap{}
	for k, v := range e {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

func TestLoadConfig(t *testing.T) {
	sdkCreds := Credentials{AccessKey: "AKSDK", SecretKey: secret.New("sk-sdk")}
	tests := []struct {
		name string
		in   ConfigInput
		env  envMap
		want Config
	}{
		{
			name: "region from the environment",
			env:  keyPairEnv,
			want: Config{Endpoint: "https://dms.cn-north-4.myhuaweicloud.com",
				ProjectID: testProject, Credentials: sdkCreds},
		},
		{
			name: "eu-west-101 is under myhuaweicloud.eu",
			in:   ConfigInput{Region: "eu-west-101"},
			env:  keyPairEnv,
			want: Config{Endpoint: "https://dms.eu-west-101.myhuaweicloud.eu",
				ProjectID: testProject, Credentials: sdkCreds},
		},
		{
			name: "HW_REGION_NAME when MQSYNC_REGION is unset",
			env:  keyPairEnv.with("MQSYNC_REGION", "", "HW_REGION_NAME", "ap-southeast-1"),
			want: Config{Endpoint: "https://dms.ap-southeast-1.myhuaweicloud.com",
				ProjectID: testProject, Credentials: sdkCreds},
		},
		{
			name: "flags win over the environment",
			in: ConfigInput{Endpoint: "https://dms.example.test/",
				ProjectID: strings.Repeat("f", 32), RateLimit: 3, MaxConcurrent: 2,
				RequestTimeout: time.Second},
			env: keyPairEnv.with("MQSYNC_ENDPOINT", "http://127.0.0.1:1", "MQSYNC_RATE", "7"),
			want: Config{Endpoint: "https://dms.example.test", ProjectID: strings.Repeat("f", 32),
				Credentials: sdkCreds, RateLimit: 3, MaxConcurrent: 2, RequestTimeout: time.Second},
		},
		{
			name: "endpoint, tuning and Terraform credentials from the environment",
			env: envMap{"MQSYNC_ENDPOINT": "http://127.0.0.1:8780", "HW_PROJECT_ID": testProject,
				"HW_ACCESS_KEY": "AKHW", "HW_SECRET_KEY": "sk-hw", "HW_SECURITY_TOKEN": "st",
				"MQSYNC_RATE": "2.5", "MQSYNC_CONCURRENCY": "3",
				"MQSYNC_REQUEST_TIMEOUT": "7s", "MQSYNC_CONNECT_TIMEOUT": "2s"},
			want: Config{Endpoint: "http://127.0.0.1:8780", ProjectID: testProject,
				Credentials: Credentials{AccessKey: "AKHW", SecretKey: secret.New("sk-hw"),
					SecurityToken: secret.New("st")},
				RateLimit: 2.5, MaxConcurrent: 3, RequestTimeout: 7 * time.Second,
				ConnectTimeout: 2 * time.Second},
		},
		{
			name: "IAM token",
			env: envMap{"MQSYNC_REGION": "cn-north-4", "HW_PROJECT_ID": testProject,
				"HW_AUTH_TOKEN": "tok"},
			want: Config{Endpoint: "https://dms.cn-north-4.myhuaweicloud.com",
				ProjectID: testProject, Credentials: Credentials{AuthToken: secret.New("tok")}},
		},
		{
			name: "plain http elsewhere with the insecure flag",
			in:   ConfigInput{Endpoint: "http://dms.internal:8080", AllowInsecureHTTP: true},
			env:  keyPairEnv,
			want: Config{Endpoint: "http://dms.internal:8080", ProjectID: testProject,
				Credentials: sdkCreds, AllowInsecureHTTP: true},
		},
		{
			name: "sim endpoint passes through without project or credentials",
			in:   ConfigInput{Endpoint: "sim:///tmp/state.json"},
			env:  envMap{},
			want: Config{Endpoint: "sim:///tmp/state.json", Unauthenticated: true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := LoadConfig(tt.in, tt.env.get)
			if err != nil {
				t.Fatalf("LoadConfig: %v", err)
			}
			if diff := cmp.Diff(tt.want, got, secretComparer); diff != "" {
				t.Errorf("LoadConfig (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadConfig_Errors(t *testing.T) {
	tests := []struct {
		name string
		in   ConfigInput
		env  envMap
		want []string // every fragment must appear in the error
	}{
		{
			name: "no credentials names every variable",
			env:  envMap{"MQSYNC_REGION": "cn-north-4", "HW_PROJECT_ID": testProject},
			want: []string{"HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK", "HW_ACCESS_KEY",
				"HW_SECRET_KEY", "MQSYNC_AUTH_TOKEN", "HW_AUTH_TOKEN"},
		},
		{
			name: "half a key pair",
			env:  keyPairEnv.with("HUAWEICLOUD_SDK_SK", ""),
			want: []string{"HUAWEICLOUD_SDK_AK is set but HUAWEICLOUD_SDK_SK is empty"},
		},
		{
			name: "no endpoint or region",
			env:  keyPairEnv.with("MQSYNC_REGION", ""),
			want: []string{"--endpoint", "MQSYNC_ENDPOINT", "--region", "MQSYNC_REGION",
				"HW_REGION_NAME"},
		},
		{
			name: "no project",
			env:  keyPairEnv.with("HUAWEICLOUD_SDK_PROJECT_ID", ""),
			want: []string{"--project-id", "MQSYNC_PROJECT_ID", "HUAWEICLOUD_SDK_PROJECT_ID",
				"HW_PROJECT_ID"},
		},
		{
			name: "bad project id",
			in:   ConfigInput{ProjectID: "my-project"},
			env:  keyPairEnv,
			want: []string{`--project-id "my-project"`, "32 lowercase hex"},
		},
		{
			name: "plain http to a remote host",
			in:   ConfigInput{Endpoint: "http://dms.example.test"},
			env:  keyPairEnv,
			want: []string{"--endpoint", "plain http is allowed only to a loopback address"},
		},
		{
			name: "not a URL scheme we speak",
			env:  keyPairEnv.with("MQSYNC_ENDPOINT", "ftp://dms.example.test"),
			want: []string{"MQSYNC_ENDPOINT", "want an http:// or https:// URL"},
		},
		{
			name: "credentials in the URL",
			in:   ConfigInput{Endpoint: "https://user:pass@dms.example.test"},
			env:  keyPairEnv,
			want: []string{"credentials do not belong in the URL"},
		},
		{
			name: "bad region",
			in:   ConfigInput{Region: "North 4"},
			env:  keyPairEnv,
			want: []string{`--region "North 4"`},
		},
		{
			name: "bad rate",
			env:  keyPairEnv.with("MQSYNC_RATE", "fast"),
			want: []string{`MQSYNC_RATE "fast"`},
		},
		{
			name: "bad timeout",
			env:  keyPairEnv.with("MQSYNC_REQUEST_TIMEOUT", "30"),
			want: []string{`MQSYNC_REQUEST_TIMEOUT "30"`, "duration"},
		},
		{
			name: "half a key pair is an error even for the simulator",
			in:   ConfigInput{Endpoint: "sim://"},
			env:  envMap{"HW_SECRET_KEY": "sk"},
			want: []string{"HW_SECRET_KEY is set but HW_ACCESS_KEY is empty"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadConfig(tt.in, tt.env.get)
			if err == nil {
				t.Fatal("LoadConfig succeeded, want an error")
			}
			for _, want := range tt.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
		})
	}
}

func TestIsSimulatorEndpoint(t *testing.T) {
	tests := []struct {
		in, path string
		ok       bool
	}{
		{"sim://", "", true},
		{"sim:///var/lib/mqsync/sim.json", "/var/lib/mqsync/sim.json", true},
		{"sim://state.json", "state.json", true},
		{"http://127.0.0.1:8780", "", false},
	}
	for _, tt := range tests {
		path, ok := IsSimulatorEndpoint(tt.in)
		if path != tt.path || ok != tt.ok {
			t.Errorf("IsSimulatorEndpoint(%q) = %q, %v; want %q, %v", tt.in, path, ok,
				tt.path, tt.ok)
		}
	}
}

func TestNew_Refuses(t *testing.T) {
	base := Config{Endpoint: "https://dms.example.test", ProjectID: testProject,
		Credentials: Credentials{AccessKey: "AK", SecretKey: secret.New("sk")}}
	tests := []struct {
		name   string
		change func(*Config)
		want   string
	}{
		{"no credentials", func(c *Config) { c.Credentials = Credentials{} }, "no credentials"},
		{"access key without secret", func(c *Config) { c.Credentials.SecretKey = secret.Value{} },
			"no credentials"},
		{"no project", func(c *Config) { c.ProjectID = "" }, "project id is empty"},
		{"remote plain http", func(c *Config) { c.Endpoint = "http://dms.example.test" },
			"plain http"},
		{"negative rate", func(c *Config) { c.RateLimit = -1 }, "rate limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := base
			tt.change(&cfg)
			if _, err := New(cfg); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New: %v, want an error containing %q", err, tt.want)
			}
		})
	}
	if _, err := New(base); err != nil {
		t.Errorf("New(valid config): %v", err)
	}
}
