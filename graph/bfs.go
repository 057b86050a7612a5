package graph

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// pathView is the graph of the ties a path query admits, over every entity
// (numbered in dataset order), in compact form: c, the undirected simple
// graph of who is tied to whom, and for each of its neighbour entries k the
// steps stepAt[k]..stepAt[k+1] — the moves (chains.go) that entry's ties
// make under the path rule, ascending, each with the tie a path shows for
// it (PreferTie's pick among parallel ones). It also marks the entities the
// query excludes (the ends of a query always pass). It depends only on the
// query's window, book-only flag and exclusions, so Paths builds it once
// per such combination and keeps it (see viewCache).
type pathView struct {
	c          *csr
	stepAt     []int32    // len(c.adj)+1
	allow      []phaseSet // by neighbour entry: the phases some step of it may be taken from
	mv         []move
	tie        []*Tie
	blocked    []bool
	anyBlocked bool
}

func (g *Graph) newPathView(admit func(*Tie) bool, excluded func(*Entity) bool) *pathView {
	n := len(g.Entities)
	v := &pathView{blocked: make([]bool, n)}
	for i, e := range g.Entities {
		v.blocked[i] = excluded != nil && excluded(e)
		v.anyBlocked = v.anyBlocked || v.blocked[i]
	}
	// Both directions of every admitted tie, grouped by the entity they
	// leave (a counting sort), then each group ordered by neighbour and
	// move. Steps name their tie by its index: no pointers for the
	// collector to scan in the large temporary slices.
	type step struct {
		a, b int32
		m    move
		t    int32
	}
	count := make([]int32, n+1)
	halves := make([]step, 0, 2*len(g.Ties))
	for ti, t := range g.Ties {
		a, b := g.ends[2*ti], g.ends[2*ti+1]
		if a < 0 || b < 0 || a == b || (admit != nil && !admit(t)) {
			continue
		}
		m := cross
		if placing(t, g.Entities[b]) {
			m = up
		}
		halves = append(halves, step{a, b, m, int32(ti)}, step{b, a, m.reverse(), int32(ti)})
		count[a+1]++
		count[b+1]++
	}
	for i := 0; i < n; i++ {
		count[i+1] += count[i]
	}
	steps := make([]step, len(halves))
	fill := append([]int32(nil), count[:n]...)
	for _, h := range halves {
		steps[fill[h.a]] = h
		fill[h.a]++
	}
	c := &csr{off: make([]int32, n+1), adj: make([]int32, 0, len(steps))}
	v.mv = make([]move, 0, len(steps))
	v.tie = make([]*Tie, 0, len(steps))
	for a := 0; a < n; a++ {
		group := steps[count[a]:count[a+1]]
		slices.SortFunc(group, func(x, y step) int {
			if c := cmp.Compare(x.b, y.b); c != 0 {
				return c
			}
			return cmp.Compare(x.m, y.m)
		})
		for i, s := range group {
			switch {
			case i > 0 && s.b == group[i-1].b && s.m == group[i-1].m:
				if last := len(v.tie) - 1; PreferTie(g.Ties[s.t], v.tie[last]) {
					v.tie[last] = g.Ties[s.t]
				}
				continue
			case i == 0 || s.b != group[i-1].b:
				c.adj = append(c.adj, s.b)
				v.stepAt = append(v.stepAt, int32(len(v.mv)))
			}
			v.mv = append(v.mv, s.m)
			v.tie = append(v.tie, g.Ties[s.t])
		}
		c.off[a+1] = int32(len(c.adj))
	}
	v.stepAt = append(v.stepAt, int32(len(v.mv)))
	v.c = c
	v.allow = make([]phaseSet, len(c.adj))
	for k := range v.allow {
		for j := v.stepAt[k]; j < v.stepAt[k+1]; j++ {
			for p := int8(0); p < int8(phases); p++ {
				if nextPhase[p][v.mv[j]] >= 0 {
					v.allow[k] |= 1 << p
				}
			}
		}
	}
	return v
}

// passes reports whether a search may go through entity w: it is not
// excluded, or it is an end of the query.
func (v *pathView) passes(w, a, b int32) bool {
	return !v.anyBlocked || !v.blocked[w] || w == a || w == b
}

// hop returns the range of x's steps that reach y (empty if none).
func (v *pathView) hop(x, y int32) (int32, int32) {
	ns := v.c.neighbours(x)
	i, ok := slices.BinarySearch(ns, y)
	if !ok {
		return 0, 0
	}
	k := v.c.off[x] + int32(i)
	return v.stepAt[k], v.stepAt[k+1]
}

// steps reports the phases a chain in phase set from can be in after
// moving from x to y, and, with to, those of from that can move into to.
func (v *pathView) steps(x, y int32, from, to phaseSet) (after, before phaseSet) {
	lo, hi := v.hop(x, y)
	for j := lo; j < hi; j++ {
		for p := int8(0); p < int8(phases); p++ {
			if q := nextPhase[p][v.mv[j]]; from.has(p) && q >= 0 {
				after |= 1 << q
				if to.has(q) {
					before |= 1 << p
				}
			}
		}
	}
	return after, before
}

// reach returns the phases a chain of entities can be in at each of them
// having kept the rule so far (nothing, from the first entity on where it
// cannot).
func (v *pathView) reach(nodes []int32) []phaseSet {
	r := make([]phaseSet, len(nodes))
	r[0] = 1 << atStart
	for i := 1; i < len(nodes); i++ {
		r[i], _ = v.steps(nodes[i-1], nodes[i], r[i-1], 0)
	}
	return r
}

// ties returns the tie each hop of a chain of entities shows — among the
// steps of the hop that some way of following the whole chain under the
// rule uses, the one PreferTie picks — or nil if no way keeps the rule.
func (v *pathView) ties(nodes []int32) []*Tie {
	// The phases reachable at each entity, cut to those from which the
	// rest of the chain can still keep the rule.
	r := v.reach(nodes)
	for i := len(nodes) - 2; i >= 0; i-- {
		_, r[i] = v.steps(nodes[i], nodes[i+1], r[i], r[i+1])
	}
	if r[0] == 0 {
		return nil
	}
	out := make([]*Tie, len(nodes)-1)
	for i := range out {
		lo, hi := v.hop(nodes[i], nodes[i+1])
		for j := lo; j < hi; j++ {
			usable := false
			for p := int8(0); p < int8(phases); p++ {
				usable = usable || (r[i].has(p) && r[i+1].has(nextPhase[p][v.mv[j]]))
			}
			if usable && (out[i] == nil || PreferTie(v.tie[j], out[i])) {
				out[i] = v.tie[j]
			}
		}
	}
	return out
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

// search is one query's scratch state over a view's (entity, phase)
// states, pooled per view size: searches on a big graph reuse their arrays
// instead of allocating them per call.
type search struct {
	dist   []int32 // by state; -1: not reached
	parent []int32 // by state
	seen   []int32 // states whose dist was set, to reset
	queue  []int32
	heap   []heapNode
	buf    []int32
	gone   []uint32 // by entity: == stamp when removed for a Yen spur search
	near   []uint32 // by entity: == stamp when a neighbour is removed
	stamp  uint32
}

var searches sync.Pool

func getSearch(entities int) *search {
	states := entities * int(phases)
	if s, ok := searches.Get().(*search); ok && len(s.dist) == states {
		return s
	}
	s := &search{dist: make([]int32, states), parent: make([]int32, states), gone: make([]uint32, entities), near: make([]uint32, entities)}
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
	s.queue = s.queue[:0]
}

func (s *search) reach(v, d, parent int32) {
	if s.dist[v] < 0 {
		s.seen = append(s.seen, v)
	}
	s.dist[v], s.parent[v] = d, parent
}

// statesBetweenLooks is how many states a search expands between looks at
// its context: often enough to stop within a millisecond, rarely enough to
// cost nothing.
const statesBetweenLooks = 1 << 14

// shortest returns the entities of every shortest chain from a to b that
// the rule admits (none beyond maxHops when it is positive), each sequence
// once however many ways its ties can be followed. A breadth-first search
// over (entity, phase) states stops as soon as b is first reached — by
// then every state one hop nearer is numbered — and a walk back from b
// over states one level nearer enumerates the chains.
func (v *pathView) shortest(ctx context.Context, a, b int32, maxHops int) ([][]int32, error) {
	s := getSearch(v.c.nodes())
	defer putSearch(s)
	start := a<<2 | int32(atStart)
	s.reach(start, 0, -1)
	s.queue = append(s.queue, start)
	hops := int32(-1)
	for i := 0; i < len(s.queue) && hops < 0; i++ {
		if i%statesBetweenLooks == statesBetweenLooks-1 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		u := s.queue[i]
		d := s.dist[u] + 1
		if maxHops > 0 && int(d) > maxHops {
			break
		}
		x, p := u>>2, u&3
	next:
		for k := v.c.off[x]; k < v.c.off[x+1]; k++ {
			w := v.c.adj[k]
			if !v.allow[k].has(int8(p)) || !v.passes(w, a, b) {
				continue
			}
			for j := v.stepAt[k]; j < v.stepAt[k+1]; j++ {
				q := nextPhase[p][v.mv[j]]
				if q < 0 {
					continue
				}
				if w == b {
					hops = d
					break next
				}
				if ws := w<<2 | int32(q); s.dist[ws] < 0 {
					s.reach(ws, d, u)
					s.queue = append(s.queue, ws)
				}
			}
		}
	}
	if hops < 0 {
		return nil, ctx.Err()
	}
	// Walk back from b: at depth d, an entity with the set of its phases
	// that lead on to b along the chain so far; each neighbour with a phase
	// at depth d-1 stepping into that set extends the chain.
	var out [][]int32
	walk := make([]int32, hops+1)
	var back func(x int32, d int32, want phaseSet)
	back = func(x int32, d int32, want phaseSet) {
		walk[d] = x
		if d == 0 {
			out = append(out, slices.Clone(walk))
			return
		}
		for k := v.c.off[x]; k < v.c.off[x+1]; k++ {
			u := v.c.adj[k]
			prev := phaseSet(0)
			for j := v.stepAt[k]; j < v.stepAt[k+1]; j++ {
				m := v.mv[j].reverse() // the move from u to x
				for p := int8(0); p < int8(phases); p++ {
					if s.dist[u<<2|int32(p)] == d-1 && want.has(nextPhase[p][m]) {
						prev |= 1 << p
					}
				}
			}
			if prev != 0 {
				back(u, d-1, prev)
			}
		}
	}
	back(b, hops, anyPhase)
	return out, nil
}
