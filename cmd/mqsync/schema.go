package main

import (
	"github.com/spf13/cobra"

	"github.com/mqsync/mqsync/desired"
)

const schemaLong = `Schema prints the JSON Schema of mqsync's YAML format to stdout.

Editors that understand JSON Schema (VS Code with the YAML extension, IntelliJ, Neovim with
yaml-language-server) use it to complete keys and flag mistakes as you type. The repository
holds a copy, mqsync.schema.json; point a file at it with a first line such as

  # yaml-language-server: $schema=../../mqsync.schema.json

The schema checks shape only; "mqsync validate" checks everything.`

// newSchemaCommand builds "mqsync schema".
func newSchemaCommand(s *streams) *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of the YAML format",
		Long:  schemaLong,
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := s.out.Write(desired.Schema())
			return err
		},
	}
}
