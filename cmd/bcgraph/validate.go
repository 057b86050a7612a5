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
	Book string // the book's text, to check quotes against; "" when none was found
}

func newValidateCommand(f *factory, runF func(context.Context, *validateOptions) error) *cli.Command {
	opts := &validateOptions{IO: f.IO}
	return &cli.Command{
		Name:  "validate",
		Usage: "check the dataset: strict fields, unique ids, no dangling references, names, dates, quotes",
		Description: "Reports every problem at once, each with its file and line, and exits 1 if there is any.\n" +
			"When the book is given with --book or found at ../shared/book/, every quote must also\n" +
			"appear in it verbatim (whitespace, footnote markers and Markdown escapes aside).\n\n" +
			"Example:\n   bcgraph validate --seeds ./seeds --book ../shared/book/000_65d5a4cb3953e82a.txt",
		Flags: []cli.Flag{seedsFlag(), &cli.StringFlag{
			Name:  "book",
			Usage: "the book's text `FILE`, to check quotes against (default: ../shared/book/*.txt if found)",
		}},
		Action: func(c *cli.Context) error {
			if err := nargs(c, 0, 0, "no arguments"); err != nil {
				return err
			}
			opts.source, opts.Book = f.source(c), c.String("book")
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
	quotes := "quotes not checked (no book found; pass --book FILE)"
	if opts.Book != "" {
		text, err := os.ReadFile(opts.Book)
		if err != nil {
			return fmt.Errorf("validate: read book: %w", err)
		}
		if ps := g.CheckQuotes(string(text)); len(ps) > 0 {
			return &graph.ValidationError{Problems: ps}
		}
		quotes = fmt.Sprintf("all %d quotes found verbatim in %s", s.Quoted+countEntityQuotes(g), filepath.Base(opts.Book))
	}
	_, err = fmt.Fprintf(opts.IO.Out, "ok: %s, %s (%d from the book, %d reference), %s; %s\n",
		plural(s.Entities, "entity"), plural(s.Ties, "tie"), s.BookTies, s.RefTies, plural(s.Sources, "source"), quotes)
	return err
}

func countEntityQuotes(g *graph.Graph) int {
	n := 0
	for _, e := range g.Entities {
		if e.Quote != "" {
			n++
		}
	}
	return n
}
