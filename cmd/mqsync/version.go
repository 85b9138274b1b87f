package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// Set at release time with -ldflags "-X main.version=v1.2.3 -X main.commit=abc1234". A plain
// "go build" or "go install" falls back to what the Go toolchain recorded.
var (
	version = ""
	commit  = ""
)

// buildInfo describes the running binary.
type buildInfo struct {
	Version   string
	Commit    string
	GoVersion string
}

// currentBuild returns the binary's version and commit: the ldflags values when set, else the
// module version ("go install ...@v1.2.3") and VCS revision the toolchain embedded, else "dev"
// and "unknown".
func currentBuild() buildInfo {
	b := buildInfo{Version: version, Commit: commit, GoVersion: runtime.Version()}
	if info, ok := debug.ReadBuildInfo(); ok {
		if b.Version == "" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			b.Version = info.Main.Version
		}
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && b.Commit == "" {
				b.Commit = s.Value
			}
		}
	}
	if b.Version == "" {
		b.Version = "dev"
	}
	if b.Commit == "" {
		b.Commit = "unknown"
	}
	return b
}

func newVersionCommand(s *streams) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version, commit and Go version of this binary",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			b := currentBuild()
			_, err := fmt.Fprintf(s.out, "mqsync %s\ncommit: %s\ngo: %s\n",
				b.Version, b.Commit, b.GoVersion)
			return err
		},
	}
}
