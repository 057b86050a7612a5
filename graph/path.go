package graph

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"

	gg "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/path"
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
	BookOnly bool // leave out reference geography
}

// Path is a chain of entities; Ties[i] joins Nodes[i] and Nodes[i+1].
type Path struct {
	Nodes []*Entity
	Ties  []*Tie
}

// Hops is the number of ties in the path.
func (p Path) Hops() int { return len(p.Ties) }

// view is the undirected simple graph of the ties a query admits, with the
// chosen tie for each pair of neighbours.
type view struct {
	g     *ordered
	ids   []string
	index map[string]int64
	tie   map[[2]int64]*Tie
}

func (g *Graph) view(admit func(*Tie) bool, keep func(*Entity) bool) *view {
	v := &view{index: map[string]int64{}, tie: map[[2]int64]*Tie{}}
	for _, e := range g.Entities {
		if keep != nil && !keep(e) {
			continue
		}
		v.index[e.ID] = int64(len(v.ids))
		v.ids = append(v.ids, e.ID)
	}
	v.g = newOrdered(len(v.ids))
	for _, t := range g.Ties {
		a, okA := v.index[t.From]
		b, okB := v.index[t.To]
		if !okA || !okB || a == b || (admit != nil && !admit(t)) {
			continue
		}
		key := [2]int64{min(a, b), max(a, b)}
		prev, seen := v.tie[key]
		if !seen {
			v.g.addEdge(a, b)
		}
		if !seen || PreferTie(t, prev) {
			v.tie[key] = t
		}
	}
	v.g.sort()
	return v
}

// PreferTie picks which of two ties between the same pair a path shows:
// book before reference, dated before undated, earlier before later.
func PreferTie(a, b *Tie) bool {
	if a.Reference != b.Reference {
		return !a.Reference
	}
	if a.Date != b.Date {
		return a.Date.Before(b.Date)
	}
	return a.ID < b.ID
}

// Paths finds the shortest chains of ties between two entities. Ties are
// undirected here: a path follows cooperation whichever way it was stated.
func (g *Graph) Paths(ctx context.Context, from, to string, opt PathOptions) ([]Path, error) {
	for _, id := range []string{from, to} {
		if g.byID[id] == nil {
			return nil, fmt.Errorf("paths %s to %s: %w %q", from, to, ErrUnknownEntity, id)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	excludedIDs, excludedLabels := map[string]bool{}, map[string]bool{}
	for _, x := range opt.Exclude {
		if IsLabel(x) {
			excludedLabels[x] = true
		} else {
			excludedIDs[x] = true
		}
	}
	keep := func(e *Entity) bool {
		if e.ID == from || e.ID == to {
			return true
		}
		return !excludedIDs[e.ID] && !excludedLabels[e.Label]
	}
	admit := func(t *Tie) bool {
		return opt.Window.Admits(t) && !(opt.BookOnly && t.Reference)
	}
	if from != to && opt.K == 0 {
		out, err := g.chains(ctx, from, to, admit, keep)
		if err != nil {
			return nil, err
		}
		if len(out) == 0 || (opt.MaxHops > 0 && out[0].Hops() > opt.MaxHops) {
			return nil, ErrNoPath
		}
		SortPaths(out)
		return out, nil
	}
	v := g.view(admit, keep)
	s, t := v.g.Node(v.index[from]), v.g.Node(v.index[to])
	var raw [][]gg.Node
	if from == to {
		raw = [][]gg.Node{{s}}
	} else {
		// Yen's k shortest loopless paths, then only those that keep the
		// chain rule (see chains.go): ask for more until k are kept.
		// (gonum returns nothing when fewer than k paths exist: keep the
		// largest answer seen.)
		best := -1
		for want := opt.K; want <= 8*opt.K; want *= 2 {
			found := path.YenKShortestPaths(v.g, want, math.Inf(1), s, t)
			kept := 0
			for _, nodes := range found {
				if g.Follows(v.path(g, nodes)) {
					kept++
				}
			}
			if kept > best {
				raw, best = found, kept
			}
			if kept >= opt.K || (len(found) > 0 && len(found) < want) {
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
func (v *view) path(g *Graph, nodes []gg.Node) Path {
	p := Path{}
	for i, n := range nodes {
		p.Nodes = append(p.Nodes, g.byID[v.ids[n.ID()]])
		if i > 0 {
			a, b := nodes[i-1].ID(), n.ID()
			p.Ties = append(p.Ties, v.tie[[2]int64{min(a, b), max(a, b)}])
		}
	}
	return p
}

// SortPaths orders paths by length, then chains of book-stated ties before
// chains that need reference geography, then by their entity ids.
func SortPaths(ps []Path) {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Hops() != ps[j].Hops() {
			return ps[i].Hops() < ps[j].Hops()
		}
		if ri, rj := ps[i].Reference(), ps[j].Reference(); ri != rj {
			return !ri
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
