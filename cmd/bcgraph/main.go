// Command bcgraph answers questions about who cooperates with whom in the book
// "Belarus – China: a vector of trust", from a curated dataset embedded in the
// binary, and loads that dataset into Neo4j.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/bcgraph/bcgraph/graph"
)

// Exit codes. Few, and documented in the README.
const (
	exitOK       = 0
	exitNoResult = 1 // no path, validation problems, nothing found
	exitUsage    = 2 // unknown command or flag, unknown or ambiguous name, bad value
	// 3 to 8: Neo4j failures, see neo4j.go.
)

var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one command line and returns the process exit code. Tests call
// it directly with buffers for stdout and stderr.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	app := newApp(stdout, stderr)
	unknown := ""
	app.CommandNotFound = func(_ *cli.Context, name string) { unknown = name }
	err := app.RunContext(ctx, reorderArgs(app, args))
	if err == nil && unknown != "" {
		err = usagef("unknown command %q (see 'bcgraph --help')", unknown)
	}
	if err == nil {
		return exitOK
	}
	return report(stderr, err)
}

func newApp(stdout, stderr io.Writer) *cli.App {
	app := &cli.App{
		Name:    "bcgraph",
		Usage:   "who cooperates with whom in \"Belarus – China: a vector of trust\" (Zalessky, 2020)",
		Version: version,
		Description: "Every answer comes from a curated dataset embedded in the binary: entities and ties taken\n" +
			"from the book, each tie with its date, a verbatim quote and the footnote of the news report\n" +
			"it comes from. No database is needed; 'bcgraph load' copies the dataset into Neo4j.",
		Writer:    stdout,
		ErrWriter: stderr,
		Commands: []*cli.Command{
			findCommand(), showCommand(), pathCommand(), partnersCommand(), centralityCommand(),
			timelineCommand(), hubsCommand(), communitiesCommand(), statsCommand(),
			validateCommand(), exportCommand(), loadCommand(), queryCommand(), browseCommand(), versionCommand(),
		},
		HideVersion:            true,
		EnableBashCompletion:   false,
		OnUsageError:           onUsageError,
		ExitErrHandler:         func(*cli.Context, error) {}, // run() reports errors and picks exit codes
		Suggest:                true,
		UseShortOptionHandling: false,
	}
	for _, c := range app.Commands {
		c.OnUsageError = onUsageError
	}
	return app
}

// usageError is a mistake in the command line: exit 2, one line on stderr.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// noResult is a well-formed question without an answer: exit 1.
type noResult struct{ msg string }

func (e *noResult) Error() string { return e.msg }

func onUsageError(c *cli.Context, err error, _ bool) error {
	return usagef("%s (see 'bcgraph %s --help')", err, c.Command.Name)
}

// report prints err as one line (or one line per validation problem) and
// returns the exit code its kind calls for.
func report(stderr io.Writer, err error) int {
	var (
		uerr *usageError
		nerr *graph.NameError
		verr *graph.ValidationError
		none *noResult
		neo  *neo4jError
	)
	switch {
	case errors.Is(err, context.Canceled):
		return 130
	case errors.As(err, &verr):
		for _, p := range verr.Problems {
			fmt.Fprintln(stderr, p)
		}
		fmt.Fprintf(stderr, "bcgraph: %d problem(s) in the dataset\n", len(verr.Problems))
		return exitNoResult
	case errors.As(err, &nerr):
		fmt.Fprintf(stderr, "bcgraph: %s\n", nerr)
		return exitUsage
	case errors.As(err, &uerr):
		fmt.Fprintf(stderr, "bcgraph: %s\n", uerr)
		return exitUsage
	case errors.As(err, &none):
		fmt.Fprintf(stderr, "bcgraph: %s\n", none)
		return exitNoResult
	case errors.As(err, &neo):
		fmt.Fprintf(stderr, "bcgraph: %s\n", neo)
		return neo.code
	}
	msg := err.Error()
	if strings.HasPrefix(msg, "flag provided but not defined") || strings.HasPrefix(msg, "invalid value") {
		fmt.Fprintf(stderr, "bcgraph: %s\n", msg)
		return exitUsage
	}
	fmt.Fprintf(stderr, "bcgraph: %s\n", msg)
	return exitNoResult
}

// reorderArgs moves flags that follow positional arguments in front of them,
// so "bcgraph path BNTU Gansu --json" works: urfave/cli v2 stops parsing flags
// at the first positional argument. Everything after "--" is left alone.
func reorderArgs(app *cli.App, args []string) []string {
	if len(args) < 2 {
		return args
	}
	out := []string{args[0]}
	rest := args[1:]
	// Global flags come first; then walk down the command tree.
	var cmds []*cli.Command = app.Commands
	var flags []cli.Flag = app.Flags
	for len(rest) > 0 {
		var cmd *cli.Command
		i := 0
		for ; i < len(rest); i++ {
			if !strings.HasPrefix(rest[i], "-") {
				break
			}
		}
		out = append(out, rest[:i]...)
		rest = rest[i:]
		if len(rest) == 0 {
			break
		}
		for _, c := range cmds {
			if c.HasName(rest[0]) {
				cmd = c
			}
		}
		if cmd == nil {
			break
		}
		out = append(out, rest[0])
		rest = rest[1:]
		flags = cmd.Flags
		if len(rest) > 0 && hasCommand(cmd.Subcommands, rest[0]) {
			cmds = cmd.Subcommands
			continue
		}
		var fl, pos []string
		for j := 0; j < len(rest); j++ {
			a := rest[j]
			if a == "--" {
				pos = append(pos, rest[j:]...)
				break
			}
			if strings.HasPrefix(a, "-") && a != "-" {
				fl = append(fl, a)
				if !strings.Contains(a, "=") && takesValue(flags, strings.TrimLeft(a, "-")) && j+1 < len(rest) {
					fl = append(fl, rest[j+1])
					j++
				}
				continue
			}
			pos = append(pos, a)
		}
		out = append(out, fl...)
		out = append(out, pos...)
		return out
	}
	return append(out, rest...)
}

func hasCommand(cmds []*cli.Command, name string) bool {
	for _, c := range cmds {
		if c.HasName(name) {
			return true
		}
	}
	return false
}

func takesValue(flags []cli.Flag, name string) bool {
	for _, f := range flags {
		for _, n := range f.Names() {
			if n == name {
				_, isBool := f.(*cli.BoolFlag)
				return !isBool
			}
		}
	}
	return false
}
