package graph

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// Partner is one counterpart of an entity, with every link that joins them.
type Partner struct {
	Entity  *Entity
	Country string
	Since   Date // earliest dated link
	Links   []Link
}

// Partners returns the direct counterparts of id: the other parties of its
// agreements, events and programs, and the other ends of its direct ties.
// With rollup, links of everything located in id (for a region: its cities,
// districts and organizations) count too, and counterparts inside id are left out.
func (g *Graph) Partners(ctx context.Context, id string, opt PartnerOptions) ([]Partner, error) {
	if g.byID[id] == nil {
		return nil, fmt.Errorf("partners of %s: %w", id, ErrUnknownEntity)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	w := opt.Window
	inside := map[string]bool{id: true}
	if opt.Rollup {
		for _, e := range g.Entities {
			for _, a := range g.LocationChain(e.ID) {
				if a.ID == id {
					inside[e.ID] = true
				}
			}
		}
	}
	byID := map[string]*Partner{}
	for _, l := range g.Links(w) {
		var other string
		switch {
		case inside[l.A] && !inside[l.B]:
			other = l.B
		case inside[l.B] && !inside[l.A]:
			other = l.A
		default:
			continue
		}
		p := byID[other]
		if p == nil {
			p = &Partner{Entity: g.byID[other], Country: g.CountryOf(other)}
			byID[other] = p
		}
		p.Links = append(p.Links, l)
		if !l.Date.IsZero() && (p.Since.IsZero() || l.Date.Before(p.Since)) {
			p.Since = l.Date
		}
	}
	out := make([]Partner, 0, len(byID))
	for _, p := range byID {
		out = append(out, *p)
	}
	SortPartners(out)
	return out, nil
}

// SortPartners orders partners by country, then earliest link (undated
// last), then name; each partner's links by date, each link's ties by id.
func SortPartners(out []Partner) {
	for _, p := range out {
		for _, l := range p.Links {
			sort.Slice(l.Ties, func(i, j int) bool { return l.Ties[i].ID < l.Ties[j].ID })
		}
		sort.SliceStable(p.Links, func(i, j int) bool { return linkBefore(p.Links[i], p.Links[j]) })
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Country != out[j].Country {
			return out[i].Country < out[j].Country
		}
		if out[i].Since != out[j].Since {
			return out[i].Since.Before(out[j].Since)
		}
		return out[i].Entity.Name < out[j].Entity.Name
	})
}

// linkBefore orders links by date, then by the ids of the ties behind them,
// a total order that does not depend on where the links came from.
func linkBefore(a, b Link) bool {
	if a.Date != b.Date {
		return a.Date.Before(b.Date)
	}
	return tieKey(a) < tieKey(b)
}

func tieKey(l Link) string {
	var b strings.Builder
	for _, t := range l.Ties {
		b.WriteString(t.ID)
		b.WriteByte(0)
	}
	return b.String()
}

// TimelineItem is one agreement or event with its parties.
type TimelineItem struct {
	Entity  *Entity
	Date    Date
	Parties []*Entity
	Places  []*Entity // where it was held, if stated
}

// Timeline lists the dated agreements and events, oldest first. An occasion
// without a date of its own takes its parties' earliest tie date. With an id,
// only those the entity (or, for a place, anything located in it) takes part
// in, or that were held there.
func (g *Graph) Timeline(ctx context.Context, id string, w Window) ([]TimelineItem, error) {
	if id != "" && g.byID[id] == nil {
		return nil, fmt.Errorf("timeline of %s: %w", id, ErrUnknownEntity)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	inside := map[string]bool{}
	if id != "" {
		inside[id] = true
		for _, e := range g.Entities {
			for _, a := range g.LocationChain(e.ID) {
				if a.ID == id {
					inside[e.ID] = true
				}
			}
		}
	}
	var out []TimelineItem
	for _, occ := range g.Entities {
		if !contains(TimelineLabels(), occ.Label) {
			continue
		}
		it := TimelineItem{Entity: occ}
		var partyDate Date
		match := id == ""
		seen := map[string]bool{}
		for _, t := range g.TiesOf(occ.ID) {
			switch {
			case t.To == occ.ID && participation(t.Type):
				if !seen[t.From] {
					seen[t.From] = true
					it.Parties = append(it.Parties, g.byID[t.From])
				}
				if !t.Date.IsZero() && (partyDate.IsZero() || t.Date.Before(partyDate)) {
					partyDate = t.Date
				}
				match = match || inside[t.From]
			case t.From == occ.ID && t.Type == HeldIn:
				it.Places = append(it.Places, g.byID[t.To])
				match = match || inside[t.To]
			}
		}
		it.Date = occ.Date
		if it.Date.IsZero() {
			it.Date = partyDate
		}
		if !match || it.Date.IsZero() {
			continue
		}
		if !w.Open() && ((w.Since != 0 && it.Date.Year < w.Since) || (w.Until != 0 && it.Date.Year > w.Until)) {
			continue
		}
		out = append(out, it)
	}
	SortTimeline(out)
	return out, nil
}

// SortTimeline orders items by date, then name; parties and places by name.
func SortTimeline(out []TimelineItem) {
	for _, it := range out {
		sort.Slice(it.Parties, func(i, j int) bool { return it.Parties[i].Name < it.Parties[j].Name })
		sort.Slice(it.Places, func(i, j int) bool { return it.Places[i].Name < it.Places[j].Name })
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Date != out[j].Date {
			return out[i].Date.Before(out[j].Date)
		}
		return out[i].Entity.Name < out[j].Entity.Name
	})
}

// Hubs ranks organizations (not places, agreements or events) by their number
// of distinct counterparts, then by links.
func (g *Graph) Hubs(ctx context.Context, opt HubOptions) ([]CentralityRow, error) {
	rows, err := g.EntityCentrality(ctx, opt.Window, func(e *Entity) bool { return !IsPlace(e.Label) && !IsOccasion(e.Label) })
	if err != nil {
		return nil, err
	}
	SortRows(rows, "partners")
	if opt.Limit > 0 && len(rows) > opt.Limit {
		rows = rows[:opt.Limit]
	}
	return rows, nil
}

// Community is one group Louvain found.
type Community struct {
	Members []*Entity // by degree, then name
}

// CommunitySeed fixes Louvain's random order so the same dataset always gives
// the same communities.
const CommunitySeed = 1

// Communities runs Louvain (resolution 1; the moves gonum's
// community.Modularize makes with the same seed) on the whole tie graph,
// agreements and events included and countries left out, and returns the
// communities largest first, with the partition's modularity.
func (g *Graph) Communities(ctx context.Context, seed int64) ([]Community, float64, error) {
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	c, ids := g.communityGraph()
	comm, err := louvain(ctx, c, 1, uint64(seed))
	if err != nil {
		return nil, 0, err
	}
	q := modularity(c, comm, 1)
	groups := map[int32][]int32{}
	for v, x := range comm {
		groups[x] = append(groups[x], int32(v))
	}
	out := make([]Community, 0, len(groups))
	for _, vs := range groups {
		sort.Slice(vs, func(i, j int) bool {
			di, dj := c.degree(vs[i]), c.degree(vs[j])
			if di != dj {
				return di > dj
			}
			return ids[vs[i]].Name < ids[vs[j]].Name
		})
		m := make([]*Entity, len(vs))
		for i, v := range vs {
			m[i] = ids[v]
		}
		out = append(out, Community{Members: m})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if len(out[i].Members) != len(out[j].Members) {
			return len(out[i].Members) > len(out[j].Members)
		}
		return out[i].Members[0].Name < out[j].Members[0].Name
	})
	return out, q, nil
}

// communityGraph is the graph Communities partitions: every tie, countries
// left out, and entities left with no tie dropped (each would be a
// community of one), numbered in dataset order.
func (g *Graph) communityGraph() (*csr, []*Entity) {
	v := g.pathView(PathOptions{Exclude: DefaultExcluded()})
	local := make([]int32, v.c.nodes())
	var ents []*Entity
	for i := range local {
		local[i] = -1
		if v.blocked[i] {
			continue
		}
		for _, w := range v.c.neighbours(int32(i)) {
			if !v.blocked[w] {
				local[i] = int32(len(ents))
				ents = append(ents, g.Entities[i])
				break
			}
		}
	}
	var edges [][2]int32
	for i, li := range local {
		if li < 0 {
			continue
		}
		for _, w := range v.c.neighbours(int32(i)) {
			if int32(i) < w && local[w] >= 0 {
				edges = append(edges, [2]int32{li, local[w]})
			}
		}
	}
	return newCSR(len(ents), edges), ents
}

// Stats counts the dataset.
type Stats struct {
	Entities, Ties    int
	ByLabel, ByType   map[string]int
	BookTies, RefTies int
	Dated, Undated    int
	// Of the book ties: the curator's readings (inferred), those the book
	// states more than once (restated), and those dated by a range or
	// approximately.
	Inferred, Restated, Ranged, Approx int
	ByChapter                          map[int]int // book ties per chapter
	Sources, Quoted                    int
	AmbiguousNames                     int
}

// Stats counts entities by label, ties by type, book facts against reference
// facts, and dated against undated ties.
func (g *Graph) Stats(ctx context.Context) (Stats, error) {
	return g.Count(), ctx.Err()
}

// Count is Stats without a context: counting is quick and cannot fail.
func (g *Graph) Count() Stats {
	s := Stats{Entities: len(g.Entities), Ties: len(g.Ties), ByLabel: map[string]int{}, ByType: map[string]int{}, ByChapter: map[int]int{}, Sources: len(g.Sources)}
	for _, e := range g.Entities {
		s.ByLabel[e.Label]++
		s.AmbiguousNames += len(e.Ambiguous)
	}
	for _, t := range g.Ties {
		s.ByType[t.Type]++
		if t.Reference {
			s.RefTies++
		} else {
			s.BookTies++
			s.ByChapter[t.Chapter]++
		}
		if t.Inferred {
			s.Inferred++
		}
		if len(t.Also) > 0 {
			s.Restated++
		}
		if !t.End.IsZero() {
			s.Ranged++
		}
		if t.Approx {
			s.Approx++
		}
		if t.Date.IsZero() {
			s.Undated++
		} else {
			s.Dated++
		}
		if t.Quote != "" {
			s.Quoted++
		}
	}
	return s
}
