package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"github.com/spf13/cobra"

	"github.com/mqsync/mqsync/desired"
	"github.com/mqsync/mqsync/reconcile"
)

const exportLong = `Export writes the live topics, consumer groups and users of an instance as a YAML file that
"mqsync plan" then shows as no changes. This is how an operator adopts an instance that
already exists: export it, review and commit the file, and manage it from then on.

Secrets are never written. Each user's secret_key becomes {env: MQSYNC_SECRET_<ACCESS_KEY>},
and export lists the variables that must hold the secrets when the file is used.

Without -o the YAML goes to standard output; with -o DIR it is written to DIR/<instance>.yaml.`

type exportOptions struct {
	instance string
	dir      string
}

func newExportCommand(s *streams, g *globalOptions) *cobra.Command {
	o := &exportOptions{}
	cmd := &cobra.Command{
		Use:   "export --instance NAME|ID [-o DIR]",
		Short: "Write an instance's live state as YAML",
		Long:  exportLong,
		Example: "  mqsync export --instance demo\n" +
			"  mqsync export --instance orders-prod -o instances/",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return o.run(cmd.Context(), s, g)
		},
	}
	cmd.Flags().StringVar(&o.instance, "instance", "", "instance name or id")
	cmd.Flags().StringVarP(&o.dir, "output-dir", "o", "", "write DIR/<instance>.yaml")
	_ = cmd.MarkFlagRequired("instance")
	return cmd
}

var uuidPattern = regexp.MustCompile(
	`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func (o *exportOptions) run(ctx context.Context, s *streams, g *globalOptions) error {
	client, err := g.client.newClient(ctx, g.log)
	if err != nil {
		return err
	}
	ref := desired.InstanceRef{Name: o.instance}
	if uuidPattern.MatchString(o.instance) {
		ref = desired.InstanceRef{ID: o.instance}
	}
	ic, inst, err := reconcile.Resolve(ctx, client, ref)
	if err != nil {
		return err
	}
	live, err := reconcile.ReadLive(ctx, ic, inst)
	if err != nil {
		return err
	}

	exported := reconcile.Export(live)
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "# Exported by mqsync from instance %s (%s).\n", inst.Name, inst.InstanceID)
	if err := desired.Encode(&buf, exported); err != nil {
		return err
	}
	if err := o.write(s, inst.Name, buf.Bytes()); err != nil {
		return err
	}
	for _, u := range exported.Users {
		fmt.Fprintf(s.err, "user %s reads its secret from $%s\n", u.AccessKey, u.SecretRef.Env)
	}
	return nil
}

// write puts the YAML on stdout, or in DIR/<name>.yaml.
func (o *exportOptions) write(s *streams, name string, data []byte) error {
	if o.dir == "" {
		_, err := s.out.Write(data)
		return err
	}
	if err := os.MkdirAll(o.dir, 0o755); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	path := filepath.Join(o.dir, name+".yaml")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	fmt.Fprintf(s.err, "wrote %s\n", path)
	return nil
}
