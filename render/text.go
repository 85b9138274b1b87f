// Package render turns plans and apply results into what people and programs read: text in the
// style operators know from Terraform, and a stable JSON document for CI tools. It owns those
// formats, including reading a saved plan back. It computes nothing.
package render

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/mqsync/mqsync/planner"
)

// Text writes for a person. Color adds ANSI colours; callers turn it on only for a terminal
// and leave it off under NO_COLOR or --no-color.
type Text struct {
	Color bool
}

// ANSI styles, and the symbol and style of each action.
const (
	reset   = "\x1b[0m"
	bold    = "\x1b[1m"
	red     = "\x1b[31m"
	green   = "\x1b[32m"
	yellow  = "\x1b[33m"
	magenta = "\x1b[35m"
	dim     = "\x1b[2m"
)

var actionSymbols = map[planner.Action]struct{ symbol, style string }{
	planner.Create:  {"+", green},
	planner.Update:  {"~", yellow},
	planner.Replace: {"-/+", magenta},
	planner.Delete:  {"-", red},
}

func (t Text) style(style, s string) string {
	if !t.Color || style == "" {
		return s
	}
	return style + s + reset
}

// Plan writes a plan: a block per change, grouped by instance, then the totals.
func (t Text) Plan(w io.Writer, p *planner.Plan) error {
	var b strings.Builder
	for _, ip := range p.Instances {
		t.instance(&b, ip)
	}
	if p.Summary.Changes() == 0 {
		b.WriteString(t.style(bold, "No changes.") + " The instances match the configuration.\n")
	} else {
		s := p.Summary
		fmt.Fprintf(&b, "%s %d to create, %d to update, %d to replace, %d to delete.\n",
			t.style(bold, "Plan:"), s.Create, s.Update, s.Replace, s.Delete)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func (t Text) instance(b *strings.Builder, ip *planner.InstancePlan) {
	fmt.Fprintf(b, "%s (%s)", t.style(bold, "Instance "+ip.Instance), ip.InstanceID)
	if len(ip.Changes) == 0 {
		b.WriteString(": no changes")
	}
	b.WriteString("\n\n")

	for i := range ip.Changes {
		t.change(b, &ip.Changes[i])
	}
	if n := len(ip.Unmanaged); n > 0 {
		msg := fmt.Sprintf("%d live resources are not managed: no file declares them, "+
			"and policy.prune does not delete them", n)
		if n == 1 {
			msg = "1 live resource is not managed: no file declares it, " +
				"and policy.prune does not delete it"
		}
		fmt.Fprintf(b, "  %s\n\n", t.style(dim, msg))
	}
	for _, r := range ip.Refusals {
		fmt.Fprintf(b, "  %s %s\n", t.style(red+bold, "Refused:"), r)
	}
	if len(ip.Refusals) > 0 {
		b.WriteString("\n")
	}
}

func (t Text) change(b *strings.Builder, c *planner.Change) {
	a := actionSymbols[c.Action]
	fmt.Fprintf(b, "  %s %s %s", t.style(a.style, a.symbol), c.Kind, t.style(bold, c.Name))
	if c.Destructive {
		b.WriteString(" " + t.style(red, "(destructive)"))
	}
	fmt.Fprintf(b, "\n      %s\n", t.style(dim, "# "+c.Reason))
	for _, f := range c.Fields {
		switch {
		case f.Before == nil && c.Action == planner.Create:
			fmt.Fprintf(b, "      %s: %s\n", f.Path, FormatValue(f.After))
		default:
			fmt.Fprintf(b, "      %s: %s -> %s\n", f.Path, FormatValue(f.Before),
				FormatValue(f.After))
		}
	}
	b.WriteString("\n")
}

// FormatValue spells a field value for people: strings quoted, lists in brackets, a missing
// value as (none), and a secret as (sensitive).
func FormatValue(v any) string {
	switch v := v.(type) {
	case nil:
		return "(none)"
	case string:
		if v == planner.Sensitive {
			return v
		}
		return strconv.Quote(v)
	case []string:
		quoted := make([]string, len(v))
		for i, s := range v {
			quoted[i] = strconv.Quote(s)
		}
		return "[" + strings.Join(quoted, ", ") + "]"
	default:
		return fmt.Sprint(v)
	}
}
