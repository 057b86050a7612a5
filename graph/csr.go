package graph

import "slices"

// csr is a compact undirected simple graph: nodes are 0..n-1 and the
// neighbours of v are adj[off[v]:off[v+1]], sorted ascending. Searches visit
// neighbours in that order, so every analysis breaks ties the same way on
// every run. The int32 slices keep a 27,000-node graph's adjacency in a few
// hundred kilobytes, where gonum's node interfaces and maps took megabytes.
type csr struct {
	off []int32
	adj []int32
}

// newCSR builds the graph of n nodes and the given undirected edges;
// self-loops and parallel edges are dropped.
func newCSR(n int, edges [][2]int32) *csr {
	deg := make([]int32, n+1)
	for _, e := range edges {
		if e[0] != e[1] {
			deg[e[0]]++
			deg[e[1]]++
		}
	}
	off := make([]int32, n+1)
	for v := 0; v < n; v++ {
		off[v+1] = off[v] + deg[v]
	}
	adj := make([]int32, off[n])
	fill := deg[:n]
	copy(fill, off[:n])
	for _, e := range edges {
		a, b := e[0], e[1]
		if a == b {
			continue
		}
		adj[fill[a]] = b
		fill[a]++
		adj[fill[b]] = a
		fill[b]++
	}
	// Sort each neighbour list and squeeze out duplicates in place.
	w := int32(0)
	for v := 0; v < n; v++ {
		ns := adj[off[v]:off[v+1]]
		slices.Sort(ns)
		start := w
		for i, x := range ns {
			// ns[i-1] is intact: writes so far landed at or before it.
			if i == 0 || x != ns[i-1] {
				adj[w] = x
				w++
			}
		}
		off[v] = start
	}
	off[n] = w
	return &csr{off: off, adj: adj[:w:w]}
}

func (c *csr) nodes() int { return len(c.off) - 1 }

func (c *csr) neighbours(v int32) []int32 { return c.adj[c.off[v]:c.off[v+1]] }

func (c *csr) degree(v int32) int { return int(c.off[v+1] - c.off[v]) }

// csrOf indexes string ids and builds their graph: the compact form of the
// (ids, edges) pairs LinkGraph and Project produce.
func csrOf(ids []string, edges [][2]string) *csr {
	index := make(map[string]int32, len(ids))
	for i, id := range ids {
		index[id] = int32(i)
	}
	es := make([][2]int32, 0, len(edges))
	for _, e := range edges {
		a, okA := index[e[0]]
		b, okB := index[e[1]]
		if okA && okB {
			es = append(es, [2]int32{a, b})
		}
	}
	return newCSR(len(ids), es)
}
