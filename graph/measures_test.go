package graph

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
)

// generatedGraph is a fixed random graph with what the dataset has and more:
// dense clusters (agreements with many parties), long chains, a grid (many
// equal shortest paths), leaves, several components and isolated nodes
// (dangling in PageRank).
func generatedGraph() (int, [][2]int32) {
	rng := rand.New(rand.NewPCG(12, 34))
	var edges [][2]int32
	n := int32(0)
	add := func(a, b int32) { edges = append(edges, [2]int32{a, b}) }
	// Clusters joined by random bridges.
	var hubs []int32
	for c := 0; c < 40; c++ {
		size := 3 + rng.Int32N(12)
		base := n
		n += size
		for i := base; i < n; i++ {
			for j := i + 1; j < n; j++ {
				if rng.Float64() < 0.5 {
					add(i, j)
				}
			}
			if i > base {
				add(i-1, i) // keep the cluster connected
			}
		}
		hubs = append(hubs, base)
	}
	for i := 0; i < 60; i++ {
		add(hubs[rng.IntN(len(hubs))]+rng.Int32N(3), hubs[rng.IntN(len(hubs))]+rng.Int32N(3))
	}
	// A 12×12 grid hung off the first cluster.
	base := n
	for r := int32(0); r < 12; r++ {
		for c := int32(0); c < 12; c++ {
			v := base + r*12 + c
			if c > 0 {
				add(v-1, v)
			}
			if r > 0 {
				add(v-12, v)
			}
		}
	}
	n += 144
	add(0, base)
	// Chains and leaves.
	for i := 0; i < 30; i++ {
		prev := rng.Int32N(n)
		for l := int32(0); l < 1+rng.Int32N(8); l++ {
			add(prev, n)
			prev = n
			n++
		}
	}
	// A tree component: a star whose arms branch again.
	base = n
	for i := int32(1); i <= 6; i++ {
		add(base, base+i)
		add(base+i, base+6+i)
		add(base+i, base+12+i)
	}
	n += 19
	// A second component, a pair, and isolated nodes.
	base = n
	for i := int32(0); i < 50; i++ {
		add(base+i, base+(i*7+3)%50)
	}
	n += 50
	add(n, n+1)
	n += 2 + 5
	return int(n), edges
}

func generatedEdgeList(n int, edges [][2]int32) string {
	var b strings.Builder
	b.WriteString("# written by go test ./graph -run TestMeasuresMatchNetworkXOnAGeneratedGraph -update\n")
	for v := 0; v < n; v++ {
		fmt.Fprintf(&b, "node\t%d\n", v)
	}
	for _, e := range edges {
		if e[0] != e[1] {
			fmt.Fprintf(&b, "%d\t%d\n", e[0], e[1])
		}
	}
	return b.String()
}

// updating reports whether -update was given; the flag itself is declared
// by the external test package, which shares this test binary.
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// close reports whether got equals want to 1e-9, relative for values above 1
// (betweenness at thousands of nodes runs into the millions).
func close(got, want float64) bool {
	return math.Abs(got-want) <= 1e-9*math.Max(1, math.Abs(want))
}

func TestMeasuresMatchNetworkXOnAGeneratedGraph(t *testing.T) {
	n, edges := generatedGraph()
	path := filepath.Join("testdata", "generated.edges")
	content := generatedEdgeList(n, edges)
	if updating() {
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if old, err := os.ReadFile(path); err != nil || string(old) != content {
		t.Fatalf("%s is stale: run go test ./graph -run %s -update, then python3 graph/testdata/nx_generated.py", path, t.Name())
	}
	raw, err := os.ReadFile(filepath.Join("testdata", "generated.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want struct {
		Nodes       int       `json:"nodes"`
		Edges       int       `json:"edges"`
		Betweenness []float64 `json:"betweenness"`
		PageRank    []float64 `json:"pagerank"`
	}
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	c := newCSR(n, edges)
	if want.Nodes != n || want.Edges != len(c.adj)/2 || len(want.Betweenness) != n || len(want.PageRank) != n {
		t.Fatalf("generated.json describes %d nodes and %d edges, the graph has %d and %d: rerun graph/testdata/nx_generated.py", want.Nodes, want.Edges, n, len(c.adj)/2)
	}
	bet, err := betweenness(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	pr := pageRank(c)
	bad := 0
	for v := 0; v < n; v++ {
		if !close(bet[v], want.Betweenness[v]) {
			t.Errorf("betweenness of %d = %.15g, NetworkX %.15g", v, bet[v], want.Betweenness[v])
			bad++
		}
		if !close(pr[v], want.PageRank[v]) {
			t.Errorf("pagerank of %d = %.15g, NetworkX %.15g", v, pr[v], want.PageRank[v])
			bad++
		}
		if bad > 10 {
			t.Fatal("too many differences")
		}
	}
}

func TestMeasuresAreBitIdenticalOnEveryRun(t *testing.T) {
	n, edges := generatedGraph()
	c := newCSR(n, edges)
	b1, err := betweenness(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	p1 := pageRank(c)
	for run := 2; run <= 4; run++ {
		b2, _ := betweenness(context.Background(), c)
		p2 := pageRank(newCSR(n, edges))
		for v := range b1 {
			if math.Float64bits(b1[v]) != math.Float64bits(b2[v]) {
				t.Fatalf("run %d: betweenness of %d = %x, first run %x", run, v, math.Float64bits(b2[v]), math.Float64bits(b1[v]))
			}
			if math.Float64bits(p1[v]) != math.Float64bits(p2[v]) {
				t.Fatalf("run %d: pagerank of %d = %x, first run %x", run, v, math.Float64bits(p2[v]), math.Float64bits(p1[v]))
			}
		}
	}
}

func TestBetweennessStopsWhenCancelled(t *testing.T) {
	n, edges := generatedGraph()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := betweenness(ctx, newCSR(n, edges)); !errors.Is(err, context.Canceled) {
		t.Fatalf("betweenness on a cancelled context: %v, want context.Canceled", err)
	}
}

func TestCSRDropsLoopsAndParallelEdgesAndSortsNeighbours(t *testing.T) {
	c := newCSR(4, [][2]int32{{2, 0}, {0, 2}, {1, 1}, {3, 0}, {0, 1}, {2, 0}})
	want := [][]int32{{1, 2, 3}, {0}, {0}, {0}}
	for v, ns := range want {
		if got := c.neighbours(int32(v)); fmt.Sprint(got) != fmt.Sprint(ns) {
			t.Errorf("neighbours of %d = %v, want %v", v, got, ns)
		}
	}
}

func TestLouvainAndYenStopWhenCancelled(t *testing.T) {
	n, edges := generatedGraph()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := louvain(ctx, newCSR(n, edges), 1, 1); !errors.Is(err, context.Canceled) {
		t.Errorf("louvain on a cancelled context: %v, want context.Canceled", err)
	}
	g := fixture(t,
		[]string{"a:University", "b:University", "c:Company", "d:Company"},
		[]string{"a COOPERATES_WITH c", "c COOPERATES_WITH b", "a COOPERATES_WITH d", "d COOPERATES_WITH b"})
	v := g.pathView(PathOptions{})
	if _, err := v.kShortest(ctx, g.position("a"), g.position("b"), 5, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("yen on a cancelled context: %v, want context.Canceled", err)
	}
}

func TestPathViewsAreBuiltOncePerOptionsAndSharedSafely(t *testing.T) {
	g := fixture(t,
		[]string{"belarus:Country", "a:University", "b:University", "c:Company", "ag:Agreement"},
		[]string{"a PARTY_TO ag 2016", "b PARTY_TO ag 2016", "a COOPERATES_WITH c 2014", "c COOPERATES_WITH b", "a LOCATED_IN belarus ref"})
	first := g.pathView(PathOptions{Exclude: []string{"belarus", LabelAgreement}})
	if again := g.pathView(PathOptions{Exclude: []string{LabelAgreement, "belarus", "belarus"}, MaxHops: 3, K: 2}); again != first {
		t.Error("the same exclusions in another order (and options that do not shape the view) built a second view")
	}
	if other := g.pathView(PathOptions{Exclude: []string{"belarus"}}); other == first {
		t.Error("other exclusions shared a view")
	}
	if other := g.pathView(PathOptions{Exclude: []string{"belarus", LabelAgreement}, Window: Window{Since: 2015}}); other == first {
		t.Error("a window shared the open window's view")
	}
	// Concurrent queries on one graph (run with -race): same answers as alone.
	want, err := g.Paths(context.Background(), "a", "b", PathOptions{K: 3})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 50; j++ {
				opt := PathOptions{K: 3, Window: Window{Since: 2000 + j%3}}
				if j%2 == 0 {
					opt = PathOptions{K: 3}
				}
				got, err := g.Paths(context.Background(), "a", "b", opt)
				if j%2 == 0 && (err != nil || fmt.Sprint(pathIDs(got)) != fmt.Sprint(pathIDs(want))) {
					t.Errorf("concurrent Paths = %v, %v; alone %v", pathIDs(got), err, pathIDs(want))
				}
			}
		}()
	}
	wg.Wait()
}

func TestLinkGraphAndMeasuresAreComputedOncePerWindow(t *testing.T) {
	g := fixture(t,
		[]string{"a:University", "b:University", "c:Company", "d:Company", "ag:Agreement"},
		[]string{"a PARTY_TO ag 2016", "b PARTY_TO ag 2016", "c PARTY_TO ag 2016", "a COOPERATES_WITH d 2010", "d COOPERATES_WITH b"})
	ctx := context.Background()
	first, err := g.EntityCentrality(ctx, Window{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := g.linkData(Window{})
	if d.bet == nil || d.pr == nil {
		t.Fatal("EntityCentrality did not keep its measures")
	}
	if g.linkData(Window{}) != d || g.linkData(Window{Since: 2015}) == d {
		t.Error("link data is not kept per window")
	}
	hubs := map[string]float64{}
	hubRows, err := g.Hubs(ctx, HubOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range hubRows {
		hubs[r.Entity.ID] = r.Betweenness
	}
	for _, r := range first {
		if b, ok := hubs[r.Entity.ID]; ok && b != r.Betweenness {
			t.Errorf("hubs and centrality disagree on %s: %v, %v", r.Entity.ID, b, r.Betweenness)
		}
	}
	// Rows are the caller's: changing one leaves the next answer alone.
	first[0].PartnerIDs[0] = "changed"
	again, err := g.EntityCentrality(ctx, Window{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if again[0].PartnerIDs[0] == "changed" {
		t.Error("a caller's change to a row reached the cache")
	}
	if pr := g.EntityPageRank(Window{}); pr[first[0].Entity.ID] != first[0].PageRank {
		t.Error("EntityPageRank and EntityCentrality disagree")
	}
}

// fakeStore is a MeasureStore in memory that counts its calls.
type fakeStore struct {
	bet, pr      []float64
	loads, saves int
}

func (f *fakeStore) LoadMeasures(ids []string) ([]float64, []float64, bool) {
	f.loads++
	return f.bet, f.pr, f.bet != nil
}

func (f *fakeStore) SaveMeasures(ids []string, bet, pr []float64) {
	f.saves++
	f.bet, f.pr = slices.Clone(bet), slices.Clone(pr)
}

func TestEntityMeasuresComeFromTheStoreWhenItHasThem(t *testing.T) {
	build := func() *Graph {
		return fixture(t,
			[]string{"a:University", "b:University", "c:Company", "d:Company"},
			[]string{"a COOPERATES_WITH c 2014", "c COOPERATES_WITH b 2016", "a COOPERATES_WITH d 2018", "d COOPERATES_WITH b"})
	}
	ctx := context.Background()
	score := func(g *Graph, w Window) map[string][2]float64 {
		rows, err := g.EntityCentrality(ctx, w, nil)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string][2]float64{}
		for _, r := range rows {
			out[r.Entity.ID] = [2]float64{r.Betweenness, r.PageRank}
		}
		return out
	}
	// An empty store: computed, then saved.
	store := &fakeStore{}
	g := build()
	g.SetMeasureStore(store)
	computed := score(g, Window{})
	if store.saves != 1 || len(store.bet) != len(computed) {
		t.Fatalf("computed measures were not saved: %+v", store)
	}
	// A store with values: they are the answer, nothing is computed or saved.
	planted := &fakeStore{bet: make([]float64, len(store.bet)), pr: make([]float64, len(store.pr))}
	for i := range planted.bet {
		planted.bet[i], planted.pr[i] = float64(100+i), float64(i)/10
	}
	g = build()
	g.SetMeasureStore(planted)
	for id, v := range score(g, Window{}) {
		if v[0] < 100 {
			t.Errorf("%s: betweenness %g computed, not read from the store", id, v[0])
		}
	}
	if planted.saves != 0 {
		t.Error("values read from the store were saved again")
	}
	// A store whose values do not fit the graph is not used; a window never is.
	short := &fakeStore{bet: []float64{1}, pr: []float64{1}}
	g = build()
	g.SetMeasureStore(short)
	if got := score(g, Window{}); !reflect.DeepEqual(got, computed) {
		t.Errorf("with a store of the wrong size: %v, want %v", got, computed)
	}
	g = build()
	windowed := &fakeStore{bet: planted.bet, pr: planted.pr}
	g.SetMeasureStore(windowed)
	score(g, Window{Since: 2015})
	if windowed.loads != 0 || windowed.saves != 0 {
		t.Errorf("a window used the store: %+v", windowed)
	}
}
