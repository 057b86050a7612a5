package graph

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// DefaultExcluded are the trivial hubs left out of paths unless asked for:
// nearly everything is tied to Belarus or China, so a path through them says nothing.
var DefaultExcluded = []string{"belarus", "china"}

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

// ErrNoPath means the two entities are not connected within the limits.
var ErrNoPath = errors.New("no path")

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
// The graph it searches is built once per combination of window, book-only
// flag and exclusions and kept for later calls; Paths is safe for
// concurrent use.
func (g *Graph) Paths(from, to string, opt PathOptions) ([]Path, error) {
	if g.byID[from] == nil || g.byID[to] == nil {
		return nil, fmt.Errorf("paths %s to %s: unknown entity", from, to)
	}
	v := g.pathView(opt)
	a, b := v.index[from], v.index[to]
	var raw [][]int32
	if opt.K > 0 && a != b {
		// The caller's context comes with the ctx-taking signature.
		var err error
		if raw, err = v.yen(context.Background(), a, b, opt.K); err != nil {
			return nil, err
		}
	} else {
		raw = v.allShortest(a, b, opt.MaxHops)
	}
	var out []Path
	for _, nodes := range raw {
		if opt.MaxHops > 0 && len(nodes)-1 > opt.MaxHops {
			continue
		}
		p := Path{Nodes: make([]*Entity, len(nodes)), Ties: make([]*Tie, 0, len(nodes)-1)}
		for i, n := range nodes {
			p.Nodes[i] = g.Entities[n]
			if i > 0 {
				p.Ties = append(p.Ties, v.tieOf(nodes[i-1], n))
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
