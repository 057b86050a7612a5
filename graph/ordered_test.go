package graph

import (
	"sort"

	gg "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/iterator"
	"gonum.org/v1/gonum/graph/simple"
)

// ordered is an undirected, unweighted graph whose nodes and neighbours are
// always visited in id order. gonum's simple graphs iterate Go maps, so their
// searches break ties differently from run to run; on this graph, Dijkstra
// and Yen give the same answer every time.
type ordered struct {
	nodes []gg.Node
	adj   [][]int64   // sorted neighbour ids, indexed by node id
	from  [][]gg.Node // the same neighbours as nodes, built once by sort
}

func newOrdered(n int) *ordered {
	o := &ordered{nodes: make([]gg.Node, n), adj: make([][]int64, n)}
	for i := range o.nodes {
		o.nodes[i] = simple.Node(int64(i))
	}
	return o
}

// addEdge adds an undirected edge; call sort once all are added.
func (o *ordered) addEdge(a, b int64) {
	o.adj[a] = append(o.adj[a], b)
	o.adj[b] = append(o.adj[b], a)
}

func (o *ordered) sort() {
	for i, ns := range o.adj {
		sort.Slice(ns, func(a, b int) bool { return ns[a] < ns[b] })
		// Drop duplicates left by parallel ties.
		out := ns[:0]
		for j, n := range ns {
			if j == 0 || n != ns[j-1] {
				out = append(out, n)
			}
		}
		o.adj[i] = out
	}
	o.from = make([][]gg.Node, len(o.adj))
	for i, ns := range o.adj {
		o.from[i] = make([]gg.Node, len(ns))
		for j, n := range ns {
			o.from[i][j] = o.nodes[n]
		}
	}
}

func (o *ordered) degree(id int64) int { return len(o.adj[id]) }

func (o *ordered) Node(id int64) gg.Node {
	if id < 0 || id >= int64(len(o.nodes)) {
		return nil
	}
	return o.nodes[id]
}

func (o *ordered) Nodes() gg.Nodes { return iterator.NewOrderedNodes(o.nodes) }

func (o *ordered) From(id int64) gg.Nodes {
	if id < 0 || id >= int64(len(o.adj)) || len(o.adj[id]) == 0 {
		return gg.Empty
	}
	return iterator.NewOrderedNodes(o.from[id])
}

func (o *ordered) HasEdgeBetween(x, y int64) bool {
	if x < 0 || x >= int64(len(o.adj)) {
		return false
	}
	ns := o.adj[x]
	i := sort.Search(len(ns), func(i int) bool { return ns[i] >= y })
	return i < len(ns) && ns[i] == y
}

func (o *ordered) Edge(u, v int64) gg.Edge { return o.EdgeBetween(u, v) }

func (o *ordered) EdgeBetween(x, y int64) gg.Edge {
	if !o.HasEdgeBetween(x, y) {
		return nil
	}
	return simple.Edge{F: o.nodes[x], T: o.nodes[y]}
}

// directed presents an ordered undirected graph as a directed one with each
// edge both ways (NetworkX's convention for PageRank on undirected graphs),
// keeping the fixed iteration order so sums come out bit-identical every run.
type directed struct{ *ordered }

func (d directed) HasEdgeFromTo(u, v int64) bool { return d.HasEdgeBetween(u, v) }
func (d directed) To(id int64) gg.Nodes          { return d.From(id) }
