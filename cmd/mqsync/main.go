// Command mqsync reconciles Huawei Cloud DMS for RocketMQ instances with YAML files that
// describe their topics, consumer groups and users.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Exit codes. Scripts depend on them; the README documents them.
const (
	exitOK      = 0
	exitError   = 1
	exitChanges = 2
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes one mqsync command line and returns its exit code. SIGINT and SIGTERM cancel the
// command's context, so a command stops cleanly instead of dying mid-request.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	cmd := newRootCommand(&streams{in: stdin, out: stdout, err: stderr})
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}

	var exit *exitCodeError
	if errors.As(err, &exit) {
		if exit.err != nil {
			fmt.Fprintf(stderr, "Error: %v\n", exit.err)
		}
		return exit.code
	}
	fmt.Fprintf(stderr, "Error: %v\n", err)
	return exitError
}

// streams are the standard streams a command reads and writes, injected so tests can capture
// them.
type streams struct {
	in       io.Reader
	out, err io.Writer
}

// exitCodeError ends a command with a specific exit code. A nil err prints nothing, which is how
// "plan --detailed-exitcode" reports that changes exist.
type exitCodeError struct {
	code int
	err  error
}

func (e *exitCodeError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitCodeError) Unwrap() error { return e.err }
