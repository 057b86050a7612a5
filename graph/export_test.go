package graph

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	gg "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/iterator"
	"gonum.org/v1/gonum/graph/path"
)

// Reference checks against gonum, the implementation bcgraph used before
// its own, for the external tests (which can read the embedded dataset).

// orderedOf presents a csr as the ordered gonum graph bcgraph used to run
// gonum's algorithms on.
func orderedOf(c *csr) *ordered {
	o := newOrdered(c.nodes())
	for v := 0; v < c.nodes(); v++ {
		for _, w := range c.neighbours(int32(v)) {
			if int32(v) < w {
				o.addEdge(int64(v), int64(w))
			}
		}
	}
	o.sort()
	return o
}

// CompareLouvainWithGonum partitions g's community graph both ways and
// reports the first difference, and both modularities.
func CompareLouvainWithGonum(g *Graph, seed int64) (ours, theirs float64, diff error) {
	c, _ := g.communityGraph()
	mine, err := louvain(context.Background(), c, 1, uint64(seed))
	if err != nil {
		return 0, 0, err
	}
	o := orderedOf(c)
	reduced := community.Modularize(o, 1, rand.NewPCG(uint64(seed), 0))
	comms := reduced.Communities()
	theirs = community.Q(o, comms, 1)
	ours = modularity(c, mine, 1)
	// Same partition: every gonum community is exactly one of ours.
	seen := map[int32]bool{}
	total := 0
	for i, cm := range comms {
		label := mine[cm[0].ID()]
		if seen[label] {
			return ours, theirs, fmt.Errorf("gonum community %d has members our community %d already gave to another", i, label)
		}
		seen[label] = true
		for _, n := range cm {
			if mine[n.ID()] != label {
				return ours, theirs, fmt.Errorf("node %d: gonum puts it with node %d, we do not", n.ID(), cm[0].ID())
			}
		}
		total += len(cm)
	}
	if total != c.nodes() {
		return ours, theirs, fmt.Errorf("gonum partitioned %d of %d nodes", total, c.nodes())
	}
	return ours, theirs, nil
}

// leakFree is the ordered graph with From handing out copies, so that
// gonum's Yen adjuster, which edits the slice it gets, cannot change the
// graph under later searches.
type leakFree struct{ *ordered }

func (l leakFree) From(id int64) gg.Nodes {
	if len(l.adj[id]) == 0 {
		return gg.Empty
	}
	return iterator.NewOrderedNodes(append([]gg.Node(nil), l.from[id]...))
}

// ComparePathsWithGonum runs random path queries on g's default path view
// both ways: all shortest paths against gonum's DijkstraAllFrom, Yen k
// against gonum's YenKShortestPaths on a leak-free graph. It reports the
// first difference and how many queries were compared.
func ComparePathsWithGonum(g *Graph, k, queries int, seed uint64) (int, error) {
	v := g.pathView(PathOptions{Exclude: DefaultExcluded()})
	// gonum's graph had the excluded entities removed; so does this copy.
	keep := make([]int32, 0, v.c.nodes())
	local := make([]int32, v.c.nodes())
	for i := range local {
		local[i] = -1
		if !v.blocked[i] {
			local[i] = int32(len(keep))
			keep = append(keep, int32(i))
		}
	}
	var edges [][2]int32
	for _, i := range keep {
		for _, w := range v.c.neighbours(i) {
			if i < w && local[w] >= 0 {
				edges = append(edges, [2]int32{local[i], local[w]})
			}
		}
	}
	o := orderedOf(newCSR(len(keep), edges))
	rng := rand.New(rand.NewPCG(seed, seed))
	asIDs := func(ns []gg.Node) []int32 {
		out := make([]int32, len(ns))
		for i, n := range ns {
			out[i] = keep[n.ID()]
		}
		return out
	}
	compared := 0
	for q := 0; q < queries; q++ {
		a, b := keep[rng.IntN(len(keep))], keep[rng.IntN(len(keep))]
		if a == b {
			continue
		}
		s, t := o.Node(int64(local[a])), o.Node(int64(local[b]))
		want := map[string]bool{}
		all, _ := path.DijkstraAllFrom(s, o).AllTo(t.ID())
		for _, p := range all {
			want[fmt.Sprint(asIDs(p))] = true
		}
		got := v.allShortest(a, b, 0)
		if len(got) != len(want) {
			return compared, fmt.Errorf("all shortest %d→%d: %d paths, gonum %d", a, b, len(got), len(want))
		}
		for _, p := range got {
			if !want[fmt.Sprint(p)] {
				return compared, fmt.Errorf("all shortest %d→%d: %v is not among gonum's", a, b, p)
			}
		}
		yg := path.YenKShortestPaths(leakFree{o}, k, math.Inf(1), s, t)
		ym, err := v.yen(context.Background(), a, b, k)
		if err != nil {
			return compared, err
		}
		if len(yg) != len(ym) {
			return compared, fmt.Errorf("yen %d→%d: %d paths, gonum %d", a, b, len(ym), len(yg))
		}
		for i := range yg {
			if fmt.Sprint(asIDs(yg[i])) != fmt.Sprint(ym[i]) {
				return compared, fmt.Errorf("yen %d→%d: path %d is %v, gonum's %v", a, b, i, ym[i], asIDs(yg[i]))
			}
		}
		compared++
	}
	return compared, nil
}
