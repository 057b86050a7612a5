package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/bcgraph/bcgraph/loader"
	"github.com/bcgraph/bcgraph/queries"
)

type queryOptions struct {
	IO     iostreams
	Output output
	Name   string            // show, run: the query
	Params map[string]string // run: --param key=value
	Neo4j  loader.Config
	// run: how long the server may run the query
	Timeout time.Duration
}

func newQueryCommand(f *factory) *cli.Command {
	return &cli.Command{
		Name:  "query",
		Usage: "the canned Cypher analyses: list them, print one for Neo4j Browser, or run one",
		Description: "Examples:\n   bcgraph query list\n   bcgraph query show centrality   (paste into Neo4j Browser)\n" +
			"   bcgraph query run path --param from=bntu --param to=gansu",
		Subcommands: []*cli.Command{newQueryListCommand(f, nil), newQueryShowCommand(f, nil), newQueryRunCommand(f, nil)},
	}
}

func newQueryListCommand(f *factory, runF func(context.Context, *queryOptions) error) *cli.Command {
	opts := &queryOptions{IO: f.IO}
	return &cli.Command{
		Name:        "list",
		Usage:       "list the canned queries",
		Description: "Example:\n   bcgraph query list",
		Action: func(c *cli.Context) error {
			if err := nargs(c, 0, 0, "no arguments"); err != nil {
				return err
			}
			return runOr(c, runF, runQueryList, opts)
		},
	}
}

func runQueryList(_ context.Context, opts *queryOptions) error {
	all, err := queries.All()
	if err != nil {
		return err
	}
	t := newTable(opts.IO.Out, "NAME", "PARAMETERS", "DESCRIPTION")
	for _, q := range all {
		var ps []string
		for _, p := range q.Params {
			ps = append(ps, p.Name)
		}
		desc, _, _ := strings.Cut(q.Description, ". ")
		t.row(q.Name, orDash(strings.Join(ps, ",")), desc)
	}
	return t.flush()
}

func newQueryShowCommand(f *factory, runF func(context.Context, *queryOptions) error) *cli.Command {
	opts := &queryOptions{IO: f.IO}
	return &cli.Command{
		Name:        "show",
		Usage:       "print a canned query's Cypher, ready to paste into Neo4j Browser",
		ArgsUsage:   "NAME",
		Description: "Parameters appear as $name; in Browser, set them first with :param, e.g.\n   :param from => 'bntu'\n\nExample:\n   bcgraph query show path",
		Action: func(c *cli.Context) error {
			if err := nargs(c, 1, 1, "one query NAME"); err != nil {
				return err
			}
			opts.Name = c.Args().First()
			return runOr(c, runF, runQueryShow, opts)
		},
	}
}

func runQueryShow(_ context.Context, opts *queryOptions) error {
	q, err := queries.Get(opts.Name)
	if err != nil {
		return usagef("%v", err)
	}
	_, err = io.WriteString(opts.IO.Out, q.Cypher)
	return err
}

func newQueryRunCommand(f *factory, runF func(context.Context, *queryOptions) error) *cli.Command {
	opts := &queryOptions{IO: f.IO}
	params := &paramFlag{}
	return &cli.Command{
		Name:      "run",
		Usage:     "run a canned query on Neo4j and print its rows",
		ArgsUsage: "NAME",
		Description: "Parameters are given as --param key=value (lists as a,b,c or JSON; null for none).\n\n" +
			"Examples:\n   bcgraph query run centrality\n   bcgraph query run partners --param id=grodno-region --param rollup=true --json",
		Flags: flags([]cli.Flag{
			// A generic flag, not a string slice: urfave/cli splits slices on
			// commas, and a list parameter is written with commas.
			&cli.GenericFlag{Name: "param", Value: params, Usage: "`KEY=VALUE` (repeatable)"},
			jsonFlag(), timeoutFlag(),
		}, neo4jFlags()),
		Action: func(c *cli.Context) error {
			if err := nargs(c, 1, 1, "one query NAME"); err != nil {
				return err
			}
			opts.Output, opts.Name, opts.Params, opts.Neo4j = outputOf(c, f.IO), c.Args().First(), params.values, neo4jConfig(c)
			opts.Timeout = c.Duration("timeout")
			return runOr(c, runF, func(ctx context.Context, opts *queryOptions) error { return runQueryRun(ctx, f, opts) }, opts)
		},
	}
}

// paramFlag collects repeated --param KEY=VALUE.
type paramFlag struct{ values map[string]string }

func (p *paramFlag) Set(kv string) error {
	k, v, ok := strings.Cut(kv, "=")
	if !ok || k == "" {
		return fmt.Errorf("want KEY=VALUE, got %q", kv)
	}
	if p.values == nil {
		p.values = map[string]string{}
	}
	p.values[k] = v
	return nil
}

func (p *paramFlag) String() string { return "" }

func runQueryRun(ctx context.Context, f *factory, opts *queryOptions) error {
	q, err := queries.Get(opts.Name)
	if err != nil {
		return usagef("%v", err)
	}
	params, err := q.Bind(opts.Params)
	if err != nil {
		return usagef("%v", err)
	}
	d, err := f.connect(ctx, opts.Neo4j)
	if err != nil {
		return err
	}
	keys, rows, err := (&queries.Engine{Driver: d, Database: opts.Neo4j.Database, Timeout: opts.Timeout}).Run(ctx, q, params)
	if err != nil {
		return err
	}
	return opts.Output.print(rowsAnswer{q.Name, keys, rows})
}

// rowsAnswer is a canned query's raw result.
type rowsAnswer struct {
	query string
	keys  []string
	rows  []map[string]any
}

func (a rowsAnswer) empty() error {
	if len(a.rows) == 0 {
		return &noResult{fmt.Sprintf("query %s returned no rows", a.query)}
	}
	return nil
}

func (a rowsAnswer) json() any {
	return map[string]any{"query": a.query, "columns": a.keys, "rows": a.rows}
}

func (a rowsAnswer) text(w io.Writer) error {
	t := newTable(w, a.keys...)
	for _, r := range a.rows {
		cells := make([]string, len(a.keys))
		for i, k := range a.keys {
			cells[i] = cell(r[k])
		}
		t.row(cells...)
	}
	return t.flush()
}

// cell renders a Cypher value compactly for a table.
func cell(v any) string {
	switch v := v.(type) {
	case nil:
		return "-"
	case string:
		return v
	case float64:
		return fmt.Sprintf("%.6g", v)
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = cell(x)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		if name, ok := v["name"].(string); ok {
			return name
		}
		if id, ok := v["id"].(string); ok {
			return id
		}
	}
	return fmt.Sprint(v)
}
