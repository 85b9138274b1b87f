package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mqsync/mqsync/desired"
)

const validateLong = `Validate loads YAML files as plan and apply would, and reports every problem it finds
without calling the API: unknown keys, names, ranges and permission values the service would
refuse, names declared twice, missing or weak secrets.

Problems go to stderr, one a line, as file:line:column: severity: field: message. A summary
goes to stdout. The exit code is 1 when there is any error, 0 otherwise (warnings included).

-f takes a file, a directory (searched for *.yaml and *.yml files) or - for standard input,
and may be given several times.`

// newValidateCommand builds "mqsync validate".
func newValidateCommand(s *streams) *cobra.Command {
	var files []string
	cmd := &cobra.Command{
		Use:   "validate -f PATH...",
		Short: "Check YAML files without calling the API",
		Long:  validateLong,
		Example: "  mqsync validate -f examples/basic/\n" +
			"  mqsync validate -f orders.yaml -f users/\n" +
			"  cat orders.yaml | mqsync validate -f -",
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error { return validate(s, files) },
	}
	cmd.Flags().StringArrayVarP(&files, "file", "f", nil,
		"YAML file or directory to load, - for standard input (repeatable)")
	_ = cmd.MarkFlagRequired("file")
	return cmd
}

// validate loads files, prints the diagnostics and a summary, and fails on any error.
func validate(s *streams, files []string) error {
	cfg, diags, err := desired.Load(files, desired.LoadOptions{Stdin: s.in,
		Getenv: os.LookupEnv})
	for _, d := range diags {
		fmt.Fprintln(s.err, d)
	}
	errs, warnings := diags.Count()
	if err != nil {
		summary := count(errs, "error")
		if warnings > 0 {
			summary += ", " + count(warnings, "warning")
		}
		fmt.Fprintf(s.out, "invalid: %s\n", summary)
		return &exitCodeError{code: exitError}
	}
	fmt.Fprintf(s.out, "valid: %s\n", summarize(cfg, warnings))
	return nil
}

// summarize counts what cfg declares, for example "1 instance, 3 topics, 2 groups, 2 users
// in 2 files; 1 warning".
func summarize(cfg *desired.Config, warnings int) string {
	var topics, groups, users int
	files := map[string]bool{}
	for _, inst := range cfg.Instances {
		topics += len(inst.Topics)
		groups += len(inst.Groups)
		users += len(inst.Users)
		for _, f := range inst.Sources {
			files[f] = true
		}
	}
	s := strings.Join([]string{count(len(cfg.Instances), "instance"), count(topics, "topic"),
		count(groups, "group"), count(users, "user")}, ", ") + " in " + count(len(files), "file")
	if warnings > 0 {
		s += "; " + count(warnings, "warning")
	}
	return s
}

// count returns "1 topic" or "2 topics".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
