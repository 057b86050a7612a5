package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/bcgraph/bcgraph/graph"
)

type tiesOptions struct {
	answering
	From, To string // names as written; "" for any
	Filter   graph.TieFilter
	Limit    int
}

func newTiesCommand(f *factory, runF func(context.Context, *tiesOptions) error) *cli.Command {
	opts := &tiesOptions{}
	return &cli.Command{
		Name:  "ties",
		Usage: "list facts by kind: who supplies what, which agreements are only planned, who founded what",
		Description: "Every tie the filters admit, with its two ends, type, role (what is supplied, founded…), date,\n" +
			"status, the book's words and the footnote. The subject of a tie is its From end (the party that\n" +
			"supplies, founds, signs, visits): --label and --country filter on it. --from and --to match an end\n" +
			"that is the entity or lies in it (--to China: anything in China).\n\n" +
			"Examples:\n   bcgraph ties --type SUPPLIES --country BY --to China      (what Belarus supplies China)\n" +
			"   bcgraph ties --type PARTY_TO --status planned             (agreements still only planned)\n" +
			"   bcgraph ties --from \"Grodno Region\" --since 2016 --json\n" +
			"   bcgraph ties --type FOUNDED --label University",
		Flags: flags([]cli.Flag{seedsFlag(), jsonFlag(), sinceFlag(), untilFlag(), limitFlag(0),
			&cli.StringSliceFlag{Name: "type", Usage: "only ties of `TYPE` (repeatable): " + strings.Join(graph.TieTypes(), ", "), Category: "Filters"},
			&cli.StringFlag{Name: "status", Usage: "only ties with `STATUS`: " + strings.Join(graph.Statuses(), ", "), Category: "Filters"},
			&cli.StringFlag{Name: "from", Usage: "only ties from `NAME` or from anything located in it", Category: "Filters"},
			&cli.StringFlag{Name: "to", Usage: "only ties to `NAME` or to anything located in it", Category: "Filters"},
			&cli.StringFlag{Name: "label", Usage: "only ties whose subject has `LABEL`", Category: "Filters"},
			&cli.StringFlag{Name: "country", Usage: "only ties whose subject is in `CODE` (BY, CN…)", Category: "Filters"},
			&cli.BoolFlag{Name: "book-only", Usage: "only ties the book states in its words (no reference geography, no inferred ties)", Category: "Filters"},
		}, backendFlags()),
		Action: func(c *cli.Context) error {
			if err := nargs(c, 0, 0, "no arguments (filters are flags)"); err != nil {
				return err
			}
			w, err := window(c)
			if err != nil {
				return err
			}
			fl := graph.TieFilter{Window: w, Status: c.String("status"), Country: strings.ToUpper(c.String("country")), BookOnly: c.Bool("book-only")}
			for _, t := range c.StringSlice("type") {
				typ := strings.ToUpper(strings.ReplaceAll(t, "-", "_"))
				if !contains(graph.TieTypes(), typ) {
					return usagef("unknown --type %q (want one of %s)", t, strings.Join(graph.TieTypes(), ", "))
				}
				fl.Types = append(fl.Types, typ)
			}
			if fl.Status != "" && !contains(graph.Statuses(), fl.Status) {
				return usagef("unknown --status %q (want one of %s)", fl.Status, strings.Join(graph.Statuses(), ", "))
			}
			if l := c.String("label"); l != "" {
				if fl.Label = labelNamed(l); fl.Label == "" {
					return usagef("unknown --label %q (want one of %s)", l, strings.Join(graph.Labels(), ", "))
				}
			}
			if c.Int("limit") < 0 {
				return usagef("--limit must not be negative")
			}
			opts.answering = f.answering(c)
			opts.From, opts.To, opts.Filter, opts.Limit = c.String("from"), c.String("to"), fl, c.Int("limit")
			return runOr(c, runF, runTies, opts)
		},
	}
}

func runTies(ctx context.Context, opts *tiesOptions) error {
	g, err := opts.Dataset()
	if err != nil {
		return err
	}
	fl := opts.Filter
	for _, end := range []struct {
		name string
		id   *string
	}{{opts.From, &fl.From}, {opts.To, &fl.To}} {
		if end.name == "" {
			continue
		}
		e, err := g.Resolve(end.name)
		if err != nil {
			return err
		}
		*end.id = e.ID
	}
	eng, err := opts.Engine(ctx)
	if err != nil {
		return err
	}
	ts, err := eng.Facts(ctx, fl)
	if err != nil {
		return err
	}
	total := len(ts)
	if opts.Limit > 0 && len(ts) > opts.Limit {
		ts = ts[:opts.Limit]
	}
	return opts.Output.print(tiesAnswer{g, ts, total})
}

type tiesAnswer struct {
	g     *graph.Graph
	ties  []*graph.Tie
	total int // before --limit
}

func (a tiesAnswer) empty() error {
	if len(a.ties) == 0 {
		return &noResult{"no tie matches these filters"}
	}
	return nil
}

func (a tiesAnswer) citations() *citations {
	var c citations
	for _, t := range a.ties {
		c.add(t.AllFootnotes())
	}
	return &c
}

type tiesJSON struct {
	Total   int          `json:"total"`
	Ties    []factJSON   `json:"ties"`
	Sources []sourceJSON `json:"sources"`
}

// factJSON is a tie with both ends named.
type factJSON struct {
	relJSON
	FromNode nodeRefJSON `json:"from_node"`
	ToNode   nodeRefJSON `json:"to_node"`
}

func (a tiesAnswer) json() any {
	out := tiesJSON{Total: a.total, Ties: []factJSON{}, Sources: a.citations().sources(a.g)}
	for _, t := range a.ties {
		out.Ties = append(out.Ties, factJSON{relOut(t), nodeRef(a.g.Entity(t.From)), nodeRef(a.g.Entity(t.To))})
	}
	return out
}

func (a tiesAnswer) text(w io.Writer) error {
	head := plural(a.total, "tie")
	if len(a.ties) < a.total {
		head += fmt.Sprintf(", the first %d shown", len(a.ties))
	}
	fmt.Fprintln(w, head)
	for _, t := range a.ties {
		writeFact(w, a.g, t)
	}
	a.citations().write(w, a.g)
	return nil
}
