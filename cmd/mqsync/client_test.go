package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

const testProject = "0123456789abcdef0123456789abcdef"

// parseClientFlags registers the client flags on a fresh set and parses args.
func parseClientFlags(t *testing.T, env map[string]string, args ...string) *clientOptions {
	t.Helper()
	opts := &clientOptions{getenv: func(name string) string { return env[name] }}
	flags := pflag.NewFlagSet("mqsync", pflag.ContinueOnError)
	opts.register(flags)
	if err := flags.Parse(args); err != nil {
		t.Fatalf("parse %v: %v", args, err)
	}
	return opts
}

func TestClientOptions_Config(t *testing.T) {
	env := map[string]string{
		"HUAWEICLOUD_SDK_AK": "AK", "HUAWEICLOUD_SDK_SK": "SK",
		"MQSYNC_PROJECT_ID": testProject, "MQSYNC_REGION": "cn-north-4",
		"MQSYNC_RATE": "4", "MQSYNC_CONCURRENCY": "3",
	}
	// tuning is the part of the configuration these flags set.
	type tuning struct {
		Endpoint                       string
		AllowInsecureHTTP              bool
		RateLimit                      float64
		MaxConcurrent                  int
		RequestTimeout, ConnectTimeout time.Duration
	}
	tests := []struct {
		name string
		args []string
		want tuning
	}{
		{
			name: "environment only",
			want: tuning{Endpoint: "https://dms.cn-north-4.myhuaweicloud.com",
				RateLimit: 4, MaxConcurrent: 3},
		},
		{
			name: "flags over the environment",
			args: []string{"--region", "ap-southeast-3", "--rate", "2.5", "--concurrency", "1",
				"--request-timeout", "5s", "--connect-timeout", "2s"},
			want: tuning{Endpoint: "https://dms.ap-southeast-3.myhuaweicloud.com",
				RateLimit: 2.5, MaxConcurrent: 1, RequestTimeout: 5 * time.Second,
				ConnectTimeout: 2 * time.Second},
		},
		{
			name: "insecure http to another host",
			args: []string{"--endpoint", "http://dms.lan:8780", "--insecure-http"},
			want: tuning{Endpoint: "http://dms.lan:8780", AllowInsecureHTTP: true,
				RateLimit: 4, MaxConcurrent: 3},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := parseClientFlags(t, env, tt.args...).config()
			if err != nil {
				t.Fatal(err)
			}
			got := tuning{Endpoint: cfg.Endpoint, AllowInsecureHTTP: cfg.AllowInsecureHTTP,
				RateLimit: cfg.RateLimit, MaxConcurrent: cfg.MaxConcurrent,
				RequestTimeout: cfg.RequestTimeout, ConnectTimeout: cfg.ConnectTimeout}
			if got != tt.want {
				t.Errorf("config = %+v\nwant     %+v", got, tt.want)
			}
			if cfg.ProjectID != testProject || cfg.Credentials.AccessKey != "AK" ||
				!strings.HasPrefix(cfg.UserAgent, "mqsync/") {
				t.Errorf("project %q, access key %q, user agent %q", cfg.ProjectID,
					cfg.Credentials.AccessKey, cfg.UserAgent)
			}
		})
	}
}

// TestClientOptions_NewClient builds a client from flags and calls a server with it.
func TestClientOptions_NewClient(t *testing.T) {
	var got http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		_ = json.NewEncoder(w).Encode(map[string]any{"brokers": []any{}})
	}))
	defer srv.Close()
	env := map[string]string{"HW_ACCESS_KEY": "AK", "HW_SECRET_KEY": "SK"}
	opts := parseClientFlags(t, env, "--endpoint", srv.URL, "--project-id", testProject)

	c, err := opts.newClient(context.Background(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	const instance = "6b3f2a1e-6a6d-4f0e-9d2c-8b1f0c3e5a71"
	if _, err := c.ListBrokers(context.Background(), instance); err != nil {
		t.Fatal(err)
	}
	if ua := got.Get("User-Agent"); ua != "mqsync/"+currentBuild().Version {
		t.Errorf("User-Agent = %q", ua)
	}
	if !strings.Contains(got.Get("Authorization"), "Access=AK,") {
		t.Errorf("Authorization = %q", got.Get("Authorization"))
	}
}

func TestClientOptions_Simulator(t *testing.T) {
	t.Run("without a simulator", func(t *testing.T) {
		opts := parseClientFlags(t, nil, "--endpoint", "sim://state.json")
		_, err := opts.newClient(context.Background(), slog.New(slog.DiscardHandler))
		if err == nil || !strings.Contains(err.Error(), "no simulator") {
			t.Errorf("error = %v, want one saying there is no simulator", err)
		}
	})

	t.Run("started for sim://", func(t *testing.T) {
		opts := parseClientFlags(t, nil, "--endpoint", "sim://state.json")
		var gotPath string
		opts.startSimulator = func(_ context.Context, path string) (string, string, error) {
			gotPath = path
			return "http://127.0.0.1:8780", testProject, nil
		}
		c, err := opts.newClient(context.Background(), slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		if gotPath != "state.json" || c.Endpoint() != "http://127.0.0.1:8780" ||
			c.ProjectID() != testProject {
			t.Errorf("simulator for %q, client %v", gotPath, c)
		}
	})
}

func TestClientOptions_MissingCredentials(t *testing.T) {
	opts := parseClientFlags(t, map[string]string{"MQSYNC_REGION": "cn-north-4"},
		"--project-id", testProject)
	_, err := opts.newClient(context.Background(), slog.New(slog.DiscardHandler))
	for _, name := range []string{"HUAWEICLOUD_SDK_AK", "HW_ACCESS_KEY", "MQSYNC_AUTH_TOKEN"} {
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("error = %v, want it to name %s", err, name)
		}
	}
}
