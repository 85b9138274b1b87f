package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mqsync/mqsync/applier"
	"github.com/mqsync/mqsync/planner"
	"github.com/mqsync/mqsync/reconcile"
	"github.com/mqsync/mqsync/render"
)

const applyLong = `Apply makes the instances that the YAML files describe match them. It plans as "mqsync plan"
does, shows the plan, asks for confirmation, then applies it: creates first, deletes last, with
the API's batch calls where it has them, and retries where a retry is safe. Afterwards it plans
again and reports whether the instances converged.

Confirmation is "yes" typed on a terminal. Without a terminal (CI), apply refuses unless
--auto-approve is given.

Given PLANFILE (saved by "mqsync plan --out"), apply reads the live state again and refuses
with "plan is stale" if it or the files changed since the plan was made; otherwise it applies
that plan without asking, since it was reviewed when it was saved.

Exit codes: 0 when everything was applied and the instances converged, 1 otherwise.`

type applyOptions struct {
	planFlags
	output      string
	autoApprove bool
}

func newApplyCommand(s *streams, g *globalOptions) *cobra.Command {
	o := &applyOptions{}
	cmd := &cobra.Command{
		Use:   "apply -f PATH... [PLANFILE]",
		Short: "Make the instances match the files",
		Long:  applyLong,
		Example: "  mqsync apply -f examples/basic/\n" +
			"  mqsync apply -f prod/ --auto-approve\n" +
			"  mqsync plan -f prod/ --out plan.json && mqsync apply -f prod/ plan.json",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return o.run(cmd.Context(), s, g, args)
		},
	}
	o.register(cmd)
	flags := cmd.Flags()
	flags.StringVarP(&o.output, "output", "o", "text",
		"output format of the results: text or json")
	completeFormats(cmd, "output")
	flags.BoolVar(&o.autoApprove, "auto-approve", false, "apply without asking for confirmation")
	return cmd
}

func (o *applyOptions) run(ctx context.Context, s *streams, g *globalOptions,
	args []string) error {
	if o.output != "text" && o.output != "json" {
		return fmt.Errorf("--output %q: want text or json", o.output)
	}
	p, err := g.makePlan(ctx, s, &o.planFlags)
	if err != nil {
		return err
	}
	text := o.text(s.out)

	if len(args) == 1 {
		if err := checkSavedPlan(args[0], p.plan); err != nil {
			return err
		}
	}
	if o.output == "text" {
		if err := text.Plan(s.out, p.plan); err != nil {
			return err
		}
	}
	if err := p.plan.Err(); err != nil {
		return fmt.Errorf("the plan is refused: %w", err)
	}
	if p.plan.Summary.Changes() == 0 {
		if o.output == "json" {
			return render.ApplyJSON(s.out, &reconcile.Outcome{After: p.plan})
		}
		return nil
	}
	if len(args) == 0 && !o.autoApprove {
		if err := confirm(s, isTerminal(s.in)); err != nil {
			return err
		}
	}
	return o.apply(ctx, s, g, p, text)
}

// apply executes the plan and reports each change as it ends, then the outcome.
func (o *applyOptions) apply(ctx context.Context, s *streams, g *globalOptions, p *planned,
	text render.Text) error {
	aopts := applier.Options{Logger: g.log}
	if o.output == "text" {
		progress := render.NewProgress(text, s.out, p.plan.Summary.Changes(), isTerminal(s.out))
		defer progress.Finish()
		aopts.OnResult = progress.Result
		fmt.Fprintln(s.out)
	}

	outcome, err := reconcile.Apply(ctx, p.targets, p.plan, o.plannerOptions(), aopts)
	if o.output == "json" {
		if jerr := render.ApplyJSON(s.out, outcome); jerr != nil && err == nil {
			err = jerr
		}
	} else if terr := text.Outcome(s.out, outcome); terr != nil && err == nil {
		err = terr
	}
	if err != nil {
		return err
	}

	summary := render.Summarize(outcome)
	switch {
	case !summary.OK():
		return fmt.Errorf("%s failed and %s skipped", count(summary.Failed, "change"),
			count(summary.Skipped, "change"))
	case !outcome.Converged():
		return errors.New("the instances did not converge: plan again to see what differs")
	}
	return nil
}

// confirm asks a person at a terminal to type "yes". Without a terminal (interactive false)
// nobody can answer, so it refuses rather than guess.
func confirm(s *streams, interactive bool) error {
	if !interactive {
		return errors.New("refusing to apply without confirmation: standard input is not " +
			"a terminal; review the plan and pass --auto-approve")
	}
	fmt.Fprint(s.err, "\nApply these changes? Only 'yes' is accepted: ")
	answer, err := bufio.NewReader(s.in).ReadString('\n')
	if err != nil && answer == "" {
		return fmt.Errorf("read confirmation: %w", err)
	}
	if strings.TrimSpace(answer) != "yes" {
		return errors.New("apply cancelled: nothing was changed")
	}
	return nil
}

// checkSavedPlan refuses a saved plan unless the plan made now is the same: same instances,
// same live state (by fingerprint) and same changes.
func checkSavedPlan(path string, now *planner.Plan) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("read plan: %w", err)
	}
	defer f.Close()
	saved, err := render.ReadPlanDocument(f)
	if err != nil {
		return fmt.Errorf("read plan %s: %w", path, err)
	}

	current := render.NewPlanDocument(now)
	if len(saved.Instances) != len(current.Instances) {
		return fmt.Errorf("plan is stale: it covers %d instances, the files now %d; plan again",
			len(saved.Instances), len(current.Instances))
	}
	for i, was := range saved.Instances {
		is := current.Instances[i]
		switch {
		case was.InstanceID != is.InstanceID:
			return fmt.Errorf("plan is stale: it was made for instance %s, the files now "+
				"name %s; plan again", was.Instance, is.Instance)
		case was.Fingerprint != is.Fingerprint:
			return fmt.Errorf("plan is stale: the live state of instance %s changed since "+
				"the plan was made; plan again", is.Instance)
		case !sameJSON(was.Changes, is.Changes):
			return fmt.Errorf("plan is stale: the files changed what instance %s needs "+
				"since the plan was made; plan again", is.Instance)
		}
	}
	return nil
}

// sameJSON compares two values by their JSON encoding: a plan read back from a file holds
// float64 where a fresh one holds int, and the encodings agree.
func sameJSON(a, b any) bool {
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && string(ja) == string(jb)
}
