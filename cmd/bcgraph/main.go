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
	"sort"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/bcgraph/bcgraph/graph"
	"github.com/bcgraph/bcgraph/queries"
)

// Exit codes. Few, and documented in the README.
const (
	exitOK       = 0
	exitNoResult = 1 // a well-formed question without an answer; problems in the dataset
	exitUsage    = 2 // unknown command or flag, unknown or ambiguous name, bad value
	// 3 to 8: Neo4j failures, see neo4j.go.
	exitWrite       = 9 // an output file could not be written (export --out)
	exitInterrupted = 130
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one command line and returns the process exit code. Tests call
// it directly with buffers for stdout and stderr.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	f := newFactory(stdout, stderr)
	defer f.close()
	app := newApp(f)
	unknown := ""
	app.CommandNotFound = func(_ *cli.Context, name string) { unknown = name }
	err := app.RunContext(ctx, reorderArgs(app, args))
	if err == nil && unknown != "" {
		err = unknownCommand(app, unknown)
	}
	if err == nil {
		return exitOK
	}
	return report(stderr, err)
}

// newApp builds the command tree. Commands are built anew for every run:
// urfave/cli keeps parse state in flag values.
func newApp(f *factory) *cli.App {
	app := &cli.App{
		Name:    "bcgraph",
		Usage:   "who cooperates with whom in \"Belarus – China: a vector of trust\" (Zalessky, 2020)",
		Version: version(),
		Description: "Every answer comes from a curated dataset embedded in the binary: entities and ties taken\n" +
			"from the book, each tie with its date, a verbatim quote and the footnote of the news report\n" +
			"it comes from. No database is needed; 'bcgraph load' copies the dataset into Neo4j.",
		Writer:    f.IO.Out,
		ErrWriter: f.IO.Err,
		Commands: []*cli.Command{
			newFindCommand(f, nil), newShowCommand(f, nil), newPathCommand(f, nil), newPartnersCommand(f, nil),
			newCentralityCommand(f, nil), newTimelineCommand(f, nil), newHubsCommand(f, nil),
			newCommunitiesCommand(f, nil), newStatsCommand(f, nil), newTiesCommand(f, nil), newCompareCommand(f, nil), newValidateCommand(f, nil),
			newExportCommand(f, nil), newLoadCommand(f, nil), newQueryCommand(f), newBrowseCommand(f, nil),
			newVersionCommand(f, nil),
		},
		// --version is handled here, not by urfave/cli, so that it prints
		// "bcgraph version …" like the version command.
		HideVersion:            true,
		Flags:                  []cli.Flag{&cli.BoolFlag{Name: "version", Aliases: []string{"v"}, Usage: "print the version"}},
		Action:                 func(c *cli.Context) error { return appAction(c, f) },
		EnableBashCompletion:   false,
		OnUsageError:           onUsageError,
		ExitErrHandler:         func(*cli.Context, error) {}, // run() reports errors and picks exit codes
		Suggest:                true,
		UseShortOptionHandling: false,
	}
	setUsageError(app.Commands)
	return app
}

// setUsageError makes every command, subcommands included, report flag
// mistakes as one-line usage errors instead of printing its help.
func setUsageError(cmds []*cli.Command) {
	for _, c := range cmds {
		c.OnUsageError = onUsageError
		setUsageError(c.Subcommands)
	}
}

// appAction runs for "bcgraph" with no command: --version, or the help.
func appAction(c *cli.Context, f *factory) error {
	if c.Bool("version") {
		_, err := fmt.Fprintf(f.IO.Out, "bcgraph version %s\n", version())
		return err
	}
	if c.NArg() > 0 {
		return unknownCommand(c.App, c.Args().First())
	}
	return cli.ShowAppHelp(c)
}

// unknownCommand is a usage error that suggests the nearest command names.
func unknownCommand(app *cli.App, name string) error {
	var names []string
	for _, c := range app.Commands {
		names = append(names, c.Name)
	}
	if near := nearest(name, names); len(near) > 0 {
		return usagef("unknown command %q; did you mean %s? (see 'bcgraph --help')", name, strings.Join(near, " or "))
	}
	return usagef("unknown command %q (see 'bcgraph --help')", name)
}

// nearest returns the candidates within two edits of s, nearest first.
func nearest(s string, candidates []string) []string {
	type scored struct {
		name string
		d    int
	}
	var found []scored
	for _, c := range candidates {
		if d := editDistance(strings.ToLower(s), c); d <= 2 || strings.HasPrefix(c, strings.ToLower(s)) && len(s) >= 2 {
			found = append(found, scored{c, d})
		}
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].d < found[j].d })
	out := make([]string, 0, len(found))
	for _, f := range found {
		out = append(out, f.name)
	}
	return out
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// usageError is a mistake in the command line: exit 2, one line on stderr.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// writeError is an output file bcgraph could not write: exit 9, so that a
// script tells a full disk or a missing folder from an empty answer.
type writeError struct{ err error }

func (e *writeError) Error() string { return e.err.Error() }
func (e *writeError) Unwrap() error { return e.err }

// noResult is a well-formed question without an answer: exit 1.
type noResult struct{ msg string }

func (e *noResult) Error() string { return e.msg }

func onUsageError(c *cli.Context, err error, _ bool) error {
	return usagef("%s (see 'bcgraph %s --help')", err, c.Command.Name)
}

// report prints err as one line (or one line per validation problem) and
// returns the exit code its kind calls for. Kinds are read with errors.Is/As,
// so they survive any wrapping on the way here.
func report(stderr io.Writer, err error) int {
	var (
		uerr  *usageError
		nerr  *graph.NameError
		verr  *graph.ValidationError
		none  *noResult
		neo   *neo4jError
		query *queries.Error
		werr  *writeError
	)
	switch {
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "bcgraph: interrupted")
		return exitInterrupted
	case errors.As(err, &verr):
		for _, p := range verr.Problems {
			fmt.Fprintln(stderr, p)
		}
		fmt.Fprintf(stderr, "bcgraph: %d problem(s) in the dataset\n", len(verr.Problems))
		return exitNoResult
	case errors.As(err, &nerr), errors.As(err, &uerr), errors.Is(err, graph.ErrUnsupported):
		fmt.Fprintf(stderr, "bcgraph: %s\n", err)
		return exitUsage
	case errors.As(err, &none):
		fmt.Fprintf(stderr, "bcgraph: %s\n", err)
		return exitNoResult
	case errors.As(err, &neo):
		fmt.Fprintf(stderr, "bcgraph: %s\n", err)
		return neo.code
	case errors.As(err, &werr):
		fmt.Fprintf(stderr, "bcgraph: %s\n", err)
		return exitWrite
	case errors.As(err, &query):
		fmt.Fprintf(stderr, "bcgraph: %s\n", err)
		return exitNeo4jFailed
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
