package graph

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// betweennessLanes is how many partial sums Brandes' sources are dealt into:
// source s goes to lane s mod betweennessLanes and the lanes are added in
// lane order at the end, so the result does not depend on how many cores
// ran them or in which order they finished.
const betweennessLanes = 16

// cancelEvery is how many sources a worker runs between looks at its context.
const cancelEvery = 32

// betweenness is Brandes' algorithm on an unweighted undirected graph:
// not normalized, each unordered pair of endpoints counted once (NetworkX's
// betweenness_centrality(normalized=False)).
//
// Trees hanging off the graph are first shattered away (see shatter): the
// dataset's link graph is nearly half leaves, and every path into a tree
// passes its root, so their share is counted exactly in closed form and
// Brandes runs, with each node weighted by what it stands for, on the rest
// only. Sources run on every core; each worker keeps its BFS state in flat
// arrays and resets only what a source visited, so a source costs its
// component, not the whole graph.
func betweenness(ctx context.Context, c *csr) ([]float64, error) {
	n := c.nodes()
	if n == 0 {
		return []float64{}, nil
	}
	out, core, keep, weight := shatter(c)
	m := core.nodes()
	if m == 0 {
		return out, nil
	}
	lanes := min(betweennessLanes, m)
	partial := make([][]float64, lanes)
	var next atomic.Int64
	var stop atomic.Bool
	workers := min(runtime.GOMAXPROCS(0), lanes)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := newBrandes(m)
			for {
				lane := int(next.Add(1) - 1)
				if lane >= lanes || stop.Load() {
					return
				}
				sum := make([]float64, m)
				for i, s := 0, lane; s < m; i, s = i+1, s+lanes {
					if i%cancelEvery == 0 && (stop.Load() || ctx.Err() != nil) {
						stop.Store(true)
						return
					}
					b.source(core, weight, int32(s), sum)
				}
				partial[lane] = sum
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	total := make([]float64, m)
	for _, sum := range partial {
		for v, x := range sum {
			total[v] += x
		}
	}
	for v, x := range total {
		out[keep[v]] += x / 2 // each pair was counted from both ends
	}
	return out, nil
}

// shatter prunes degree-one nodes until none is left, each pruned node's
// weight (the nodes it stands for, itself included) passing to its
// neighbour. Betweenness that trees account for is added to base in closed
// form: a node with weight r in a component of size N lies on every path from
// the r-1 nodes behind it to the N-r outside; a tree of weight r joining a
// node of weight q (before the join) adds the r×(q-1) paths through that node.
// It returns that base, the core that remains (renumbered), the core's node
// ids in c, and their weights.
func shatter(c *csr) (base []float64, core *csr, keep []int32, weight []float64) {
	n := c.nodes()
	size := componentSizes(c)
	deg := make([]int32, n)
	var queue []int32
	for v := range deg {
		deg[v] = int32(c.degree(int32(v)))
		if deg[v] == 1 {
			queue = append(queue, int32(v))
		}
	}
	r := make([]float64, n)
	for v := range r {
		r[v] = 1
	}
	base = make([]float64, n)
	removed := make([]bool, n)
	for i := 0; i < len(queue); i++ {
		u := queue[i]
		if deg[u] != 1 {
			continue // its last neighbour was pruned first
		}
		var p int32 = -1
		for _, w := range c.neighbours(u) {
			if !removed[w] {
				p = w
				break
			}
		}
		removed[u], deg[u] = true, 0
		base[u] += (r[u] - 1) * (size[u] - r[u])
		base[p] += r[u] * (r[p] - 1)
		r[p] += r[u]
		if deg[p]--; deg[p] == 1 {
			queue = append(queue, p)
		}
	}
	index := make([]int32, n)
	for v := range index {
		if removed[v] {
			index[v] = -1
			continue
		}
		base[v] += (r[v] - 1) * (size[v] - r[v])
		index[v] = int32(len(keep))
		keep = append(keep, int32(v))
		weight = append(weight, r[v])
	}
	var edges [][2]int32
	for _, v := range keep {
		for _, w := range c.neighbours(v) {
			if v < w && index[w] >= 0 {
				edges = append(edges, [2]int32{index[v], index[w]})
			}
		}
	}
	return base, newCSR(len(keep), edges), keep, weight
}

// componentSizes gives every node the size of its connected component.
func componentSizes(c *csr) []float64 {
	n := c.nodes()
	size := make([]float64, n)
	comp := make([]int32, n)
	for v := range comp {
		comp[v] = -1
	}
	var counts []float64
	queue := make([]int32, 0, n)
	for s := 0; s < n; s++ {
		if comp[s] >= 0 {
			continue
		}
		id := int32(len(counts))
		queue = append(queue[:0], int32(s))
		comp[s] = id
		for i := 0; i < len(queue); i++ {
			for _, w := range c.neighbours(queue[i]) {
				if comp[w] < 0 {
					comp[w] = id
					queue = append(queue, w)
				}
			}
		}
		counts = append(counts, float64(len(queue)))
	}
	for v := range size {
		size[v] = counts[comp[v]]
	}
	return size
}

// brandes is one worker's reusable state: per node its distance from the
// source (-1: not reached), its number of shortest paths and its dependency,
// side by side so that looking at a neighbour touches one cache line; and the
// BFS order, which doubles as the stack.
type brandes struct {
	node  []brandesNode
	order []int32
}

type brandesNode struct {
	dist  int32
	sigma float64
	delta float64
}

func newBrandes(n int) *brandes {
	b := &brandes{node: make([]brandesNode, n), order: make([]int32, n)}
	for i := range b.node {
		b.node[i].dist = -1
	}
	return b
}

// source adds s's dependencies to sum, every node standing for weight[v]
// nodes (targets) and s for weight[s] (sources).
func (b *brandes) source(c *csr, weight []float64, s int32, sum []float64) {
	node, order := b.node, b.order
	off, adj := c.off, c.adj
	order[0] = s
	node[s] = brandesNode{dist: 0, sigma: 1}
	head, tail := 0, 1
	for head < tail {
		v := order[head]
		head++
		dv, sv := node[v].dist+1, node[v].sigma
		for _, w := range adj[off[v]:off[v+1]] {
			nw := &node[w]
			switch nw.dist {
			case -1:
				nw.dist, nw.sigma = dv, sv
				order[tail] = w
				tail++
			case dv:
				nw.sigma += sv
			}
		}
	}
	// Predecessors are the neighbours one level up: no lists to keep.
	ws := weight[s]
	for i := tail - 1; i > 0; i-- {
		w := order[i]
		nw := &node[w]
		coeff := (weight[w] + nw.delta) / nw.sigma
		up := nw.dist - 1
		for _, v := range adj[off[w]:off[w+1]] {
			if nv := &node[v]; nv.dist == up {
				nv.delta += nv.sigma * coeff
			}
		}
		sum[w] += ws * nw.delta
	}
	for _, v := range order[:tail] {
		node[v] = brandesNode{dist: -1}
	}
}
