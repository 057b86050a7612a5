package graph

import "sort"

// Link is one act of cooperation between two parties: either a direct tie
// between them, or two parties of the same agreement, event or program.
// Links are what partners, centrality and timeline count.
type Link struct {
	A, B     string // entity ids, A < B
	Date     Date
	Via      *Entity // the agreement, event or program, if any
	Ties     []*Tie  // the tie(s) that state it: one direct tie, or each party's tie to Via
	Occasion bool
}

// participation reports whether a tie of this type makes its From a party of
// the occasion it points to.
func participation(typ string) bool { return contains(ParticipationTypes(), typ) }

// Window limits ties to a span of years; zero bounds are open. Reference ties
// (geography) are timeless and always pass; with any bound set, undated book
// ties do not.
type Window struct {
	Since, Until int
}

// Open reports whether the window has no bound.
func (w Window) Open() bool { return w.Since == 0 && w.Until == 0 }

// Admits reports whether t falls in the window.
func (w Window) Admits(t *Tie) bool {
	if t.Reference || w.Open() {
		return true
	}
	if t.Date.IsZero() {
		return false
	}
	// A range ("in 2014–2015") is in the window when the two overlap.
	return (w.Since == 0 || t.LastYear() >= w.Since) && (w.Until == 0 || t.Date.Year <= w.Until)
}

// Links returns every cooperation link whose ties fall in the window, in a
// stable order. A party's own tie to an occasion dates the link; when it has
// none the occasion's date does.
func (g *Graph) Links(w Window) []Link {
	var out []Link
	for _, t := range g.Ties {
		if IsStructural(t.Type) || !w.Admits(t) {
			continue
		}
		from, to := g.byID[t.From], g.byID[t.To]
		if participation(t.Type) && IsOccasion(to.Label) {
			continue // counted through the occasion below
		}
		if IsOccasion(from.Label) || IsOccasion(to.Label) {
			continue // e.g. an agreement that FUNDS something: not two parties
		}
		a, b := t.From, t.To
		if b < a {
			a, b = b, a
		}
		out = append(out, Link{A: a, B: b, Date: t.Date, Ties: []*Tie{t}})
	}
	for _, occ := range g.Entities {
		if !IsOccasion(occ.Label) {
			continue
		}
		var parties []*Tie
		for _, t := range g.TiesOf(occ.ID) {
			if t.To == occ.ID && participation(t.Type) && w.Admits(t) && !IsOccasion(g.byID[t.From].Label) {
				parties = append(parties, t)
			}
		}
		for i := 0; i < len(parties); i++ {
			for j := i + 1; j < len(parties); j++ {
				p, q := parties[i], parties[j]
				if p.From == q.From {
					continue
				}
				a, b := p.From, q.From
				if b < a {
					a, b = b, a
				}
				d := p.Date
				if d.IsZero() || (!q.Date.IsZero() && q.Date.Before(d)) {
					d = q.Date
				}
				if d.IsZero() {
					d = occ.Date
				}
				out = append(out, Link{A: a, B: b, Date: d, Via: occ, Ties: []*Tie{p, q}, Occasion: true})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].A != out[j].A {
			return out[i].A < out[j].A
		}
		if out[i].B != out[j].B {
			return out[i].B < out[j].B
		}
		return out[i].Date.Before(out[j].Date)
	})
	return out
}

// Parent returns where an entity lies: its book-stated LOCATED_IN first, then
// reference geography, then what it is PART_OF (an institute lies where its
// academy lies). Empty when nothing is known.
func (g *Graph) Parent(id string) string {
	g.index()
	return g.parent[id]
}

// parents computes Parent for every entity once; roll-ups ask for it per link.
func (g *Graph) parents() map[string]string {
	out := make(map[string]string, len(g.Entities))
	for _, e := range g.Entities {
		var book, ref, part string
		for _, t := range g.adj[e.ID] {
			if t.From != e.ID {
				continue
			}
			switch {
			case t.Type == LocatedIn && !t.Reference && book == "":
				book = t.To
			case t.Type == LocatedIn && t.Reference && ref == "":
				ref = t.To
			case t.Type == PartOf && part == "" && !IsOccasion(g.byID[t.To].Label):
				part = t.To
			}
		}
		switch {
		case book != "":
			out[e.ID] = book
		case ref != "":
			out[e.ID] = ref
		case part != "":
			out[e.ID] = part
		}
	}
	return out
}

// LocationChain returns the entity's ancestors, nearest first.
func (g *Graph) LocationChain(id string) []*Entity {
	var out []*Entity
	seen := map[string]bool{id: true}
	for p := g.Parent(id); p != "" && !seen[p]; p = g.Parent(p) {
		seen[p] = true
		out = append(out, g.byID[p])
	}
	return out
}

// Unit returns the province-level unit an entity rolls up to: a Chinese
// Province, a Belarusian Region, or a city directly under its country (Minsk).
// It returns nil for countries and for entities with no known location.
func (g *Graph) Unit(id string) *Entity {
	if e := g.byID[id]; e != nil && isUnit(g, e) {
		return e
	}
	for _, a := range g.LocationChain(id) {
		if isUnit(g, a) {
			return a
		}
	}
	return nil
}

func isUnit(g *Graph, e *Entity) bool {
	switch e.Label {
	case LabelProvince, LabelRegion:
		return true
	case LabelCity:
		p := g.byID[g.Parent(e.ID)]
		return p != nil && p.Label == LabelCountry
	}
	return false
}

// CountryOf returns the entity's country: its own, else its nearest ancestor's.
func (g *Graph) CountryOf(id string) string {
	if e := g.byID[id]; e != nil && e.Country != "" {
		return e.Country
	}
	for _, a := range g.LocationChain(id) {
		if a.Country != "" {
			return a.Country
		}
	}
	return ""
}
