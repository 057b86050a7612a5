package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/bcgraph/bcgraph/graph"
)

type centralityOptions struct {
	answering
	Level  string // "province" or "entity"
	Label  string // entity level: only rows with this label
	By     string // the measure to sort by
	Limit  int
	Window graph.Window
	Vs     *graph.Window // a second period to compare with (--vs), or nil
}

func newCentralityCommand(f *factory, runF func(context.Context, *centralityOptions) error) *cli.Command {
	opts := &centralityOptions{}
	return &cli.Command{
		Name:  "centrality",
		Usage: "rank Chinese provinces (or all entities) by partners, ties, betweenness and PageRank",
		Description: "--level province (default): every Chinese province, with its cities, districts and\n" +
			"organizations rolled up through LOCATED_IN (and PART_OF), against the Belarusian regions\n" +
			"(and Minsk) rolled up likewise. A cooperation link is a direct tie between two parties or two\n" +
			"parties of one agreement, event or program; links between a province and a region form the\n" +
			"projection graph. --level entity ranks entities on the graph of links (countries left out).\n\n" +
			"  partners     distinct Belarusian regions (entity level: distinct counterparts)\n" +
			"  ties         number of cooperation links\n" +
			"  betweenness  Brandes, unweighted, undirected, NOT normalized, each unordered pair counted\n" +
			"               once (= NetworkX betweenness_centrality(normalized=False); half of gonum's value)\n" +
			"  pagerank     damping 0.85, each edge both ways, unweighted, sums to 1 over the projection's\n" +
			"               connected nodes; a province with no ties scores 0\n\n" +
			"Examples:\n   bcgraph centrality\n   bcgraph centrality --by betweenness --json\n" +
			"   bcgraph centrality --level entity --label University --limit 10\n" +
			"   bcgraph centrality --since 2010 --until 2015 --vs 2016:2020   (who rose, who fell)",
		Flags: flags([]cli.Flag{seedsFlag(), jsonFlag(), sinceFlag(), untilFlag(), limitFlag(0),
			&cli.StringFlag{Name: "level", Value: "province", Usage: "`LEVEL`: province or entity"},
			&cli.StringFlag{Name: "label", Usage: "entity level: only rows with `LABEL`"},
			&cli.StringFlag{Name: "by", Value: "partners", Usage: "sort by `MEASURE`: " + strings.Join(graph.Measures(), ", ")},
			&cli.StringFlag{Name: "vs", Usage: "compare with a second period `SINCE:UNTIL` (e.g. 2016:2020; either side may be empty): ranks and values side by side", Category: "Filters"},
		}, backendFlags()),
		Action: func(c *cli.Context) error {
			if err := nargs(c, 0, 0, "no arguments"); err != nil {
				return err
			}
			opts.Level, opts.By, opts.Label, opts.Limit = c.String("level"), c.String("by"), c.String("label"), c.Int("limit")
			if opts.Level != "province" && opts.Level != "entity" {
				return usagef("unknown --level %q (want province or entity)", opts.Level)
			}
			if !contains(graph.Measures(), opts.By) {
				return usagef("unknown --by %q (want one of %s)", opts.By, strings.Join(graph.Measures(), ", "))
			}
			if opts.Label != "" {
				if opts.Label = labelNamed(opts.Label); opts.Label == "" {
					return usagef("unknown --label %q (want one of %s)", c.String("label"), strings.Join(graph.Labels(), ", "))
				}
				if opts.Level == "province" {
					return usagef("--label applies to --level entity")
				}
			}
			if opts.Level == "entity" && c.String("backend") != "embedded" {
				return usagef("--level entity is computed in process only (its measures are on every node after 'bcgraph load')")
			}
			w, err := window(c)
			if err != nil {
				return err
			}
			opts.answering, opts.Window, opts.Vs = f.answering(c), w, nil
			if vs := c.String("vs"); vs != "" {
				v, err := parsePeriod(vs)
				if err != nil {
					return err
				}
				opts.Vs = &v
			}
			return runOr(c, runF, runCentrality, opts)
		},
	}
}

func runCentrality(ctx context.Context, opts *centralityOptions) error {
	rows, err := centralityRows(ctx, opts, opts.Window)
	if err != nil {
		return err
	}
	if opts.Vs != nil {
		later, err := centralityRows(ctx, opts, *opts.Vs)
		if err != nil {
			return err
		}
		return opts.Output.print(newRankChange(opts, rows, later))
	}
	if opts.Limit > 0 && len(rows) > opts.Limit {
		rows = rows[:opts.Limit]
	}
	return opts.Output.print(rankingAnswer{opts.Level, rows})
}

// centralityRows ranks for one period, sorted by the chosen measure.
func centralityRows(ctx context.Context, opts *centralityOptions, w graph.Window) ([]graph.CentralityRow, error) {
	var rows []graph.CentralityRow
	if opts.Level == "entity" {
		// Entity level needs the whole graph in process (no Cypher twin).
		g, err := opts.Dataset()
		if err != nil {
			return nil, err
		}
		if rows, err = g.EntityCentrality(ctx, w, func(e *graph.Entity) bool { return opts.Label == "" || e.Label == opts.Label }); err != nil {
			return nil, err
		}
	} else {
		eng, err := opts.Engine(ctx)
		if err != nil {
			return nil, err
		}
		if rows, err = eng.ProvinceCentrality(ctx, w); err != nil {
			return nil, err
		}
	}
	graph.SortRows(rows, opts.By)
	return rows, nil
}

// rankingAnswer is a ranked table of entities: centrality and hubs.
type rankingAnswer struct {
	level string
	rows  []graph.CentralityRow
}

type centralityJSON struct {
	Level string          `json:"level"`
	Rows  []centralityRow `json:"rows"`
}

type centralityRow struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Labels      []string `json:"labels"`
	Partners    int      `json:"partners"`
	Links       int      `json:"links"` // cooperation links (see the README): not every tie is one
	Betweenness float64  `json:"betweenness"`
	PageRank    float64  `json:"pagerank"`
	PartnerIDs  []string `json:"partner_ids"`
}

func (a rankingAnswer) json() any {
	out := centralityJSON{Level: a.level, Rows: []centralityRow{}}
	for _, r := range a.rows {
		ids := r.PartnerIDs
		if ids == nil {
			ids = []string{}
		}
		out.Rows = append(out.Rows, centralityRow{r.Entity.ID, r.Entity.Name, []string{r.Entity.Label},
			r.Partners, r.Ties, round(r.Betweenness, 9), round(r.PageRank, 9), ids})
	}
	return out
}

func (a rankingAnswer) text(w io.Writer) error {
	head := "PARTNERS"
	if a.level == "province" {
		head = "BY REGIONS"
	}
	t := newTable(w, "#", "NAME", "LABEL", head, "LINKS", "BETWEENNESS", "PAGERANK")
	for i, r := range a.rows {
		t.row(fmt.Sprint(i+1), r.Entity.Name, r.Entity.Label, fmt.Sprint(r.Partners), fmt.Sprint(r.Ties),
			fmt.Sprintf("%.3f", r.Betweenness), fmt.Sprintf("%.4f", r.PageRank))
	}
	return t.flush()
}
