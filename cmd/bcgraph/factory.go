package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/urfave/cli/v2"

	"github.com/bcgraph/bcgraph/graph"
	"github.com/bcgraph/bcgraph/loader"
	"github.com/bcgraph/bcgraph/queries"
)

// iostreams are where a command reads and writes.
type iostreams struct {
	In  *os.File // for confirmation prompts; nil where there is no terminal
	Out io.Writer
	Err io.Writer
}

// factory builds what commands need from their flags, as cli/cli's
// cmdutil.Factory does: the streams, the dataset, the engine, Neo4j drivers.
// Everything it opens is closed by close when the command line has run.
type factory struct {
	IO      iostreams
	drivers []neo4j.DriverWithContext
}

func newFactory(stdout, stderr io.Writer) *factory {
	return &factory{IO: iostreams{In: os.Stdin, Out: stdout, Err: stderr}}
}

func (f *factory) close() {
	for _, d := range f.drivers {
		d.Close(context.Background())
	}
	f.drivers = nil
}

// source is where a command's answers come from. The dataset is always read:
// names resolve and footnotes cite against it. The engine computes: the
// dataset itself in process, or its Cypher twin on Neo4j (--backend neo4j).
// Both are functions, so nothing is read or connected before a run needs it,
// and tests give their own.
type source struct {
	Dataset func() (*graph.Graph, error)
	Engine  func(ctx context.Context) (graph.Analyses, error)
}

// resolve reads the dataset and resolves a user's name in it.
func (s source) resolve(name string) (*graph.Graph, *graph.Entity, error) {
	g, err := s.Dataset()
	if err != nil {
		return nil, nil, err
	}
	e, err := g.Resolve(name)
	return g, e, err
}

// answering is what the options of every command that answers a question
// hold: its streams, where answers come from, and how they are printed.
type answering struct {
	IO iostreams
	source
	Output output
}

// answering reads the flags every answering command shares.
func (f *factory) answering(c *cli.Context) answering {
	return answering{IO: f.IO, source: f.source(c), Output: outputOf(c, f.IO)}
}

// source reads --seeds and, on commands that have it, --backend and the
// Neo4j flags.
func (f *factory) source(c *cli.Context) source {
	dir := c.String("seeds")
	var cached *graph.Graph
	dataset := func() (*graph.Graph, error) {
		if cached != nil {
			return cached, nil
		}
		var err error
		if dir != "" {
			cached, err = loader.ReadDir(dir)
		} else {
			cached, err = loader.Embedded()
		}
		return cached, err
	}
	backend := c.String("backend")
	cfg := neo4jConfig(c)
	timeout := c.Duration("timeout")
	return source{
		Dataset: dataset,
		Engine: func(ctx context.Context) (graph.Analyses, error) {
			switch backend {
			case "", "embedded":
				return dataset()
			case "neo4j":
				g, err := dataset()
				if err != nil {
					return nil, err
				}
				d, err := f.connect(ctx, cfg)
				if err != nil {
					return nil, err
				}
				// Answers from a database that holds no bcgraph data, or another
				// dataset than the one names resolve in, would be wrong or empty.
				if err := loader.CheckLoaded(ctx, d, cfg.Database, loader.DatasetFingerprint(g)); err != nil {
					return nil, neo4jFailure(err)
				}
				return &queries.Engine{Driver: d, Database: cfg.Database, Timeout: timeout}, nil
			}
			return nil, usagef("unknown --backend %q (want embedded or neo4j)", backend)
		},
	}
}

// connect opens the configured Neo4j, mapping each failure to its exit code.
// The driver is closed when the command line has run.
func (f *factory) connect(ctx context.Context, cfg loader.Config) (neo4j.DriverWithContext, error) {
	d, err := loader.Connect(ctx, cfg)
	if err != nil {
		return nil, neo4jFailure(err)
	}
	f.drivers = append(f.drivers, d)
	return d, nil
}

// runOr runs the command's run function, or the test's runF in its place: a
// test that passes runF sees the options the flags produced and nothing runs.
func runOr[T any](c *cli.Context, runF, run func(context.Context, *T) error, opts *T) error {
	if runF != nil {
		return runF(c.Context, opts)
	}
	return run(c.Context, opts)
}

// Flags shared by the commands. They are built anew for every app because
// urfave/cli keeps parse state in flag values.

func seedsFlag() cli.Flag {
	return &cli.StringFlag{
		Name:     "seeds",
		Usage:    "read the dataset from `DIR` (YAML seed files) instead of the embedded one",
		EnvVars:  []string{"BCGRAPH_SEEDS"},
		Category: "Dataset",
	}
}

func sinceFlag() cli.Flag {
	return &cli.IntFlag{
		Name:     "since",
		Usage:    "only ties dated in or after `YEAR` (undated book ties drop out; reference geography stays)",
		Category: "Filters",
	}
}

func untilFlag() cli.Flag {
	return &cli.IntFlag{
		Name:     "until",
		Usage:    "only ties dated in or before `YEAR` (undated book ties drop out; reference geography stays)",
		Category: "Filters",
	}
}

func limitFlag(def int) cli.Flag {
	return &cli.IntFlag{Name: "limit", Value: def, Usage: "show at most `N` rows (0: all)", Category: "Output"}
}

func backendFlags() []cli.Flag {
	return append([]cli.Flag{&cli.StringFlag{
		Name:     "backend",
		Value:    "embedded",
		Usage:    "`BACKEND`: embedded (in process, no database) or neo4j (the canned Cypher on the database 'bcgraph load' filled)",
		Category: "Neo4j",
	}, timeoutFlag()}, neo4jFlags()...)
}

// timeoutFlag bounds each query on the server: when the time is up the server
// itself ends the query's transaction, so that one bcgraph no longer waits
// for (killed, interrupted, disconnected) never keeps running there.
func timeoutFlag() cli.Flag {
	return &cli.DurationFlag{Name: "timeout", Value: queries.Timeout, Category: "Neo4j",
		Usage: "how long the server may run each query (`DURATION`, e.g. 10m for a large dataset) before it stops it, even when bcgraph was interrupted"}
}

// flags joins flag groups into one list.
func flags(groups ...[]cli.Flag) []cli.Flag {
	var out []cli.Flag
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

// window reads --since/--until and rejects an impossible range.
func window(c *cli.Context) (graph.Window, error) {
	w := graph.Window{Since: c.Int("since"), Until: c.Int("until")}
	return w, checkWindow(w)
}

// checkWindow rejects years out of range and an empty range; serve's pages
// check their since/until with it too.
func checkWindow(w graph.Window) error {
	for _, y := range []int{w.Since, w.Until} {
		if y != 0 && (y < 1900 || y > 2100) {
			return usagef("year %d is out of range (1900-2100)", y)
		}
	}
	if w.Since != 0 && w.Until != 0 && w.Since > w.Until {
		return usagef("--since %d is after --until %d: no year can match", w.Since, w.Until)
	}
	return nil
}

// nargs checks the number of positional arguments.
func nargs(c *cli.Context, min, max int, names string) error {
	n := c.NArg()
	if n < min || n > max {
		return usagef("%s takes %s (got %d argument(s); see 'bcgraph %s --help')", c.Command.Name, names, n, c.Command.Name)
	}
	return nil
}

// labelNamed returns the label spelled by s (any case), or "".
func labelNamed(s string) string {
	for _, l := range graph.Labels() {
		if strings.EqualFold(l, s) {
			return l
		}
	}
	return ""
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	if strings.HasSuffix(word, "y") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(word, "y"))
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
