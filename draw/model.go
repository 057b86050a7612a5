// Package draw turns bcgraph's answers into pictures: a graph drawing (a
// path, a neighbourhood, an entity's partners) laid out deterministically and
// rendered as self-contained SVG, bar charts for rankings and years, and a
// standalone HTML document. It knows the domain (package graph) and nothing
// of the commands or the web server that use it.
package draw

import (
	"sort"

	"github.com/bcgraph/bcgraph/graph"
)

// Graph is a drawing: nodes placed in columns, and the ties between them.
type Graph struct {
	Nodes []Node
	Edges []Edge
	// Legend lists the labels drawn, in display order (filled by the
	// constructors).
	Legend []string
}

// Node is one entity in a drawing.
type Node struct {
	ID    string
	Short string // what the drawing shows: graph.ShortName
	Name  string // the full name, shown on hover
	Label string // Province, University…: the node's colour
	Col   int    // the layout column: hop, or layer
	Row   int    // the order within the column
}

// Edge is one tie between two drawn nodes, or several of one type between
// the same two (the book states some facts twice).
type Edge struct {
	From, To  string // node ids, in the tie's direction
	Type      string // PARTY_TO, LOCATED_IN…
	Date      string // as precise as the book: 2016, 2016-07
	Status    string
	Reference bool   // reference geography: not stated in the book
	Inferred  bool   // the curator's reading of the book, not its words
	Count     int    // ties merged into this edge (at least 1)
	Caption   string // overrides the verb and date shown on the edge, if set
}

// Verb is how a drawing (and Browser's style) words a tie type.
func Verb(typ string) string {
	if v, ok := verbs[typ]; ok {
		return v
	}
	return typ
}

var verbs = map[string]string{
	graph.PartyTo: "party to", graph.ParticipatedIn: "took part in", graph.Organized: "organized",
	graph.HeldIn: "held in", graph.LocatedIn: "in", graph.PartOf: "part of", graph.Founded: "founded",
	graph.Hosts: "hosts", graph.ResidentOf: "resident of", graph.InvestedIn: "invested in",
	graph.TwinnedWith: "twinned with", graph.CooperatesWith: "cooperates with", graph.Supplies: "supplies",
	graph.Visited: "visited", graph.MemberOf: "member of", graph.Implements: "implements", graph.Funds: "funds",
}

// Colors are the node colours by label, fill and border: the same as
// bcgraph's Neo4j Browser style, so a picture and Browser agree.
var Colors = map[string][2]string{
	graph.LabelCountry:        {"#4C4C4C", "#333333"},
	graph.LabelProvince:       {"#D62728", "#A01D1E"},
	graph.LabelRegion:         {"#2CA02C", "#1F7A1F"},
	graph.LabelCity:           {"#FF7F0E", "#CC6600"},
	graph.LabelDistrict:       {"#FFBB78", "#D9964F"},
	graph.LabelUniversity:     {"#1F77B4", "#165A8A"},
	graph.LabelAcademy:        {"#17BECF", "#11929F"},
	graph.LabelInstitute:      {"#9EDAE5", "#6FB3BF"},
	graph.LabelCompany:        {"#8C564B", "#6B4139"},
	graph.LabelIndustrialPark: {"#BCBD22", "#8F9019"},
	graph.LabelGovernmentBody: {"#7F7F7F", "#5F5F5F"},
	graph.LabelJointCenter:    {"#9467BD", "#6F4D8F"},
	graph.LabelFund:           {"#E377C2", "#B25A97"},
	graph.LabelAssociation:    {"#C5B0D5", "#9A86AB"},
	graph.LabelMedia:          {"#F7B6D2", "#C98FA8"},
	graph.LabelSchool:         {"#DBDB8D", "#AFAF6F"},
	graph.LabelHospital:       {"#98DF8A", "#73B266"},
	graph.LabelBank:           {"#C49C94", "#9D7D76"},
	graph.LabelOrganization:   {"#C7C7C7", "#9F9F9F"},
	graph.LabelAgreement:      {"#FFD92F", "#CCAD25"},
	graph.LabelEvent:          {"#AEC7E8", "#86A0BF"},
	graph.LabelProgram:        {"#DBDB8D", "#AFAF6F"},
}

func colorOf(label string) (fill, border string) {
	if c, ok := Colors[label]; ok {
		return c[0], c[1]
	}
	return "#A5ABB6", "#9AA1AC"
}

// builder collects a drawing's nodes and edges, each once.
type builder struct {
	g     *graph.Graph
	out   Graph
	index map[string]int // node id -> position in out.Nodes
	edges map[[3]string]int
	ties  map[string]bool // tie ids drawn
	rows  map[int]int     // next row per column
}

func newBuilder(g *graph.Graph) *builder {
	return &builder{g: g, index: map[string]int{}, edges: map[[3]string]int{}, ties: map[string]bool{}, rows: map[int]int{}}
}

// node adds an entity in a column unless it is drawn already, and reports
// whether it was added.
func (b *builder) node(e *graph.Entity, col int) bool {
	if _, ok := b.index[e.ID]; ok {
		return false
	}
	b.index[e.ID] = len(b.out.Nodes)
	b.out.Nodes = append(b.out.Nodes, Node{ID: e.ID, Short: b.g.ShortName(e.ID), Name: e.Name, Label: e.Label, Col: col, Row: b.rows[col]})
	b.rows[col]++
	return true
}

// edge adds a tie, merged with a drawn one of the same type between the
// same two entities; the earliest date stays.
func (b *builder) edge(t *graph.Tie) {
	if b.ties[t.ID] {
		return // one tie on several paths is drawn, and counted, once
	}
	b.ties[t.ID] = true
	key := [3]string{t.From, t.To, t.Type}
	if i, ok := b.edges[key]; ok {
		e := &b.out.Edges[i]
		e.Count++
		if d := t.DateText(); d != "" && (e.Date == "" || d < e.Date) {
			e.Date = d
		}
		// One tie the book states outright makes the edge the book's.
		e.Reference = e.Reference && t.Reference
		e.Inferred = e.Inferred && t.Inferred
		return
	}
	b.edges[key] = len(b.out.Edges)
	b.out.Edges = append(b.out.Edges, Edge{From: t.From, To: t.To, Type: t.Type, Date: t.DateText(), Status: t.Status, Reference: t.Reference, Inferred: t.Inferred, Count: 1})
}

func (b *builder) done() Graph {
	seen := map[string]int{}
	for _, n := range b.out.Nodes {
		seen[n.Label]++
	}
	b.out.Legend = graph.SortedLabels(seen)
	return b.out
}

// Paths draws the paths of a path answer left to right, hop by hop: the
// source in the first column, the target in the last, and the nodes of each
// hop stacked in the order the paths list them.
func Paths(g *graph.Graph, paths []graph.Path) Graph {
	b := newBuilder(g)
	last := 0
	for _, p := range paths {
		last = max(last, len(p.Nodes)-1)
	}
	for _, p := range paths {
		for i, n := range p.Nodes {
			col := i
			if i == len(p.Nodes)-1 {
				col = last // every path ends at the same target
			}
			b.node(n, col)
		}
	}
	for _, p := range paths {
		for _, t := range p.Ties {
			b.edge(t)
		}
	}
	return b.done()
}

// Neighbourhood draws an entity with every tie it has: the places it lies
// in and the things it is part of on the left, everything else on the right,
// both grouped by label.
func Neighbourhood(g *graph.Graph, e *graph.Entity) Graph {
	b := newBuilder(g)
	var left, right []*graph.Entity
	ties := g.TiesOf(e.ID)
	side := map[string]bool{}
	for _, t := range ties {
		o := g.Entity(t.Other(e.ID))
		if o == nil || o.ID == e.ID || side[o.ID] {
			continue
		}
		side[o.ID] = true
		if t.From == e.ID && graph.IsStructural(t.Type) {
			left = append(left, o)
		} else {
			right = append(right, o)
		}
	}
	col := 0
	if len(left) > 0 {
		col = 1
	}
	b.node(e, col)
	for _, n := range byLabel(g, left) {
		b.node(n, 0)
	}
	for _, n := range byLabel(g, right) {
		b.node(n, col+1)
	}
	for _, t := range ties {
		b.edge(t)
	}
	return b.done()
}

// Partners draws an entity's counterparts in three layers: the entity, the
// agreements, events and programs that link them, and the counterparts.
// A direct tie goes straight from the first layer to the third.
func Partners(g *graph.Graph, e *graph.Entity, partners []graph.Partner) Graph {
	b := newBuilder(g)
	b.node(e, 0)
	var vias, others []*graph.Entity
	seen := map[string]bool{}
	for _, p := range partners {
		others = append(others, p.Entity)
		for _, l := range p.Links {
			if l.Via != nil && !seen[l.Via.ID] {
				seen[l.Via.ID] = true
				vias = append(vias, l.Via)
			}
		}
	}
	col := 1
	if len(vias) > 0 {
		col = 2
	}
	row := map[string]float64{}
	for i, v := range byLabel(g, vias) {
		b.node(v, 1)
		row[v.ID] = float64(i)
	}
	// Each counterpart goes level with the mean of its links' rows, so that
	// lines cross as little as a simple rule can make them.
	mean := map[string]float64{}
	for _, p := range partners {
		sum, n := 0.0, 0
		for _, l := range p.Links {
			if l.Via != nil {
				sum, n = sum+row[l.Via.ID], n+1
			}
		}
		mean[p.Entity.ID] = -1
		if n > 0 {
			mean[p.Entity.ID] = sum / float64(n)
		}
	}
	others = byLabel(g, others)
	sort.SliceStable(others, func(i, j int) bool { return mean[others[i].ID] < mean[others[j].ID] })
	for _, o := range others {
		b.node(o, col)
	}
	for _, p := range partners {
		for _, l := range p.Links {
			for _, t := range l.Ties {
				// Rolled-up links start at something located in the entity:
				// drawn from the entity itself, which the picture is about.
				t := *t
				if _, ok := b.index[t.From]; !ok {
					t.From = e.ID
				}
				if _, ok := b.index[t.To]; !ok {
					t.To = e.ID
				}
				if t.From != t.To {
					b.edge(&t)
				}
			}
		}
	}
	return b.done()
}

// byLabel orders entities by label (display order), then short name.
func byLabel(g *graph.Graph, es []*graph.Entity) []*graph.Entity {
	order := map[string]int{}
	for i, l := range graph.Labels() {
		order[l] = i
	}
	out := append([]*graph.Entity(nil), es...)
	sort.SliceStable(out, func(i, j int) bool {
		if order[out[i].Label] != order[out[j].Label] {
			return order[out[i].Label] < order[out[j].Label]
		}
		return g.ShortName(out[i].ID) < g.ShortName(out[j].ID)
	})
	return out
}
