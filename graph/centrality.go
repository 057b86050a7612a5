package graph

import (
	"context"
	"sort"
)

// Centrality measures, as computed here:
//
//   - partners: distinct counterparts (at province level: distinct Belarusian
//     regions; at entity level: distinct neighbours over cooperation links).
//   - ties: cooperation links (one per direct tie, one per pair of parties of
//     an agreement, event or program) touching the row.
//   - betweenness: Brandes' betweenness on the unweighted, undirected graph,
//     not normalized, each unordered pair of endpoints counted once — equal to
//     NetworkX betweenness_centrality(normalized=False) (gonum's Betweenness
//     counts each pair twice).
//   - pagerank: damping 0.85, every undirected edge taken as two directed
//     edges (NetworkX's convention), unweighted, summing to 1 over the nodes of
//     the graph it is computed on. The power iteration starts from the uniform
//     vector and stops as NetworkX's does (L1 change below nodes × tolerance),
//     so the same input gives bit-identical values on every run.
const (
	PageRankDamping   = 0.85
	PageRankTolerance = 1e-15
)

// CentralityRow is one ranked entity.
type CentralityRow struct {
	Entity      *Entity
	Partners    int
	Ties        int
	Betweenness float64
	PageRank    float64
	PartnerIDs  []string // the counterparts, sorted
}

// Projection is the province-level graph: Chinese provinces against
// Belarusian regions (and Minsk), an edge wherever a cooperation link joins
// something in one to something in the other.
type Projection struct {
	Units []*Entity
	Edges map[[2]string]int // [province, region] → number of links
}

// Project rolls every cooperation link in the window up to its ends'
// province-level units and keeps those joining China to Belarus.
func (g *Graph) Project(w Window) Projection {
	p := Projection{Edges: map[[2]string]int{}}
	seen := map[string]bool{}
	for _, l := range g.Links(w) {
		ua, ub := g.Unit(l.A), g.Unit(l.B)
		if ua == nil || ub == nil {
			continue
		}
		if ua.Label != LabelProvince {
			ua, ub = ub, ua
		}
		if ua.Label != LabelProvince || g.CountryOf(ub.ID) != "BY" {
			continue
		}
		p.Edges[[2]string{ua.ID, ub.ID}]++
		seen[ua.ID], seen[ub.ID] = true, true
	}
	for _, e := range g.Entities {
		if seen[e.ID] {
			p.Units = append(p.Units, e)
		}
	}
	return p
}

// ProvinceCentrality ranks every Chinese province (those without ties too) on
// the projection. Betweenness and PageRank are computed on the projection's
// connected units only; a province with no ties scores 0 on both.
func (g *Graph) ProvinceCentrality(ctx context.Context, w Window) ([]CentralityRow, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p := g.Project(w)
	ids := make([]string, len(p.Units))
	for i, u := range p.Units {
		ids[i] = u.ID
	}
	var pairs [][2]string
	for k := range p.Edges {
		pairs = append(pairs, k)
	}
	// The caller's context comes with the ctx-taking signature.
	bet, pr, _ := measures(context.Background(), ids, pairs)
	byProvince := map[string][][2]string{}
	for _, k := range pairs {
		byProvince[k[0]] = append(byProvince[k[0]], k)
	}
	var rows []CentralityRow
	for _, e := range g.Entities {
		if e.Label != LabelProvince {
			continue
		}
		r := CentralityRow{Entity: e, Betweenness: bet[e.ID], PageRank: pr[e.ID]}
		for _, k := range byProvince[e.ID] {
			r.Ties += p.Edges[k]
			r.PartnerIDs = append(r.PartnerIDs, k[1])
		}
		sort.Strings(r.PartnerIDs)
		r.Partners = len(r.PartnerIDs)
		rows = append(rows, r)
	}
	return rows, ctx.Err()
}

// LinkGraph is the entity-level graph the entity measures run on: entities
// joined wherever a cooperation link joins them, countries left out. It
// returns the nodes (entities with at least one link), the distinct edges,
// and for each entity its counterparts and its number of links.
func (g *Graph) LinkGraph(w Window) (ids []string, edges [][2]string, partners map[string]map[string]bool, links map[string]int) {
	excluded := map[string]bool{}
	for _, id := range DefaultExcluded() {
		excluded[id] = true
	}
	partners, links = map[string]map[string]bool{}, map[string]int{}
	seen := map[[2]string]bool{}
	for _, l := range g.Links(w) {
		if excluded[l.A] || excluded[l.B] || l.A == l.B {
			continue
		}
		for _, x := range [][2]string{{l.A, l.B}, {l.B, l.A}} {
			if partners[x[0]] == nil {
				partners[x[0]] = map[string]bool{}
			}
			partners[x[0]][x[1]] = true
			links[x[0]]++
		}
		if k := [2]string{l.A, l.B}; !seen[k] {
			seen[k] = true
			edges = append(edges, k)
		}
	}
	for _, e := range g.Entities {
		if len(partners[e.ID]) > 0 {
			ids = append(ids, e.ID)
		}
	}
	return ids, edges, partners, links
}

// EntityCentrality ranks entities on LinkGraph. keep filters which rows are
// returned, not which nodes are measured.
// The link graph and its measures are computed once per window and kept.
func (g *Graph) EntityCentrality(ctx context.Context, w Window, keep func(*Entity) bool) ([]CentralityRow, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	d := g.linkData(w)
	bet, pr, err := d.measures(ctx)
	if err != nil {
		return nil, err
	}
	var rows []CentralityRow
	for n, id := range d.ids {
		e := g.byID[id]
		if keep != nil && !keep(e) {
			continue
		}
		r := CentralityRow{Entity: e, Ties: d.links[id], Betweenness: bet[n], PageRank: pr[n]}
		for p := range d.partners[id] {
			r.PartnerIDs = append(r.PartnerIDs, p)
		}
		sort.Strings(r.PartnerIDs)
		r.Partners = len(r.PartnerIDs)
		rows = append(rows, r)
	}
	return rows, ctx.Err()
}

// EntityPageRank is EntityCentrality's PageRank alone, for callers that
// do not need betweenness.
func (g *Graph) EntityPageRank(w Window) map[string]float64 {
	d := g.linkData(w)
	pr := make(map[string]float64, len(d.ids))
	for n, v := range d.pageRank() {
		pr[d.ids[n]] = v
	}
	return pr
}

// measures computes betweenness and PageRank (as documented above) on the
// undirected graph of the given nodes and edges.
// It returns ctx.Err() if ctx is cancelled first.
func measures(ctx context.Context, ids []string, edges [][2]string) (bet, pr map[string]float64, err error) {
	c := csrOf(ids, edges)
	b, err := betweenness(ctx, c)
	if err != nil {
		return nil, nil, err
	}
	bet, pr = make(map[string]float64, len(ids)), make(map[string]float64, len(ids))
	for n, v := range b {
		bet[ids[n]] = v
	}
	for n, v := range pageRank(c) {
		pr[ids[n]] = v
	}
	return bet, pr, nil
}

// Measure reads the named measure of a row (see Measures).
func (r CentralityRow) Measure(by string) float64 {
	switch by {
	case "partners":
		return float64(r.Partners)
	case "ties":
		return float64(r.Ties)
	case "betweenness":
		return r.Betweenness
	}
	return r.PageRank
}

// SortRows orders rows by the named measure, descending, ties broken by name.
func SortRows(rows []CentralityRow, by string) {
	val := func(r CentralityRow) float64 { return r.Measure(by) }
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := val(rows[i]), val(rows[j])
		if a != b {
			return a > b
		}
		if rows[i].Partners != rows[j].Partners {
			return rows[i].Partners > rows[j].Partners
		}
		if rows[i].Ties != rows[j].Ties {
			return rows[i].Ties > rows[j].Ties
		}
		return rows[i].Entity.Name < rows[j].Entity.Name
	})
}

// Measures returns the names SortRows accepts.
func Measures() []string { return []string{"partners", "ties", "betweenness", "pagerank"} }
