package main

import (
	"context"
	"fmt"
	"io"

	"github.com/urfave/cli/v2"

	"github.com/bcgraph/bcgraph/graph"
)

type statsOptions struct {
	answering
}

func newStatsCommand(f *factory, runF func(context.Context, *statsOptions) error) *cli.Command {
	opts := &statsOptions{}
	return &cli.Command{
		Name:        "stats",
		Usage:       "counts by label and tie type; book facts against reference facts; dated against undated",
		Description: "Example:\n   bcgraph stats --json",
		Flags:       flags([]cli.Flag{seedsFlag(), jsonFlag()}, backendFlags()),
		Action: func(c *cli.Context) error {
			if err := nargs(c, 0, 0, "no arguments"); err != nil {
				return err
			}
			opts.answering = f.answering(c)

			return runOr(c, runF, runStats, opts)
		},
	}
}

func runStats(ctx context.Context, opts *statsOptions) error {
	eng, err := opts.Engine(ctx)
	if err != nil {
		return err
	}
	s, err := eng.Stats(ctx)
	if err != nil {
		return err
	}
	if s.Sources == 0 {
		// Footnote sources are not loaded into Neo4j: count the dataset's.
		g, err := opts.Dataset()
		if err != nil {
			return err
		}
		s.Sources = len(g.Sources)
	}
	return opts.Output.print(statsAnswer(s))
}

type statsAnswer graph.Stats

type statsJSON struct {
	Entities  int            `json:"entities"`
	Ties      int            `json:"ties"`
	Sources   int            `json:"sources"`
	ByLabel   map[string]int `json:"by_label"`
	ByType    map[string]int `json:"by_type"`
	BookTies  int            `json:"book_ties"`
	RefTies   int            `json:"reference_ties"`
	Dated     int            `json:"dated_ties"`
	Undated   int            `json:"undated_ties"`
	ByChapter map[string]int `json:"book_ties_by_chapter"`
	Inferred  int            `json:"inferred_ties"`
	Restated  int            `json:"restated_ties"`
	Ranged    int            `json:"range_dated_ties"`
	Approx    int            `json:"approx_dated_ties"`
}

func (s statsAnswer) json() any {
	ch := map[string]int{}
	for k, v := range s.ByChapter {
		ch[fmt.Sprint(k)] = v
	}
	return statsJSON{s.Entities, s.Ties, s.Sources, s.ByLabel, s.ByType, s.BookTies, s.RefTies, s.Dated, s.Undated, ch,
		s.Inferred, s.Restated, s.Ranged, s.Approx}
}

func (s statsAnswer) text(w io.Writer) error {
	fmt.Fprintf(w, "%s, %s, %s\n", plural(s.Entities, "entity"), plural(s.Ties, "tie"), plural(s.Sources, "source"))
	fmt.Fprintf(w, "ties: %d from the book (quoted), %d reference geography; %d dated, %d undated\n", s.BookTies, s.RefTies, s.Dated, s.Undated)
	fmt.Fprintf(w, "of the book ties: %d inferred by the curator (left out by --book-only), %d stated more than once; %d dated by a range, %d approximately\n\n",
		s.Inferred, s.Restated, s.Ranged, s.Approx)
	t := newTable(w, "LABEL", "ENTITIES")
	for _, l := range graph.SortedLabels(s.ByLabel) {
		t.row(l, fmt.Sprint(s.ByLabel[l]))
	}
	if err := t.flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	t = newTable(w, "TIE TYPE", "TIES")
	for _, typ := range graph.TieTypes() {
		if n := s.ByType[typ]; n > 0 {
			t.row(typ, fmt.Sprint(n))
		}
	}
	if err := t.flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	t = newTable(w, "CHAPTER", "BOOK TIES")
	for ch := 1; ch <= 5; ch++ {
		t.row(fmt.Sprint(ch), fmt.Sprint(s.ByChapter[ch]))
	}
	return t.flush()
}
