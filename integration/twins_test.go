package integration

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/bcgraph/bcgraph/graph"
	"github.com/bcgraph/bcgraph/queries"
)

// The Cypher twins, run on the real dataset loaded into the real Neo4j, must
// give the embedded engine's answers: the same paths, the same partners, the
// same rankings, numbers equal to 1e-9.

func pathsKey(ps []graph.Path) string {
	var lines []string
	for _, p := range ps {
		var parts []string
		for i, n := range p.Nodes {
			parts = append(parts, n.ID)
			if i < len(p.Ties) {
				parts = append(parts, "["+p.Ties[i].ID+"]")
			}
		}
		lines = append(lines, strings.Join(parts, " "))
	}
	return strings.Join(lines, "\n")
}

func TestCypherTwinsGiveTheEmbeddedAnswers(t *testing.T) {
	d := driver(t)
	g := embedded(t)
	freshLoad(t, d, g)
	ctx := context.Background()
	ex := graph.DefaultExcluded

	t.Run("path", func(t *testing.T) {
		for _, tc := range []struct {
			from, to string
			opt      graph.PathOptions
		}{
			{"bntu", "gansu", graph.PathOptions{Exclude: ex}},
			{"grodno-region", "gansu", graph.PathOptions{Exclude: ex}},
			{"bsu", "dalian-university-of-technology", graph.PathOptions{Exclude: ex}},
			{"nasb", "shandong", graph.PathOptions{Exclude: append([]string{graph.LabelCity}, ex...)}},
			{"mogilev-region", "hunan", graph.PathOptions{Exclude: ex, Window: graph.Window{Since: 2017}}},
			{"bntu", "gansu", graph.PathOptions{Exclude: append([]string{graph.LabelCity}, ex...), BookOnly: true}},
			{"brest-region", "anhui", graph.PathOptions{Exclude: ex, Window: graph.Window{Until: 2016}}},
			{"great-stone-park", "zoomlion", graph.PathOptions{}},
			{"bntu", "gansu", graph.PathOptions{Exclude: ex, MaxHops: 2}},
		} {
			name := fmt.Sprintf("%s-%s-%+v", tc.from, tc.to, tc.opt)
			want, werr := g.Paths(tc.from, tc.to, tc.opt)
			got, gerr := queries.Paths(ctx, d, "", tc.from, tc.to, tc.opt)
			if (werr == nil) != (gerr == nil) {
				t.Errorf("%s: embedded error %v, cypher error %v", name, werr, gerr)
				continue
			}
			if pathsKey(want) != pathsKey(got) {
				t.Errorf("%s:\nembedded:\n%s\ncypher:\n%s", name, pathsKey(want), pathsKey(got))
			}
		}
	})

	t.Run("partners", func(t *testing.T) {
		key := func(ps []graph.Partner) string {
			var b strings.Builder
			for _, p := range ps {
				fmt.Fprintf(&b, "%s %s %s:", p.Entity.ID, p.Country, p.Since)
				for _, l := range p.Links {
					via := ""
					if l.Via != nil {
						via = l.Via.ID
					}
					fmt.Fprintf(&b, " (%s %s", l.Date, via)
					for _, t := range l.Ties {
						fmt.Fprintf(&b, " %s", t.ID)
					}
					b.WriteString(")")
				}
				b.WriteString("\n")
			}
			return b.String()
		}
		for _, tc := range []struct {
			id     string
			w      graph.Window
			rollup bool
		}{
			{"bntu", graph.Window{}, false},
			{"grodno-region", graph.Window{}, true},
			{"grodno-region", graph.Window{Since: 2015}, true},
			{"gansu", graph.Window{}, false},
			{"gansu", graph.Window{Until: 2016}, true},
			{"minsk", graph.Window{}, true},
			{"nasb", graph.Window{}, false},
			{"great-stone-park", graph.Window{Since: 2017, Until: 2018}, false},
		} {
			want := key(g.Partners(tc.id, tc.w, tc.rollup))
			got, err := queries.Partners(ctx, d, "", tc.id, tc.w, tc.rollup)
			if err != nil {
				t.Fatal(err)
			}
			if key(got) != want {
				t.Errorf("partners %s %+v rollup=%v:\nembedded:\n%s\ncypher:\n%s", tc.id, tc.w, tc.rollup, want, key(got))
			}
		}
	})

	rowsEqual := func(t *testing.T, what string, want, got []graph.CentralityRow, measures bool) {
		t.Helper()
		if len(want) != len(got) {
			t.Errorf("%s: %d rows embedded, %d cypher", what, len(want), len(got))
			return
		}
		for i := range want {
			w, c := want[i], got[i]
			if w.Entity.ID != c.Entity.ID || w.Partners != c.Partners || w.Ties != c.Ties ||
				strings.Join(w.PartnerIDs, ",") != strings.Join(c.PartnerIDs, ",") {
				t.Errorf("%s row %d: embedded %s %d %d %v, cypher %s %d %d %v", what, i,
					w.Entity.ID, w.Partners, w.Ties, w.PartnerIDs, c.Entity.ID, c.Partners, c.Ties, c.PartnerIDs)
				continue
			}
			if measures && (math.Abs(w.Betweenness-c.Betweenness) > 1e-9 || math.Abs(w.PageRank-c.PageRank) > 1e-9) {
				t.Errorf("%s %s: betweenness %.12g / %.12g, pagerank %.12g / %.12g", what, w.Entity.ID, w.Betweenness, c.Betweenness, w.PageRank, c.PageRank)
			}
		}
	}

	t.Run("centrality", func(t *testing.T) {
		for _, w := range []graph.Window{{}, {Since: 2017}, {Until: 2016}, {Since: 2015, Until: 2018}} {
			want := g.ProvinceCentrality(w)
			graph.SortRows(want, "partners")
			got, err := queries.ProvinceCentrality(ctx, d, "", w)
			if err != nil {
				t.Fatal(err)
			}
			graph.SortRows(got, "partners")
			rowsEqual(t, fmt.Sprintf("centrality %+v", w), want, got, true)
		}
	})

	t.Run("hubs", func(t *testing.T) {
		for _, w := range []graph.Window{{}, {Since: 2018}} {
			want := g.Hubs(w)
			got, err := queries.Hubs(ctx, d, "", w, 0)
			if err != nil {
				t.Fatal(err)
			}
			// Measures are the load's, whole-dataset values: compared without a window only.
			rowsEqual(t, fmt.Sprintf("hubs %+v", w), want, got, w.Open())
		}
	})

	t.Run("timeline", func(t *testing.T) {
		key := func(items []graph.TimelineItem) string {
			var b strings.Builder
			for _, it := range items {
				var ps, pl []string
				for _, p := range it.Parties {
					ps = append(ps, p.ID)
				}
				for _, p := range it.Places {
					pl = append(pl, p.ID)
				}
				sort.Strings(ps)
				sort.Strings(pl)
				fmt.Fprintf(&b, "%s %s %s [%s] @[%s]\n", it.Date, it.Entity.ID, it.Entity.Status, strings.Join(ps, ","), strings.Join(pl, ","))
			}
			return b.String()
		}
		for _, tc := range []struct {
			id string
			w  graph.Window
		}{{"", graph.Window{}}, {"mogilev-region", graph.Window{}}, {"bntu", graph.Window{}}, {"gansu", graph.Window{Until: 2016}}, {"", graph.Window{Since: 2019}}} {
			want := key(g.Timeline(tc.id, tc.w))
			got, err := queries.Timeline(ctx, d, "", tc.id, tc.w)
			if err != nil {
				t.Fatal(err)
			}
			if key(got) != want {
				t.Errorf("timeline %q %+v:\nembedded:\n%s\ncypher:\n%s", tc.id, tc.w, want, key(got))
			}
		}
	})

	t.Run("stats", func(t *testing.T) {
		want := g.Stats()
		got, err := queries.Stats(ctx, d, "")
		if err != nil {
			t.Fatal(err)
		}
		w := fmt.Sprintf("%d %d %v %v %d %d %d %d %v", want.Entities, want.Ties, want.ByLabel, want.ByType, want.BookTies, want.RefTies, want.Dated, want.Undated, want.ByChapter)
		c := fmt.Sprintf("%d %d %v %v %d %d %d %d %v", got.Entities, got.Ties, got.ByLabel, got.ByType, got.BookTies, got.RefTies, got.Dated, got.Undated, got.ByChapter)
		if w != c {
			t.Errorf("stats:\nembedded %s\ncypher   %s", w, c)
		}
	})
}

// TestEveryCannedQueryRuns runs each file in queries/ with its defaults and
// sample values for required parameters.
func TestEveryCannedQueryRuns(t *testing.T) {
	d := driver(t)
	freshLoad(t, d, embedded(t))
	all, err := queries.All()
	if err != nil {
		t.Fatal(err)
	}
	samples := map[string]string{"from": "bntu", "to": "gansu", "id": "grodno-region"}
	for _, q := range all {
		given := map[string]string{}
		for _, p := range q.Params {
			if p.Default == "" {
				given[p.Name] = samples[p.Name]
			}
		}
		params, err := q.Bind(given)
		if err != nil {
			t.Fatalf("%s: %v", q.Name, err)
		}
		_, rows, err := queries.Run(context.Background(), d, "", q, params)
		if err != nil {
			t.Errorf("%s: %v", q.Name, err)
		} else if len(rows) == 0 {
			t.Errorf("%s returned no rows", q.Name)
		}
	}
}
