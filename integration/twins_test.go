package integration

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
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

// twinCase is one question put to both engines. key renders an answer
// canonically; two answers agree when their keys are equal (measures are
// compared to 1e-9 by rowsAgree instead).
type twinCase struct {
	name  string
	ask   func(context.Context, graph.Analyses) (any, error)
	agree func(t testing.TB, want, got any)
}

func keyed[T any](key func(T) string) func(testing.TB, any, any) {
	return func(t testing.TB, want, got any) {
		t.Helper()
		if w, g := key(want.(T)), key(got.(T)); w != g {
			t.Errorf("embedded:\n%s\ncypher:\n%s", w, g)
		}
	}
}

// errorKind names the kinds of error both engines may return for a question
// without an answer. Anything else — a Cypher error above all — is a failure.
func errorKind(err error) (string, bool) {
	for _, k := range []error{graph.ErrNoPath, graph.ErrUnknownEntity, graph.ErrUnknownSource, graph.ErrUnsupported} {
		if errors.Is(err, k) {
			return k.Error(), true
		}
	}
	return "", err == nil
}

func partnersKey(ps []graph.Partner) string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "%s %s %s:", p.Entity.ID, p.Country, p.Since)
		for _, l := range p.Links {
			via := ""
			if l.Via != nil {
				via = fmt.Sprintf("%s %s %s %q %v", l.Via.ID, l.Via.Date, l.Via.Status, l.Via.Quote, l.Via.Footnotes)
			}
			fmt.Fprintf(&b, " (%s %s", l.Date, via)
			for _, t := range l.Ties {
				fmt.Fprintf(&b, " %s %q %q %v %d", t.ID, t.Role, t.Quote, t.Footnotes, t.Chapter)
			}
			b.WriteString(")")
		}
		b.WriteString("\n")
	}
	return b.String()
}

func timelineKey(items []graph.TimelineItem) string {
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
		fmt.Fprintf(&b, "%s %s %s [%s] @[%s] %q %v %d\n", it.Date, it.Entity.ID, it.Entity.Status, strings.Join(ps, ","), strings.Join(pl, ","),
			it.Entity.Quote, it.Entity.Footnotes, it.Entity.Chapter)
	}
	return b.String()
}

func tiesKey(ts []*graph.Tie) string {
	var b strings.Builder
	for _, t := range ts {
		fmt.Fprintf(&b, "%s %s %s %s %s %s %q %q %v %d %v\n", t.ID, t.Type, t.From, t.To, t.Date, t.Status, t.Role, t.Quote, t.Footnotes, t.Chapter, t.Reference)
	}
	return b.String()
}

func sourceText(s *graph.Source) string {
	return fmt.Sprintf("%d %d %q %q %d %q", s.N, s.Chapter, s.Title, s.Author, s.Year, s.URL)
}

func sourceKey(sf graph.SourceFacts) string {
	var ids []string
	for _, e := range sf.Entities {
		ids = append(ids, e.ID)
	}
	return sourceText(sf.Source) + "\n" + tiesKey(sf.Ties) + strings.Join(ids, ",")
}

func statsKey(s graph.Stats) string {
	// Sources are footnotes, which are not loaded into Neo4j.
	return fmt.Sprintf("%d %d %v %v %d %d %d %d %v", s.Entities, s.Ties, s.ByLabel, s.ByType, s.BookTies, s.RefTies, s.Dated, s.Undated, s.ByChapter)
}

// rowsAgree compares ranked rows: the same entities in the same order with
// the same counts, and (with measures) betweenness and PageRank to 1e-9.
func rowsAgree(measures bool) func(testing.TB, any, any) { return rowsAgreeOn(measures, measures) }

// rowsAgreeOn is rowsAgree comparing betweenness and PageRank each only when asked.
func rowsAgreeOn(betweenness, pagerank bool) func(testing.TB, any, any) {
	return func(t testing.TB, wantAny, gotAny any) {
		t.Helper()
		want, got := wantAny.([]graph.CentralityRow), gotAny.([]graph.CentralityRow)
		graph.SortRows(want, "partners")
		graph.SortRows(got, "partners")
		if len(want) != len(got) {
			t.Errorf("%d rows embedded, %d cypher", len(want), len(got))
			return
		}
		for i := range want {
			w, c := want[i], got[i]
			if w.Entity.ID != c.Entity.ID || w.Partners != c.Partners || w.Ties != c.Ties ||
				strings.Join(w.PartnerIDs, ",") != strings.Join(c.PartnerIDs, ",") {
				t.Errorf("row %d: embedded %s %d %d %v, cypher %s %d %d %v", i,
					w.Entity.ID, w.Partners, w.Ties, w.PartnerIDs, c.Entity.ID, c.Partners, c.Ties, c.PartnerIDs)
				continue
			}
			if betweenness && math.Abs(w.Betweenness-c.Betweenness) > 1e-9 || pagerank && math.Abs(w.PageRank-c.PageRank) > 1e-9 {
				t.Errorf("%s: betweenness %.12g / %.12g, pagerank %.12g / %.12g", w.Entity.ID, w.Betweenness, c.Betweenness, w.PageRank, c.PageRank)
			}
		}
	}
}

// recomputing is a Cypher engine that computes centrality's measures even
// with no window (queries.Engine.Recompute); the embedded engine as it is.
func recomputing(a graph.Analyses) graph.Analyses {
	if e, ok := a.(*queries.Engine); ok {
		c := *e
		c.Recompute = true
		return &c
	}
	return a
}

// twinCases are the questions the twins test asks, by graph.Analyses method.
// Every method of the interface must have cases (a test checks it), so a new
// analysis cannot go without its proof of equality.
func twinCases() map[string][]twinCase {
	ex := graph.DefaultExcluded()
	var cases = map[string][]twinCase{}
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
		{"bntu", "gansu", graph.PathOptions{Exclude: ex, MaxHops: 2}}, // no path: both ErrNoPath
		{"bntu", "no-such-entity", graph.PathOptions{Exclude: ex}},    // both ErrUnknownEntity
	} {
		tc := tc
		cases["Paths"] = append(cases["Paths"], twinCase{fmt.Sprintf("%s-%s-%+v", tc.from, tc.to, tc.opt),
			func(ctx context.Context, a graph.Analyses) (any, error) { return a.Paths(ctx, tc.from, tc.to, tc.opt) },
			keyed(pathsKey)})
	}
	for _, tc := range []struct {
		id  string
		opt graph.PartnerOptions
	}{
		{"bntu", graph.PartnerOptions{}},
		{"grodno-region", graph.PartnerOptions{Rollup: true}},
		{"grodno-region", graph.PartnerOptions{Window: graph.Window{Since: 2015}, Rollup: true}},
		{"gansu", graph.PartnerOptions{}},
		{"gansu", graph.PartnerOptions{Window: graph.Window{Until: 2016}, Rollup: true}},
		{"minsk", graph.PartnerOptions{Rollup: true}},
		{"nasb", graph.PartnerOptions{}},
		{"great-stone-park", graph.PartnerOptions{Window: graph.Window{Since: 2017, Until: 2018}}},
		{"no-such-entity", graph.PartnerOptions{}},
	} {
		tc := tc
		cases["Partners"] = append(cases["Partners"], twinCase{fmt.Sprintf("%s-%+v", tc.id, tc.opt),
			func(ctx context.Context, a graph.Analyses) (any, error) { return a.Partners(ctx, tc.id, tc.opt) },
			keyed(partnersKey)})
	}
	for _, w := range []graph.Window{{}, {Since: 2017}, {Until: 2016}, {Since: 2015, Until: 2018}} {
		w := w
		cases["ProvinceCentrality"] = append(cases["ProvinceCentrality"], twinCase{fmt.Sprintf("%+v", w),
			func(ctx context.Context, a graph.Analyses) (any, error) { return a.ProvinceCentrality(ctx, w) },
			rowsAgree(true)})
	}
	// With no window the twin reads the measures the load wrote; computed
	// in Cypher they must agree too.
	cases["ProvinceCentrality"] = append(cases["ProvinceCentrality"], twinCase{"recomputed",
		func(ctx context.Context, a graph.Analyses) (any, error) {
			return recomputing(a).ProvinceCentrality(ctx, graph.Window{})
		},
		rowsAgree(true)})
	for _, opt := range []graph.HubOptions{{}, {Window: graph.Window{Since: 2018}}, {Limit: 5}} {
		opt := opt
		// Cypher's measures are the load's whole-dataset values: compared without a window only.
		cases["Hubs"] = append(cases["Hubs"], twinCase{fmt.Sprintf("%+v", opt),
			func(ctx context.Context, a graph.Analyses) (any, error) { return a.Hubs(ctx, opt) },
			rowsAgree(opt.Window.Open())})
	}
	for _, tc := range []struct {
		id string
		w  graph.Window
	}{{"", graph.Window{}}, {"mogilev-region", graph.Window{}}, {"bntu", graph.Window{}}, {"gansu", graph.Window{Until: 2016}},
		{"", graph.Window{Since: 2019}}, {"no-such-entity", graph.Window{}}} {
		tc := tc
		cases["Timeline"] = append(cases["Timeline"], twinCase{fmt.Sprintf("%q-%+v", tc.id, tc.w),
			func(ctx context.Context, a graph.Analyses) (any, error) { return a.Timeline(ctx, tc.id, tc.w) },
			keyed(timelineKey)})
	}
	for _, f := range []graph.TieFilter{
		{},
		{Types: []string{graph.Supplies}, Country: "BY", To: "china"},
		{Types: []string{graph.PartyTo}, Status: "planned"},
		{From: "grodno-region", Window: graph.Window{Since: 2016}},
		{Types: []string{graph.Founded}, Label: graph.LabelUniversity},
		{Types: []string{graph.LocatedIn}, To: "gansu", BookOnly: true},
		{To: "gansu", Window: graph.Window{Until: 2015}},
		{From: "no-such-entity"},
	} {
		f := f
		cases["Facts"] = append(cases["Facts"], twinCase{fmt.Sprintf("%+v", f),
			func(ctx context.Context, a graph.Analyses) (any, error) { return a.Facts(ctx, f) },
			keyed(tiesKey)})
	}
	for _, n := range []int{1, 37, 64, 122, 500} {
		n := n
		cases["Source"] = append(cases["Source"], twinCase{fmt.Sprint(n),
			func(ctx context.Context, a graph.Analyses) (any, error) { return a.Source(ctx, n) },
			keyed(sourceKey)})
	}
	cases["SourceList"] = []twinCase{{"all",
		func(ctx context.Context, a graph.Analyses) (any, error) { return a.SourceList(ctx) },
		keyed(func(list []graph.SourceCount) string {
			var b strings.Builder
			for _, sc := range list {
				fmt.Fprintf(&b, "%s %d\n", sourceText(sc.Source), sc.Facts)
			}
			return b.String()
		})}}
	for _, q := range []string{"birch juice", "crystal", "Mahilioŭ", "甘肃", "Гродно", "Great Stone", "university agreement 2016", "Qin Shu'a", "1.5 million", "nothingatallmatches"} {
		q := q
		cases["Search"] = append(cases["Search"], twinCase{q,
			func(ctx context.Context, a graph.Analyses) (any, error) { return a.Search(ctx, q, 0) },
			keyed(func(hits []graph.Hit) string {
				var b strings.Builder
				for _, h := range hits {
					id := ""
					if h.Entity != nil {
						id = "entity " + h.Entity.ID
					} else {
						id = "tie " + h.Tie.ID
					}
					fmt.Fprintf(&b, "%s %.1f %s %q\n", id, h.Score, h.Field, h.Text)
				}
				return b.String()
			})})
	}
	cases["Stats"] = []twinCase{{"all",
		func(ctx context.Context, a graph.Analyses) (any, error) { return a.Stats(ctx) },
		keyed(statsKey)}}
	return cases
}

func TestCypherTwinsGiveTheEmbeddedAnswers(t *testing.T) {
	d := driver(t)
	g := embedded(t)
	freshLoad(t, d, g)
	ctx := context.Background()
	engines := []graph.Analyses{g, &queries.Engine{Driver: d}}

	cases := twinCases()
	iface := reflect.TypeOf((*graph.Analyses)(nil)).Elem()
	methods := map[string]bool{}
	for i := 0; i < iface.NumMethod(); i++ {
		m := iface.Method(i).Name
		methods[m] = true
		if len(cases[m]) == 0 {
			t.Errorf("graph.Analyses.%s has no twin cases: add them to twinCases", m)
		}
	}
	for m, cs := range cases {
		if !methods[m] {
			t.Errorf("twinCases names %s, which graph.Analyses does not have", m)
		}
		for _, c := range cs {
			t.Run(m+"/"+c.name, func(t *testing.T) {
				want, werr := c.ask(ctx, engines[0])
				got, gerr := c.ask(ctx, engines[1])
				wk, wok := errorKind(werr)
				gk, gok := errorKind(gerr)
				switch {
				case !wok:
					t.Fatalf("embedded failed: %v", werr)
				case !gok:
					t.Fatalf("cypher failed: %v", gerr)
				case wk != gk:
					t.Fatalf("embedded answered %q, cypher %q (%v / %v)", wk, gk, werr, gerr)
				case werr == nil:
					c.agree(t, want, got)
				}
			})
		}
	}
}

// TestTwinCasesCoverEveryErrorKind keeps the table honest: it must ask at
// least one question each engine answers with "no path" and "unknown entity".
func TestTwinCasesCoverEveryErrorKind(t *testing.T) {
	g := embedded(t)
	seen := map[string]bool{}
	for _, cs := range twinCases() {
		for _, c := range cs {
			_, err := c.ask(context.Background(), g)
			if k, ok := errorKind(err); ok && k != "" {
				seen[k] = true
			}
		}
	}
	for _, k := range []error{graph.ErrNoPath, graph.ErrUnknownEntity} {
		if !seen[k.Error()] {
			t.Errorf("no twin case answers %q", k)
		}
	}
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
	samples := map[string]string{"from": "bntu", "to": "gansu", "id": "grodno-region", "n": "37", "query": "birch* OR juice*"}
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
		_, rows, err := (&queries.Engine{Driver: d}).Run(context.Background(), q, params)
		if err != nil {
			t.Errorf("%s: %v", q.Name, err)
		} else if len(rows) == 0 {
			t.Errorf("%s returned no rows", q.Name)
		}
	}
}
