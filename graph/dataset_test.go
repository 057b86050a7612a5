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
