package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/urfave/cli/v2"

	"github.com/bcgraph/bcgraph/graph"
	"github.com/bcgraph/bcgraph/loader"
)

func validateCommand() *cli.Command {
	return &cli.Command{
		Name:  "validate",
		Usage: "check the dataset: strict fields, unique ids, no dangling references, names, dates, quotes",
		Description: "Reports every problem at once, each with its file and line, and exits 1 if there is any.\n" +
			"When the book is given with --book or found at ../shared/book/, every quote must also\n" +
			"appear in it verbatim (whitespace, footnote markers and Markdown escapes aside).\n\n" +
			"Example:\n   bcgraph validate --seeds ./seeds --book ../shared/book/000_65d5a4cb3953e82a.txt",
		Flags: withDataset(&cli.StringFlag{
			Name:  "book",
			Usage: "the book's text `FILE`, to check quotes against (default: ../shared/book/*.txt if found)",
		}),
		Action: func(c *cli.Context) error {
			g, err := dataset(c, 0, 0, "no arguments")
			if err != nil {
				return err
			}
			book := c.String("book")
			if book == "" {
				book, _ = loader.FindBook()
			}
			return runValidate(c.App.Writer, g, book)
		},
	}
}

func runValidate(w io.Writer, g *graph.Graph, book string) error {
	s := g.Stats()
	quotes := "quotes not checked (no book found; pass --book FILE)"
	if book != "" {
		text, err := os.ReadFile(book)
		if err != nil {
			return fmt.Errorf("validate: read book: %w", err)
		}
		if ps := g.CheckQuotes(string(text)); len(ps) > 0 {
			return &graph.ValidationError{Problems: ps}
		}
		quotes = fmt.Sprintf("all %d quotes found verbatim in %s", s.Quoted+countEntityQuotes(g), filepath.Base(book))
	}
	fmt.Fprintf(w, "ok: %s, %s (%d from the book, %d reference), %s; %s\n",
		plural(s.Entities, "entity"), plural(s.Ties, "tie"), s.BookTies, s.RefTies, plural(s.Sources, "source"), quotes)
	return nil
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
