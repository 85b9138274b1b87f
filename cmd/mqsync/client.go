package main

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"os"
	"time"

	"github.com/spf13/pflag"

	"github.com/mqsync/mqsync/dms"
)

// clientOptions are the global flags that configure the DMS API client. A flag left unset
// falls back to its environment variable and then to the client's default; dms.LoadConfig
// does that resolution, so the help text below and the README's table are the only other
// places that list the variables.
type clientOptions struct {
	endpoint       string
	region         string
	projectID      string
	insecureHTTP   bool
	rate           float64
	concurrency    int
	requestTimeout time.Duration
	connectTimeout time.Duration

	// startSimulator runs a simulator in this process for a sim:// endpoint, on the state
	// file statePath, until ctx ends, and returns its http URL and its project. Nil means
	// this build has no simulator.
	startSimulator func(ctx context.Context, statePath string) (endpoint, projectID string,
		err error)
	// getenv reads the environment; nil means os.Getenv.
	getenv func(string) string
}

// register adds the client flags to flags.
func (o *clientOptions) register(flags *pflag.FlagSet) {
	flags.StringVar(&o.endpoint, "endpoint", "",
		"DMS API base URL, or sim://[STATE_FILE] for the local simulator\n"+
			"(env MQSYNC_ENDPOINT; default: the region's public endpoint)")
	flags.StringVar(&o.region, "region", "",
		"Huawei Cloud region, such as cn-north-4 (env MQSYNC_REGION, HW_REGION_NAME)")
	flags.StringVar(&o.projectID, "project-id", "",
		"project id (env MQSYNC_PROJECT_ID, HUAWEICLOUD_SDK_PROJECT_ID, HW_PROJECT_ID)")
	flags.BoolVar(&o.insecureHTTP, "insecure-http", false,
		"allow a plain http endpoint that is not a loopback address")
	flags.Float64Var(&o.rate, "rate", 0, fmt.Sprintf(
		"API requests per second (env MQSYNC_RATE; default %g)", dms.DefaultRateLimit))
	flags.IntVar(&o.concurrency, "concurrency", 0, fmt.Sprintf(
		"API requests in flight at once (env MQSYNC_CONCURRENCY; default %d)",
		dms.DefaultMaxConcurrent))
	flags.DurationVar(&o.requestTimeout, "request-timeout", 0, fmt.Sprintf(
		"timeout of each API request (env MQSYNC_REQUEST_TIMEOUT; default %s)",
		dms.DefaultRequestTimeout))
	flags.DurationVar(&o.connectTimeout, "connect-timeout", 0, fmt.Sprintf(
		"timeout of connecting to the API (env MQSYNC_CONNECT_TIMEOUT; default %s)",
		dms.DefaultConnectTimeout))
}

// config resolves the flags and the environment into a client configuration.
func (o *clientOptions) config() (dms.Config, error) {
	getenv := o.getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	return dms.LoadConfig(dms.ConfigInput{
		Endpoint:          o.endpoint,
		Region:            o.region,
		ProjectID:         o.projectID,
		AllowInsecureHTTP: o.insecureHTTP,
		UserAgent:         "mqsync/" + currentBuild().Version,
		RateLimit:         o.rate,
		MaxConcurrent:     o.concurrency,
		RequestTimeout:    o.requestTimeout,
		ConnectTimeout:    o.connectTimeout,
	}, getenv)
}

// newClient builds the DMS client that the flags and the environment describe. For a sim://
// endpoint it first starts the simulator, which lives as long as ctx.
func (o *clientOptions) newClient(ctx context.Context, log *slog.Logger) (*dms.Client, error) {
	cfg, err := o.config()
	if err != nil {
		return nil, err
	}
	if statePath, ok := dms.IsSimulatorEndpoint(cfg.Endpoint); ok {
		if o.startSimulator == nil {
			return nil, fmt.Errorf("endpoint %s: this build of mqsync has no simulator",
				cfg.Endpoint)
		}
		endpoint, projectID, err := o.startSimulator(ctx, statePath)
		if err != nil {
			return nil, fmt.Errorf("start simulator: %w", err)
		}
		cfg.Endpoint = endpoint
		if cfg.ProjectID == "" {
			cfg.ProjectID = projectID
		}
		// The service's flow control is not there to stay under; a rate the user asked for
		// still applies.
		if cfg.RateLimit == 0 {
			cfg.RateLimit = math.Inf(1)
		}
	}
	cfg.Logger = log
	return dms.New(cfg)
}
