package main

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/bcgraph/bcgraph/graph"
)

type compareOptions struct {
	answering
	Names  [2]string
	Window graph.Window
	Rollup bool
}

func newCompareCommand(f *factory, runF func(context.Context, *compareOptions) error) *cli.Command {
	opts := &compareOptions{}
	return &cli.Command{
		Name:      "compare",
		Usage:     "two entities side by side: their counterparts (shared and their own), ties by type, timelines",
		ArgsUsage: "A B",
		Description: "Counterparts are as in 'bcgraph partners' (with --rollup, the default, a place counts what lies\n" +
			"in it); ties by type count the cooperation ties the book states with an end in each (structural\n" +
			"ties and reference geography left out); the timeline counts their agreements and events by year.\n\n" +
			"Examples:\n   bcgraph compare \"Minsk Region\" \"Brest Region\"\n   bcgraph compare BNTU BSU --since 2015 --json",
		Flags: flags([]cli.Flag{seedsFlag(), jsonFlag(), sinceFlag(), untilFlag(),
			&cli.BoolFlag{Name: "rollup", Value: true, Usage: "count what lies in a place (--rollup=false: only the entity itself)"},
		}, backendFlags()),
		Action: func(c *cli.Context) error {
			if err := nargs(c, 2, 2, "two names A and B"); err != nil {
				return err
			}
			w, err := window(c)
			if err != nil {
				return err
			}
			opts.answering = f.answering(c)
			opts.Names, opts.Window, opts.Rollup = [2]string{c.Args().Get(0), c.Args().Get(1)}, w, c.Bool("rollup")
			return runOr(c, runF, runCompare, opts)
		},
	}
}

// side is what compare found for one entity.
type side struct {
	entity   *graph.Entity
	partners []graph.Partner
	byType   map[string]int
	byYear   map[int]int
}

func runCompare(ctx context.Context, opts *compareOptions) error {
	eng, err := opts.Engine(ctx)
	if err != nil {
		return err
	}
	var sides [2]side
	for i, name := range opts.Names {
		_, e, err := opts.resolve(name)
		if err != nil {
			return err
		}
		s := side{entity: e, byType: map[string]int{}, byYear: map[int]int{}}
		if s.partners, err = eng.Partners(ctx, e.ID, graph.PartnerOptions{Window: opts.Window, Rollup: opts.Rollup}); err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, f := range []graph.TieFilter{{From: e.ID}, {To: e.ID}} {
			f.Window, f.BookOnly = opts.Window, true
			if !opts.Rollup {
				f.From, f.To = "", ""
			}
			ts, err := eng.Facts(ctx, f)
			if err != nil {
				return err
			}
			for _, t := range ts {
				if seen[t.ID] || graph.IsStructural(t.Type) || (!opts.Rollup && t.From != e.ID && t.To != e.ID) {
					continue
				}
				seen[t.ID] = true
				s.byType[t.Type]++
			}
		}
		items, err := eng.Timeline(ctx, e.ID, opts.Window)
		if err != nil {
			return err
		}
		for _, it := range items {
			s.byYear[it.Date.Year]++
		}
		sides[i] = s
	}
	if sides[0].entity.ID == sides[1].entity.ID {
		return usagef("compare takes two different entities (both names mean %s)", sides[0].entity.Name)
	}
	return opts.Output.print(compareAnswer{sides, opts.Window})
}

type compareAnswer struct {
	sides  [2]side
	window graph.Window
}

// split sorts the counterparts into shared and each side's own.
func (a compareAnswer) split() (shared []*graph.Entity, own [2][]*graph.Entity) {
	in := [2]map[string]bool{{}, {}}
	for i, s := range a.sides {
		for _, p := range s.partners {
			in[i][p.Entity.ID] = true
		}
	}
	for i, s := range a.sides {
		for _, p := range s.partners {
			switch {
			case in[1-i][p.Entity.ID] && i == 0:
				shared = append(shared, p.Entity)
			case !in[1-i][p.Entity.ID]:
				own[i] = append(own[i], p.Entity)
			}
		}
	}
	return shared, own
}

type compareJSON struct {
	Period periodJSON        `json:"period"`
	Sides  [2]compareSide    `json:"sides"`
	Shared []nodeRefJSON     `json:"shared_partners"`
	ByType map[string][2]int `json:"ties_by_type"`
	ByYear map[string][2]int `json:"timeline_by_year"`
}

type compareSide struct {
	Entity   entityJSON    `json:"entity"`
	Partners int           `json:"partners"`
	Own      []nodeRefJSON `json:"own_partners"`
}

func refs(es []*graph.Entity) []nodeRefJSON {
	out := []nodeRefJSON{}
	for _, e := range es {
		out = append(out, nodeRef(e))
	}
	return out
}

func (a compareAnswer) json() any {
	shared, own := a.split()
	out := compareJSON{Period: periodOut(a.window), Shared: refs(shared), ByType: map[string][2]int{}, ByYear: map[string][2]int{}}
	for i, s := range a.sides {
		out.Sides[i] = compareSide{Entity: entityOut(s.entity), Partners: len(s.partners), Own: refs(own[i])}
		for typ, n := range s.byType {
			v := out.ByType[typ]
			v[i] = n
			out.ByType[typ] = v
		}
		for y, n := range s.byYear {
			v := out.ByYear[fmt.Sprint(y)]
			v[i] = n
			out.ByYear[fmt.Sprint(y)] = v
		}
	}
	return out
}

func names(es []*graph.Entity) string {
	if len(es) == 0 {
		return "-"
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name)
	}
	return strings.Join(out, "; ")
}

func (a compareAnswer) text(w io.Writer) error {
	x, y := a.sides[0], a.sides[1]
	shared, own := a.split()
	fmt.Fprintf(w, "%s and %s (%s)\n\n", x.entity.Name, y.entity.Name, periodName(a.window))
	fmt.Fprintf(w, "counterparts: %d and %d, %d shared\n", len(x.partners), len(y.partners), len(shared))
	fmt.Fprintf(w, "  shared:          %s\n", names(shared))
	fmt.Fprintf(w, "  only %s: %s\n", x.entity.Name, names(own[0]))
	fmt.Fprintf(w, "  only %s: %s\n\n", y.entity.Name, names(own[1]))
	t := newTable(w, "TIES BY TYPE", x.entity.Name, y.entity.Name)
	for _, typ := range graph.TieTypes() {
		if x.byType[typ]+y.byType[typ] > 0 {
			t.row(typ, fmt.Sprint(x.byType[typ]), fmt.Sprint(y.byType[typ]))
		}
	}
	if err := t.flush(); err != nil {
		return err
	}
	var years []int
	for yr := range x.byYear {
		years = append(years, yr)
	}
	for yr := range y.byYear {
		if x.byYear[yr] == 0 {
			years = append(years, yr)
		}
	}
	sort.Ints(years)
	fmt.Fprintln(w)
	t = newTable(w, "AGREEMENTS AND EVENTS", x.entity.Name, y.entity.Name)
	for _, yr := range years {
		t.row(fmt.Sprint(yr), fmt.Sprint(x.byYear[yr]), fmt.Sprint(y.byYear[yr]))
	}
	return t.flush()
}
