package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/spf13/cobra"

	"github.com/mqsync/mqsync/dms/dmssim"
)

var simLong = fmt.Sprintf(`sim serves a local simulator of the DMS for RocketMQ API (v2):
instances, brokers, topics, consumer groups, users and access policies, with the service's
paths, answers, error codes, paging and quotas. Point mqsync (or any client of the API) at the
URL it logs.

Without --config it holds one project, %s, with one RUNNING
instance:

  id       %s
  name     %s (engine 4.8.0, %s, 1 broker, ACL on, empty)

and accepts every request, signed or not. A --config file (YAML) sets credentials and tokens
to check, the projects and instances with their initial topics, groups and users, and faults to
inject (latency, 5xx, 429, flow control, connection resets, answers lost after the change was
made); see "The simulator" in the README.

With --state the simulator loads its projects from the file when it exists (instead of the
configured ones) and saves every change to it, so a restart picks up where it stopped.

GET /_sim/stats reports request counts per operation and status. sim serves until interrupted.`,
	dmssim.DefaultProjectID, dmssim.DefaultInstanceID, dmssim.DefaultInstanceName,
	dmssim.DefaultProductID)

// simOptions are the flags of "mqsync sim".
type simOptions struct {
	config string
	state  string
	listen string
}

func newSimCommand(g *globalOptions) *cobra.Command {
	o := &simOptions{}
	cmd := &cobra.Command{
		Use:   "sim",
		Short: "Run a local simulator of the DMS for RocketMQ API",
		Long:  simLong,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return o.run(cmd.Context(), g.log)
		},
	}
	flags := cmd.Flags()
	flags.StringVar(&o.config, "config", "", "simulator configuration file (YAML)")
	flags.StringVar(&o.state, "state", "", "state file: loaded at start, saved after every change")
	flags.StringVar(&o.listen, "listen", dmssim.DefaultListenAddress, "address to listen on")
	return cmd
}

// run serves until ctx ends (SIGINT or SIGTERM). The simulator logs under its own component;
// what the command itself logs is under "sim".
func (o *simOptions) run(ctx context.Context, log *slog.Logger) error {
	cfg := dmssim.DefaultConfig()
	if o.config != "" {
		var err error
		if cfg, err = dmssim.LoadConfig(o.config); err != nil {
			return err
		}
	}
	opts := []dmssim.Option{dmssim.WithLogger(log)}
	log = log.With("component", "sim")
	if o.state != "" {
		opts = append(opts, dmssim.WithStateFile(o.state))
	}
	r, err := dmssim.Start(ctx, cfg, o.listen, opts...)
	if err != nil {
		return fmt.Errorf("start simulator: %w", err)
	}

	log.Info("simulator listening", "url", r.URL())
	for _, p := range r.Snapshot() {
		for _, in := range p.Instances {
			log.Info("serving instance", "project_id", p.ID, "instance_id", in.ID,
				"name", in.Name, "status", in.Status)
		}
	}
	<-ctx.Done()
	log.Info("simulator stopping")
	return r.Close()
}

// embeddedSimulator serves a sim:// endpoint: a simulator inside this process, on the state file
// path (the user's state directory when empty), so successive commands see the same "cloud".
// Its own log lines (such as the notice that it checks no credentials) are debug detail here.
func embeddedSimulator(g *globalOptions) func(context.Context, string) (string, string, error) {
	return func(ctx context.Context, path string) (string, string, error) {
		if path == "" {
			var err error
			if path, err = dmssim.DefaultStatePath(); err != nil {
				return "", "", err
			}
		}
		var log *slog.Logger
		if g.log.Enabled(ctx, slog.LevelDebug) {
			log = g.log
		}
		url, projectID, _, err := dmssim.StartEmbedded(ctx, path, log)
		return url, projectID, err
	}
}
