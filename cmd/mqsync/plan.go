package main

import (
	"bytes"
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/mqsync/mqsync/render"
)

const planLong = `Plan reads the live state of every instance the YAML files describe and shows what apply
would change: topics, consumer groups and users to create (+), update (~), replace (-/+) or
delete (-), with the fields that differ.

Nothing is deleted unless policy.prune asks for it, and a plan that would reduce queues, move a
topic or group to other brokers, or delete more than policy.max_deletes is refused (exit 1)
until the files or --allow-destructive allow it.

-o json prints the plan as a JSON document for CI tools (see "Plan format" in the README).
--out FILE also saves it, for "mqsync apply FILE". Secrets never appear in either.

Exit codes: 0 success, 1 error or refused plan; with --detailed-exitcode, 2 when there are
changes.`

type planOptions struct {
	planFlags
	output           string
	out              string
	detailedExitCode bool
}

func newPlanCommand(s *streams, g *globalOptions) *cobra.Command {
	o := &planOptions{}
	cmd := &cobra.Command{
		Use:   "plan -f PATH...",
		Short: "Show what apply would change",
		Long:  planLong,
		Example: "  mqsync plan -f examples/basic/\n" +
			"  mqsync plan -f prod/ -o json --out plan.json --detailed-exitcode",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return o.run(cmd.Context(), s, g)
		},
	}
	o.register(cmd)
	flags := cmd.Flags()
	flags.StringVarP(&o.output, "output", "o", "text", "output format: text or json")
	completeFormats(cmd, "output")
	flags.StringVar(&o.out, "out", "", "also save the plan, as JSON, to this file")
	flags.BoolVar(&o.detailedExitCode, "detailed-exitcode", false,
		"exit 2 when there are changes, 0 when there are none")
	return cmd
}

func (o *planOptions) run(ctx context.Context, s *streams, g *globalOptions) error {
	if o.output != "text" && o.output != "json" {
		return fmt.Errorf("--output %q: want text or json", o.output)
	}
	p, err := g.makePlan(ctx, s, &o.planFlags)
	if err != nil {
		return err
	}

	if o.output == "json" {
		err = render.JSON(s.out, p.plan)
	} else {
		err = o.text(s.out).Plan(s.out, p.plan)
	}
	if err != nil {
		return err
	}
	if o.out != "" {
		if err := savePlan(o.out, p); err != nil {
			return err
		}
	}

	if err := p.plan.Err(); err != nil {
		return fmt.Errorf("the plan is refused: %w", err)
	}
	if o.detailedExitCode && p.plan.Summary.Changes() > 0 {
		return &exitCodeError{code: exitChanges}
	}
	return nil
}

// savePlan writes the plan document to path. It holds no secret, only the fingerprint of the
// live state it was made against, but it does name every resource: readable by the owner only.
func savePlan(path string, p *planned) error {
	var buf bytes.Buffer
	if err := render.JSON(&buf, p.plan); err != nil {
		return err
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		return fmt.Errorf("save plan: %w", err)
	}
	return nil
}
