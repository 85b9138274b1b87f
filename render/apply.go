package render

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/mqsync/mqsync/applier"
	"github.com/mqsync/mqsync/planner"
	"github.com/mqsync/mqsync/reconcile"
)

var statusStyles = map[applier.Status]string{
	applier.Applied: green,
	applier.Failed:  red,
	applier.Skipped: yellow,
}

// Result writes the line for one finished change, for example
//
//   - topic orders-created: applied in 120ms
func (t Text) Result(w io.Writer, r applier.Result) error {
	a := actionSymbols[r.Action]
	line := fmt.Sprintf("  %s %s %s: %s", t.style(a.style, a.symbol), r.Kind, r.Name,
		t.style(statusStyles[r.Status], string(r.Status)))
	switch {
	case r.Err != nil:
		line += ": " + r.Err.Error()
	case r.Status == applier.Applied:
		line += " in " + r.Duration.Round(time.Millisecond).String()
	}
	_, err := fmt.Fprintln(w, line)
	return err
}

// Outcome writes the totals of an apply and whether the instances converged.
func (t Text) Outcome(w io.Writer, o *reconcile.Outcome) error {
	s := Summarize(o)
	var b strings.Builder
	fmt.Fprintf(&b, "\n%s %d applied, %d failed, %d skipped.\n", t.style(bold, "Apply:"),
		s.Applied, s.Failed, s.Skipped)
	if o.Converged() {
		b.WriteString("The instances match the configuration.\n")
	} else if o.After != nil {
		fmt.Fprintf(&b, "%s %d changes remain; run plan to see them.\n",
			t.style(red+bold, "Not converged:"), o.After.Summary.Changes())
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ApplyDocument is the JSON form of an apply's outcome.
type ApplyDocument struct {
	FormatVersion string         `json:"format_version"`
	Instances     []ApplySection `json:"instances"`
	Summary       ApplySummary   `json:"summary"`
	// Converged is true when a plan made after applying has no changes.
	Converged bool `json:"converged"`
}

// ApplySection is one instance's part of an ApplyDocument.
type ApplySection struct {
	Instance   string         `json:"instance"`
	InstanceID string         `json:"instance_id"`
	Results    []ResultRecord `json:"results"`
	// Remaining counts the changes a plan made after applying still finds.
	Remaining planner.Summary `json:"remaining"`
}

// ResultRecord is how one change ended.
type ResultRecord struct {
	Kind   planner.Kind   `json:"kind"`
	Name   string         `json:"name"`
	Action planner.Action `json:"action"`
	Status applier.Status `json:"status"`
	Error  string         `json:"error,omitempty"`
	// Seconds is how long the change took.
	Seconds float64 `json:"seconds"`
}

// ApplySummary counts the changes of an apply by how they ended.
type ApplySummary struct {
	Applied int `json:"applied"`
	Failed  int `json:"failed"`
	Skipped int `json:"skipped"`
}

// OK reports whether every change was applied.
func (s ApplySummary) OK() bool { return s.Failed == 0 && s.Skipped == 0 }

// ApplyJSON writes the outcome of an apply as an indented ApplyDocument.
func ApplyJSON(w io.Writer, o *reconcile.Outcome) error {
	doc := ApplyDocument{FormatVersion: PlanFormatVersion, Instances: []ApplySection{},
		Summary: Summarize(o), Converged: o.Converged()}
	remaining := map[string]planner.Summary{}
	if o.After != nil {
		for _, ip := range o.After.Instances {
			remaining[ip.InstanceID] = ip.Summary
		}
	}
	for _, r := range o.Reports {
		sec := ApplySection{Instance: r.Instance, InstanceID: r.InstanceID,
			Results: []ResultRecord{}, Remaining: remaining[r.InstanceID]}
		for _, res := range r.Results {
			rec := ResultRecord{Kind: res.Kind, Name: res.Name, Action: res.Action,
				Status: res.Status, Seconds: res.Duration.Seconds()}
			if res.Err != nil {
				rec.Error = res.Err.Error()
			}
			sec.Results = append(sec.Results, rec)
		}
		doc.Instances = append(doc.Instances, sec)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// Summarize counts every report's results by status.
func Summarize(o *reconcile.Outcome) ApplySummary {
	var s ApplySummary
	for _, r := range o.Reports {
		c := r.Counts()
		s.Applied += c[applier.Applied]
		s.Failed += c[applier.Failed]
		s.Skipped += c[applier.Skipped]
	}
	return s
}
