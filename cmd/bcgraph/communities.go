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

type communitiesOptions struct {
	answering
	Seed    int64
	Members int // members listed per community; 0: all
}

func newCommunitiesCommand(f *factory, runF func(context.Context, *communitiesOptions) error) *cli.Command {
	opts := &communitiesOptions{}
	return &cli.Command{
		Name:  "communities",
		Usage: "groups that cooperate mostly among themselves (Louvain, fixed seed)",
		Description: "Louvain modularity optimisation (gonum community.Modularize, resolution 1) on the whole tie\n" +
			"graph, agreements and events included, Belarus and China left out, isolated entities dropped.\n" +
			"The seed is fixed, so the same dataset always gives the same communities.\n\n" +
			"Examples:\n   bcgraph communities\n   bcgraph communities --members 0 --json",
		Flags: []cli.Flag{seedsFlag(), jsonFlag(),
			&cli.IntFlag{Name: "members", Value: 8, Usage: "list at most `N` members per community (0: all)"},
			&cli.Int64Flag{Name: "seed", Value: graph.CommunitySeed, Usage: "Louvain's random `SEED`"}},
		Action: func(c *cli.Context) error {
			if err := nargs(c, 0, 0, "no arguments"); err != nil {
				return err
			}
			opts.answering = f.answering(c)

			opts.Seed, opts.Members = c.Int64("seed"), c.Int("members")
			return runOr(c, runF, runCommunities, opts)
		},
	}
}

func runCommunities(ctx context.Context, opts *communitiesOptions) error {
	g, err := opts.Dataset()
	if err != nil {
		return err
	}
	comms, q, err := g.Communities(ctx, opts.Seed)
	if err != nil {
		return err
	}
	out := communitiesJSON{Modularity: round(q, 9), Seed: opts.Seed, Communities: []communityJSON{}}
	for i, c := range comms {
		cj := communityJSON{ID: i + 1, Size: len(c.Members), Members: []nodeRefJSON{}, Units: unitsOf(g, c.Members)}
		for j, m := range c.Members {
			if opts.Members > 0 && j >= opts.Members {
				break
			}
			cj.Members = append(cj.Members, nodeRef(m))
		}
		out.Communities = append(out.Communities, cj)
	}
	return opts.Output.print(communitiesAnswer{out, q})
}

type communitiesAnswer struct {
	out communitiesJSON
	q   float64 // unrounded, for the table
}

type communitiesJSON struct {
	Modularity  float64         `json:"modularity"`
	Seed        int64           `json:"seed"`
	Communities []communityJSON `json:"communities"`
}

type communityJSON struct {
	ID      int           `json:"id"`
	Size    int           `json:"size"`
	Members []nodeRefJSON `json:"members"` // most connected first
	Units   []unitCount   `json:"units"`   // the provinces and regions its members lie in, most first
}

// unitCount is how many members of a community lie in one province-level unit.
type unitCount struct {
	nodeRefJSON
	Members int `json:"members"`
}

// unitsOf counts a community's members by province-level unit (a Chinese
// province, a Belarusian region, Minsk), most first: what the group is "about".
func unitsOf(g *graph.Graph, members []*graph.Entity) []unitCount {
	count := map[string]int{}
	var order []*graph.Entity
	for _, m := range members {
		if u := g.Unit(m.ID); u != nil {
			if count[u.ID] == 0 {
				order = append(order, u)
			}
			count[u.ID]++
		}
	}
	out := make([]unitCount, 0, len(order))
	for _, u := range order {
		out = append(out, unitCount{nodeRef(u), count[u.ID]})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Members > out[j].Members })
	return out
}

func (a communitiesAnswer) json() any { return a.out }

func (a communitiesAnswer) text(w io.Writer) error {
	fmt.Fprintf(w, "%s, modularity %.3f (seed %d)\n", plural(len(a.out.Communities), "community"), a.q, a.out.Seed)
	for _, c := range a.out.Communities {
		var lead []string
		for _, m := range c.Members[:min(3, len(c.Members))] {
			lead = append(lead, m.Name)
		}
		fmt.Fprintf(w, "\n%d. %s — %s", c.ID, strings.Join(lead, ", "), plural(c.Size, "member"))
		var where []string
		for _, u := range c.Units[:min(2, len(c.Units))] {
			where = append(where, fmt.Sprintf("%s (%d)", u.Name, u.Members))
		}
		if len(where) > 0 {
			fmt.Fprintf(w, ", most in %s", strings.Join(where, ", then "))
		}
		fmt.Fprintln(w)
		for _, m := range c.Members {
			fmt.Fprintf(w, "   %s (%s)\n", m.Name, m.Labels[0])
		}
		if len(c.Members) < c.Size {
			fmt.Fprintf(w, "   … and %d more\n", c.Size-len(c.Members))
		}
	}
	return nil
}
