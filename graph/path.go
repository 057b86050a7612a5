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
	v := g.view(admit, keep)
	s, t := v.g.Node(v.index[from]), v.g.Node(v.index[to])
	var raw [][]gg.Node
	if from == to {
		raw = [][]gg.Node{{s}}
	} else if opt.K > 0 {
		raw = path.YenKShortestPaths(v.g, opt.K, math.Inf(1), s, t)
	} else {
		raw, _ = path.DijkstraAllFrom(s, v.g).AllTo(t.ID())
	}
	var out []Path
	for _, nodes := range raw {
		if opt.MaxHops > 0 && len(nodes)-1 > opt.MaxHops {
			continue
		}
		p := Path{}
		for i, n := range nodes {
			p.Nodes = append(p.Nodes, g.byID[v.ids[n.ID()]])
			if i > 0 {
				a, b := nodes[i-1].ID(), n.ID()
				p.Ties = append(p.Ties, v.tie[[2]int64{min(a, b), max(a, b)}])
			}
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		return nil, ErrNoPath
	}
	SortPaths(out)
	return out, nil
}

// SortPaths orders paths by length, then by their entity ids.
func SortPaths(ps []Path) {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Hops() != ps[j].Hops() {
			return ps[i].Hops() < ps[j].Hops()
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
