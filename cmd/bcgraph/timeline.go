package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/bcgraph/bcgraph/graph"
)

type timelineOptions struct {
	answering
	Name   string // "" for everything
	Window graph.Window
}

func newTimelineCommand(f *factory, runF func(context.Context, *timelineOptions) error) *cli.Command {
	opts := &timelineOptions{}
	return &cli.Command{
		Name:      "timeline",
		Usage:     "agreements and events by year, for everything or for one entity or region",
		ArgsUsage: "[NAME]",
		Description: "With NAME, only the agreements and events it (or, for a place, anything located in it)\n" +
			"takes part in or that were held there. Undated ones are left out.\n\n" +
			"Examples:\n   bcgraph timeline\n   bcgraph timeline \"Mogilev Region\" --since 2016\n   bcgraph timeline BNTU --json",
		Flags: flags([]cli.Flag{seedsFlag(), jsonFlag(), sinceFlag(), untilFlag()}, backendFlags()),
		Action: func(c *cli.Context) error {
			if err := nargs(c, 0, 1, "at most one NAME"); err != nil {
				return err
			}
			w, err := window(c)
			if err != nil {
				return err
			}
			opts.answering = f.answering(c)
			opts.Name, opts.Window = c.Args().First(), w
			if y, ok := bareYear(opts.Name); ok {
				// "timeline 2017" means that year, within any --since/--until.
				if opts.Window, err = window(c); err == nil && !opts.Window.Admits(&graph.Tie{Date: graph.Date{Year: y}}) {
					return usagef("year %d is outside --since/--until", y)
				}
				opts.Name, opts.Window = "", graph.Window{Since: y, Until: y}
			}
			return runOr(c, runF, runTimeline, opts)
		},
	}
}

func runTimeline(ctx context.Context, opts *timelineOptions) error {
	var e *graph.Entity
	if opts.Name != "" {
		var err error
		if _, e, err = opts.resolve(opts.Name); err != nil {
			return err
		}
	}
	eng, err := opts.Engine(ctx)
	if err != nil {
		return err
	}
	id := ""
	if e != nil {
		id = e.ID
	}
	items, err := eng.Timeline(ctx, id, opts.Window)
	if err != nil {
		return err
	}
	g, err := opts.Dataset()
	if err != nil {
		return err
	}
	return opts.Output.print(timelineAnswer{g, e, items})
}

// bareYear reads "2017" as a year.
func bareYear(s string) (int, bool) {
	if len(s) != 4 {
		return 0, false
	}
	y, err := strconv.Atoi(s)
	return y, err == nil && y >= 1900 && y <= 2100
}

type timelineAnswer struct {
	g      *graph.Graph
	entity *graph.Entity // nil for everything
	items  []graph.TimelineItem
}

func (a timelineAnswer) citations() *citations {
	var c citations
	for _, it := range a.items {
		c.add(it.Entity.AllFootnotes())
	}
	return &c
}

func (a timelineAnswer) empty() error {
	if len(a.items) == 0 {
		return &noResult{"no dated agreements or events match"}
	}
	return nil
}

type timelineJSON struct {
	Entity  *entityJSON    `json:"entity,omitempty"`
	Years   []timelineYear `json:"years"`
	Sources []sourceJSON   `json:"sources"`
}

type timelineYear struct {
	Year  int            `json:"year"`
	Items []timelineItem `json:"items"`
}

type timelineItem struct {
	nodeRefJSON
	Date     string        `json:"date"`
	Status   string        `json:"status,omitempty"`
	Quote    string        `json:"quote,omitempty"`
	Footnote []int         `json:"footnote,omitempty"`
	Chapter  int           `json:"chapter,omitempty"`
	Places   []nodeRefJSON `json:"places"`
	Parties  []nodeRefJSON `json:"parties"`
	// Also lists the book's later statements of it; Inferred marks an
	// occasion the curator reads into the book, InferredNote says how.
	Also         []evidenceJSON `json:"also,omitempty"`
	Approx       bool           `json:"approx,omitempty"`
	Inferred     bool           `json:"inferred,omitempty"`
	InferredNote string         `json:"inferred_note,omitempty"`
}

func (a timelineAnswer) json() any {
	out := timelineJSON{Years: []timelineYear{}, Sources: a.citations().sources(a.g)}
	if a.entity != nil {
		ej := entityOut(a.entity)
		out.Entity = &ej
	}
	for _, it := range a.items {
		if n := len(out.Years); n == 0 || out.Years[n-1].Year != it.Date.Year {
			out.Years = append(out.Years, timelineYear{Year: it.Date.Year})
		}
		e := it.Entity
		ti := timelineItem{nodeRefJSON: nodeRef(e), Date: it.Date.String(), Status: e.Status,
			Quote: graph.NormalizeQuote(e.Quote), Footnote: e.Footnotes, Chapter: e.Chapter,
			Parties: []nodeRefJSON{}, Places: []nodeRefJSON{}, Inferred: e.Inferred}
		if e.Date == it.Date {
			// The occasion's own date, which may be a range or approximate;
			// otherwise it is dated by its parties' earliest tie.
			ti.Date, ti.Approx = e.DateSpan(), e.Approx
		}
		if e.Inferred {
			ti.InferredNote = e.Note
		}
		for _, ev := range e.Also {
			ti.Also = append(ti.Also, evidenceOut(ev))
		}
		for _, p := range it.Places {
			ti.Places = append(ti.Places, nodeRef(p))
		}
		for _, p := range it.Parties {
			ti.Parties = append(ti.Parties, nodeRef(p))
		}
		y := &out.Years[len(out.Years)-1]
		y.Items = append(y.Items, ti)
	}
	return out
}

func (a timelineAnswer) text(w io.Writer) error {
	for _, y := range a.json().(timelineJSON).Years {
		fmt.Fprintf(w, "%d (%d)\n", y.Year, len(y.Items))
		for _, it := range y.Items {
			date := it.Date
			if it.Approx {
				date = "c. " + date
			}
			fmt.Fprintf(w, "  %-10s %-9s %s", date, it.Labels[0], it.Name)
			if it.Status != "" {
				fmt.Fprintf(w, " [%s]", it.Status)
			}
			for i, p := range it.Places {
				sep := ", "
				if i == 0 {
					sep = " @ "
				}
				fmt.Fprintf(w, "%s%s", sep, p.Name)
			}
			fmt.Fprintln(w)
			if len(it.Parties) > 0 {
				var names []string
				for _, p := range it.Parties {
					names = append(names, p.Name)
				}
				fmt.Fprintf(w, "             parties: %s\n", strings.Join(names, "; "))
			}
			if it.Quote != "" || it.Inferred {
				evs := []graph.Evidence{{Quote: it.Quote, Footnotes: it.Footnote, Chapter: it.Chapter}}
				for _, ev := range it.Also {
					evs = append(evs, graph.Evidence{Quote: ev.Quote, Footnotes: ev.Footnote, Chapter: ev.Chapter})
				}
				fmt.Fprintf(w, "             %s\n", statements(evs, it.Inferred, it.InferredNote))
			}
		}
	}
	a.citations().write(w, a.g)
	return nil
}
