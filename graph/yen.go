package graph

import (
	"cmp"
	"context"
	"slices"
)

// kShortest returns up to k chains of entities from a to b that keep the
// path rule (chains.go), loopless, shortest first (none beyond maxHops when
// it is positive).
//
// It is Yen's algorithm over chains of entities, its spur searches run on
// the graph of (entity, phase) states: a spur search starts from every
// phase its root can leave the spur entity in, and so finds the shortest
// way on that keeps the rule. A spur's tail may still visit an entity
// twice in two phases; such chains are listed (Yen builds on them) but not
// returned. That is exact: every loopless chain avoids what a spur search
// removes, so each chain Yen lists is no longer than the shortest loopless
// one not yet listed, and those returned come out shortest first with none
// missed.
//
// Where several chains tie, it picks those bcgraph always picked: the rest
// is gonum's path.YenKShortestPaths step for step — the same spur order, the
// same candidate list sorted the same way, and spur searches that pop states
// in the order gonum's binary-heap Dijkstra pops nodes and visit neighbours
// in the order its edge-removing adjuster leaves them. Two things differ
// from gonum beside the rule: the search is a unit-weight Dijkstra over flat
// arrays reused between spurs, not a weighted one over maps; and removed
// edges stay removed for one spur search only. (gonum's adjuster overwrote
// the neighbour slices our graph lent it, so a removal leaked into every
// later spur search of the query and Yen could miss shorter paths.)
//
// It returns ctx.Err() if ctx is cancelled, looking between spur searches.
func (v *pathView) kShortest(ctx context.Context, a, b int32, k, maxHops int) ([][]int32, error) {
	s := getSearch(v.c.nodes())
	defer putSearch(s)
	y := &yenState{v: v, s: s, a: a, b: b}
	y.clear()
	shortest := y.spur(a, 1<<atStart, maxHops)
	if shortest == nil {
		return nil, ctx.Err()
	}
	var out [][]int32
	keep := func(p []int32) {
		if loopless(p) {
			out = append(out, p)
		}
	}
	keep(shortest)
	paths := [][]int32{shortest}
	type candidate struct {
		path []int32
		hops int
	}
	var pot []candidate
	searched := map[string]bool{}
	var nexts []int32
	for len(out) < k {
		prev := paths[len(paths)-1]
		reach := v.reach(prev)
		for n := 0; n < len(prev)-1; n++ {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			limit := 0
			if maxHops > 0 {
				if limit = maxHops - n; limit < 1 {
					break
				}
			}
			spur, root := prev[n], prev[:n+1]
			nexts = nexts[:0]
			for _, p := range paths {
				if len(p) > n && slices.Equal(p[:n+1], root) {
					nexts = append(nexts, p[n+1])
				}
			}
			// A spur search from the same root less the same edges as an
			// earlier one finds what it found, which is still a candidate
			// (had it been taken, its edge would be removed too): Yen
			// would add nothing, so the search is skipped. Most spurs
			// before the point where prev left its parent are such.
			slices.Sort(nexts)
			nexts = slices.Compact(nexts)
			if key := keyOf(root) + "|" + keyOf(nexts); searched[key] {
				continue
			} else {
				searched[key] = true
			}
			y.clear()
			for _, w := range nexts {
				y.removeEdge(spur, w)
			}
			for _, u := range root[:len(root)-1] {
				y.removeNode(u)
			}
			tail := y.spur(spur, reach[n], limit)
			if tail == nil {
				continue
			}
			full := append(append(make([]int32, 0, len(root)-1+len(tail)), root[:len(root)-1]...), tail...)
			isNew := true
			for _, c := range pot {
				if slices.Equal(c.path, full) {
					isNew = false
					break
				}
			}
			if isNew {
				pot = append(pot, candidate{full, len(full) - 1})
			}
		}
		if len(pot) == 0 {
			break
		}
		// Not stable, as in gonum: equal-length candidates come out in the
		// order this sort leaves them, which is what the answer depends on.
		slices.SortFunc(pot, func(x, y candidate) int { return cmp.Compare(x.hops, y.hops) })
		best := pot[0]
		paths = append(paths, best.path)
		pot = pot[1:]
		keep(best.path)
	}
	return out, nil
}

// keyOf is a sequence as a map key.
func keyOf(xs []int32) string {
	b := make([]byte, 0, 4*len(xs))
	for _, x := range xs {
		b = append(b, byte(x>>24), byte(x>>16), byte(x>>8), byte(x))
	}
	return string(b)
}

// loopless reports whether no entity occurs twice in a chain.
func loopless(nodes []int32) bool {
	for i, x := range nodes {
		if slices.Contains(nodes[i+1:], x) {
			return false
		}
	}
	return true
}

type yenState struct {
	v       *pathView
	s       *search
	a, b    int32      // the query's ends: present even when excluded
	from    int32      // the current spur entity
	removed [][2]int32 // entity edges removed for the current spur search, both directions
}

// clear starts a spur search's removals afresh: a new stamp leaves every
// entity's old mark stale.
func (y *yenState) clear() {
	y.removed = y.removed[:0]
	y.s.stamp++
	if y.s.stamp == 0 { // wrapped: no entity may keep an old mark
		clear(y.s.gone)
		clear(y.s.near)
		y.s.stamp = 1
	}
}

// removeNode removes u for this spur search, and marks its neighbours as
// near a removed entity: only their neighbour order can be disturbed.
func (y *yenState) removeNode(u int32) {
	y.s.gone[u] = y.s.stamp
	for _, w := range y.v.c.neighbours(u) {
		y.s.near[w] = y.s.stamp
	}
}

func (y *yenState) removeEdge(a, b int32) {
	y.removed = append(y.removed, [2]int32{a, b}, [2]int32{b, a})
}

// excluded reports whether w is not in the query's graph at all.
func (y *yenState) excluded(w int32) bool {
	return y.v.anyBlocked && y.v.blocked[w] && w != y.a && w != y.b
}

func (y *yenState) canWalk(u, w int32) bool {
	if y.s.gone[w] == y.s.stamp {
		return false
	}
	for _, e := range y.removed {
		if e[0] == u && e[1] == w {
			return false
		}
	}
	return true
}

// edgeEnd reports whether u is an end of an edge removed for this spur.
func (y *yenState) edgeEnd(u int32) bool {
	for _, e := range y.removed {
		if e[0] == u {
			return true
		}
	}
	return false
}

// rest returns the neighbour entries of u from first on, in the order
// gonum's adjuster gives them, when entry first is the first unwalkable
// one: gonum dropped excluded nodes, then overwrote each unwalkable entry
// with the current last one. The entries before first keep their places,
// so most entities (nothing removed around them) never come here.
func (y *yenState) rest(u, first int32) []int32 {
	c := y.v.c
	buf := y.s.buf[:0]
	for k := first; k < c.off[u+1]; k++ {
		if !y.excluded(c.adj[k]) {
			buf = append(buf, k)
		}
	}
	for i := 0; i < len(buf); {
		if y.canWalk(u, c.adj[buf[i]]) {
			i++
			continue
		}
		buf[i] = buf[len(buf)-1]
		buf = buf[:len(buf)-1]
	}
	y.s.buf = buf
	return buf
}

// heapNode is a priority-queue entry (a state and its distance); the queue is container/heap's
// algorithm written out for this type, so it pops equal distances in
// exactly the order gonum's Dijkstra does.
type heapNode struct{ node, dist int32 }

func (s *search) push(x heapNode) {
	h := append(s.heap, x)
	j := len(h) - 1
	for {
		i := (j - 1) / 2
		if i == j || !(h[j].dist < h[i].dist) {
			break
		}
		h[i], h[j] = h[j], h[i]
		j = i
	}
	s.heap = h
}

func (s *search) pop() heapNode {
	// container/heap's Pop — swap the last entry to the root, sift it down,
	// take the old root off the end — with the sifted entry held aside
	// rather than swapped at every level: the same comparisons, the same
	// final order, fewer writes.
	h := s.heap
	n := len(h) - 1
	top, x := h[0], h[n]
	i := 0
	for {
		j1 := 2*i + 1
		if j1 >= n || j1 < 0 {
			break
		}
		j := j1
		if j2 := j1 + 1; j2 < n && h[j2].dist < h[j1].dist {
			j = j2
		}
		if !(h[j].dist < x.dist) {
			break
		}
		h[i] = h[j]
		i = j
	}
	h[i] = x
	s.heap = h[:n]
	return top
}

// spur is gonum's DijkstraFromTo with unit weights from entity u, in any
// of the phases from, to the query's end, over the (entity, phase) states
// of the graph less the removed entities and edges, never back into u:
// the chain of entities, or nil if there is none within limit hops (0:
// any). gonum stops when the end is popped; with unit weights a state's
// parent is final when it is first reached (later pops are no nearer), so
// the path is already what gonum returns when the end is first reached,
// and the rest of the level before it need not be searched.
func (y *yenState) spur(u int32, from phaseSet, limit int) []int32 {
	s, c := y.s, y.v.c
	s.reset()
	s.heap = s.heap[:0]
	y.from = u
	for p := int32(0); p < int32(phases); p++ {
		if from.has(int8(p)) {
			s.reach(u<<2|p, 0, -1)
			s.push(heapNode{u<<2 | p, 0})
		}
	}
	for len(s.heap) > 0 {
		mid := s.pop()
		if mid.dist > s.dist[mid.node] {
			continue
		}
		joint := mid.dist + 1
		if limit > 0 && int(joint) > limit {
			return nil
		}
		x, p := mid.node>>2, phase(mid.node&3)
		k, end := c.off[x], c.off[x+1]
		edgeEnd := y.edgeEnd(x)
		if s.near[x] != s.stamp && !edgeEnd {
			// Nothing around x is removed: its neighbours come in their
			// own order, less the excluded, so those no step of which the
			// rule allows from here can be passed over unseen.
			for ; k < end; k++ {
				if !y.v.allow[k].has(int8(p)) || y.excluded(c.adj[k]) {
					continue
				}
				if hit := y.visit(mid, k, joint); hit >= 0 {
					return s.pathTo(hit)
				}
			}
			continue
		}
		for ; k < end && !edgeEnd; k++ {
			if w := c.adj[k]; s.gone[w] == s.stamp || y.excluded(w) {
				break
			}
			if hit := y.visit(mid, k, joint); hit >= 0 {
				return s.pathTo(hit)
			}
		}
		if k < end {
			for _, k := range y.rest(x, k) {
				if hit := y.visit(mid, k, joint); hit >= 0 {
					return s.pathTo(hit)
				}
			}
		}
	}
	return nil
}

// visit reaches the states the steps of neighbour entry k lead to from
// state mid; it returns the end's state if one is reached, else -1.
func (y *yenState) visit(mid heapNode, k, joint int32) int32 {
	v, s := y.v, y.s
	w := v.c.adj[k]
	if w == y.from {
		return -1
	}
	p := mid.node & 3
	for j := v.stepAt[k]; j < v.stepAt[k+1]; j++ {
		q := nextPhase[p][v.mv[j]]
		if q < 0 {
			continue
		}
		ws := w<<2 | int32(q)
		if d := s.dist[ws]; d < 0 || joint < d {
			s.reach(ws, joint, mid.node)
			if w == y.b {
				return ws
			}
			s.push(heapNode{ws, joint})
		}
	}
	return -1
}

// pathTo follows parents back from state t to the search's source and
// returns the entities on the way.
func (s *search) pathTo(t int32) []int32 {
	path := make([]int32, s.dist[t]+1)
	for x, i := t, len(path)-1; i >= 0; x, i = s.parent[x], i-1 {
		path[i] = x >> 2
	}
	return path
}
