package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/bcgraph/bcgraph/graph"
)

type sourcesOptions struct {
	answering
	Format string // table, bibtex or csl-json
}

func newSourcesCommand(f *factory, runF func(context.Context, *sourcesOptions) error) *cli.Command {
	opts := &sourcesOptions{}
	return &cli.Command{
		Name:  "sources",
		Usage: "every footnote of the book, with how many facts cite it; or all of them for a reference manager",
		Description: "--format bibtex writes @online entries; --format csl-json writes the CSL-JSON that Zotero, Mendeley\n" +
			"and other reference managers import (File > Import in Zotero). Each entry notes the footnote and the book.\n\n" +
			"Examples:\n   bcgraph sources\n   bcgraph sources --format csl-json > bcgraph-sources.json\n   bcgraph sources --format bibtex > bcgraph.bib",
		Flags: flags([]cli.Flag{seedsFlag(), jsonFlag(),
			&cli.StringFlag{Name: "format", Value: "table", Usage: "`FORMAT`: table, bibtex or csl-json"},
		}, backendFlags()),
		Action: func(c *cli.Context) error {
			if err := nargs(c, 0, 0, "no arguments"); err != nil {
				return err
			}
			opts.answering, opts.Format = f.answering(c), c.String("format")
			if !contains([]string{"table", "bibtex", "csl-json"}, opts.Format) {
				return usagef("unknown --format %q (want table, bibtex or csl-json)", opts.Format)
			}
			return runOr(c, runF, runSources, opts)
		},
	}
}

func runSources(ctx context.Context, opts *sourcesOptions) error {
	eng, err := opts.Engine(ctx)
	if err != nil {
		return err
	}
	list, err := eng.SourceList(ctx)
	if err != nil {
		return err
	}
	switch opts.Format {
	case "bibtex":
		_, err := io.WriteString(opts.IO.Out, bibtex(list))
		return err
	case "csl-json":
		return writeJSON(opts.IO.Out, cslJSON(list))
	}
	return opts.Output.print(sourcesAnswer(list))
}

type sourcesAnswer []graph.SourceCount

type sourceCountJSON struct {
	sourceJSON
	Chapter int `json:"chapter,omitempty"`
	Facts   int `json:"facts"`
}

func (a sourcesAnswer) json() any {
	out := []sourceCountJSON{}
	for _, sc := range a {
		out = append(out, sourceCountJSON{sourceOut(sc.Source), sc.Source.Chapter, sc.Facts})
	}
	return map[string]any{"sources": out}
}

func (a sourcesAnswer) text(w io.Writer) error {
	t := newTable(w, "FN", "CH", "YEAR", "FACTS", "TITLE", "AUTHOR")
	for _, sc := range a {
		s := sc.Source
		year := "-"
		if s.Year != 0 {
			year = fmt.Sprint(s.Year)
		}
		t.row(fmt.Sprint(s.N), fmt.Sprint(s.Chapter), year, fmt.Sprint(sc.Facts), s.Title, orDash(s.Author))
	}
	return t.flush()
}

// bibtex writes one @online entry per footnote (biblatex's type for web
// pages; BibTeX styles read it as @misc).
func bibtex(list []graph.SourceCount) string {
	esc := strings.NewReplacer(`\`, `\textbackslash{}`, "{", `\{`, "}", `\}`, "&", `\&`, "%", `\%`, "$", `\$`, "#", `\#`, "_", `\_`)
	var b strings.Builder
	for _, sc := range list {
		s := sc.Source
		fmt.Fprintf(&b, "@online{zalessky2020fn%d,\n", s.N)
		if s.Author != "" {
			fmt.Fprintf(&b, "  author = {%s},\n", esc.Replace(s.Author))
		}
		fmt.Fprintf(&b, "  title = {{%s}},\n", esc.Replace(s.Title))
		if s.Year != 0 {
			fmt.Fprintf(&b, "  year = {%d},\n", s.Year)
		}
		if s.URL != "" {
			fmt.Fprintf(&b, "  url = {%s},\n", s.URL)
		}
		fmt.Fprintf(&b, "  note = {Footnote %d (chapter %d) in %s},\n}\n\n", s.N, s.Chapter, esc.Replace(bookCitation))
	}
	return b.String()
}

// cslItem is one CSL-JSON item, the format reference managers import.
type cslItem struct {
	ID     string              `json:"id"`
	Type   string              `json:"type"`
	Title  string              `json:"title"`
	Author []map[string]string `json:"author,omitempty"`
	Issued *cslDate            `json:"issued,omitempty"`
	URL    string              `json:"URL,omitempty"`
	Note   string              `json:"note"`
}

type cslDate struct {
	DateParts [][]int `json:"date-parts"`
}

func cslJSON(list []graph.SourceCount) []cslItem {
	out := []cslItem{}
	for _, sc := range list {
		s := sc.Source
		it := cslItem{ID: fmt.Sprintf("zalessky2020fn%d", s.N), Type: "webpage", Title: s.Title, URL: s.URL,
			Note: fmt.Sprintf("Footnote %d (chapter %d) in %s", s.N, s.Chapter, bookCitation)}
		if s.Author != "" {
			family, given, ok := strings.Cut(s.Author, ", ")
			if ok {
				it.Author = []map[string]string{{"family": family, "given": given}}
			} else {
				it.Author = []map[string]string{{"literal": s.Author}}
			}
		}
		if s.Year != 0 {
			it.Issued = &cslDate{[][]int{{s.Year}}}
		}
		out = append(out, it)
	}
	return out
}
