package graph

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// DefaultExcluded returns the trivial hubs left out of paths unless asked for:
// nearly everything is tied to Belarus or China, so a path through them says
// nothing. A function, so that no caller can change the default for others.
func DefaultExcluded() []string { return []string{"belarus", "china"} }

// PathOptions shape a path query.
type PathOptions struct {
	MaxHops  int      // 0: no limit
	K        int      // 0: all shortest paths; >0: the k shortest loopless paths (Yen)
	Exclude  []string // entity ids and labels to avoid (the ends are always allowed)
	Window   Window
	BookOnly bool // leave out reference geography and inferred ties
}

// Path is a chain of entities; Ties[i] joins Nodes[i] and Nodes[i+1].
type Path struct {
	Nodes []*Entity
	Ties  []*Tie
}

// Hops is the number of ties in the path.
func (p Path) Hops() int { return len(p.Ties) }

// PreferTie picks which of two ties between the same pair a path shows:
// the book's words before the curator's inference before reference
// geography, dated before undated, earlier before later.
func PreferTie(a, b *Tie) bool {
	if ra, rb := tieGrade(a), tieGrade(b); ra != rb {
		return ra < rb
	}
	if a.Date != b.Date {
		return a.Date.Before(b.Date)
	}
	return a.ID < b.ID
}

// Paths finds the shortest chains of ties between two entities that keep
// the path rule (chains.go): ties are followed whichever way they were
// stated, placing ties only to roll an end up to its place. With opt.K it
// finds the k shortest loopless ones (Yen) instead. The graph it searches
// is built once per combination of window, book-only flag and exclusions
// and kept for later calls; Paths is safe for concurrent use.
func (g *Graph) Paths(ctx context.Context, from, to string, opt PathOptions) ([]Path, error) {
	for _, id := range []string{from, to} {
		if g.byID[id] == nil {
			return nil, fmt.Errorf("paths %s to %s: %w %q", from, to, ErrUnknownEntity, id)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	v := g.pathView(opt)
	a, b := g.position(from), g.position(to)
	var raw [][]int32
	var err error
	switch {
	case a == b:
		raw = [][]int32{{a}}
	case opt.K == 0:
		raw, err = v.shortest(ctx, a, b, opt.MaxHops)
	default:
		raw, err = v.kShortest(ctx, a, b, opt.K, opt.MaxHops)
	}
	if err != nil {
		return nil, err
	}
	if len(raw) == 0 {
		return nil, ErrNoPath
	}
	out := make([]Path, len(raw))
	for i, nodes := range raw {
		out[i] = v.path(g, nodes)
	}
	SortPaths(out)
	return out, nil
}

// path turns a chain of the view's entities into a Path, each hop with the
// tie the view shows for it.
func (v *pathView) path(g *Graph, nodes []int32) Path {
	p := Path{Nodes: make([]*Entity, len(nodes)), Ties: v.ties(nodes)}
	for i, n := range nodes {
		p.Nodes[i] = g.Entities[n]
	}
	return p
}

// tieGrade ranks how directly the book supports a tie: 0 its words, 1 the
// curator's inference, 2 reference geography.
func tieGrade(t *Tie) int {
	switch {
	case t.Reference:
		return 2
	case t.Inferred:
		return 1
	}
	return 0
}

// pathGrade is the weakest support among a path's ties (see tieGrade).
func pathGrade(p Path) int {
	g := 0
	for _, t := range p.Ties {
		g = max(g, tieGrade(t))
	}
	return g
}

// SortPaths orders paths by length, then chains of book-stated ties before
// chains that rest on an inference before chains that need reference
// geography, then by their entity ids.
func SortPaths(ps []Path) {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Hops() != ps[j].Hops() {
			return ps[i].Hops() < ps[j].Hops()
		}
		if gi, gj := pathGrade(ps[i]), pathGrade(ps[j]); gi != gj {
			return gi < gj
		}
		return pathKey(ps[i]) < pathKey(ps[j])
	})
}

func pathKey(p Path) string {
	ids := make([]string, len(p.Nodes))
	for i, n := range p.Nodes {
		ids[i] = n.ID
	}
	return strings.Join(ids, "\x00")
}
