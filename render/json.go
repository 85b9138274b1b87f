package render

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/mqsync/mqsync/planner"
)

// PlanFormatVersion is the version of the JSON plan document. It changes only when a field
// changes meaning or goes away; new fields may appear at any time, so readers must ignore the
// ones they do not know.
const PlanFormatVersion = "1"

// PlanDocument is the JSON form of a plan, for CI tools and for saved plan files. Secrets
// appear as "(sensitive)", never as values.
type PlanDocument struct {
	FormatVersion string            `json:"format_version"`
	Instances     []InstanceSection `json:"instances"`
	Summary       planner.Summary   `json:"summary"`
}

// InstanceSection is one instance's part of a PlanDocument.
type InstanceSection struct {
	Instance   string           `json:"instance"`
	InstanceID string           `json:"instance_id"`
	Changes    []planner.Change `json:"changes"`
	Summary    planner.Summary  `json:"summary"`
	// Unmanaged lists the live resources no file declares, as "kind name".
	Unmanaged []string `json:"unmanaged_resources"`
	// Refusals say why the plan must not be applied; empty when it may be.
	Refusals []string `json:"refusals"`
	// Fingerprint identifies the live state the plan was made against.
	Fingerprint string `json:"fingerprint"`
}

// NewPlanDocument builds the JSON form of p. Empty lists are [] rather than null, so readers
// need no special case.
func NewPlanDocument(p *planner.Plan) *PlanDocument {
	doc := &PlanDocument{FormatVersion: PlanFormatVersion, Summary: p.Summary,
		Instances: []InstanceSection{}}
	for _, ip := range p.Instances {
		sec := InstanceSection{
			Instance:    ip.Instance,
			InstanceID:  ip.InstanceID,
			Changes:     make([]planner.Change, len(ip.Changes)),
			Summary:     ip.Summary,
			Unmanaged:   nonNil(ip.Unmanaged),
			Refusals:    nonNil(ip.Refusals),
			Fingerprint: ip.Fingerprint,
		}
		for i, c := range ip.Changes {
			c.Fields = nonNil(c.Fields)
			sec.Changes[i] = c
		}
		doc.Instances = append(doc.Instances, sec)
	}
	return doc
}

// JSON writes the plan as an indented PlanDocument.
func JSON(w io.Writer, p *planner.Plan) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(NewPlanDocument(p))
}

// ReadPlanDocument reads a saved plan and checks that this version of mqsync understands it.
func ReadPlanDocument(r io.Reader) (*PlanDocument, error) {
	var doc PlanDocument
	if err := json.NewDecoder(r).Decode(&doc); err != nil {
		return nil, fmt.Errorf("decode plan: %w", err)
	}
	if doc.FormatVersion != PlanFormatVersion {
		return nil, fmt.Errorf("plan format version %q: this mqsync reads version %q",
			doc.FormatVersion, PlanFormatVersion)
	}
	return &doc, nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
