package graph

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// validationCase is a small dataset and the problems New must report for it:
// each wanted line is a substring of one problem (file:line included), and
// count, when set, is how many problems there must be in all, so that a case
// also proves a problem is reported once rather than cascading.
type validationCase struct {
	name     string
	entities []*Entity
	ties     []*Tie
	sources  []*Source
	want     []string
	count    int
}

func at(line int) Pos { return Pos{File: "x.yaml", Line: line} }

func city(id string, line int, in string) *Entity {
	return &Entity{ID: id, Label: LabelCity, Name: strings.ToUpper(id), In: in, Pos: at(line)}
}

func bookTie(from, typ, to string, line int) *Tie {
	return &Tie{From: from, Type: typ, To: to, Evidence: Evidence{Quote: "q", Chapter: 1}, Pos: at(line)}
}

func source(n, chapter, year, line int) *Source {
	return &Source{N: n, Chapter: chapter, Title: fmt.Sprintf("Report %d", n), Year: year, Pos: at(line)}
}

func runValidationCases(t *testing.T, cases []validationCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.entities, tc.ties, tc.sources)
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatalf("New = %v, want no problem", err)
				}
				return
			}
			var verr *ValidationError
			if !errors.As(err, &verr) {
				t.Fatalf("New = %v, want a *ValidationError", err)
			}
			var lines []string
			for _, p := range verr.Problems {
				lines = append(lines, p.String())
			}
			all := strings.Join(lines, "\n")
			for _, w := range tc.want {
				if !strings.Contains(all, w) {
					t.Errorf("problems lack %q; got:\n%s", w, all)
				}
			}
			if tc.count > 0 && len(lines) != tc.count {
				t.Errorf("got %d problems, want %d:\n%s", len(lines), tc.count, all)
			}
			for _, l := range lines {
				if len(l) > 600 {
					t.Errorf("a problem is %d bytes long; a message must stay readable: %.200s…", len(l), l)
				}
			}
		})
	}
}

func TestNewRejectsLocationCycles(t *testing.T) {
	runValidationCases(t, []validationCase{
		{
			name:     "in: round a two-city loop",
			entities: []*Entity{city("a", 1, "b"), city("b", 2, "a")},
			want:     []string{"x.yaml:1: location cycle: a -in-> b -in-> a (written at x.yaml:1, x.yaml:2)"},
			count:    1,
		},
		{
			name:     "PART_OF round three",
			entities: []*Entity{city("a", 1, ""), city("b", 2, ""), city("c", 3, "")},
			ties:     []*Tie{bookTie("a", PartOf, "b", 10), bookTie("b", PartOf, "c", 11), bookTie("c", PartOf, "a", 12)},
			want:     []string{"x.yaml:10: location cycle: a -PART_OF-> b -PART_OF-> c -PART_OF-> a"},
			count:    1,
		},
		{
			name:     "book LOCATED_IN both ways",
			entities: []*Entity{city("a", 1, ""), city("b", 2, "")},
			ties:     []*Tie{bookTie("a", LocatedIn, "b", 10), bookTie("b", LocatedIn, "a", 11)},
			want:     []string{"x.yaml:10: location cycle: a -LOCATED_IN-> b -LOCATED_IN-> a"},
			count:    1,
		},
		{
			name:     "LOCATED_IN closed by in:",
			entities: []*Entity{city("a", 1, ""), city("b", 2, "a")},
			ties:     []*Tie{bookTie("a", LocatedIn, "b", 10)},
			want:     []string{"x.yaml:10: location cycle: a -LOCATED_IN-> b -in-> a"},
			count:    1,
		},
		{
			name:     "two separate cycles, one problem each",
			entities: []*Entity{city("a", 1, "b"), city("b", 2, "a"), city("c", 3, "d"), city("d", 4, "c")},
			want:     []string{"x.yaml:1: location cycle: a -in-> b -in-> a", "x.yaml:3: location cycle: c -in-> d -in-> c"},
			count:    2,
		},
		{
			name:     "a self-loop is reported as such, not also as a cycle",
			entities: []*Entity{city("a", 1, "a")},
			want:     []string{`x.yaml:1: entity "a" lies in itself`},
			count:    1,
		},
		{
			name:     "a chain and a diamond are no cycle",
			entities: []*Entity{city("a", 1, "b"), city("b", 2, "c"), city("c", 3, ""), city("d", 4, "b")},
			ties:     []*Tie{bookTie("a", PartOf, "c", 10), bookTie("d", LocatedIn, "c", 11)},
		},
	})
}

func TestNewRejectsDuplicates(t *testing.T) {
	two := []*Entity{city("a", 1, ""), city("b", 2, "")}
	dated := func(tie *Tie, year int) *Tie { tie.Date = Date{Year: year}; return tie }
	quoted := func(tie *Tie, q string) *Tie { tie.Quote = q; return tie }
	runValidationCases(t, []validationCase{
		{
			name:     "a footnote number twice",
			entities: two,
			sources:  []*Source{source(12, 1, 2017, 20), source(12, 1, 2018, 30)},
			want:     []string{"x.yaml:30: duplicate footnote 12 (first defined at x.yaml:20)"},
			count:    1,
		},
		{
			name:     "the same tie twice",
			entities: two,
			ties:     []*Tie{bookTie("a", Visited, "b", 10), bookTie("a", Visited, "b", 11)},
			want:     []string{"x.yaml:11: tie a -VISITED-> b repeats the tie at x.yaml:10"},
			count:    1,
		},
		{
			name:     "a symmetric tie and its reverse",
			entities: two,
			ties:     []*Tie{bookTie("a", TwinnedWith, "b", 10), bookTie("b", TwinnedWith, "a", 11)},
			want:     []string{"x.yaml:11: tie b -TWINNED_WITH-> a repeats the tie at x.yaml:10"},
			count:    1,
		},
		{
			name:     "the same quote with other whitespace",
			entities: two,
			ties:     []*Tie{quoted(bookTie("a", Visited, "b", 10), "went  there"), quoted(bookTie("a", Visited, "b", 11), "went\nthere")},
			want:     []string{"x.yaml:11: tie a -VISITED-> b repeats the tie at x.yaml:10"},
			count:    1,
		},
		{
			name:     "a directed tie and its reverse are two facts",
			entities: two,
			ties:     []*Tie{bookTie("a", Visited, "b", 10), bookTie("b", Visited, "a", 11)},
		},
		{
			name:     "the same fact restated in other words is more evidence",
			entities: two,
			ties:     []*Tie{quoted(bookTie("a", Visited, "b", 10), "went there"), quoted(bookTie("a", Visited, "b", 11), "paid a visit")},
		},
		{
			name:     "the same tie in two years is two ties",
			entities: two,
			ties:     []*Tie{dated(bookTie("a", Visited, "b", 10), 2015), dated(bookTie("a", Visited, "b", 11), 2016)},
		},
	})
}

func TestNewRejectsChaptersAndYearsOutsideTheBook(t *testing.T) {
	two := []*Entity{city("a", 1, ""), city("b", 2, "")}
	inChapter := func(c int) *Tie { tie := bookTie("a", Visited, "b", 10); tie.Chapter = c; return tie }
	runValidationCases(t, []validationCase{
		{name: "negative chapter", entities: two, ties: []*Tie{inChapter(-1)},
			want: []string{"x.yaml:10: tie a -VISITED-> b is from chapter -1; the book has chapters 1 to 5"}, count: 1},
		{name: "chapter past the last", entities: two, ties: []*Tie{inChapter(6)},
			want: []string{"x.yaml:10: tie a -VISITED-> b is from chapter 6"}, count: 1},
		{name: "the last chapter", entities: two, ties: []*Tie{inChapter(5)}},
		{name: "a source of chapter 0", entities: two, sources: []*Source{source(1, 0, 2017, 20)},
			want: []string{"x.yaml:20: source 1 is from chapter 0; the book has chapters 1 to 5"}, count: 1},
		{name: "a source of a negative chapter", entities: two, sources: []*Source{source(1, -3, 2017, 20)},
			want: []string{"x.yaml:20: source 1 is from chapter -3"}, count: 1},
		{name: "a source dated after the book", entities: two, sources: []*Source{source(1, 1, 2021, 20)},
			want: []string{"x.yaml:20: source 1 is dated 2021; the book (2020) cites only sources from 1900 to 2020"}, count: 1},
		{name: "a source dated far in the future", entities: two, sources: []*Source{source(1, 1, 9999, 20)},
			want: []string{"x.yaml:20: source 1 is dated 9999"}, count: 1},
		{name: "a source numbered 0", entities: two, sources: []*Source{source(0, 1, 2017, 20)},
			want: []string{"x.yaml:20: source 0: footnotes are numbered from 1"}, count: 1},
		{name: "a source of the book's year, and one without a year", entities: two,
			sources: []*Source{source(1, 1, 2020, 20), source(2, 5, 0, 21)}},
	})
}

func TestNewBoundsIdsAndTexts(t *testing.T) {
	huge := strings.Repeat("a", 100<<10)
	long := strings.Repeat("é", MaxTextLen) // 2 bytes a rune: twice the limit
	with := func(f func(e *Entity)) []*Entity {
		e := city("a", 1, "")
		f(e)
		return []*Entity{e, city("b", 2, "")}
	}
	runValidationCases(t, []validationCase{
		{
			name:     "a 100 KB id, reported once and briefly",
			entities: []*Entity{{ID: huge, Label: LabelCity, Name: "Huge", Pos: at(1)}},
			want:     []string{"x.yaml:1: entity \"" + huge[:60] + "… (102400 bytes)\": id is 102400 bytes long; at most 100"},
			count:    1,
		},
		{
			name:     "an id of exactly the limit",
			entities: []*Entity{{ID: strings.Repeat("a", MaxIDLen), Label: LabelCity, Name: "Long", Pos: at(1)}},
		},
		{
			name:     "a tie to a 100 KB id is reported briefly, without suggestions",
			entities: []*Entity{city("a", 1, "")},
			ties:     []*Tie{bookTie("a", Visited, huge, 10)},
			want:     []string{"x.yaml:10: tie a -VISITED-> " + huge[:60] + "… (102400 bytes): \"" + huge[:60] + "… (102400 bytes)\" is not a known entity"},
			count:    1,
		},
		{name: "a long name", entities: with(func(e *Entity) { e.Name = long }),
			want: []string{`x.yaml:1: entity "a": name is 4000 bytes long; at most 2000`}, count: 1},
		{name: "a long alias", entities: with(func(e *Entity) { e.Aliases = []string{"ok", long} }),
			want: []string{`x.yaml:1: entity "a": an alias is 4000 bytes long; at most 2000`}, count: 1},
		{name: "a long quote", entities: with(func(e *Entity) { e.Quote = long }),
			want: []string{`x.yaml:1: entity "a": quote is 4000 bytes long`}, count: 1},
		{name: "a long note on a tie", entities: with(func(*Entity) {}),
			ties: []*Tie{func() *Tie { tie := bookTie("a", Visited, "b", 10); tie.Note = long; return tie }()},
			want: []string{`x.yaml:10: tie a -VISITED-> b: note is 4000 bytes long`}, count: 1},
		{name: "a long source title", entities: with(func(*Entity) {}),
			sources: []*Source{func() *Source { s := source(1, 1, 2017, 20); s.Title = long; return s }()},
			want:    []string{`x.yaml:20: source 1: title is 4000 bytes long`}, count: 1},
		{name: "too many aliases", entities: with(func(e *Entity) {
			for i := 0; i <= MaxListLen; i++ {
				e.Aliases = append(e.Aliases, fmt.Sprintf("a%d", i))
			}
		}), want: []string{`x.yaml:1: entity "a" has 101 aliases and 0 ambiguous ones; at most 100 of each`}, count: 1},
	})
}

func TestClipKeepsShortTextAndCutsLongTextOnARuneBoundary(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"bntu", "bntu"},
		{strings.Repeat("x", 80), strings.Repeat("x", 80)},
		{strings.Repeat("x", 81), strings.Repeat("x", 60) + "… (81 bytes)"},
		{"x" + strings.Repeat("я", 50), "x" + strings.Repeat("я", 29) + "… (101 bytes)"},
	} {
		if got := Clip(tc.in); got != tc.want {
			t.Errorf("Clip(%.20q…) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
