package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/bcgraph/bcgraph/graph"
	"github.com/bcgraph/bcgraph/loader"
)

// Flags shared by the commands that read the dataset. They are built anew for
// every app because urfave/cli keeps parse state in flag values.
func seedsFlag() cli.Flag {
	return &cli.StringFlag{
		Name:     "seeds",
		Usage:    "read the dataset from `DIR` (YAML seed files) instead of the embedded one",
		EnvVars:  []string{"BCGRAPH_SEEDS"},
		Category: "Dataset",
	}
}

func jsonFlag() cli.Flag {
	return &cli.BoolFlag{
		Name:     "json",
		Usage:    "print JSON (a stable, documented shape) instead of a table",
		Category: "Output",
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

func limitFlag() cli.Flag {
	return &cli.IntFlag{
		Name:     "limit",
		Usage:    "show at most `N` rows (0: all)",
		Category: "Output",
	}
}

// loadGraph returns the embedded dataset, or the one in --seeds.
func loadGraph(c *cli.Context) (*graph.Graph, error) {
	if dir := c.String("seeds"); dir != "" {
		return loader.ReadDir(dir)
	}
	return loader.Embedded()
}

// dataset checks the number of positional arguments, then reads the
// dataset: the prelude of every command that answers from it.
func dataset(c *cli.Context, min, max int, names string) (*graph.Graph, error) {
	if err := args(c, min, max, names); err != nil {
		return nil, err
	}
	return loadGraph(c)
}

// window reads --since/--until and rejects an impossible range.
func window(c *cli.Context) (graph.Window, error) {
	w := graph.Window{Since: c.Int("since"), Until: c.Int("until")}
	for _, y := range []int{w.Since, w.Until} {
		if y != 0 && (y < 1900 || y > 2100) {
			return w, usagef("year %d is out of range (1900-2100)", y)
		}
	}
	if w.Since != 0 && w.Until != 0 && w.Since > w.Until {
		return w, usagef("--since %d is after --until %d: no year can match", w.Since, w.Until)
	}
	return w, nil
}

// resolve turns a user's name into an entity; failures are *graph.NameError
// (exit 2 with candidates).
func resolve(g *graph.Graph, name string) (*graph.Entity, error) {
	return g.Resolve(name)
}

// args checks the number of positional arguments.
func args(c *cli.Context, min, max int, names string) error {
	n := c.NArg()
	if n < min || n > max {
		return usagef("%s takes %s (got %d argument(s); see 'bcgraph %s --help')", c.Command.Name, names, n, c.Command.Name)
	}
	return nil
}

func withDataset(flags ...cli.Flag) []cli.Flag {
	return append([]cli.Flag{seedsFlag()}, flags...)
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
