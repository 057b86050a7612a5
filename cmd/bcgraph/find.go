package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/bcgraph/bcgraph/graph"
)

type findOptions struct {
	answering
	Query string
	Limit int
}

func newFindCommand(f *factory, runF func(context.Context, *findOptions) error) *cli.Command {
	opts := &findOptions{}
	return &cli.Command{
		Name:      "find",
		Usage:     "find entities by name, alias, abbreviation, Russian or Chinese name, or a near spelling",
		ArgsUsage: "QUERY",
		Description: "Exact names and aliases score 1; case-, punctuation- and diacritics-insensitive matches\n" +
			"0.95; transliteration variants (Mogilev / Mahiliou / Mogilyov) 0.9; fuzzy matches less.\n\n" +
			"Examples:\n   bcgraph find BNTU\n   bcgraph find Mahiliou\n   bcgraph find 甘肃 --json",
		Flags: []cli.Flag{seedsFlag(), jsonFlag(), limitFlag(10)},
		Action: func(c *cli.Context) error {
			if err := nargs(c, 1, 1, "one QUERY (quote names with spaces)"); err != nil {
				return err
			}
			opts.answering = f.answering(c)
			opts.Query, opts.Limit = c.Args().First(), c.Int("limit")
			return runOr(c, runF, runFind, opts)
		},
	}
}

func runFind(_ context.Context, opts *findOptions) error {
	g, err := opts.Dataset()
	if err != nil {
		return err
	}
	return opts.Output.print(findAnswer{g, opts.Query, g.Find(opts.Query, opts.Limit)})
}

type findAnswer struct {
	g       *graph.Graph
	query   string
	matches []graph.Match
}

type findJSON struct {
	Query   string      `json:"query"`
	Matches []matchJSON `json:"matches"`
}

type matchJSON struct {
	entityJSON
	Score float64 `json:"score"`
	// InBook is false, and present, only for an entity the book never
	// mentions (reference geography), as in the exports.
	InBook *bool `json:"in_book,omitempty"`
}

func (a findAnswer) empty() error {
	if len(a.matches) == 0 {
		return &noResult{fmt.Sprintf("nothing close to %q (find lists names scoring %.1f or more)", strings.TrimSpace(a.query), graph.FindThreshold)}
	}
	return nil
}

func (a findAnswer) json() any {
	out := findJSON{Query: a.query, Matches: []matchJSON{}}
	for _, m := range a.matches {
		mj := matchJSON{entityJSON: entityOut(m.Entity), Score: round(m.Score, 3)}
		if !a.g.InBook(m.Entity.ID) {
			mj.InBook = new(bool)
		}
		out.Matches = append(out.Matches, mj)
	}
	return out
}

func (a findAnswer) text(w io.Writer) error {
	if len(a.matches) == 0 {
		return nil
	}
	t := newTable(w, "SCORE", "ID", "NAME", "LABEL", "MATCHED")
	for _, m := range a.matches {
		via := m.Via
		if !a.g.InBook(m.Entity.ID) {
			via += " (not mentioned in the book)"
		}
		t.row(fmt.Sprintf("%.2f", m.Score), m.Entity.ID, m.Entity.Name, m.Entity.Label, via)
	}
	return t.flush()
}
