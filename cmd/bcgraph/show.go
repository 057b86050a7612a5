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

type showOptions struct {
	answering
	Name string
}

func newShowCommand(f *factory, runF func(context.Context, *showOptions) error) *cli.Command {
	opts := &showOptions{}
	return &cli.Command{
		Name:      "show",
		Usage:     "one entity: names, aliases, location, and every tie with date, status, quote and source",
		ArgsUsage: "NAME",
		Description: "Examples:\n   bcgraph show BNTU\n   bcgraph show \"Great Stone\"   (ambiguous: lists the candidates)\n" +
			"   bcgraph show great-stone-park --json\n   bcgraph show BNTU --format html > bntu.html   (its ties drawn, with the sources)",
		Flags: flags([]cli.Flag{seedsFlag(), jsonFlag(), formatFlag()}, browseFlags(), neo4jFlags()),
		Action: func(c *cli.Context) error {
			if err := nargs(c, 1, 1, "one NAME"); err != nil {
				return err
			}
			if err := checkFormat(c); err != nil {
				return err
			}
			opts.answering = f.answering(c)
			opts.Name = c.Args().First()
			return runOr(c, runF, runShow, opts)
		},
	}
}

func runShow(_ context.Context, opts *showOptions) error {
	g, e, err := opts.resolve(opts.Name)
	var nerr *graph.NameError
	if errors.As(err, &nerr) && errors.Is(err, graph.ErrAmbiguous) && opts.Output.format == formatTable {
		// An ambiguous name is no dead end: list each meaning with the id to use.
		fmt.Fprintf(opts.IO.Out, "%q names %s; show one by its id:\n", opts.Name, plural(len(nerr.Candidates), "entity"))
		for _, c := range nerr.Candidates {
			fmt.Fprintf(opts.IO.Out, "  bcgraph show %-40s %s\n", c.Entity.ID, c.Card)
		}
	}
	if err != nil {
		return err
	}
	return opts.Output.print(showAnswer{g, e})
}

type showAnswer struct {
	g *graph.Graph
	e *graph.Entity
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

func (a showAnswer) cypher() string { return showCypher(a.e) }

func (a showAnswer) picture() picture {
	return picture{
		title:   a.e.Name,
		summary: fmt.Sprintf("%s (%s): %s, as the book states them; reference geography dashed.", a.g.ShortName(a.e.ID), a.e.Label, plural(len(a.g.TiesOf(a.e.ID)), "tie")),
		graph:   draw.Neighbourhood(a.g, a.e),
		sources: a.citations().sources(a.g),
	}
}

func (a showAnswer) citations() *citations {
	var c citations
	c.add(a.e.AllFootnotes())
	for _, t := range a.g.TiesOf(a.e.ID) {
		c.add(t.AllFootnotes())
	}
	return &c
}

func (a showAnswer) json() any {
	g, e := a.g, a.e
	out := showJSON{Entity: entityOut(e), Props: g.NodeProps(e), Location: []nodeRefJSON{}, Ties: []showTieJSON{},
		Sources: a.citations().sources(g)}
	for _, x := range g.LocationChain(e.ID) {
		out.Location = append(out.Location, nodeRef(x))
	}
	for _, t := range g.TiesOf(e.ID) {
		out.Ties = append(out.Ties, showTieJSON{relOut(t), nodeRef(g.Entity(t.Other(e.ID)))})
	}
	return out
}

func (a showAnswer) text(w io.Writer) error {
	g, e := a.g, a.e
	ties := g.TiesOf(e.ID)
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
	if chain := g.LocationChain(e.ID); len(chain) > 0 {
		var names []string
		for _, x := range chain {
			names = append(names, x.Name)
		}
		fmt.Fprintf(w, "  located:  %s\n", strings.Join(names, " > "))
	}
	if !e.Date.IsZero() || e.Status != "" {
		fmt.Fprintf(w, "  date:     %s %s\n", orDash(e.DateText()), e.Status)
	}
	if !g.InBook(e.ID) {
		fmt.Fprintf(w, "  not mentioned in the book: only reference geography places it\n")
	}
	if e.Quote != "" || e.Inferred {
		fmt.Fprintf(w, "  evidence: %s\n", statements(e.Quotes(), e.Inferred, e.Note))
	}
	if e.Note != "" && !e.Inferred {
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
			head += "  " + t.DateText()
		}
		if t.Status != "" {
			head += "  " + t.Status
		}
		if t.Role != "" {
			head += "  role: " + t.Role
		}
		fmt.Fprintln(w, head)
		fmt.Fprintf(w, "       %s\n", evidence(t))
	}
	a.citations().write(w, g)
	return nil
}
