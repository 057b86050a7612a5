package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/bcgraph/bcgraph/graph"
)

func timelineCommand() *cli.Command {
	return &cli.Command{
		Name:      "timeline",
		Usage:     "agreements and events by year, for everything or for one entity or region",
		ArgsUsage: "[NAME]",
		Description: "With NAME, only the agreements and events it (or, for a place, anything located in it)\n" +
			"takes part in or that were held there. Undated ones are left out.\n\n" +
			"Examples:\n   bcgraph timeline\n   bcgraph timeline \"Mogilev Region\" --since 2016\n   bcgraph timeline BNTU --json",
		Flags: append(withDataset(jsonFlag(), sinceFlag(), untilFlag()), backendFlags()...),
		Action: func(c *cli.Context) error {
			g, err := dataset(c, 0, 1, "at most one NAME")
			if err != nil {
				return err
			}
			w, err := window(c)
			if err != nil {
				return err
			}
			var e *graph.Entity
			if c.NArg() == 1 {
				if e, err = resolve(g, c.Args().First()); err != nil {
					return err
				}
			}
			b, err := newBackend(c, g)
			if err != nil {
				return err
			}
			defer b.close()
			id := ""
			if e != nil {
				id = e.ID
			}
			items, err := b.timeline(id, w)
			if err != nil {
				return err
			}
			return runTimeline(c.App.Writer, e, items, c.Bool("json"))
		},
	}
}

type timelineJSON struct {
	Entity *entityJSON    `json:"entity,omitempty"`
	Years  []timelineYear `json:"years"`
}

type timelineYear struct {
	Year  int            `json:"year"`
	Items []timelineItem `json:"items"`
}

type timelineItem struct {
	nodeRefJSON
	Date    string        `json:"date"`
	Status  string        `json:"status,omitempty"`
	Places  []nodeRefJSON `json:"places"`
	Parties []nodeRefJSON `json:"parties"`
}

func runTimeline(w io.Writer, e *graph.Entity, items []graph.TimelineItem, asJSON bool) error {
	if len(items) == 0 && !asJSON {
		return &noResult{"no dated agreements or events match"}
	}
	out := timelineJSON{Years: []timelineYear{}}
	if e != nil {
		ej := entityOut(e)
		out.Entity = &ej
	}
	for _, it := range items {
		if n := len(out.Years); n == 0 || out.Years[n-1].Year != it.Date.Year {
			out.Years = append(out.Years, timelineYear{Year: it.Date.Year})
		}
		ti := timelineItem{nodeRefJSON: nodeRef(it.Entity), Date: it.Date.String(), Status: it.Entity.Status, Parties: []nodeRefJSON{}, Places: []nodeRefJSON{}}
		for _, p := range it.Places {
			ti.Places = append(ti.Places, nodeRef(p))
		}
		for _, p := range it.Parties {
			ti.Parties = append(ti.Parties, nodeRef(p))
		}
		y := &out.Years[len(out.Years)-1]
		y.Items = append(y.Items, ti)
	}
	if asJSON {
		return writeJSON(w, out)
	}
	for _, y := range out.Years {
		fmt.Fprintf(w, "%d (%d)\n", y.Year, len(y.Items))
		for _, it := range y.Items {
			kind := it.Labels[0]
			fmt.Fprintf(w, "  %-10s %-9s %s", it.Date, kind, it.Name)
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
		}
	}
	return nil
}
