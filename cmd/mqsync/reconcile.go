package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/mqsync/mqsync/desired"
	"github.com/mqsync/mqsync/planner"
	"github.com/mqsync/mqsync/reconcile"
	"github.com/mqsync/mqsync/render"
)

// planFlags are the flags that plan and apply share.
type planFlags struct {
	files            []string
	allowDestructive bool
	rotateSecrets    bool
	noColor          bool
}

func (f *planFlags) register(cmd *cobra.Command) {
	flags := cmd.Flags()
	flags.StringArrayVarP(&f.files, "file", "f", nil,
		"YAML file or directory to load, - for standard input (repeatable)")
	flags.BoolVar(&f.allowDestructive, "allow-destructive", false,
		"permit queue reductions and broker moves, as policy.allow_destructive does")
	flags.BoolVar(&f.rotateSecrets, "rotate-secrets", false,
		"write every declared user's secret, even where the live one cannot be compared")
	flags.BoolVar(&f.noColor, "no-color", false, "print without colours (also NO_COLOR)")
	_ = cmd.MarkFlagRequired("file")
	_ = cmd.MarkFlagFilename("file", "yaml", "yml")
}

// completeFormats offers the output formats to shell completion.
func completeFormats(cmd *cobra.Command, name string) {
	_ = cmd.RegisterFlagCompletionFunc(name, cobra.FixedCompletions([]string{"text", "json"},
		cobra.ShellCompDirectiveNoFileComp))
}

func (f *planFlags) plannerOptions() planner.Options {
	return planner.Options{AllowDestructive: f.allowDestructive, RotateSecrets: f.rotateSecrets}
}

// text returns the text renderer for w: colours only on a terminal, and never under NO_COLOR
// (https://no-color.org) or --no-color.
func (f *planFlags) text(w io.Writer) render.Text {
	return render.Text{Color: !f.noColor && os.Getenv("NO_COLOR") == "" && isTerminal(w)}
}

// loadDesired loads the files, printing every diagnostic to stderr. Errors stop the command
// before any API call.
func loadDesired(s *streams, files []string) (*desired.Config, error) {
	cfg, diags, err := desired.Load(files, desired.LoadOptions{Stdin: s.in,
		Getenv: os.LookupEnv})
	for _, d := range diags {
		fmt.Fprintln(s.err, d)
	}
	if err != nil {
		errs, _ := diags.Count()
		return nil, fmt.Errorf("%s in the files; nothing was sent to the API", count(errs, "error"))
	}
	return cfg, nil
}

// planned is the outcome of loading, reading and planning: what plan prints and apply applies.
type planned struct {
	cfg     *desired.Config
	plan    *planner.Plan
	targets []*reconcile.Target
}

// makePlan loads the files, reads every instance they name and plans it.
func (g *globalOptions) makePlan(ctx context.Context, s *streams, f *planFlags) (*planned,
	error) {
	cfg, err := loadDesired(s, f.files)
	if err != nil {
		return nil, err
	}
	client, err := g.client.newClient(ctx, g.log)
	if err != nil {
		return nil, err
	}
	plan, targets, err := reconcile.Plan(ctx, client, cfg, f.plannerOptions())
	if err != nil {
		return nil, err
	}
	return &planned{cfg: cfg, plan: plan, targets: targets}, nil
}

// isTerminal reports whether a stream is a terminal.
func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
