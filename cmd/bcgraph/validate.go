package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/urfave/cli/v2"

	"github.com/bcgraph/bcgraph/graph"
	"github.com/bcgraph/bcgraph/loader"
)

type validateOptions struct {
	IO iostreams
	source
	Book   string // the book's text, to check quotes against; "" when none was found
	Strict bool   // warnings fail too
}

func newValidateCommand(f *factory, runF func(context.Context, *validateOptions) error) *cli.Command {
	opts := &validateOptions{IO: f.IO}
	return &cli.Command{
		Name:  "validate",
		Usage: "check the dataset: strict fields, unique ids, no dangling references, names, dates, quotes",
		Description: "Reports every problem at once, each with its file and line, and exits 1 if there is any.\n" +
			"When the book is given with --book or found at ../shared/book/, every quote must also\n" +
			"appear in it verbatim (whitespace, footnote markers and Markdown escapes aside).\n\n" +
			"It also warns, on stderr, of what is probably wrong but may be right: ties that state one\n" +
			"fact twice (same type, ends and role, overlapping dates), entities whose names read alike,\n" +
			"and ties whose footnote's title names neither end while another footnote of the same\n" +
			"paragraph does (settle one by fixing it, or by naming the footnote in the tie's note:\n" +
			"\"fn 9 reports …\"). Warnings exit 0; with --strict they exit 1.\n\n" +
			"Example:\n   bcgraph validate --seeds ./seeds --book ../shared/book/000_65d5a4cb3953e82a.txt",
		Flags: []cli.Flag{seedsFlag(), &cli.StringFlag{
			Name:  "book",
			Usage: "the book's text `FILE`, to check quotes against (default: ../shared/book/*.txt if found)",
		}, &cli.BoolFlag{Name: "strict", Usage: "fail (exit 1) on warnings too"}},
		Action: func(c *cli.Context) error {
			if err := nargs(c, 0, 0, "no arguments"); err != nil {
				return err
			}
			opts.source, opts.Book, opts.Strict = f.source(c), c.String("book"), c.Bool("strict")
			if opts.Book == "" {
				opts.Book, _ = loader.FindBook()
			}
			return runOr(c, runF, runValidate, opts)
		},
	}
}

func runValidate(ctx context.Context, opts *validateOptions) error {
	g, err := opts.Dataset()
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	s := g.Count()
	warnings := g.LikelyDuplicates()
	quotes := "quotes not checked (no book found; pass --book FILE)"
	if opts.Book != "" {
		text, err := os.ReadFile(opts.Book)
		if err != nil {
			return fmt.Errorf("validate: read book: %w", err)
		}
		if ps := g.CheckQuotes(string(text)); len(ps) > 0 {
			return &graph.ValidationError{Problems: ps}
		}
		quotes = fmt.Sprintf("all %d quotes found verbatim in %s", countQuotes(g), filepath.Base(opts.Book))
		warnings = append(warnings, g.CheckFootnotes(string(text))...)
	}
	graph.SortProblems(warnings)
	for _, w := range warnings {
		fmt.Fprintf(opts.IO.Err, "warning: %s\n", w)
	}
	_, err = fmt.Fprintf(opts.IO.Out, "ok: %s, %s (%d from the book, %d reference), %s; %s; %s\n",
		plural(s.Entities, "entity"), plural(s.Ties, "tie"), s.BookTies, s.RefTies, plural(s.Sources, "source"), quotes,
		plural(len(warnings), "warning"))
	if err == nil && opts.Strict && len(warnings) > 0 {
		return &noResult{fmt.Sprintf("%s (--strict)", plural(len(warnings), "warning"))}
	}
	return err
}

// countQuotes counts every quote, restatements included.
func countQuotes(g *graph.Graph) int {
	n := 0
	for _, e := range g.Entities {
		if e.Quote != "" {
			n++
		}
		n += len(e.Also)
	}
	for _, t := range g.Ties {
		if t.Quote != "" {
			n++
		}
		n += len(t.Also)
	}
	return n
}
