package draw_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/bcgraph/bcgraph/draw"
	"github.com/bcgraph/bcgraph/graph"
)

// tiny is a → b → c and a → d → c, with b placed in d by reference geography.
func tiny(t *testing.T) (*graph.Graph, []graph.Path) {
	t.Helper()
	ents := []*graph.Entity{
		{ID: "a", Label: graph.LabelUniversity, Name: "Alpha State University of Everything Important"},
		{ID: "b", Label: graph.LabelAgreement, Name: "B agreement", Evidence: graph.Evidence{Quote: "q", Chapter: 1}},
		{ID: "c", Label: graph.LabelProvince, Name: "Gamma"},
		{ID: "d", Label: graph.LabelCity, Name: "Delta"},
	}
	ev := graph.Evidence{Quote: "q", Chapter: 1}
	ties := []*graph.Tie{
		{Type: graph.PartyTo, From: "a", To: "b", Date: graph.Date{Year: 2016}, Evidence: ev},
		{Type: graph.PartyTo, From: "c", To: "b", Date: graph.Date{Year: 2016, Month: 7}, Evidence: ev},
		{Type: graph.CooperatesWith, From: "a", To: "d", Evidence: ev},
		{Type: graph.LocatedIn, From: "d", To: "c", Reference: true},
	}
	g, err := graph.New(ents, ties, nil)
	if err != nil {
		t.Fatal(err)
	}
	return g, []graph.Path{
		{Nodes: []*graph.Entity{ents[0], ents[1], ents[2]}, Ties: []*graph.Tie{g.Ties[0], g.Ties[1]}},
		{Nodes: []*graph.Entity{ents[0], ents[3], ents[2]}, Ties: []*graph.Tie{g.Ties[2], g.Ties[3]}},
	}
}

// TestPathsReadLeftToRightByHop: the source first, each hop a column further
// right, parallel paths stacked in one column, the target last.
func TestPathsReadLeftToRightByHop(t *testing.T) {
	g, paths := tiny(t)
	var b strings.Builder
	if err := draw.SVG(&b, draw.Paths(g, paths), draw.Options{Title: "t"}); err != nil {
		t.Fatal(err)
	}
	svg := b.String()
	pos := map[string][2]float64{}
	for _, m := range regexp.MustCompile(`data-id="(\w)"><title>[^<]*</title><circle cx="([\d.]+)" cy="([\d.]+)"`).FindAllStringSubmatch(svg, -1) {
		x, _ := strconv.ParseFloat(m[2], 64)
		y, _ := strconv.ParseFloat(m[3], 64)
		pos[m[1]] = [2]float64{x, y}
	}
	if len(pos) != 4 {
		t.Fatalf("%d nodes drawn: %v", len(pos), pos)
	}
	if !(pos["a"][0] < pos["b"][0] && pos["b"][0] < pos["c"][0]) || pos["b"][0] != pos["d"][0] || pos["b"][1] >= pos["d"][1] {
		t.Errorf("layout %v: want a, then b above d, then c", pos)
	}
	for _, want := range []string{
		">Alpha State Univ.…<", // the short name, not the full one
		"<title>Alpha State University of Everything Important (University)</title>", // the full name on hover
		">party to · 2016-07<",                          // the date on the edge
		`class="edge reference" data-type="LOCATED_IN"`, // reference geography drawn apart…
		`stroke-dasharray="6 4"`,                        // …dashed
		">Province<", ">Agreement<",                     // a legend of the labels drawn
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("the drawing lacks %s", want)
		}
	}
	if strings.Contains(svg, "<a ") {
		t.Errorf("a standalone drawing links somewhere")
	}
	b.Reset()
	draw.SVG(&b, draw.Paths(g, paths), draw.Options{Href: func(id string) string { return "/entity/" + id }})
	if !strings.Contains(b.String(), `<a href="/entity/c">`) {
		t.Errorf("with Href, nodes do not link to their pages")
	}
	var again strings.Builder
	draw.SVG(&again, draw.Paths(g, paths), draw.Options{Href: func(id string) string { return "/entity/" + id }})
	if again.String() != b.String() {
		t.Errorf("two drawings of one answer differ")
	}
}

// TestInferredTiesAreDrawnAsSuch: a tie the curator inferred is dotted, says
// so in its tooltip, and the legend explains it; a drawing without one has
// no such legend entry.
func TestInferredTiesAreDrawnAsSuch(t *testing.T) {
	g, paths := tiny(t)
	var plain strings.Builder
	if err := draw.SVG(&plain, draw.Paths(g, paths), draw.Options{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "inferred") {
		t.Error("a drawing without inferred ties mentions inference")
	}
	g.Ties[2].Inferred, g.Ties[2].Note = true, "the book names no party"
	var b strings.Builder
	if err := draw.SVG(&b, draw.Paths(g, paths), draw.Options{}); err != nil {
		t.Fatal(err)
	}
	svg := b.String()
	for _, want := range []string{`class="edge inferred"`, `(inferred by the curator, not the book`, `stroke-dasharray="2 3"`, `>inferred by the curator</text>`} {
		if !strings.Contains(svg, want) {
			t.Errorf("the SVG lacks %q", want)
		}
	}
}
