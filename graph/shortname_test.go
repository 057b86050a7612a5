package graph_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bcgraph/bcgraph/graph"
)

// TestShortNamesReadAsTheBookNamesThings pins the short names the drawings and
// Browser captions show for entities of every kind the rules tell apart.
func TestShortNamesReadAsTheBookNamesThings(t *testing.T) {
	g := embedded(t)
	for _, tc := range []struct{ id, want, why string }{
		{"gansu", "Gansu", "a name that fits is itself"},
		{"bntu", "BNTU", "an abbreviation alias"},
		{"belta", "BelTA", "an abbreviation in parentheses in the name"},
		{"great-stone-park", "Great Stone", "the quoted name"},
		{"fez-brest", "FEZ Brest", "not the quoted \"Brest\", which names the city"},
		{"gansu-government", "Gansu Govt", "<head> of <which>"},
		{"nasb-institute-of-microbiology", "Inst. Microbiology", "an alias that is a phrase of the name, compressed"},
		{"agr-brest-region-anhui-cooperation", "Brest Region–Anhui", "an agreement by the parties its name mentions"},
		{"agr-nasb-sdas-jinan-memorandum-2018", "NASB–Shandong–Jinan", "three parties, the second and third by their keywords"},
		{"agr-belta-xinhua", "BelTA–Xinhua", "an abbreviation found in another entity's name"},
		{"ev-by-cn-st-forum-2017", "Forum Minsk 2017", "an event by kind, place and year"},
		{"prog-belt-and-road", "Belt & Road Init.", "common words abbreviated"},
	} {
		if got := g.ShortName(tc.id); got != tc.want {
			t.Errorf("ShortName(%s) = %q, want %q (%s)", tc.id, got, tc.want, tc.why)
		}
	}
	if got := g.ShortName("industrial-park-development-company"); got == "CJSC" {
		t.Errorf("a legal form (CJSC) is not a name")
	}
	if got := g.ShortName("no-such-id"); got != "no-such-id" {
		t.Errorf("an unknown id gives %q, want itself", got)
	}
}

// TestEveryShortNameFitsAndIsStable: at most MaxShortName characters for all
// of the real dataset, never empty, a fitting name unchanged, and the same
// names from a second, independently built graph.
func TestEveryShortNameFitsAndIsStable(t *testing.T) {
	g := embedded(t)
	again := embedded(t)
	if g == again {
		t.Fatal("the test needs two independently built graphs")
	}
	for _, e := range g.Entities {
		s := g.ShortName(e.ID)
		if n := utf8.RuneCountInString(s); n == 0 || n > graph.MaxShortName {
			t.Errorf("%s: short name %q has %d characters", e.ID, s, n)
		}
		if utf8.RuneCountInString(e.Name) <= graph.MaxShortName && s != e.Name {
			t.Errorf("%s: %q fits but became %q", e.ID, e.Name, s)
		}
		if strings.HasPrefix(s, " ") || strings.HasSuffix(s, " ") || strings.HasSuffix(s, "–") {
			t.Errorf("%s: short name %q has a loose end", e.ID, s)
		}
		if s2 := again.ShortName(e.ID); s2 != s {
			t.Errorf("%s: %q, then %q from the same dataset", e.ID, s, s2)
		}
	}
}
