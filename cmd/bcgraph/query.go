package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/bcgraph/bcgraph/queries"
)

func queryCommand() *cli.Command {
	return &cli.Command{
		Name:  "query",
		Usage: "the canned Cypher analyses: list them, print one for Neo4j Browser, or run one",
		Description: "Examples:\n   bcgraph query list\n   bcgraph query show centrality   (paste into Neo4j Browser)\n" +
			"   bcgraph query run path --param from=bntu --param to=gansu",
		Subcommands: []*cli.Command{
			{
				Name:        "list",
				Usage:       "list the canned queries",
				Description: "Example:\n   bcgraph query list",
				Action: func(c *cli.Context) error {
					all, err := queries.All()
					if err != nil {
						return err
					}
					t := newTable(c.App.Writer, "NAME", "PARAMETERS", "DESCRIPTION")
					for _, q := range all {
						var ps []string
						for _, p := range q.Params {
							ps = append(ps, p.Name)
						}
						desc, _, _ := strings.Cut(q.Description, ". ")
						t.row(q.Name, orDash(strings.Join(ps, ",")), desc)
					}
					return t.flush()
				},
			},
			{
				Name:        "show",
				Usage:       "print a canned query's Cypher, ready to paste into Neo4j Browser",
				ArgsUsage:   "NAME",
				Description: "Parameters appear as $name; in Browser, set them first with :param, e.g.\n   :param from => 'bntu'\n\nExample:\n   bcgraph query show path",
				Action: func(c *cli.Context) error {
					if err := args(c, 1, 1, "one query NAME"); err != nil {
						return err
					}
					q, err := queries.Get(c.Args().First())
					if err != nil {
						return usagef("%v", err)
					}
					_, err = io.WriteString(c.App.Writer, q.Cypher)
					return err
				},
			},
			{
				Name:      "run",
				Usage:     "run a canned query on Neo4j and print its rows",
				ArgsUsage: "NAME",
				Description: "Parameters are given as --param key=value (lists as a,b,c or JSON; null for none).\n\n" +
					"Examples:\n   bcgraph query run centrality\n   bcgraph query run partners --param id=grodno-region --param rollup=true --json",
				Flags: append([]cli.Flag{
					&cli.StringSliceFlag{Name: "param", Usage: "`KEY=VALUE` (repeatable)"},
					jsonFlag(),
				}, neo4jFlags()...),
				Action: func(c *cli.Context) error {
					if err := args(c, 1, 1, "one query NAME"); err != nil {
						return err
					}
					q, err := queries.Get(c.Args().First())
					if err != nil {
						return usagef("%v", err)
					}
					given := map[string]string{}
					for _, kv := range c.StringSlice("param") {
						k, v, ok := strings.Cut(kv, "=")
						if !ok {
							return usagef("--param %q: want KEY=VALUE", kv)
						}
						given[k] = v
					}
					params, err := q.Bind(given)
					if err != nil {
						return usagef("%v", err)
					}
					d, cfg, err := connect(c.Context, c)
					if err != nil {
						return err
					}
					defer d.Close(c.Context)
					keys, rows, err := queries.Run(c.Context, d, cfg.Database, q, params)
					if err != nil {
						return &neo4jError{exitNeo4jFailed, err.Error()}
					}
					if c.Bool("json") {
						return writeJSON(c.App.Writer, map[string]any{"query": q.Name, "columns": keys, "rows": rows})
					}
					t := newTable(c.App.Writer, keys...)
					for _, r := range rows {
						cells := make([]string, len(keys))
						for i, k := range keys {
							cells[i] = cell(r[k])
						}
						t.row(cells...)
					}
					if err := t.flush(); err != nil {
						return err
					}
					if len(rows) == 0 {
						return &noResult{fmt.Sprintf("query %s returned no rows", q.Name)}
					}
					return nil
				},
			},
		},
	}
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
