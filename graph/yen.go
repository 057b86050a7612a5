package graph

import (
	"cmp"
	"context"
	"slices"
)

// yen returns the k shortest loopless paths from a to b, shortest first.
//
// It is gonum's path.YenKShortestPaths step for step — the same spur
// order, the same candidate list sorted the same way, and spur searches
// that pop nodes in the order gonum's binary-heap Dijkstra pops them and
// visit neighbours in the order its edge-removing adjuster leaves them — so
// where several paths tie, it picks the ones bcgraph always picked. Two
// things differ: the search is a unit-weight Dijkstra over flat arrays
// reused between spurs, not a weighted one over maps; and removed edges stay
// removed for one spur search only. (gonum's adjuster overwrote the
// neighbour slices our graph lent it, so a removal leaked into every later
// spur search of the query and Yen could miss shorter paths.)
//
// It returns ctx.Err() if ctx is cancelled, looking between spur searches.
func (v *pathView) yen(ctx context.Context, a, b int32, k int) ([][]int32, error) {
	s := getSearch(v.c.nodes())
	defer putSearch(s)
	y := &yenState{v: v, s: s, a: a, b: b}
	y.clear()
	shortest := y.spur(a)
	switch len(shortest) {
	case 0:
		return nil, nil
	case 1:
		return [][]int32{shortest}, nil
	}
	paths := [][]int32{shortest}
	type candidate struct {
		path   []int32
		weight float64
	}
	var pot []candidate
	for i := 1; i < k; i++ {
		prev := paths[i-1]
		for n := 0; n < len(prev)-1; n++ {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			y.clear()
			spur, root := prev[n], prev[:n+1]
			for _, p := range paths {
				if len(p) > n && slices.Equal(p[:n+1], root) {
					y.removeEdge(p[n], p[n+1])
				}
			}
			for _, u := range root[:len(root)-1] {
				y.removeNode(u)
			}
			tail := y.spur(spur)
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
				pot = append(pot, candidate{full, float64(len(full) - 1)})
			}
		}
		if len(pot) == 0 {
			break
		}
		// Not stable, as in gonum: equal-length candidates come out in the
		// order this sort leaves them, which is what the answer depends on.
		slices.SortFunc(pot, func(x, y candidate) int { return cmp.Compare(x.weight, y.weight) })
		best := pot[0]
		if len(best.path) <= 1 {
			break
		}
		paths = append(paths, best.path)
		pot = pot[1:]
	}
	return paths, nil
}

type yenState struct {
	v       *pathView
	s       *search
	a, b    int32      // the query's ends: present even when excluded
	gone    []int32    // nodes removed for the current spur search
	removed [][2]int32 // edges removed for the current spur search, both directions
}

// gone marks a removed node's distance during a spur search, so that one
// look at a neighbour's distance tells both whether it may be walked to
// and whether it was reached.
const gone = -2

func (y *yenState) clear() {
	y.gone = y.gone[:0]
	y.removed = y.removed[:0]
}

func (y *yenState) removeNode(u int32) { y.gone = append(y.gone, u) }

func (y *yenState) removeEdge(a, b int32) {
	y.removed = append(y.removed, [2]int32{a, b}, [2]int32{b, a})
}

// excluded reports whether w is not in the query's graph at all.
func (y *yenState) excluded(w int32) bool {
	return y.v.anyBlocked && y.v.blocked[w] && w != y.a && w != y.b
}

func (y *yenState) canWalk(u, w int32) bool {
	if y.s.dist[w] == gone {
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

// rest returns what follows, in the order gonum's adjuster gives it, when
// u's neighbour list ns has its first unwalkable entry at first: gonum
// dropped excluded nodes, then overwrote each unwalkable entry with the
// current last one. The entries before first keep their places, so most
// nodes (nothing removed around them) never come here.
func (y *yenState) rest(u int32, ns []int32, first int) []int32 {
	buf := y.s.buf[:0]
	for _, w := range ns[first:] {
		if !y.excluded(w) {
			buf = append(buf, w)
		}
	}
	for i := 0; i < len(buf); {
		if y.canWalk(u, buf[i]) {
			i++
			continue
		}
		buf[i] = buf[len(buf)-1]
		buf = buf[:len(buf)-1]
	}
	y.s.buf = buf
	return buf
}

// heapNode is a priority-queue entry; the queue is container/heap's
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

// spur is gonum's DijkstraFromTo with unit weights on the graph less the
// removed nodes and edges: the path from u to the query's end, or nil.
// gonum stops when the end is popped; with unit weights a node's parent is
// final when it is first reached (later pops are no nearer), so the path
// is already what gonum returns when the end is first reached, and the
// rest of the level before it need not be searched.
func (y *yenState) spur(u int32) []int32 {
	s, b := y.s, y.b
	s.reset()
	for _, r := range y.gone {
		s.dist[r] = gone
		s.seen = append(s.seen, r)
	}
	s.heap = s.heap[:0]
	s.reach(u, 0, -1)
	s.push(heapNode{u, 0})
	for len(s.heap) > 0 {
		mid := s.pop()
		if mid.dist > s.dist[mid.node] {
			continue
		}
		if mid.node == b {
			break
		}
		joint := mid.dist + 1
		ns := y.v.c.neighbours(mid.node)
		i := 0
		if !y.edgeEnd(mid.node) {
			for ; i < len(ns); i++ {
				w := ns[i]
				d := s.dist[w]
				if d == gone || y.excluded(w) {
					break
				}
				if d < 0 || joint < d {
					s.reach(w, joint, mid.node)
					if w == b {
						return s.pathTo(b)
					}
					s.push(heapNode{w, joint})
				}
			}
		}
		if i < len(ns) {
			for _, w := range y.rest(mid.node, ns, i) {
				if d := s.dist[w]; d < 0 || joint < d {
					s.reach(w, joint, mid.node)
					if w == b {
						return s.pathTo(b)
					}
					s.push(heapNode{w, joint})
				}
			}
		}
	}
	if s.dist[b] < 0 {
		return nil
	}
	return s.pathTo(b)
}

// pathTo follows parents back from b to the search's source.
func (s *search) pathTo(b int32) []int32 {
	path := make([]int32, s.dist[b]+1)
	for x, i := b, len(path)-1; i >= 0; x, i = s.parent[x], i-1 {
		path[i] = x
	}
	return path
}
