package graph

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// pathView is the undirected simple graph of the ties a path query admits,
// over every entity (numbered in dataset order), with the tie each hop shows
// and the entities the query excludes (the ends of a query always pass).
// It depends only on the query's window, book-only flag and exclusions, so
// Paths builds it once per such combination and keeps it (see viewCache).
type pathView struct {
	c          *csr
	tie        []*Tie // parallel to c.adj
	blocked    []bool
	anyBlocked bool
	index      map[string]int32
}

func (g *Graph) newPathView(admit func(*Tie) bool, excluded func(*Entity) bool) *pathView {
	n := len(g.Entities)
	v := &pathView{index: make(map[string]int32, n), blocked: make([]bool, n)}
	for i, e := range g.Entities {
		v.index[e.ID] = int32(i)
		v.blocked[i] = excluded != nil && excluded(e)
		v.anyBlocked = v.anyBlocked || v.blocked[i]
	}
	type half struct {
		b int32
		t *Tie
	}
	// Group both directions of every admitted tie by their first end
	// (a counting sort), then order each group by the other end.
	count := make([]int32, n+1)
	admitted := make([][2]int32, 0, len(g.Ties))
	var ties []*Tie
	for _, t := range g.Ties {
		a, okA := v.index[t.From]
		b, okB := v.index[t.To]
		if !okA || !okB || a == b || (admit != nil && !admit(t)) {
			continue
		}
		admitted = append(admitted, [2]int32{a, b})
		ties = append(ties, t)
		count[a+1]++
		count[b+1]++
	}
	for i := 0; i < n; i++ {
		count[i+1] += count[i]
	}
	halves := make([]half, count[n])
	fill := append([]int32(nil), count[:n]...)
	for i, e := range admitted {
		halves[fill[e[0]]] = half{e[1], ties[i]}
		fill[e[0]]++
		halves[fill[e[1]]] = half{e[0], ties[i]}
		fill[e[1]]++
	}
	c := &csr{off: make([]int32, n+1), adj: make([]int32, 0, len(halves))}
	v.tie = make([]*Tie, 0, len(halves))
	for a := 0; a < n; a++ {
		group := halves[count[a]:count[a+1]]
		slices.SortFunc(group, func(x, y half) int { return cmp.Compare(x.b, y.b) })
		for i, h := range group {
			if i > 0 && h.b == group[i-1].b {
				if last := len(v.tie) - 1; PreferTie(h.t, v.tie[last]) {
					v.tie[last] = h.t
				}
				continue
			}
			c.adj = append(c.adj, h.b)
			v.tie = append(v.tie, h.t)
		}
		c.off[a+1] = int32(len(c.adj))
	}
	v.c = c
	return v
}

// tieOf returns the tie shown for the hop a–b.
func (v *pathView) tieOf(a, b int32) *Tie {
	ns := v.c.neighbours(a)
	i, _ := slices.BinarySearch(ns, b)
	return v.tie[int(v.c.off[a])+i]
}

// viewCache keeps the path views of one Graph, keyed by the options that
// shape them; safe for concurrent use. It is small: a server answering
// arbitrary windows replaces its views rather than growing without bound.
type viewCache struct {
	mu    sync.Mutex
	views map[string]*pathView
}

const maxCachedViews = 32

func viewKey(opt PathOptions) string {
	ex := append([]string(nil), opt.Exclude...)
	slices.Sort(ex)
	ex = slices.Compact(ex)
	return strconv.Itoa(opt.Window.Since) + "|" + strconv.Itoa(opt.Window.Until) + "|" + strconv.FormatBool(opt.BookOnly) + "|" + strings.Join(ex, "\x00")
}

// admitted is the ties a path query may follow.
func admitted(opt PathOptions) func(*Tie) bool {
	return func(t *Tie) bool { return opt.Window.Admits(t) && !(opt.BookOnly && !t.FromBook()) }
}

// excludedBy reports the entities a list of ids and labels leaves out.
func excludedBy(exclude []string) func(*Entity) bool {
	ids, labels := map[string]bool{}, map[string]bool{}
	for _, x := range exclude {
		if IsLabel(x) {
			labels[x] = true
		} else {
			ids[x] = true
		}
	}
	return func(e *Entity) bool { return ids[e.ID] || labels[e.Label] }
}

// pathView returns the view for opt, building it on first use.
func (g *Graph) pathView(opt PathOptions) *pathView {
	key := viewKey(opt)
	g.views.mu.Lock()
	v := g.views.views[key]
	g.views.mu.Unlock()
	if v != nil {
		return v
	}
	v = g.newPathView(admitted(opt), excludedBy(opt.Exclude))
	g.views.mu.Lock()
	defer g.views.mu.Unlock()
	if prev := g.views.views[key]; prev != nil {
		return prev // another caller built it meanwhile
	}
	if g.views.views == nil || len(g.views.views) >= maxCachedViews {
		g.views.views = map[string]*pathView{}
	}
	g.views.views[key] = v
	return v
}

// search is one query's scratch state, pooled per view size: searches on a
// big graph reuse their arrays instead of allocating them per call.
type search struct {
	dist   []int32 // -1: not reached
	parent []int32
	seen   []int32 // nodes whose dist was set, to reset
	heap   []heapNode
	buf    []int32
}

var searches sync.Pool

func getSearch(n int) *search {
	if s, ok := searches.Get().(*search); ok && len(s.dist) == n {
		return s
	}
	s := &search{dist: make([]int32, n), parent: make([]int32, n)}
	for i := range s.dist {
		s.dist[i] = -1
	}
	return s
}

func putSearch(s *search) {
	s.reset()
	searches.Put(s)
}

func (s *search) reset() {
	for _, v := range s.seen {
		s.dist[v] = -1
	}
	s.seen = s.seen[:0]
}

func (s *search) reach(v, d, parent int32) {
	if s.dist[v] < 0 {
		s.seen = append(s.seen, v)
	}
	s.dist[v], s.parent[v] = d, parent
}

// allShortest returns every shortest path from a to b (none beyond maxHops
// when it is positive): a breadth-first search that stops as soon as b is
// reached, since by then every node of a shorter level is numbered, then a
// walk back over the neighbours one level nearer.
func (v *pathView) allShortest(a, b int32, maxHops int) [][]int32 {
	if a == b {
		return [][]int32{{a}}
	}
	s := getSearch(v.c.nodes())
	defer putSearch(s)
	s.reach(a, 0, -1)
	queue := append(s.buf[:0], a)
	defer func() { s.buf = queue[:0] }()
	found := false
	for i := 0; i < len(queue) && !found; i++ {
		u := queue[i]
		d := s.dist[u] + 1
		if maxHops > 0 && int(d) > maxHops {
			break
		}
		for _, w := range v.c.neighbours(u) {
			if s.dist[w] >= 0 || (v.blocked[w] && w != b) {
				continue
			}
			s.reach(w, d, u)
			if w == b {
				found = true
				break
			}
			queue = append(queue, w)
		}
	}
	if !found {
		return nil
	}
	var out [][]int32
	walk := make([]int32, s.dist[b]+1)
	var back func(x int32, d int32)
	back = func(x int32, d int32) {
		walk[d] = x
		if d == 0 {
			out = append(out, append([]int32(nil), walk...))
			return
		}
		for _, u := range v.c.neighbours(x) {
			if s.dist[u] == d-1 && (u == a || !v.blocked[u]) {
				back(u, d-1)
			}
		}
	}
	back(b, s.dist[b])
	return out
}
