package graph_test

import (
	"strings"
	"testing"

	"github.com/bcgraph/bcgraph/graph"
)

func TestSearchTermsFoldCaseDiacriticsAndSplitChinese(t *testing.T) {
	for _, tc := range []struct{ query, want string }{
		{"Birch Juice", "birch juice"},
		{"Mahilioŭ", "mahiliou"},
		{"Qin Shu'a", "qin shu a"},
		{"甘肃省", "甘 肃 省"},
		{"Гродно, ё", "гродно е"},
		{" -- ", ""},
	} {
		if got := strings.Join(graph.SearchTerms(tc.query), " "); got != tc.want {
			t.Errorf("SearchTerms(%q) = %q, want %q", tc.query, got, tc.want)
		}
	}
}

func TestSearchFindsEveryWordAndRanksNamesFirst(t *testing.T) {
	g := embedded(t)
	for _, tc := range []struct {
		query string
		first string // id of the first hit: an entity id, or a tie id
		none  bool
	}{
		{query: "birch juice", first: "grodno-region>SUPPLIES>abc-firm"},
		{query: "甘肃", first: "gansu"},
		{query: "Гродно", first: "grodno"},
		{query: "BIRCH", first: "grodno-region>SUPPLIES>abc-firm"},
		{query: "birch quantum", none: true},
	} {
		hits, err := g.Search(ctx, tc.query, 0)
		if err != nil {
			t.Fatal(err)
		}
		if tc.none {
			if len(hits) > 0 {
				t.Errorf("%q: %d hits, want none", tc.query, len(hits))
			}
			continue
		}
		if len(hits) == 0 {
			t.Fatalf("%q: no hits", tc.query)
		}
		id := ""
		if hits[0].Entity != nil {
			id = hits[0].Entity.ID
		} else {
			id = hits[0].Tie.ID
		}
		if id != tc.first {
			t.Errorf("%q: first hit %s, want %s", tc.query, id, tc.first)
		}
		for _, h := range hits {
			var text string
			if h.Entity != nil {
				e := h.Entity
				text = strings.Join(append(e.Names(), e.Quote, e.Note), " ")
			} else {
				text = h.Tie.Quote + " " + h.Tie.Role + " " + h.Tie.Note
			}
			words := map[string]bool{}
			for _, w := range graph.SearchTerms(text) {
				words[w] = true
			}
			for _, term := range graph.SearchTerms(tc.query) {
				if !words[term] {
					t.Errorf("%q: hit %+v lacks %q", tc.query, h, term)
				}
			}
		}
	}
}
