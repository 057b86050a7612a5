package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/bcgraph/bcgraph/graph"
)

func findCommand() *cli.Command {
	return &cli.Command{
		Name:      "find",
		Usage:     "find entities by name, alias, abbreviation, Russian or Chinese name, or a near spelling",
		ArgsUsage: "QUERY",
		Description: "Exact names and aliases score 1; case-, punctuation- and diacritics-insensitive matches\n" +
			"0.95; transliteration variants (Mogilev / Mahiliou / Mogilyov) 0.9; fuzzy matches less.\n\n" +
			"Examples:\n   bcgraph find BNTU\n   bcgraph find Mahiliou\n   bcgraph find 甘肃 --json",
		Flags: withDataset(jsonFlag(), &cli.IntFlag{Name: "limit", Value: 10, Usage: "show at most `N` matches"}),
		Action: func(c *cli.Context) error {
			g, err := dataset(c, 1, 1, "one QUERY (quote names with spaces)")
			if err != nil {
				return err
			}
			return runFind(c.App.Writer, g, c.Args().First(), c.Int("limit"), c.Bool("json"))
		},
	}
}

type findJSON struct {
	Query   string      `json:"query"`
	Matches []matchJSON `json:"matches"`
}

type matchJSON struct {
	entityJSON
	Score float64 `json:"score"`
}

func runFind(w io.Writer, g *graph.Graph, query string, limit int, asJSON bool) error {
	matches := g.Find(query, limit)
	if asJSON {
		out := findJSON{Query: query, Matches: []matchJSON{}}
		for _, m := range matches {
			out.Matches = append(out.Matches, matchJSON{entityOut(m.Entity), round(m.Score, 3)})
		}
		if err := writeJSON(w, out); err != nil {
			return err
		}
	} else if len(matches) > 0 {
		t := newTable(w, "SCORE", "ID", "NAME", "LABEL", "MATCHED")
		for _, m := range matches {
			t.row(fmt.Sprintf("%.2f", m.Score), m.Entity.ID, m.Entity.Name, m.Entity.Label, m.Via)
		}
		if err := t.flush(); err != nil {
			return err
		}
	}
	if len(matches) == 0 {
		return &noResult{fmt.Sprintf("nothing matches %q", strings.TrimSpace(query))}
	}
	return nil
}
