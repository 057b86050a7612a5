package graph_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/bcgraph/bcgraph/graph"
	"github.com/bcgraph/bcgraph/loader"
)

var update = flag.Bool("update", false, "rewrite testdata edge lists from the embedded dataset (then rerun testdata/nx_reference.py)")

func embeddedGraph() (*graph.Graph, error) { return loader.Embedded() }

func embedded(t testing.TB) *graph.Graph {
	t.Helper()
	g, err := embeddedGraph()
	if err != nil {
		t.Fatalf("embedded dataset: %v", err)
	}
	return g
}

func edgeList(nodes []string, edges [][2]string) string {
	var b strings.Builder
	b.WriteString("# written by go test ./graph -run TestCentralityMatchesNetworkX -update\n")
	ns := append([]string(nil), nodes...)
	sort.Strings(ns)
	for _, n := range ns {
		fmt.Fprintf(&b, "node\t%s\n", n)
	}
	es := append([][2]string(nil), edges...)
	sort.Slice(es, func(i, j int) bool { return es[i][0]+"\x00"+es[i][1] < es[j][0]+"\x00"+es[j][1] })
	for _, e := range es {
		fmt.Fprintf(&b, "%s\t%s\n", e[0], e[1])
	}
	return b.String()
}

// TestCentralityMatchesNetworkX checks gonum-based measures on the real
// dataset against values NetworkX computed from the same edge lists.
func TestCentralityMatchesNetworkX(t *testing.T) {
	g := embedded(t)
	proj := g.Project(graph.Window{})
	var pnodes []string
	for _, u := range proj.Units {
		pnodes = append(pnodes, u.ID)
	}
	var pedges [][2]string
	for k := range proj.Edges {
		pedges = append(pedges, k)
	}
	lnodes, ledges, _, _ := g.LinkGraph(graph.Window{})
	files := map[string]string{
		"projection.edges": edgeList(pnodes, pedges),
		"links.edges":      edgeList(lnodes, ledges),
	}
	for name, content := range files {
		path := filepath.Join("testdata", name)
		if *update {
			if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		old, err := os.ReadFile(path)
		if err != nil || string(old) != content {
			t.Fatalf("%s is stale: run go test ./graph -run TestCentralityMatchesNetworkX -update, then python3 graph/testdata/nx_reference.py", path)
		}
	}
	raw, err := os.ReadFile(filepath.Join("testdata", "networkx.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]json.RawMessage
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	type measures struct {
		Betweenness map[string]float64 `json:"betweenness"`
		PageRank    map[string]float64 `json:"pagerank"`
	}
	var wp, wl measures
	json.Unmarshal(want["projection"], &wp)
	json.Unmarshal(want["links"], &wl)
	if len(wp.Betweenness) == 0 || len(wl.PageRank) == 0 {
		t.Fatal("networkx.json has no values: rerun graph/testdata/nx_reference.py")
	}
	compare := func(level string, rows []graph.CentralityRow, w measures) {
		checked := 0
		for _, r := range rows {
			b, ok := w.Betweenness[r.Entity.ID]
			if !ok {
				if r.Partners > 0 {
					t.Errorf("%s: %s has partners but no NetworkX value", level, r.Entity.ID)
				}
				continue
			}
			checked++
			if math.Abs(r.Betweenness-b) > 1e-9 {
				t.Errorf("%s: betweenness of %s = %.12g, NetworkX %.12g", level, r.Entity.ID, r.Betweenness, b)
			}
			if p := w.PageRank[r.Entity.ID]; math.Abs(r.PageRank-p) > 1e-9 {
				t.Errorf("%s: pagerank of %s = %.12g, NetworkX %.12g", level, r.Entity.ID, r.PageRank, p)
			}
		}
		if checked == 0 {
			t.Errorf("%s: nothing compared", level)
		}
	}
	compare("province", must(g.ProvinceCentrality(ctx, graph.Window{})), wp)
	compare("entity", must(g.EntityCentrality(ctx, graph.Window{}, nil)), wl)
}

func TestCommunitiesAreTheSameOnEveryRun(t *testing.T) {
	g := embedded(t)
	key := func() string {
		comms, q, _ := g.Communities(ctx, graph.CommunitySeed)
		var b strings.Builder
		fmt.Fprintf(&b, "%.12f", q)
		for _, c := range comms {
			b.WriteString("|")
			for _, m := range c.Members {
				b.WriteString(m.ID + ",")
			}
		}
		return b.String()
	}
	first := key()
	for i := 0; i < 5; i++ {
		if again := key(); again != first {
			t.Fatalf("run %d gave different communities", i+2)
		}
	}
}

func TestEmbeddedDatasetAnswersTheHeadlineQuestion(t *testing.T) {
	g := embedded(t)
	bntu, err := g.Resolve("BNTU")
	if err != nil {
		t.Fatal(err)
	}
	gansu, err := g.Resolve("Gansu")
	if err != nil {
		t.Fatal(err)
	}
	paths, err := g.Paths(ctx, bntu.ID, gansu.ID, graph.PathOptions{Exclude: graph.DefaultExcluded()})
	if err != nil {
		t.Fatalf("BNTU to Gansu: %v", err)
	}
	for _, p := range paths {
		for _, n := range p.Nodes {
			if n.ID == "belarus" || n.ID == "china" {
				t.Errorf("path %v goes through a country hub", n.ID)
			}
		}
		for _, tie := range p.Ties {
			if !tie.Reference && tie.Quote == "" {
				t.Errorf("hop %s has no evidence", tie.ID)
			}
		}
	}
}

// TestSourceTitlesAreCleanTitles: a footnote's title is the report's title
// alone — the author, the "[Electronic resource]" and URL parts of the book's
// footnote belong to their own fields, and quotation marks are balanced.
func TestSourceTitlesAreCleanTitles(t *testing.T) {
	g := embedded(t)
	authorFirst := regexp.MustCompile(`^\p{Lu}\p{Ll}+, \p{Lu}\p{Ll}?\.`)
	for n, s := range g.Sources {
		var bad []string
		if strings.Contains(s.Title, "URL") || strings.Contains(s.Title, "http") {
			bad = append(bad, "holds a URL")
		}
		if strings.Contains(s.Title, "Electron") || strings.Contains(s.Title, "//") || strings.HasSuffix(s.Title, "-") {
			bad = append(bad, "holds footnote punctuation")
		}
		if strings.Count(s.Title, `"`)%2 != 0 {
			bad = append(bad, "has an unbalanced quotation mark")
		}
		if authorFirst.MatchString(s.Title) {
			bad = append(bad, "starts with its author")
		}
		if len(bad) > 0 {
			t.Errorf("source %d title %q %s", n, s.Title, strings.Join(bad, ", "))
		}
	}
}

// replicated is the real dataset ten times over, tied together as
// graph.Replicate does: big enough for many ties between paths and
// communities, small enough for gonum's reference implementations.
func replicated(t *testing.T) *graph.Graph {
	t.Helper()
	g, err := graph.Replicate(embedded(t), 10, 1)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestLouvainMakesGonumsMovesAndMatchesItsModularity(t *testing.T) {
	for _, tc := range []struct {
		name string
		g    func(*testing.T) *graph.Graph
	}{{"real", func(t *testing.T) *graph.Graph { return embedded(t) }}, {"x10", replicated}} {
		g := tc.g(t)
		for _, seed := range []int64{graph.CommunitySeed, 2, 3} {
			t.Run(fmt.Sprintf("%s/seed=%d", tc.name, seed), func(t *testing.T) {
				ours, theirs, err := graph.CompareLouvainWithGonum(g, seed)
				if err != nil {
					t.Fatal(err)
				}
				// gonum sums a term per pair of members; rounding leaves it
				// about 1e-12 off at x10.
				if ours < theirs-1e-9 {
					t.Errorf("modularity %.15f, gonum's %.15f", ours, theirs)
				}
				if math.Abs(ours-theirs) > 1e-9 {
					t.Errorf("same partition, yet modularity %.15f against gonum's %.15f", ours, theirs)
				}
			})
		}
	}
}

// TestPathsMatchTheOracles: the compact searches give the old search's
// all shortest paths, and Yen the shortest loopless chains a brute-force
// walk finds, on random queries with random options (graph/oracle_test.go).
func TestPathsMatchTheOracles(t *testing.T) {
	for _, tc := range []struct {
		name    string
		g       func(*testing.T) *graph.Graph
		queries int
	}{{"real", func(t *testing.T) *graph.Graph { return embedded(t) }, 3000}, {"x10", replicated, 300}} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := graph.ComparePathsWithOracle(tc.g(t), tc.queries, 7)
			if err != nil {
				t.Fatalf("after %+v: %v", c, err)
			}
			// The queries must exercise the searches, not only their "no path".
			if c.Answered < c.Queries/4 || c.Alternate < c.Queries/50 || c.Longer < c.Queries/50 {
				t.Fatalf("too few telling queries: %+v", c)
			}
			t.Logf("%+v", c)
		})
	}
}
