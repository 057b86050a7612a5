package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/bcgraph/bcgraph/draw"
	"github.com/bcgraph/bcgraph/graph"
)

type partnersOptions struct {
	answering
	Name  string
	Query graph.PartnerOptions
	Vs    *graph.Window // a second period to compare with (--vs), or nil
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
			"Examples:\n   bcgraph partners \"Grodno Region\" --rollup\n   bcgraph partners BNTU --json\n" +
			"   bcgraph partners \"Grodno Region\" --rollup --until 2015 --vs 2016:   (new and lost partners)\n" +
			"   bcgraph partners \"Grodno Region\" --rollup --format svg > grodno.svg   (entity, agreements, counterparts)",
		Flags: flags([]cli.Flag{seedsFlag(), jsonFlag(), formatFlag(), sinceFlag(), untilFlag(),
			&cli.BoolFlag{Name: "rollup", Usage: "include the ties of everything located in NAME"},
			&cli.StringFlag{Name: "vs", Usage: "compare with a second period `SINCE:UNTIL` (e.g. 2016:2020): links per counterpart side by side", Category: "Filters"},
		}, backendFlags(), browseFlags()),
		Action: func(c *cli.Context) error {
			if err := nargs(c, 1, 1, "one NAME"); err != nil {
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
			opts.Name = c.Args().First()
			opts.Query = graph.PartnerOptions{Window: w, Rollup: c.Bool("rollup")}
			opts.Vs = nil
			if vs := c.String("vs"); vs != "" {
				v, err := parsePeriod(vs)
				if err != nil {
					return err
				}
				opts.Vs = &v
			}
			return runOr(c, runF, runPartners, opts)
		},
	}
}

func runPartners(ctx context.Context, opts *partnersOptions) error {
	g, e, err := opts.resolve(opts.Name)
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
	if opts.Vs != nil {
		later := opts.Query
		later.Window = *opts.Vs
		ps2, err := eng.Partners(ctx, e.ID, later)
		if err != nil {
			return err
		}
		return opts.Output.print(newPartnersChange(e, opts.Query.Window, *opts.Vs, ps, ps2))
	}
	return opts.Output.print(partnersAnswer{g, e, ps})
}

type partnersAnswer struct {
	g        *graph.Graph
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

func (a partnersAnswer) picture() picture {
	return picture{
		title:   "Partners of " + a.g.ShortName(a.entity.ID),
		summary: fmt.Sprintf("%s: %s, through the agreements, events and programs between (dates: the earliest tie).", a.entity.Name, plural(len(a.partners), "counterpart")),
		graph:   draw.Partners(a.g, a.entity, a.partners),
		sources: a.citations().sources(a.g),
	}
}

// domestic reports whether a partner is in the entity's own country: a link
// within Belarus (or within China) is not Belarus–China cooperation.
func (a partnersAnswer) domestic(p graph.Partner) bool {
	own := a.g.CountryOf(a.entity.ID)
	return own != "" && p.Country == own
}

func (a partnersAnswer) citations() *citations {
	var c citations
	for _, p := range a.partners {
		for _, l := range p.Links {
			if l.Via != nil {
				c.add(l.Via.AllFootnotes())
			}
			for _, t := range l.Ties {
				c.add(t.AllFootnotes())
			}
		}
	}
	return &c
}

type partnersJSON struct {
	Entity   entityJSON    `json:"entity"`
	Partners []partnerJSON `json:"partners"`
	Sources  []sourceJSON  `json:"sources"`
}

type partnerJSON struct {
	entityJSON
	Since    string     `json:"since,omitempty"`
	Domestic bool       `json:"domestic"`
	Links    []linkJSON `json:"links"`
}

type linkJSON struct {
	Date string        `json:"date,omitempty"`
	Via  *occasionJSON `json:"via,omitempty"`
	Rels []relJSON     `json:"rels"`
}

// occasionJSON is an agreement, event or program with its own evidence.
type occasionJSON struct {
	nodeRefJSON
	Date     string `json:"date,omitempty"`
	Status   string `json:"status,omitempty"`
	Quote    string `json:"quote,omitempty"`
	Footnote []int  `json:"footnote,omitempty"`
	Chapter  int    `json:"chapter,omitempty"`
	// Also lists the book's later statements of it.
	Also []evidenceJSON `json:"also,omitempty"`
}

func occasionOut(e *graph.Entity) occasionJSON {
	out := occasionJSON{nodeRefJSON: nodeRef(e), Date: e.DateSpan(), Status: e.Status,
		Quote: graph.NormalizeQuote(e.Quote), Footnote: e.Footnotes, Chapter: e.Chapter}
	for _, ev := range e.Also {
		out.Also = append(out.Also, evidenceOut(ev))
	}
	return out
}

func (a partnersAnswer) json() any {
	out := partnersJSON{Entity: entityOut(a.entity), Partners: []partnerJSON{}, Sources: a.citations().sources(a.g)}
	for _, p := range a.partners {
		pj := partnerJSON{entityJSON: entityOut(p.Entity), Since: p.Since.String(), Domestic: a.domestic(p)}
		pj.Country = p.Country
		for _, l := range p.Links {
			lj := linkJSON{Date: l.Date.String(), Rels: []relJSON{}}
			if l.Via != nil {
				v := occasionOut(l.Via)
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

// text lists the counterparts by country, the entity's own country last as
// domestic links, each link with what it is, its direction and role, its
// date and status, and the book's words.
func (a partnersAnswer) text(w io.Writer) error {
	var foreign, domestic []graph.Partner
	for _, p := range a.partners {
		if a.domestic(p) {
			domestic = append(domestic, p)
		} else {
			foreign = append(foreign, p)
		}
	}
	country := "\x00"
	for _, p := range foreign {
		if p.Country != country {
			country = p.Country
			fmt.Fprintf(w, "\n%s\n", countryHeading(country))
		}
		a.writePartner(w, p)
	}
	if len(domestic) > 0 {
		fmt.Fprintf(w, "\nWithin %s (domestic links, not international cooperation)\n", countryHeading(domestic[0].Country))
		for _, p := range domestic {
			a.writePartner(w, p)
		}
	}
	a.citations().write(w, a.g)
	return nil
}

func (a partnersAnswer) writePartner(w io.Writer, p graph.Partner) {
	fmt.Fprintf(w, "  %s (%s, %s)  since %s, %s\n", p.Entity.Name, p.Entity.Label, p.Entity.ID, orDash(p.Since.String()), plural(len(p.Links), "link"))
	for _, l := range p.Links {
		var quotes []graph.Evidence
		if l.Via != nil {
			head := "via " + l.Via.Name + " (" + l.Via.Label + ")"
			if l.Via.Status != "" {
				head += " [" + l.Via.Status + "]"
			}
			fmt.Fprintf(w, "    %-10s %s\n", orDash(l.Date.String()), head)
			var parties []string
			for _, t := range l.Ties {
				party := a.name(t.From) + " " + t.Type
				if t.Role != "" {
					party += " (" + t.Role + ")"
				}
				parties = append(parties, party)
			}
			fmt.Fprintf(w, "    %-10s parties: %s\n", "", strings.Join(parties, "; "))
			if l.Via.Quote != "" {
				quotes = append(quotes, l.Via.Quotes()...)
			}
		} else {
			fmt.Fprintf(w, "    %-10s %s\n", orDash(l.Date.String()), a.tieLine(l.Ties[0]))
		}
		var inferred []string
		for _, t := range l.Ties {
			quotes = append(quotes, t.Quotes()...)
			if t.Inferred {
				inferred = append(inferred, t.Note)
			}
		}
		seen := map[string]bool{}
		for _, q := range quotes {
			if q.Quote == "" || seen[q.Quote] {
				continue
			}
			seen[q.Quote] = true
			fmt.Fprintf(w, "    %-10s %s\n", "", quoted(q))
		}
		for _, note := range inferred {
			fmt.Fprintf(w, "    %-10s inferred: %s\n", "", note)
		}
	}
}

// tieLine renders a tie as "From -TYPE-> To (role) [status]".
func (a partnersAnswer) tieLine(t *graph.Tie) string {
	line := fmt.Sprintf("%s -%s-> %s", a.name(t.From), t.Type, a.name(t.To))
	if t.Role != "" {
		line += " (" + t.Role + ")"
	}
	if t.Status != "" {
		line += " [" + t.Status + "]"
	}
	return line
}

func (a partnersAnswer) name(id string) string {
	if e := a.g.Entity(id); e != nil {
		return e.Name
	}
	return id
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
