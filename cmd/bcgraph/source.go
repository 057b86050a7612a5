package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/bcgraph/bcgraph/graph"
)

// The book itself, cited in every reference so a reader can find the footnote.
const bookCitation = "Zalessky, B. (2020). Belarus – China: a vector of trust. LAP LAMBERT Academic Publishing"

type sourceOptions struct {
	answering
	N    int
	Cite string // "", "apa" or "chicago"
}

func newSourceCommand(f *factory, runF func(context.Context, *sourceOptions) error) *cli.Command {
	opts := &sourceOptions{}
	return &cli.Command{
		Name:      "source",
		Usage:     "one of the book's footnotes: the news report it names, and every fact in the dataset that cites it",
		ArgsUsage: "N",
		Description: "Prints the footnote's title, author, year and URL, then each tie and each agreement, event or\n" +
			"program that cites it, with the book's words and chapter. --cite prints a ready reference instead.\n\n" +
			"Examples:\n   bcgraph source 37\n   bcgraph source 37 --cite apa\n   bcgraph source 64 --json",
		Flags: flags([]cli.Flag{seedsFlag(), jsonFlag(),
			&cli.StringFlag{Name: "cite", Usage: "print a reference in `STYLE`: apa or chicago"},
		}, backendFlags()),
		Action: func(c *cli.Context) error {
			if err := nargs(c, 1, 1, "one footnote number N"); err != nil {
				return err
			}
			n, err := strconv.Atoi(strings.TrimPrefix(c.Args().First(), "fn"))
			if err != nil || n < 1 {
				return usagef("footnote %q: want a number, e.g. 'bcgraph source 37'", c.Args().First())
			}
			opts.answering, opts.N, opts.Cite = f.answering(c), n, c.String("cite")
			if opts.Cite != "" && opts.Cite != "apa" && opts.Cite != "chicago" {
				return usagef("unknown --cite %q (want apa or chicago)", opts.Cite)
			}
			return runOr(c, runF, runSource, opts)
		},
	}
}

func runSource(ctx context.Context, opts *sourceOptions) error {
	g, err := opts.Dataset()
	if err != nil {
		return err
	}
	eng, err := opts.Engine(ctx)
	if err != nil {
		return err
	}
	sf, err := eng.Source(ctx, opts.N)
	if err != nil {
		return err
	}
	if opts.Cite != "" {
		_, err := fmt.Fprintln(opts.IO.Out, cite(sf.Source, opts.Cite))
		return err
	}
	return opts.Output.print(sourceAnswer{g, sf})
}

// cite writes a reference to a footnote's news report, in APA (7th) or
// Chicago (notes-bibliography) style, naming the book that cites it.
func cite(s *graph.Source, style string) string {
	year := "n.d."
	if s.Year != 0 {
		year = fmt.Sprint(s.Year)
	}
	var b strings.Builder
	switch style {
	case "apa":
		if s.Author != "" {
			fmt.Fprintf(&b, "%s (%s). %s.", s.Author, year, strings.TrimSuffix(s.Title, "."))
		} else {
			fmt.Fprintf(&b, "%s. (%s).", strings.TrimSuffix(s.Title, "."), year)
		}
		if s.URL != "" {
			fmt.Fprintf(&b, " %s", s.URL)
		}
		fmt.Fprintf(&b, " (Cited in %s, footnote %d.)", bookCitation, s.N)
	default: // chicago
		if s.Author != "" {
			fmt.Fprintf(&b, "%s ", strings.TrimSuffix(s.Author, ".")+".")
		}
		fmt.Fprintf(&b, "“%s.” %s.", strings.TrimSuffix(s.Title, "."), year)
		if s.URL != "" {
			fmt.Fprintf(&b, " %s.", s.URL)
		}
		fmt.Fprintf(&b, " Cited in %s, note %d.", bookCitation, s.N)
	}
	return b.String()
}

type sourceAnswer struct {
	g  *graph.Graph
	sf graph.SourceFacts
}

type sourceFactsJSON struct {
	Source   sourceJSON        `json:"source"`
	Chapter  int               `json:"chapter,omitempty"`
	Ties     []factJSON        `json:"ties"`
	Entities []occasionJSON    `json:"entities"`
	Cite     map[string]string `json:"cite"`
}

func sourceOut(s *graph.Source) sourceJSON { return sourceJSON{s.N, s.Title, s.Author, s.Year, s.URL} }

func (a sourceAnswer) json() any {
	s := a.sf.Source
	out := sourceFactsJSON{Source: sourceOut(s), Chapter: s.Chapter, Ties: []factJSON{}, Entities: []occasionJSON{},
		Cite: map[string]string{"apa": cite(s, "apa"), "chicago": cite(s, "chicago")}}
	for _, t := range a.sf.Ties {
		out.Ties = append(out.Ties, factJSON{relOut(t), nodeRef(a.g.Entity(t.From)), nodeRef(a.g.Entity(t.To))})
	}
	for _, e := range a.sf.Entities {
		out.Entities = append(out.Entities, occasionOut(a.g.Entity(e.ID)))
	}
	return out
}

func (a sourceAnswer) text(w io.Writer) error {
	s := a.sf.Source
	fmt.Fprintf(w, "%s\n", sourceLine(a.g, s.N))
	if s.Chapter > 0 {
		fmt.Fprintf(w, "  footnote %d of the book, chapter %d\n", s.N, s.Chapter)
	}
	fmt.Fprintf(w, "\ncited by %s:\n", plural(len(a.sf.Ties)+len(a.sf.Entities), "fact"))
	for _, e := range a.sf.Entities {
		x := a.g.Entity(e.ID)
		fmt.Fprintf(w, "\n%s (%s, %s)", x.Name, x.Label, x.ID)
		if meta := strings.TrimSpace(x.DateText() + " " + x.Status); meta != "" {
			fmt.Fprintf(w, "  [%s]", meta)
		}
		fmt.Fprintf(w, "\n    %s\n", statements(x.Quotes(), x.Inferred, x.Note))
	}
	for _, t := range a.sf.Ties {
		writeFact(w, a.g, t)
	}
	return nil
}
