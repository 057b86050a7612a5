package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/bcgraph/bcgraph/graph"
)

func centralityCommand() *cli.Command {
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
			"   bcgraph centrality --level entity --label University --limit 10",
		Flags: append(withDataset(jsonFlag(), sinceFlag(), untilFlag(), limitFlag(),
			&cli.StringFlag{Name: "level", Value: "province", Usage: "`LEVEL`: province or entity"},
			&cli.StringFlag{Name: "label", Usage: "entity level: only rows with `LABEL`"},
			&cli.StringFlag{Name: "by", Value: "partners", Usage: "sort by `MEASURE`: " + strings.Join(graph.Measures, ", ")},
		), backendFlags()...),
		Action: func(c *cli.Context) error {
			if err := args(c, 0, 0, "no arguments"); err != nil {
				return err
			}
			level, by, label := c.String("level"), c.String("by"), c.String("label")
			if level != "province" && level != "entity" {
				return usagef("unknown --level %q (want province or entity)", level)
			}
			if !contains(graph.Measures, by) {
				return usagef("unknown --by %q (want one of %s)", by, strings.Join(graph.Measures, ", "))
			}
			if label != "" {
				if label = labelNamed(label); label == "" {
					return usagef("unknown --label %q (want one of %s)", c.String("label"), strings.Join(graph.Labels, ", "))
				}
			}
			g, err := loadGraph(c)
			if err != nil {
				return err
			}
			w, err := window(c)
			if err != nil {
				return err
			}
			var rows []graph.CentralityRow
			if level == "province" {
				if label != "" {
					return usagef("--label applies to --level entity")
				}
				b, err := newBackend(c, g)
				if err != nil {
					return err
				}
				defer b.close()
				if rows, err = b.province(w); err != nil {
					return err
				}
			} else {
				if c.String("backend") != "embedded" {
					return usagef("--level entity is computed in process only (its measures are on every node after 'bcgraph load')")
				}
				rows = g.EntityCentrality(w, func(e *graph.Entity) bool { return label == "" || e.Label == label })
			}
			graph.SortRows(rows, by)
			if n := c.Int("limit"); n > 0 && len(rows) > n {
				rows = rows[:n]
			}
			return runCentrality(c.App.Writer, g, level, rows, c.Bool("json"))
		},
	}
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
	Ties        int      `json:"ties"`
	Betweenness float64  `json:"betweenness"`
	PageRank    float64  `json:"pagerank"`
	PartnerIDs  []string `json:"partner_ids"`
}

func runCentrality(w io.Writer, g *graph.Graph, level string, rows []graph.CentralityRow, asJSON bool) error {
	if asJSON {
		out := centralityJSON{Level: level, Rows: []centralityRow{}}
		for _, r := range rows {
			ids := r.PartnerIDs
			if ids == nil {
				ids = []string{}
			}
			out.Rows = append(out.Rows, centralityRow{r.Entity.ID, r.Entity.Name, []string{r.Entity.Label},
				r.Partners, r.Ties, round(r.Betweenness, 9), round(r.PageRank, 9), ids})
		}
		return writeJSON(w, out)
	}
	head := "PARTNERS"
	if level == "province" {
		head = "BY REGIONS"
	}
	t := newTable(w, "#", "NAME", "LABEL", head, "TIES", "BETWEENNESS", "PAGERANK")
	for i, r := range rows {
		t.row(fmt.Sprint(i+1), r.Entity.Name, r.Entity.Label, fmt.Sprint(r.Partners), fmt.Sprint(r.Ties),
			fmt.Sprintf("%.3f", r.Betweenness), fmt.Sprintf("%.4f", r.PageRank))
	}
	return t.flush()
}
