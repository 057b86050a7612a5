package graph

import (
	"context"
	"fmt"
	"sort"
)

// TieFilter selects facts. Zero fields do not filter. The subject of a tie
// is its From end: the party that supplies, founds, signs or visits.
type TieFilter struct {
	Types    []string // tie types, any of them
	Status   string
	From, To string // entity ids: the end is that entity or lies in it
	Label    string // the subject's label
	Country  string // the subject's country (ISO code, as CountryOf)
	Window   Window
	BookOnly bool // leave out reference geography and inferred ties
}

// Facts lists the ties the filter admits, in SortTies order.
func (g *Graph) Facts(ctx context.Context, f TieFilter) ([]*Tie, error) {
	for _, id := range []string{f.From, f.To} {
		if id != "" && g.byID[id] == nil {
			return nil, fmt.Errorf("ties of %s: %w", id, ErrUnknownEntity)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []*Tie
	for _, t := range g.Ties {
		if (len(f.Types) > 0 && !contains(f.Types, t.Type)) || (f.Status != "" && t.Status != f.Status) ||
			(f.BookOnly && !t.FromBook()) || !f.Window.Admits(t) ||
			!g.within(t.From, f.From) || !g.within(t.To, f.To) {
			continue
		}
		if subject := g.byID[t.From]; (f.Label != "" && subject.Label != f.Label) || (f.Country != "" && g.CountryOf(t.From) != f.Country) {
			continue
		}
		out = append(out, t)
	}
	SortTies(out)
	return out, nil
}

// within reports whether id is place or lies in it ("" admits everything).
func (g *Graph) within(id, place string) bool {
	if place == "" || id == place {
		return true
	}
	for _, a := range g.LocationChain(id) {
		if a.ID == place {
			return true
		}
	}
	return false
}

// SortTies orders ties by date (undated last), then by id: a total order
// both engines reproduce.
func SortTies(ts []*Tie) {
	sort.SliceStable(ts, func(i, j int) bool {
		if ts[i].Date != ts[j].Date {
			return ts[i].Date.Before(ts[j].Date)
		}
		return ts[i].ID < ts[j].ID
	})
}
