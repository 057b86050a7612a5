package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/bcgraph/bcgraph/graph"
)

type partnersOptions struct {
	answering
	Name  string
	Query graph.PartnerOptions
}

func newPartnersCommand(f *factory, runF func(context.Context, *partnersOptions) error) *cli.Command {
	opts := &partnersOptions{}
	return &cli.Command{
		Name:      "partners",
		Usage:     "an entity's direct counterparts, with dates, grouped by the other country",
		ArgsUsage: "NAME",
		Description: "Counterparts are the other parties of its agreements, events and programs, and the other\n" +
			"ends of its direct ties (cooperation, twinning, founding, investment, supply...). For a place,\n" +
			"--rollup also counts everything located in it (its cities, districts and organizations).\n" +
			"\"since\" is the earliest dated link.\n\n" +
			"Examples:\n   bcgraph partners \"Grodno Region\" --rollup\n   bcgraph partners BNTU --json",
		Flags: flags([]cli.Flag{seedsFlag(), jsonFlag(), sinceFlag(), untilFlag(),
			&cli.BoolFlag{Name: "rollup", Usage: "include the ties of everything located in NAME"},
		}, backendFlags(), browseFlags()),
		Action: func(c *cli.Context) error {
			if err := nargs(c, 1, 1, "one NAME"); err != nil {
				return err
			}
			w, err := window(c)
			if err != nil {
				return err
			}
			opts.answering = f.answering(c)
			opts.Name = c.Args().First()
			opts.Query = graph.PartnerOptions{Window: w, Rollup: c.Bool("rollup")}
			return runOr(c, runF, runPartners, opts)
		},
	}
}

func runPartners(ctx context.Context, opts *partnersOptions) error {
	_, e, err := opts.resolve(opts.Name)
	if err != nil {
		return err
	}
	eng, err := opts.Engine(ctx)
	if err != nil {
		return err
	}
	ps, err := eng.Partners(ctx, e.ID, opts.Query)
	if err != nil {
		return err
	}
	return opts.Output.print(partnersAnswer{e, ps})
}

type partnersAnswer struct {
	entity   *graph.Entity
	partners []graph.Partner
}

func (a partnersAnswer) empty() error {
	if len(a.partners) == 0 {
		return &noResult{fmt.Sprintf("%s has no counterparts in the dataset with these filters", a.entity.Name)}
	}
	return nil
}

func (a partnersAnswer) cypher() string { return partnersCypher(a.partners) }

type partnersJSON struct {
	Entity   entityJSON    `json:"entity"`
	Partners []partnerJSON `json:"partners"`
}

type partnerJSON struct {
	entityJSON
	Since string     `json:"since,omitempty"`
	Links []linkJSON `json:"links"`
}

type linkJSON struct {
	Date string       `json:"date,omitempty"`
	Via  *nodeRefJSON `json:"via,omitempty"`
	Rels []relJSON    `json:"rels"`
}

func (a partnersAnswer) json() any {
	out := partnersJSON{Entity: entityOut(a.entity), Partners: []partnerJSON{}}
	for _, p := range a.partners {
		pj := partnerJSON{entityJSON: entityOut(p.Entity), Since: p.Since.String()}
		pj.Country = p.Country
		for _, l := range p.Links {
			lj := linkJSON{Date: l.Date.String()}
			if l.Via != nil {
				v := nodeRef(l.Via)
				lj.Via = &v
			}
			for _, t := range l.Ties {
				lj.Rels = append(lj.Rels, relOut(t))
			}
			pj.Links = append(pj.Links, lj)
		}
		out.Partners = append(out.Partners, pj)
	}
	return out
}

func (a partnersAnswer) text(w io.Writer) error {
	country := "\x00"
	for _, p := range a.partners {
		if p.Country != country {
			country = p.Country
			fmt.Fprintf(w, "\n%s\n", countryHeading(country))
		}
		fmt.Fprintf(w, "  %s (%s, %s)  since %s, %s\n", p.Entity.Name, p.Entity.Label, p.Entity.ID, orDash(p.Since.String()), plural(len(p.Links), "link"))
		for _, l := range p.Links {
			how := l.Ties[0].Type
			if l.Via != nil {
				how = "via " + l.Via.Name
			}
			var ev []string
			for _, t := range l.Ties {
				if len(t.Footnotes) > 0 {
					ev = append(ev, "fn "+footnotes(t.Footnotes))
				}
			}
			fmt.Fprintf(w, "    %-7s %s", orDash(l.Date.String()), how)
			if len(ev) > 0 {
				fmt.Fprintf(w, "  (%s)", strings.Join(dedupe(ev), "; "))
			}
			fmt.Fprintln(w)
		}
	}
	return nil
}

func countryHeading(code string) string {
	switch code {
	case "BY":
		return "Belarus (BY)"
	case "CN":
		return "China (CN)"
	case "":
		return "Bilateral or international"
	}
	return code
}

func dedupe(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
