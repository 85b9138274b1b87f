package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/spf13/cobra"
)

const rootLong = `mqsync makes Huawei Cloud DMS for RocketMQ instances match YAML files that declare
their topics, consumer groups and users (with their topic and group permissions).

It reads the live state over the DMS REST API, shows a plan of what would change, and applies
it. Nothing is deleted unless the files ask for it.

Global flags fall back to environment variables; see "Configuration" in the README.`

// globalOptions are the flags every command shares.
type globalOptions struct {
	logLevel  string
	logFormat string
	client    clientOptions

	// log is built from the flags before any command runs.
	log *slog.Logger
}

// newRootCommand builds the command tree. Every subcommand is added here, so the tree reads as
// the tool's table of contents.
func newRootCommand(s *streams) *cobra.Command {
	opts := &globalOptions{}
	root := &cobra.Command{
		Use:           "mqsync",
		Short:         "Declarative reconciler for Huawei Cloud DMS for RocketMQ",
		Long:          rootLong,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentPreRunE = func(*cobra.Command, []string) error {
		var err error
		opts.log, err = opts.logger(s.err)
		return err
	}
	root.SetIn(s.in)
	root.SetOut(s.out)
	root.SetErr(s.err)

	flags := root.PersistentFlags()
	flags.StringVar(&opts.logLevel, "log-level", envOr("MQSYNC_LOG_LEVEL", "info"),
		"log level: debug, info, warn or error (env MQSYNC_LOG_LEVEL)")
	flags.StringVar(&opts.logFormat, "log-format", envOr("MQSYNC_LOG_FORMAT", "text"),
		"log format: text or json (env MQSYNC_LOG_FORMAT)")
	opts.client.register(flags)
	opts.client.startSimulator = embeddedSimulator(opts)

	root.AddCommand(
		newVersionCommand(s),
		newValidateCommand(s),
		newPlanCommand(s, opts),
		newApplyCommand(s, opts),
		newExportCommand(s, opts),
		newSchemaCommand(s),
		newSimCommand(opts),
	)
	return root
}

// logger builds the logger that commands inject into the packages they use. Logs go to stderr;
// what a command prints for a person goes to stdout through a renderer instead.
func (o *globalOptions) logger(w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(o.logLevel)); err != nil {
		return nil, fmt.Errorf("--log-level %q: want debug, info, warn or error", o.logLevel)
	}
	handlerOpts := &slog.HandlerOptions{Level: level}
	switch strings.ToLower(o.logFormat) {
	case "text":
		return slog.New(slog.NewTextHandler(w, handlerOpts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, handlerOpts)), nil
	default:
		return nil, fmt.Errorf("--log-format %q: want text or json", o.logFormat)
	}
}

// envOr returns the environment variable name, or def when it is unset or empty.
func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
