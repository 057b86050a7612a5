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

// Paths finds the shortest chains of ties between two entities. Ties are
// undirected here: a path follows cooperation whichever way it was stated.
// The graph it searches is built once per combination of window, book-only
// flag and exclusions and kept for later calls; Paths is safe for
// concurrent use.
func (g *Graph) Paths(ctx context.Context, from, to string, opt PathOptions) ([]Path, error) {
	for _, id := range []string{from, to} {
		if g.byID[id] == nil {
			return nil, fmt.Errorf("paths %s to %s: %w %q", from, to, ErrUnknownEntity, id)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if from != to && opt.K == 0 {
		excluded := excludedBy(opt.Exclude)
		keep := func(e *Entity) bool { return e.ID == from || e.ID == to || !excluded(e) }
		out, err := g.chains(ctx, from, to, admitted(opt), keep)
		if err != nil {
			return nil, err
		}
		if len(out) == 0 || (opt.MaxHops > 0 && out[0].Hops() > opt.MaxHops) {
			return nil, ErrNoPath
		}
		SortPaths(out)
		return out, nil
	}
	v := g.pathView(opt)
	a, b := v.index[from], v.index[to]
	var raw [][]int32
	if a == b {
		raw = [][]int32{{a}}
	} else {
		// Yen's k shortest loopless paths, then only those that keep the
		// chain rule (see chains.go): ask for more until k are kept or
		// there are no more.
		best := -1
		for want := opt.K; want <= 8*opt.K; want *= 2 {
			found, err := v.yen(ctx, a, b, want)
			if err != nil {
				return nil, err
			}
			kept := 0
			for _, nodes := range found {
				if g.Follows(v.path(g, nodes)) {
					kept++
				}
			}
			if kept > best {
				raw, best = found, kept
			}
			if kept >= opt.K || len(found) < want {
				break
			}
		}
	}
	var out []Path
	for _, nodes := range raw {
		if opt.MaxHops > 0 && len(nodes)-1 > opt.MaxHops {
			continue
		}
		if p := v.path(g, nodes); g.Follows(p) && (opt.K == 0 || len(out) < opt.K) {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return nil, ErrNoPath
	}
	SortPaths(out)
	return out, nil
}

// path turns a node sequence of the view into a Path, the view's tie on each hop.
func (v *pathView) path(g *Graph, nodes []int32) Path {
	p := Path{Nodes: make([]*Entity, len(nodes)), Ties: make([]*Tie, 0, len(nodes)-1)}
	for i, n := range nodes {
		p.Nodes[i] = g.Entities[n]
		if i > 0 {
			p.Ties = append(p.Ties, v.tieOf(nodes[i-1], n))
		}
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
