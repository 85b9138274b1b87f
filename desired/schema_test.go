package desired

import (
	"encoding/json"
	"os"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// committedSchema is the copy of the schema that editors find through the examples' first
// line; it must stay equal to what Schema generates.
const committedSchema = "../mqsync.schema.json"

func TestSchema_Committed(t *testing.T) {
	got := Schema()
	if !json.Valid(got) {
		t.Fatal("Schema() is not valid JSON")
	}
	if *update {
		if err := os.WriteFile(committedSchema, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(committedSchema)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s is stale; run go test ./desired -update (-committed +generated):\n%s",
			committedSchema, diff)
	}
}

// TestSchema_Keys checks that the schema describes exactly the keys the loader accepts.
func TestSchema_Keys(t *testing.T) {
	doc := schemaDocument()
	props := func(s obj) []string { return sortedKeys(s["properties"].(obj)) }
	each := func(s obj) obj { return s["additionalProperties"].(obj) }
	top := doc["properties"].(obj)
	user := each(top["users"].(obj))
	secretRefs := user["properties"].(obj)["secret_key"].(obj)["oneOf"].([]obj)

	tests := []struct {
		name   string
		schema []string
		loader []string
	}{
		{"document", props(doc), documentKeys},
		{"instance", props(top["instance"].(obj)), instanceKeys},
		{"topic", props(each(top["topics"].(obj))), topicKeys},
		{"group", props(each(top["groups"].(obj))), groupKeys},
		{"user", props(user), userKeys},
		{"secret_key", append(props(secretRefs[0]), props(secretRefs[1])...), secretKeys},
		{"policy", props(top["policy"].(obj)), policyKeys},
	}
	for _, tt := range tests {
		loader := slices.Sorted(slices.Values(tt.loader))
		if diff := cmp.Diff(loader, slices.Sorted(slices.Values(tt.schema))); diff != "" {
			t.Errorf("%s keys differ (-loader +schema):\n%s", tt.name, diff)
		}
	}
}
