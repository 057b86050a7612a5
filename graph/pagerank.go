package graph

import "math"

// pageRankMaxIter bounds the power iteration; on the graphs bcgraph sees it
// converges in about 200 steps.
const pageRankMaxIter = 10000

// pageRank is NetworkX's pagerank on an undirected graph: every edge taken
// both ways, damping PageRankDamping, a uniform start vector, dangling nodes
// spread uniformly, stopping when the L1 change falls below
// nodes × PageRankTolerance. Every sum runs in node and neighbour order on one
// core, so the same graph gives bit-identical values on every run.
func pageRank(c *csr) []float64 {
	n := c.nodes()
	if n == 0 {
		return nil
	}
	fn := float64(n)
	x, next := make([]float64, n), make([]float64, n)
	share := make([]float64, n) // x[u] / degree(u)
	for i := range x {
		x[i] = 1 / fn
	}
	for it := 0; it < pageRankMaxIter; it++ {
		var dangling float64
		for u := range x {
			if d := c.degree(int32(u)); d > 0 {
				share[u] = x[u] / float64(d)
			} else {
				share[u] = 0
				dangling += x[u]
			}
		}
		var change float64
		for v := range next {
			var s float64
			for _, u := range c.neighbours(int32(v)) {
				s += share[u]
			}
			next[v] = PageRankDamping*(s+dangling/fn) + (1-PageRankDamping)/fn
			change += math.Abs(next[v] - x[v])
		}
		x, next = next, x
		if change < fn*PageRankTolerance {
			break
		}
	}
	return x
}
