package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/bcgraph/bcgraph/graph"
)

type searchOptions struct {
	answering
	Query string
	Limit int
}

func newSearchCommand(f *factory, runF func(context.Context, *searchOptions) error) *cli.Command {
	opts := &searchOptions{}
	return &cli.Command{
		Name:      "search",
		Usage:     "full-text search over the book's quotes, roles, notes and names; each hit with its fact and footnote",
		ArgsUsage: "TEXT",
		Description: "Every word of TEXT must occur in the fact (case and diacritics folded: Mahilioŭ = mahiliou; each\n" +
			"Chinese character is a word). Ranked by where the words occur — names 3, quotes and roles 2,\n" +
			"notes 1, once more when the words stand together as a phrase — then entities before ties, then id.\n" +
			"On Neo4j it uses the full-text indexes bcgraph_text and bcgraph_ties_text and ranks the same way.\n\n" +
			"Examples:\n   bcgraph search \"birch juice\"\n   bcgraph search crystal --json\n   bcgraph search Гродно",
		Flags: flags([]cli.Flag{seedsFlag(), jsonFlag(), limitFlag(20)}, backendFlags()),
		Action: func(c *cli.Context) error {
			if err := nargs(c, 1, 1, "one TEXT (quote several words)"); err != nil {
				return err
			}
			if len(graph.SearchTerms(c.Args().First())) == 0 {
				return usagef("search %q: no word to search for", c.Args().First())
			}
			if c.Int("limit") < 0 {
				return usagef("--limit must not be negative")
			}
			opts.answering, opts.Query, opts.Limit = f.answering(c), c.Args().First(), c.Int("limit")
			return runOr(c, runF, runSearch, opts)
		},
	}
}

func runSearch(ctx context.Context, opts *searchOptions) error {
	g, err := opts.Dataset()
	if err != nil {
		return err
	}
	eng, err := opts.Engine(ctx)
	if err != nil {
		return err
	}
	hits, err := eng.Search(ctx, opts.Query, opts.Limit)
	if err != nil {
		return err
	}
	return opts.Output.print(searchAnswer{g, opts.Query, hits})
}

type searchAnswer struct {
	g     *graph.Graph
	query string
	hits  []graph.Hit
}

func (a searchAnswer) empty() error {
	if len(a.hits) == 0 {
		return &noResult{fmt.Sprintf("nothing in the dataset mentions %q", a.query)}
	}
	return nil
}

func (a searchAnswer) citations() *citations {
	var c citations
	for _, h := range a.hits {
		if h.Tie != nil {
			c.add(h.Tie.AllFootnotes())
		} else {
			c.add(a.g.Entity(h.Entity.ID).AllFootnotes())
		}
	}
	return &c
}

type searchJSON struct {
	Query   string       `json:"query"`
	Terms   []string     `json:"terms"`
	Hits    []hitJSON    `json:"hits"`
	Sources []sourceJSON `json:"sources"`
}

type hitJSON struct {
	Kind   string        `json:"kind"` // entity or tie
	Score  float64       `json:"score"`
	Field  string        `json:"field"`
	Text   string        `json:"text"`
	Entity *occasionJSON `json:"entity,omitempty"`
	Tie    *factJSON     `json:"tie,omitempty"`
}

func (a searchAnswer) json() any {
	out := searchJSON{Query: a.query, Terms: graph.SearchTerms(a.query), Hits: []hitJSON{}, Sources: a.citations().sources(a.g)}
	for _, h := range a.hits {
		hj := hitJSON{Score: h.Score, Field: h.Field, Text: graph.NormalizeQuote(h.Text)}
		if h.Tie != nil {
			f := factJSON{relOut(h.Tie), nodeRef(a.g.Entity(h.Tie.From)), nodeRef(a.g.Entity(h.Tie.To))}
			hj.Kind, hj.Tie = "tie", &f
		} else {
			e := occasionOut(a.g.Entity(h.Entity.ID))
			hj.Kind, hj.Entity = "entity", &e
		}
		out.Hits = append(out.Hits, hj)
	}
	return out
}

func (a searchAnswer) text(w io.Writer) error {
	fmt.Fprintf(w, "%s for %q\n", plural(len(a.hits), "hit"), a.query)
	for _, h := range a.hits {
		if h.Tie != nil {
			t := h.Tie
			line := fmt.Sprintf("%s -%s-> %s", a.g.Entity(t.From).Name, t.Type, a.g.Entity(t.To).Name)
			if meta := strings.TrimSpace(t.DateText() + " " + t.Status); meta != "" {
				line += "  [" + meta + "]"
			}
			fmt.Fprintf(w, "\n%s\n", line)
			if h.Field != "quote" {
				fmt.Fprintf(w, "    %s: %s\n", h.Field, h.Text)
			}
			fmt.Fprintf(w, "    %s\n", evidence(t))
			continue
		}
		e := a.g.Entity(h.Entity.ID)
		fmt.Fprintf(w, "\n%s (%s, %s)\n", e.Name, e.Label, e.ID)
		if h.Field != "quote" && h.Field != "name" {
			fmt.Fprintf(w, "    %s: %s\n", h.Field, h.Text)
		}
		if e.Quote != "" {
			fmt.Fprintf(w, "    %s\n", quoted(e.Evidence))
		}
	}
	a.citations().write(w, a.g)
	return nil
}
