package main

import (
	"fmt"
	"io"

	"github.com/urfave/cli/v2"

	"github.com/bcgraph/bcgraph/graph"
)

func hubsCommand() *cli.Command {
	return &cli.Command{
		Name:  "hubs",
		Usage: "the most connected organizations (distinct counterparts, then links)",
		Description: "Organizations only: places, agreements, events and programs are left out of the rows\n" +
			"(agreements and events still connect their parties). Betweenness and PageRank are computed\n" +
			"as in 'bcgraph centrality --level entity'.\n\n" +
			"Examples:\n   bcgraph hubs\n   bcgraph hubs --limit 5 --json",
		Flags: append(withDataset(jsonFlag(), sinceFlag(), untilFlag(), &cli.IntFlag{Name: "limit", Value: 20, Usage: "show at most `N` rows (0: all)"}), backendFlags()...),
		Action: func(c *cli.Context) error {
			g, err := dataset(c, 0, 0, "no arguments")
			if err != nil {
				return err
			}
			w, err := window(c)
			if err != nil {
				return err
			}
			b, err := newBackend(c, g)
			if err != nil {
				return err
			}
			defer b.close()
			rows, err := b.hubs(w, c.Int("limit"))
			if err != nil {
				return err
			}
			return runCentrality(c.App.Writer, g, "entity", rows, c.Bool("json"))
		},
	}
}

func communitiesCommand() *cli.Command {
	return &cli.Command{
		Name:  "communities",
		Usage: "groups that cooperate mostly among themselves (Louvain, fixed seed)",
		Description: "Louvain modularity optimisation (gonum community.Modularize, resolution 1) on the whole tie\n" +
			"graph, agreements and events included, Belarus and China left out, isolated entities dropped.\n" +
			"The seed is fixed, so the same dataset always gives the same communities.\n\n" +
			"Examples:\n   bcgraph communities\n   bcgraph communities --members 0 --json",
		Flags: withDataset(jsonFlag(),
			&cli.IntFlag{Name: "members", Value: 8, Usage: "list at most `N` members per community (0: all)"},
			&cli.Int64Flag{Name: "seed", Value: graph.CommunitySeed, Usage: "Louvain's random `SEED`"}),
		Action: func(c *cli.Context) error {
			g, err := dataset(c, 0, 0, "no arguments")
			if err != nil {
				return err
			}
			return runCommunities(c.App.Writer, g, c.Int64("seed"), c.Int("members"), c.Bool("json"))
		},
	}
}

type communitiesJSON struct {
	Modularity  float64         `json:"modularity"`
	Seed        int64           `json:"seed"`
	Communities []communityJSON `json:"communities"`
}

type communityJSON struct {
	ID      int           `json:"id"`
	Size    int           `json:"size"`
	Members []nodeRefJSON `json:"members"`
}

func runCommunities(w io.Writer, g *graph.Graph, seed int64, members int, asJSON bool) error {
	comms, q := g.Communities(seed)
	out := communitiesJSON{Modularity: round(q, 9), Seed: seed, Communities: []communityJSON{}}
	for i, c := range comms {
		cj := communityJSON{ID: i + 1, Size: len(c.Members), Members: []nodeRefJSON{}}
		for j, m := range c.Members {
			if members > 0 && j >= members {
				break
			}
			cj.Members = append(cj.Members, nodeRef(m))
		}
		out.Communities = append(out.Communities, cj)
	}
	if asJSON {
		return writeJSON(w, out)
	}
	fmt.Fprintf(w, "%s, modularity %.3f (seed %d)\n", plural(len(comms), "community"), q, seed)
	for _, c := range out.Communities {
		fmt.Fprintf(w, "\n%d. %s\n", c.ID, plural(c.Size, "member"))
		for _, m := range c.Members {
			fmt.Fprintf(w, "   %s (%s)\n", m.Name, m.Labels[0])
		}
		if len(c.Members) < c.Size {
			fmt.Fprintf(w, "   … and %d more\n", c.Size-len(c.Members))
		}
	}
	return nil
}

func statsCommand() *cli.Command {
	return &cli.Command{
		Name:        "stats",
		Usage:       "counts by label and tie type; book facts against reference facts; dated against undated",
		Description: "Example:\n   bcgraph stats --json",
		Flags:       append(withDataset(jsonFlag()), backendFlags()...),
		Action: func(c *cli.Context) error {
			g, err := dataset(c, 0, 0, "no arguments")
			if err != nil {
				return err
			}
			b, err := newBackend(c, g)
			if err != nil {
				return err
			}
			defer b.close()
			s, err := b.stats()
			if err != nil {
				return err
			}
			return runStats(c.App.Writer, s, c.Bool("json"))
		},
	}
}

type statsJSON struct {
	Entities  int            `json:"entities"`
	Ties      int            `json:"ties"`
	Sources   int            `json:"sources"`
	ByLabel   map[string]int `json:"by_label"`
	ByType    map[string]int `json:"by_type"`
	BookTies  int            `json:"book_ties"`
	RefTies   int            `json:"reference_ties"`
	Dated     int            `json:"dated_ties"`
	Undated   int            `json:"undated_ties"`
	ByChapter map[string]int `json:"book_ties_by_chapter"`
}

func runStats(w io.Writer, s graph.Stats, asJSON bool) error {
	if asJSON {
		ch := map[string]int{}
		for k, v := range s.ByChapter {
			ch[fmt.Sprint(k)] = v
		}
		return writeJSON(w, statsJSON{s.Entities, s.Ties, s.Sources, s.ByLabel, s.ByType, s.BookTies, s.RefTies, s.Dated, s.Undated, ch})
	}
	fmt.Fprintf(w, "%s, %s, %s\n", plural(s.Entities, "entity"), plural(s.Ties, "tie"), plural(s.Sources, "source"))
	fmt.Fprintf(w, "ties: %d from the book (quoted), %d reference geography; %d dated, %d undated\n\n", s.BookTies, s.RefTies, s.Dated, s.Undated)
	t := newTable(w, "LABEL", "ENTITIES")
	for _, l := range graph.SortedLabels(s.ByLabel) {
		t.row(l, fmt.Sprint(s.ByLabel[l]))
	}
	if err := t.flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	t = newTable(w, "TIE TYPE", "TIES")
	for _, typ := range graph.TieTypes {
		if n := s.ByType[typ]; n > 0 {
			t.row(typ, fmt.Sprint(n))
		}
	}
	if err := t.flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	t = newTable(w, "CHAPTER", "BOOK TIES")
	for ch := 1; ch <= 5; ch++ {
		t.row(fmt.Sprint(ch), fmt.Sprint(s.ByChapter[ch]))
	}
	return t.flush()
}
