package graph

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
)

// louvainTolerance is the least modularity gain worth a move.
const louvainTolerance = 1e-15

// louvain partitions an unweighted graph by the Louvain method at the given
// resolution and returns each node's community (numbered from 0).
//
// It makes exactly the moves gonum's community.Modularize makes with the
// same seed — the same shuffles drawn from rand.NewPCG(seed, 0), the same
// candidate order, the same gain arithmetic — so communities are the ones
// bcgraph always gave; but it runs on flat arrays, keeping each community's
// total degree as it goes instead of summing over its members for every
// candidate move, which made gonum quadratic in community size. Every weight
// is an integer, so sums are exact whatever their order and the gains come
// out bit for bit as gonum's.
func louvain(ctx context.Context, c *csr, resolution float64, seed uint64) ([]int32, error) {
	n := c.nodes()
	member := make([]int32, n) // original node → node of the current level
	for v := range member {
		member[v] = int32(v)
	}
	lv := levelOf(c)
	rnd := rand.New(rand.NewPCG(seed, 0)).IntN
	for {
		comm, moved, err := lv.localMoves(ctx, resolution, rnd)
		if err != nil {
			return nil, err
		}
		if !moved {
			return member, nil
		}
		next, index := lv.reduce(comm)
		for v, m := range member {
			member[v] = index[comm[m]]
		}
		lv = next
	}
}

// level is one level of the Louvain hierarchy: a weighted graph whose
// nodes are the previous level's communities.
type level struct {
	off    []int32
	adj    []int32
	weight []float64 // parallel to adj
	self   []float64 // weight inside each node (twice its internal edges)
}

func levelOf(c *csr) *level {
	w := make([]float64, len(c.adj))
	for i := range w {
		w[i] = 1
	}
	return &level{off: c.off, adj: c.adj, weight: w, self: make([]float64, c.nodes())}
}

// localMoves runs the local moving heuristic to a standstill and returns
// each node's community slot (a node starts alone in the slot of its own
// number) and whether any node moved.
func (lv *level) localMoves(ctx context.Context, gamma float64, rnd func(int) int) (comm []int32, changed bool, err error) {
	n := len(lv.self)
	comm = make([]int32, n)
	k := make([]float64, n)   // weighted degree, self weight included
	tot := make([]float64, n) // total degree of each community
	var m2 float64
	for v := 0; v < n; v++ {
		comm[v] = int32(v)
		kv := lv.self[v]
		for i := lv.off[v]; i < lv.off[v+1]; i++ {
			kv += lv.weight[i]
		}
		k[v], tot[v] = kv, kv
		m2 += kv
	}
	if m2 == 0 {
		return comm, false, nil
	}
	order := make([]int32, n)
	for v := range order {
		order[v] = int32(v)
	}
	toComm := make([]float64, n) // weight from the node at hand to each community
	seen := make([]bool, n)
	var candidates []int32
	for {
		if err := ctx.Err(); err != nil {
			return nil, false, err
		}
		for i := range order[:n-1] {
			j := i + rnd(n-i)
			order[i], order[j] = order[j], order[i]
		}
		moved := false
		for _, a := range order {
			own := comm[a]
			candidates = append(candidates[:0], own)
			seen[own] = true
			for i := lv.off[a]; i < lv.off[a+1]; i++ {
				cb := comm[lv.adj[i]]
				toComm[cb] += lv.weight[i]
				if !seen[cb] {
					seen[cb] = true
					candidates = append(candidates, cb)
				}
			}
			slices.Sort(candidates)
			aaa, ka := lv.self[a], k[a]
			var remove float64
			add, dst := math.Inf(-1), int32(-1)
			for _, cb := range candidates {
				if cb == own {
					kaC := toComm[cb] + aaa
					remove = kaC - aaa - gamma*ka*(tot[cb]-ka)/m2
				} else if dQ := toComm[cb] - gamma*ka*tot[cb]/m2; dQ > add {
					add, dst = dQ, cb
				}
				toComm[cb], seen[cb] = 0, false
			}
			if 2*(add-remove)/m2 <= louvainTolerance {
				continue
			}
			tot[own] -= ka
			tot[dst] += ka
			comm[a] = dst
			moved, changed = true, true
		}
		if !moved {
			return comm, changed, nil
		}
	}
}

// reduce makes the next level, a node per non-empty community. Slots are
// renumbered as gonum does it: an empty slot takes the last slot's
// community, so node numbers (and with them the next level's shuffles)
// match. It returns the level and each slot's new number.
func (lv *level) reduce(comm []int32) (*level, []int32) {
	n := len(comm)
	size := make([]int32, n)
	for _, c := range comm {
		size[c]++
	}
	slot := make([]int32, n) // position → slot of the compacted list
	for i := range slot {
		slot[i] = int32(i)
	}
	count := n
	for i := 0; i < count; {
		if size[slot[i]] == 0 {
			slot[i] = slot[count-1]
			count--
		} else {
			i++
		}
	}
	index := make([]int32, n)
	for i := range index {
		index[i] = -1
	}
	for i := 0; i < count; i++ {
		index[slot[i]] = int32(i)
	}
	// Members of each new node, by counting sort.
	start := make([]int32, count+1)
	for v := range comm {
		start[index[comm[v]]+1]++
	}
	for i := 0; i < count; i++ {
		start[i+1] += start[i]
	}
	members := make([]int32, n)
	fill := append([]int32(nil), start[:count]...)
	for v := range comm {
		c := index[comm[v]]
		members[fill[c]] = int32(v)
		fill[c]++
	}
	next := &level{off: make([]int32, count+1), self: make([]float64, count)}
	acc := make([]float64, count)
	var touched []int32
	for c := 0; c < count; c++ {
		touched = touched[:0]
		for _, v := range members[start[c]:start[c+1]] {
			next.self[c] += lv.self[v]
			for i := lv.off[v]; i < lv.off[v+1]; i++ {
				d := index[comm[lv.adj[i]]]
				if int(d) == c {
					next.self[c] += lv.weight[i]
					continue
				}
				if acc[d] == 0 {
					touched = append(touched, d)
				}
				acc[d] += lv.weight[i]
			}
		}
		slices.Sort(touched)
		for _, d := range touched {
			next.adj = append(next.adj, d)
			next.weight = append(next.weight, acc[d])
			acc[d] = 0
		}
		next.off[c+1] = int32(len(next.adj))
	}
	return next, index
}

// modularity is Newman's Q of a partition of an unweighted graph at the
// given resolution.
func modularity(c *csr, comm []int32, gamma float64) float64 {
	k := 0
	for _, x := range comm {
		k = max(k, int(x)+1)
	}
	in, tot := make([]float64, k), make([]float64, k)
	m2 := float64(len(c.adj))
	if m2 == 0 {
		return 0
	}
	for v := 0; v < c.nodes(); v++ {
		tot[comm[v]] += float64(c.degree(int32(v)))
		for _, w := range c.neighbours(int32(v)) {
			if comm[w] == comm[v] {
				in[comm[v]]++
			}
		}
	}
	var q float64
	for i := range in {
		q += in[i] - gamma*tot[i]*tot[i]/m2
	}
	return q / m2
}
