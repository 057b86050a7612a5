package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/bcgraph/bcgraph/graph"
)

func showCommand() *cli.Command {
	return &cli.Command{
		Name:      "show",
		Usage:     "one entity: names, aliases, location, and every tie with date, status, quote and source",
		ArgsUsage: "NAME",
		Description: "Examples:\n   bcgraph show BNTU\n   bcgraph show \"Great Stone\"   (ambiguous: lists the candidates)\n" +
			"   bcgraph show great-stone-park --json",
		Flags: append(append(withDataset(jsonFlag()), browseFlags()...), neo4jFlags()...),
		Action: func(c *cli.Context) error {
			g, err := dataset(c, 1, 1, "one NAME")
			if err != nil {
				return err
			}
			e, err := resolve(g, c.Args().First())
			if err != nil {
				return err
			}
			if c.Bool("browse") {
				return browse(c, showCypher(e))
			}
			return runShow(c.App.Writer, g, e, c.Bool("json"))
		},
	}
}

type showJSON struct {
	Entity   entityJSON     `json:"entity"`
	Props    map[string]any `json:"props"`
	Location []nodeRefJSON  `json:"location"`
	Ties     []showTieJSON  `json:"ties"`
	Sources  []sourceJSON   `json:"sources"`
}

type showTieJSON struct {
	relJSON
	Other nodeRefJSON `json:"other"`
}

type sourceJSON struct {
	N      int    `json:"n"`
	Title  string `json:"title"`
	Author string `json:"author,omitempty"`
	Year   int    `json:"year,omitempty"`
	URL    string `json:"url,omitempty"`
}

func runShow(w io.Writer, g *graph.Graph, e *graph.Entity, asJSON bool) error {
	ties := g.TiesOf(e.ID)
	cited := map[int]bool{}
	var fns []int
	cite := func(ns []int) {
		for _, n := range ns {
			if !cited[n] {
				cited[n] = true
				fns = append(fns, n)
			}
		}
	}
	cite(e.Footnotes)
	for _, t := range ties {
		cite(t.Footnotes)
	}
	chain := g.LocationChain(e.ID)
	if asJSON {
		out := showJSON{Entity: entityOut(e), Props: graph.NodeProps(e), Location: []nodeRefJSON{}, Ties: []showTieJSON{}, Sources: []sourceJSON{}}
		for _, a := range chain {
			out.Location = append(out.Location, nodeRef(a))
		}
		for _, t := range ties {
			out.Ties = append(out.Ties, showTieJSON{relOut(t), nodeRef(g.Entity(t.Other(e.ID)))})
		}
		for _, n := range fns {
			if s := g.Sources[n]; s != nil {
				out.Sources = append(out.Sources, sourceJSON{s.N, s.Title, s.Author, s.Year, s.URL})
			}
		}
		return writeJSON(w, out)
	}
	fmt.Fprintf(w, "%s  [%s, %s]\n", e.Name, e.Label, e.ID)
	if e.Country != "" {
		fmt.Fprintf(w, "  country:  %s\n", e.Country)
	}
	if len(e.Aliases) > 0 {
		fmt.Fprintf(w, "  aliases:  %s\n", strings.Join(e.Aliases, "; "))
	}
	if len(e.Ambiguous) > 0 {
		fmt.Fprintf(w, "  ambiguous names: %s\n", strings.Join(e.Ambiguous, "; "))
	}
	if e.RU != "" {
		fmt.Fprintf(w, "  russian:  %s\n", e.RU)
	}
	if e.ZH != "" {
		fmt.Fprintf(w, "  chinese:  %s\n", e.ZH)
	}
	if len(chain) > 0 {
		var names []string
		for _, a := range chain {
			names = append(names, a.Name)
		}
		fmt.Fprintf(w, "  located:  %s\n", strings.Join(names, " > "))
	}
	if !e.Date.IsZero() || e.Status != "" {
		fmt.Fprintf(w, "  date:     %s %s\n", orDash(e.Date.String()), e.Status)
	}
	if e.Quote != "" {
		fmt.Fprintf(w, "  evidence: %q (fn %s, ch. %d)\n", e.Quote, footnotes(e.Footnotes), e.Chapter)
	}
	if e.Note != "" {
		fmt.Fprintf(w, "  note:     %s\n", e.Note)
	}
	fmt.Fprintf(w, "\n%s:\n", plural(len(ties), "tie"))
	for _, t := range ties {
		other := g.Entity(t.Other(e.ID))
		arrow := "->"
		if t.To == e.ID {
			arrow = "<-"
		}
		head := fmt.Sprintf("  %s %s %s (%s)", arrow, t.Type, other.Name, other.ID)
		if !t.Date.IsZero() {
			head += "  " + t.Date.String()
		}
		if t.Status != "" {
			head += "  " + t.Status
		}
		if t.Role != "" {
			head += "  role: " + t.Role
		}
		fmt.Fprintln(w, head)
		fmt.Fprintf(w, "       %s\n", evidence(g, t))
	}
	if len(fns) > 0 {
		fmt.Fprintln(w, "\nsources:")
		for _, n := range fns {
			fmt.Fprintf(w, "  %s\n", sourceLine(g, n))
		}
	}
	return nil
}
