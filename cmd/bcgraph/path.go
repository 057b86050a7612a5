package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/bcgraph/bcgraph/draw"
	"github.com/bcgraph/bcgraph/graph"
)

type pathOptions struct {
	answering
	From, To         string   // names as the user wrote them
	Exclude          []string // names or labels to avoid, as written
	IncludeCountries bool
	Query            graph.PathOptions // all but Exclude, which runPath resolves
}

func newPathCommand(f *factory, runF func(context.Context, *pathOptions) error) *cli.Command {
	opts := &pathOptions{}
	return &cli.Command{
		Name:      "path",
		Usage:     "the shortest chains of ties between two entities, each hop with its date and evidence",
		ArgsUsage: "FROM TO",
		Description: "Ties are followed in either direction. By default all shortest paths by hop count are\n" +
			"shown, with Belarus and China (trivial hubs) left out. Agreements and events are nodes, so\n" +
			"\"BNTU signed an agreement with X\" is two hops: BNTU -> agreement <- X. Reference geography\n" +
			"(a city's province, not stated in the book) is marked as such; --book-only leaves it out.\n" +
			"Exits 1 when no path exists within the limits, 2 when a name is unknown or ambiguous.\n\n" +
			"Examples:\n   bcgraph path BNTU Gansu\n   bcgraph path BNTU Gansu --k 5 --json\n" +
			"   bcgraph path Grodno-Region Gansu --since 2015 --exclude Program\n" +
			"   bcgraph path BNTU Gansu --format svg > bntu-gansu.svg   (the paths drawn; --format html adds the sources)",
		Flags: flags([]cli.Flag{seedsFlag(), jsonFlag(), formatFlag(), sinceFlag(), untilFlag(),
			&cli.IntFlag{Name: "max-hops", Usage: "no path longer than `N` ties", Category: "Filters"},
			&cli.IntFlag{Name: "k", Usage: "the `K` shortest loopless paths (Yen) instead of all shortest ones"},
			&cli.StringSliceFlag{Name: "exclude", Usage: "avoid an entity or every entity of a label (`NAME|LABEL`, repeatable)", Category: "Filters"},
			&cli.BoolFlag{Name: "include-countries", Usage: "allow paths through Belarus and China", Category: "Filters"},
			&cli.BoolFlag{Name: "book-only", Usage: "use only ties the book states in its words (no reference geography, no inferred ties)", Category: "Filters"},
		}, backendFlags(), browseFlags()),
		Action: func(c *cli.Context) error {
			if err := nargs(c, 2, 2, "FROM and TO (quote names with spaces)"); err != nil {
				return err
			}
			if err := checkFormat(c); err != nil {
				return err
			}
			w, err := window(c)
			if err != nil {
				return err
			}
			opts.answering = f.answering(c)

			opts.From, opts.To = c.Args().Get(0), c.Args().Get(1)
			opts.Exclude, opts.IncludeCountries = c.StringSlice("exclude"), c.Bool("include-countries")
			opts.Query = graph.PathOptions{Window: w, MaxHops: c.Int("max-hops"), K: c.Int("k"), BookOnly: c.Bool("book-only")}
			if opts.Query.MaxHops < 0 || opts.Query.K < 0 {
				return usagef("--max-hops and --k must not be negative")
			}
			return runOr(c, runF, runPath, opts)
		},
	}
}

func runPath(ctx context.Context, opts *pathOptions) error {
	g, from, err := opts.resolve(opts.From)
	if err != nil {
		return err
	}
	_, to, err := opts.resolve(opts.To)
	if err != nil {
		return err
	}
	q := opts.Query
	q.Exclude = nil
	if !opts.IncludeCountries {
		q.Exclude = graph.DefaultExcluded()
	}
	for _, x := range opts.Exclude {
		if l := labelNamed(x); l != "" {
			q.Exclude = append(q.Exclude, l)
			continue
		}
		e, err := g.Resolve(x)
		if err != nil {
			return fmt.Errorf("--exclude: %w", err)
		}
		q.Exclude = append(q.Exclude, e.ID)
	}
	eng, err := opts.Engine(ctx)
	if err != nil {
		return err
	}
	paths, err := eng.Paths(ctx, from.ID, to.ID, q)
	if errors.Is(err, graph.ErrNoPath) {
		return noPath(g, from, to, opts)
	}
	if err != nil {
		return err
	}
	return opts.Output.print(pathAnswer{g, from, to, paths})
}

// noPath says why there is no path: an end the book never mentions, the
// filters given, or no chain in the dataset at all.
func noPath(g *graph.Graph, from, to *graph.Entity, opts *pathOptions) error {
	for _, e := range []*graph.Entity{from, to} {
		if !g.InBook(e.ID) {
			return &noResult{fmt.Sprintf("%s appears only as reference geography; the book states no tie with it", e.Name)}
		}
	}
	q := opts.Query
	var filters []string
	if q.MaxHops > 0 {
		filters = append(filters, fmt.Sprintf("within %d hops", q.MaxHops))
	}
	if !q.Window.Open() || q.BookOnly || len(opts.Exclude) > 0 {
		filters = append(filters, "with these filters")
	}
	if len(filters) == 0 {
		return &noResult{fmt.Sprintf("no chain of ties joins %s and %s in the dataset", from.Name, to.Name)}
	}
	return &noResult{fmt.Sprintf("no path from %s to %s %s", from.Name, to.Name, strings.Join(filters, " "))}
}

type pathAnswer struct {
	g        *graph.Graph
	from, to *graph.Entity
	paths    []graph.Path
}

type pathsJSON struct {
	From    entityJSON   `json:"from"`
	To      entityJSON   `json:"to"`
	Paths   []pathJSON   `json:"paths"`
	Sources []sourceJSON `json:"sources"`
}

type pathJSON struct {
	Hops int `json:"hops"`
	// Evidence is "book" for a chain of ties the book states, "inferred"
	// for one that rests on the curator's inference, "reference" for one
	// that needs reference geography (whether or not it also rests on an
	// inference).
	Evidence string        `json:"evidence"`
	Nodes    []nodeRefJSON `json:"nodes"`
	Rels     []relJSON     `json:"rels"`
}

func pathEvidence(p graph.Path) string {
	switch {
	case p.Reference():
		return "reference"
	case p.Inferred():
		return "inferred"
	}
	return "book"
}

// hopRange says how long the paths are: "3 hops each", or "3–25 hops".
func hopRange(paths []graph.Path) string {
	lo, hi := paths[0].Hops(), paths[0].Hops()
	for _, p := range paths {
		lo, hi = min(lo, p.Hops()), max(hi, p.Hops())
	}
	if lo == hi {
		return plural(lo, "hop") + " each"
	}
	return fmt.Sprintf("%d–%d hops", lo, hi)
}

func (a pathAnswer) citations() *citations {
	var c citations
	for _, p := range a.paths {
		for _, t := range p.Ties {
			c.add(t.AllFootnotes())
		}
	}
	return &c
}

func (a pathAnswer) json() any {
	out := pathsJSON{From: entityOut(a.from), To: entityOut(a.to), Sources: a.citations().sources(a.g)}
	for _, p := range a.paths {
		pj := pathJSON{Hops: p.Hops(), Evidence: pathEvidence(p), Nodes: []nodeRefJSON{}, Rels: []relJSON{}}
		for _, n := range p.Nodes {
			pj.Nodes = append(pj.Nodes, nodeRef(n))
		}
		for _, t := range p.Ties {
			r := relOut(t)
			r.ID, r.Role = "", ""
			pj.Rels = append(pj.Rels, r)
		}
		out.Paths = append(out.Paths, pj)
	}
	return out
}

func (a pathAnswer) cypher() string { return pathsCypher(a.paths) }

func (a pathAnswer) picture() picture {
	return picture{
		title:   fmt.Sprintf("%s from %s to %s", plural(len(a.paths), "path"), a.g.ShortName(a.from.ID), a.g.ShortName(a.to.ID)),
		summary: fmt.Sprintf("%s to %s, %s: each tie as the book states it, reference geography dashed.", a.from.Name, a.to.Name, hopRange(a.paths)),
		graph:   draw.Paths(a.g, a.paths),
		sources: a.citations().sources(a.g),
	}
}

func (a pathAnswer) text(w io.Writer) error {
	fmt.Fprintf(w, "%s from %s to %s (%s)\n", plural(len(a.paths), "path"), a.from.Name, a.to.Name, hopRange(a.paths))
	for i, p := range a.paths {
		var kinds []string
		if p.Reference() {
			kinds = append(kinds, "needs reference geography")
		}
		if p.Inferred() {
			kinds = append(kinds, "rests on an inferred tie")
		}
		kind := strings.Join(kinds, "; ")
		if kind == "" {
			kind = "book ties only"
		}
		fmt.Fprintf(w, "\n%d. [%s] ", i+1, kind)
		var names []string
		for _, n := range p.Nodes {
			names = append(names, n.Name)
		}
		fmt.Fprintln(w, strings.Join(names, " — "))
		for j, t := range p.Ties {
			x, y := p.Nodes[j], p.Nodes[j+1]
			arrow := fmt.Sprintf("%s -%s-> %s", x.Name, t.Type, y.Name)
			if t.From != x.ID {
				arrow = fmt.Sprintf("%s <-%s- %s", x.Name, t.Type, y.Name)
			}
			meta := strings.TrimSpace(t.DateText() + " " + t.Status)
			if meta != "" {
				meta = "  [" + meta + "]"
			}
			fmt.Fprintf(w, "   %s%s\n      %s\n", arrow, meta, evidence(t))
		}
	}
	a.citations().write(w, a.g)
	return nil
}
