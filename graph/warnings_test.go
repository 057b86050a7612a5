package graph

import (
	"fmt"
	"strings"
	"testing"
)

func dated(t *Tie, d, end Date) *Tie { t.Date, t.End = d, end; return t }

// restated is a book tie quoting other words than bookTie's: the same quote
// twice is an error of New's, not a warning.
func restated(from, typ, to string, line int) *Tie {
	t := bookTie(from, typ, to, line)
	t.Quote = fmt.Sprintf("q%d", line)
	return t
}

func TestLikelyDuplicatesFindsOneFactStatedTwice(t *testing.T) {
	y := func(y int) Date { return Date{Year: y} }
	ym := func(y, m int) Date { return Date{Year: y, Month: m} }
	for _, tc := range []struct {
		name string
		ties []*Tie
		want string // "" for no warning
	}{
		{"both undated", []*Tie{restated("a", CooperatesWith, "b", 1), restated("a", CooperatesWith, "b", 2)}, "x.yaml:2: tie a -COOPERATES_WITH-> b likely states the fact of the tie at x.yaml:1 again (same type, ends and role, both undated)"},
		{"symmetric type, ends swapped", []*Tie{restated("a", TwinnedWith, "b", 1), restated("b", TwinnedWith, "a", 2)}, "x.yaml:2: tie b -TWINNED_WITH-> a likely states"},
		{"directed type, ends swapped", []*Tie{restated("a", Supplies, "b", 1), restated("b", Supplies, "a", 2)}, ""},
		{"a range overlapping a year", []*Tie{dated(restated("a", CooperatesWith, "b", 1), y(2014), y(2016)), dated(restated("a", CooperatesWith, "b", 2), y(2015), Date{})}, "dated 2014/2016 and 2015"},
		{"a month inside a year", []*Tie{dated(restated("a", CooperatesWith, "b", 1), y(2016), Date{}), dated(restated("a", CooperatesWith, "b", 2), ym(2016, 7), Date{})}, "dated 2016 and 2016-07"},
		{"two months of one year", []*Tie{dated(restated("a", CooperatesWith, "b", 1), ym(2016, 3), Date{}), dated(restated("a", CooperatesWith, "b", 2), ym(2016, 7), Date{})}, ""},
		{"dated and undated", []*Tie{dated(restated("a", CooperatesWith, "b", 1), y(2016), Date{}), restated("a", CooperatesWith, "b", 2)}, ""},
		{"other roles", []*Tie{func() *Tie { x := restated("a", Supplies, "b", 1); x.Role = "milk"; return x }(), func() *Tie { x := restated("a", Supplies, "b", 2); x.Role = "beef"; return x }()}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, err := New([]*Entity{city("a", 1, ""), city("b", 2, "")}, tc.ties, nil)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range g.LikelyDuplicates() {
				got = append(got, p.String())
			}
			wantOneWarning(t, got, tc.want)
		})
	}
}

func TestLikelyDuplicatesFindsEntitiesNamedAlike(t *testing.T) {
	a := &Entity{ID: "jiangsu-univ", Label: LabelUniversity, Name: "Jiangsu University (Zhenjiang)", Pos: at(1)}
	b := &Entity{ID: "jiangsu-u", Label: LabelUniversity, Name: "Jiangsu  university", Pos: at(2)}
	// Jiangsu the province and a university of that name are two things.
	c := &Entity{ID: "jiangsu", Label: LabelProvince, Name: "Jiangsu (province)", Pos: at(3)}
	g, err := New([]*Entity{a, b, c}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range g.LikelyDuplicates() {
		got = append(got, p.String())
	}
	want := []string{
		`x.yaml:2: entity "jiangsu-u" may be the same thing as "jiangsu-univ" (x.yaml:1): their names read alike (jiangsu university)`,
	}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %d warnings", got, len(want))
	}
	for _, w := range want {
		if !strings.Contains(strings.Join(got, "\n"), w) {
			t.Errorf("warnings lack %q; got %q", w, got)
		}
	}
}

func TestCheckFootnotesFindsTheMarkerThatReportsTheFact(t *testing.T) {
	book := "Minsk signed with Gansu<sup>1</sup>, and Brest sent a delegation to Hubei.<sup>2</sup>\nA paragraph with one marker: Brest and Hubei<sup>3</sup>.\n"
	srcs := []*Source{{N: 1, Chapter: 1, Title: "Minsk and Gansu sign", Pos: at(1)}, {N: 2, Chapter: 1, Title: "Hubei delegation", Pos: at(2)}, {N: 3, Chapter: 1, Title: "Other", Pos: at(3)}}
	tie := func(from, to, quote string, fn int, note string, line int) *Tie {
		return &Tie{From: from, Type: CooperatesWith, To: to, Note: note, Evidence: Evidence{Quote: quote, Chapter: 1, Footnotes: []int{fn}}, Pos: at(line)}
	}
	ents := []*Entity{city("minsk", 1, ""), city("gansu", 2, ""), city("brest", 3, ""), city("hubei", 4, "")}
	for _, e := range ents {
		e.Name = strings.ToUpper(e.ID[:1]) + e.ID[1:]
	}
	for _, tc := range []struct {
		name string
		tie  *Tie
		want string
	}{
		{"the right marker", tie("brest", "hubei", "Brest sent a delegation to Hubei", 2, "", 10), ""},
		{"the wrong marker of the paragraph", tie("brest", "hubei", "Brest sent a delegation to Hubei", 1, "", 10), "x.yaml:10: tie brest -COOPERATES_WITH-> hubei cites fn 1, whose title names neither end; fn 2 of the same paragraph names Hubei"},
		{"the wrong marker, settled in the note", tie("brest", "hubei", "Brest sent a delegation to Hubei", 1, "fn 1 covers both visits", 10), ""},
		{"a note naming another footnote settles nothing", tie("brest", "hubei", "Brest sent a delegation to Hubei", 1, "see fn 12", 10), "cites fn 1"},
		{"a paragraph with one marker", tie("brest", "hubei", "Brest and Hubei", 3, "", 10), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, err := New(ents, []*Tie{tc.tie}, srcs)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range g.CheckFootnotes(book) {
				got = append(got, p.String())
			}
			wantOneWarning(t, got, tc.want)
		})
	}
}

// wantOneWarning checks that got is one warning containing want, or none
// when want is "".
func wantOneWarning(t *testing.T, got []string, want string) {
	t.Helper()
	switch {
	case want == "" && len(got) > 0:
		t.Errorf("want no warning, got %q", got)
	case want != "" && (len(got) != 1 || !strings.Contains(got[0], want)):
		t.Errorf("want one warning containing %q, got %q", want, got)
	}
}
