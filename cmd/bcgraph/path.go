package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/bcgraph/bcgraph/graph"
)

func pathCommand() *cli.Command {
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
			"   bcgraph path Grodno-Region Gansu --since 2015 --exclude Program",
		Flags: append(withDataset(jsonFlag(), sinceFlag(), untilFlag(),
			&cli.IntFlag{Name: "max-hops", Usage: "no path longer than `N` ties", Category: "Filters"},
			&cli.IntFlag{Name: "k", Usage: "the `K` shortest loopless paths (Yen) instead of all shortest ones"},
			&cli.StringSliceFlag{Name: "exclude", Usage: "avoid an entity or every entity of a label (`NAME|LABEL`, repeatable)", Category: "Filters"},
			&cli.BoolFlag{Name: "include-countries", Usage: "allow paths through Belarus and China", Category: "Filters"},
			&cli.BoolFlag{Name: "book-only", Usage: "use only ties the book states (no reference geography)", Category: "Filters"},
		), append(backendFlags(), browseFlags()...)...),
		Action: func(c *cli.Context) error {
			g, err := dataset(c, 2, 2, "FROM and TO (quote names with spaces)")
			if err != nil {
				return err
			}
			opt, from, to, err := pathOptions(c, g)
			if err != nil {
				return err
			}
			b, err := newBackend(c, g)
			if err != nil {
				return err
			}
			defer b.close()
			if c.Bool("browse") {
				paths, err := b.paths(from.ID, to.ID, opt)
				if err != nil {
					return pathError(err, from, to, opt)
				}
				return browse(c, pathsCypher(paths))
			}
			return runPath(c.App.Writer, g, b, from, to, opt, c.Bool("json"))
		},
	}
}

func pathOptions(c *cli.Context, g *graph.Graph) (graph.PathOptions, *graph.Entity, *graph.Entity, error) {
	var opt graph.PathOptions
	from, err := resolve(g, c.Args().Get(0))
	if err != nil {
		return opt, nil, nil, err
	}
	to, err := resolve(g, c.Args().Get(1))
	if err != nil {
		return opt, nil, nil, err
	}
	if opt.Window, err = window(c); err != nil {
		return opt, nil, nil, err
	}
	opt.MaxHops, opt.K, opt.BookOnly = c.Int("max-hops"), c.Int("k"), c.Bool("book-only")
	if opt.MaxHops < 0 || opt.K < 0 {
		return opt, nil, nil, usagef("--max-hops and --k must not be negative")
	}
	if !c.Bool("include-countries") {
		opt.Exclude = append(opt.Exclude, graph.DefaultExcluded...)
	}
	for _, x := range c.StringSlice("exclude") {
		if l := labelNamed(x); l != "" {
			opt.Exclude = append(opt.Exclude, l)
			continue
		}
		e, err := resolve(g, x)
		if err != nil {
			return opt, nil, nil, fmt.Errorf("--exclude: %w", err)
		}
		opt.Exclude = append(opt.Exclude, e.ID)
	}
	return opt, from, to, nil
}

// labelNamed returns the label spelled by s (any case), or "".
func labelNamed(s string) string {
	for _, l := range graph.Labels {
		if strings.EqualFold(l, s) {
			return l
		}
	}
	return ""
}

func pathError(err error, from, to *graph.Entity, opt graph.PathOptions) error {
	if !errors.Is(err, graph.ErrNoPath) {
		return err
	}
	limits := ""
	if opt.MaxHops > 0 {
		limits = fmt.Sprintf(" within %d hops", opt.MaxHops)
	}
	return &noResult{fmt.Sprintf("no path from %s to %s%s with these filters", from.Name, to.Name, limits)}
}

type pathsJSON struct {
	From  entityJSON `json:"from"`
	To    entityJSON `json:"to"`
	Paths []pathJSON `json:"paths"`
}

type pathJSON struct {
	Hops  int           `json:"hops"`
	Nodes []nodeRefJSON `json:"nodes"`
	Rels  []relJSON     `json:"rels"`
}

func runPath(w io.Writer, g *graph.Graph, b *backend, from, to *graph.Entity, opt graph.PathOptions, asJSON bool) error {
	paths, err := b.paths(from.ID, to.ID, opt)
	if err != nil {
		return pathError(err, from, to, opt)
	}
	if asJSON {
		out := pathsJSON{From: entityOut(from), To: entityOut(to)}
		for _, p := range paths {
			pj := pathJSON{Hops: p.Hops(), Nodes: []nodeRefJSON{}, Rels: []relJSON{}}
			for _, n := range p.Nodes {
				pj.Nodes = append(pj.Nodes, nodeRef(n))
			}
			for _, t := range p.Ties {
				r := relOut(t)
				r.ID, r.Chapter, r.Role = "", 0, ""
				pj.Rels = append(pj.Rels, r)
			}
			out.Paths = append(out.Paths, pj)
		}
		return writeJSON(w, out)
	}
	fmt.Fprintf(w, "%s from %s to %s (%s each)\n", plural(len(paths), "path"), from.Name, to.Name, plural(paths[0].Hops(), "hop"))
	cited := map[int]bool{}
	var fns []int
	for i, p := range paths {
		fmt.Fprintf(w, "\n%d. ", i+1)
		var names []string
		for _, n := range p.Nodes {
			names = append(names, n.Name)
		}
		fmt.Fprintln(w, strings.Join(names, " — "))
		for j, t := range p.Ties {
			a, b := p.Nodes[j], p.Nodes[j+1]
			arrow := fmt.Sprintf("%s -%s-> %s", a.Name, t.Type, b.Name)
			if t.From != a.ID {
				arrow = fmt.Sprintf("%s <-%s- %s", a.Name, t.Type, b.Name)
			}
			meta := strings.TrimSpace(t.Date.String() + " " + t.Status)
			if meta != "" {
				meta = "  [" + meta + "]"
			}
			fmt.Fprintf(w, "   %s%s\n      %s\n", arrow, meta, evidence(g, t))
			for _, n := range t.Footnotes {
				if !cited[n] {
					cited[n] = true
					fns = append(fns, n)
				}
			}
		}
	}
	if len(fns) > 0 {
		fmt.Fprintln(w, "\nsources:")
		for _, n := range fns {
			fmt.Fprintf(w, "  %s\n", sourceLine(g, n))
		}
	}
	return nil
}
