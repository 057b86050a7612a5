package graph_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bcgraph/bcgraph/graph"
)

// The fuzzed datasets draw their ids from a few real places and
// organizations (so that seed inputs can be real facts about them) and a few
// ids that are wrong in themselves; names likewise.
var (
	fuzzIDs = []string{
		"belarus", "china", "minsk-region", "minsk", "smolevichi-district", "great-stone-park",
		"gansu", "lanzhou", "bntu", "bntu-polytechnic-park", "nasb", "x", "Bad Id", "",
		strings.Repeat("long-", 30),
	}
	fuzzNames = []string{ownName, "", "Minsk", "minsk", "Great Stone", "Ганьсу", "甘肃", " ", "X\x00Y", strings.Repeat("N", graph.MaxTextLen+1)}
	fuzzDates = []graph.Date{{}, {Year: 2015}, {Year: 2019, Month: 5}, {Year: 2019, Month: 5, Day: 14}}
	fuzzYears = []int{0, 1899, 1900, 2017, graph.BookYear, graph.BookYear + 1, 9999, -1}
	fuzzTypes = append(append([]string(nil), graph.TieTypes()...), "LIKES")
	fuzzLabel = append(append([]string(nil), graph.Labels()...), "Planet")
	fuzzQuote = []string{ownQuote, "", "q", "the  same quote", "the same\nquote", "another"}
)

// ownName and ownQuote stand for a name made from the entity's id and a
// quote made from the fact's line: distinct, as most real ones are.
const (
	ownName  = "\x00name"
	ownQuote = "\x00quote"
)

func name(b byte, id string) string {
	if n := pick(fuzzNames, b); n != ownName {
		return n
	}
	return "Name of " + id
}

func quote(b byte, line int) string {
	if q := pick(fuzzQuote, b); q != ownQuote {
		return q
	}
	return fmt.Sprintf("quote %d", line)
}

const opSize = 6

func pick[T any](list []T, b byte) T { return list[int(b)%len(list)] }

// decodeDataset turns fuzz bytes into facts, opSize bytes each: an entity, a
// tie or a source, at line i+1 of f.yaml. The inputs in testdata/fuzz are
// written in this encoding: change it (or the lists above) and they no longer
// mean the datasets that once failed. Each call builds fresh values, so
// that New's changes to one dataset never leak into another.
func decodeDataset(data []byte) ([]*graph.Entity, []*graph.Tie, []*graph.Source) {
	var es []*graph.Entity
	var ts []*graph.Tie
	var ss []*graph.Source
	for i := 0; i+opSize <= len(data); i += opSize {
		op, a, b, c, d, e := data[i], data[i+1], data[i+2], data[i+3], data[i+4], data[i+5]
		pos := graph.Pos{File: "f.yaml", Line: i/opSize + 1}
		chapter := int(e>>4)%8 - 1 // -1 to 6
		switch op % 3 {
		case 0:
			id := pick(fuzzIDs, a)
			en := &graph.Entity{ID: id, Label: pick(fuzzLabel, b), Name: name(d, id), Pos: pos,
				Evidence: graph.Evidence{Chapter: chapter, Quote: quote(e&0x0f, pos.Line)}}
			if c&1 != 0 {
				en.In = pick(fuzzIDs, c>>1)
			}
			if d&0x10 != 0 {
				en.Aliases = []string{name(d>>5, id), name(e, "alias")}
			}
			if d&0x20 != 0 {
				en.Ambiguous = []string{name(d>>6, "alias")}
			}
			if op&0x8 != 0 {
				en.Country = pick([]string{"BY", "CN", "by", "BYE"}, op>>4)
			}
			es = append(es, en)
		case 1:
			t := &graph.Tie{From: pick(fuzzIDs, a), To: pick(fuzzIDs, b), Type: pick(fuzzTypes, c), Date: pick(fuzzDates, d),
				Reference: d&0x80 != 0, Pos: pos, Evidence: graph.Evidence{Chapter: chapter, Quote: quote(e&0x0f, pos.Line)}}
			if op&0x8 != 0 {
				t.Footnotes = []int{int(op>>4) % 4}
			}
			if d&0x40 != 0 {
				t.Status = pick(append([]string{"maybe"}, graph.Statuses()...), d>>2)
			}
			ts = append(ts, t)
		case 2:
			ss = append(ss, &graph.Source{N: int(a) % 4, Chapter: chapter, Year: pick(fuzzYears, b), Title: name(c, "source"), Pos: pos})
		}
	}
	return es, ts, ss
}

// encodeReal writes the real facts among fuzzIDs in decodeDataset's form,
// so that the fuzzer starts from the dataset's own geography and ties.
func encodeReal(g *graph.Graph) []byte {
	index := func(list []string, s string) (byte, bool) {
		for i, x := range list {
			if x == s {
				return byte(i), true
			}
		}
		return 0, false
	}
	var out []byte
	for _, id := range fuzzIDs {
		e := g.Entity(id)
		if e == nil {
			continue
		}
		a, _ := index(fuzzIDs, id)
		b, _ := index(fuzzLabel, e.Label)
		c := byte(0)
		if in, ok := index(fuzzIDs, e.In); ok && e.In != "" {
			c = in<<1 | 1
		}
		out = append(out, 0, a, b, c, 0, 2<<4) // its own name, chapter 1, its own quote
	}
	for _, t := range g.Ties {
		a, ok1 := index(fuzzIDs, t.From)
		b, ok2 := index(fuzzIDs, t.To)
		c, _ := index(fuzzTypes, t.Type)
		if ok1 && ok2 && !t.Reference {
			out = append(out, 1, a, b, c, 0, 2<<4) // chapter 1, its own quote
		}
	}
	return out
}

// FuzzValidate builds datasets of a few entities, ties and sources, mostly
// wrong, and checks what New promises: no panic or hang; the same facts give
// the same problems; each problem is one short line at the position of a
// fact it was given, their number bounded by the facts; and a graph it
// accepts keeps validation's promises (no location cycle, no dangling end).
func FuzzValidate(f *testing.F) {
	f.Add(encodeReal(embedded(f)))
	const city, province, locatedIn, twinned, chapter1 = 4, 1, 4, 10, 2 << 4
	f.Add([]byte{
		0, 3, city, 0, 0, chapter1, // minsk
		0, 2, city, 3<<1 | 1, 0, chapter1, // minsk-region, in minsk
		1, 3, 2, locatedIn, 0, chapter1, // minsk LOCATED_IN minsk-region
	})
	f.Add([]byte{
		0, 6, province, 0, 0, chapter1, // gansu
		1, 6, 6, twinned, 0, chapter1, // gansu TWINNED_WITH gansu
		1, 6, 7, twinned, 0, chapter1, // gansu TWINNED_WITH lanzhou, unknown
		2, 1, 3, 0, 0, chapter1, // footnote 1
		2, 1, 5, 0, 0, chapter1, // footnote 1 again, dated after the book
	})
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := graph.New(decodeDataset(data))
		_, err2 := graph.New(decodeDataset(data))
		if !reflect.DeepEqual(err, err2) {
			t.Fatalf("the same facts give different verdicts:\n%v\n%v", err, err2)
		}
		facts := len(data) / opSize
		if err == nil {
			g, _ := graph.New(decodeDataset(data))
			checkAccepted(t, g)
			return
		}
		var verr *graph.ValidationError
		if !errors.As(err, &verr) {
			t.Fatalf("New = %v, want a *graph.ValidationError", err)
		}
		// Each fact has a bounded number of things that can be wrong with it
		// (some twenty checks); more would be a cascade.
		if n := len(verr.Problems); n == 0 || n > 20*facts {
			t.Fatalf("%d problems for %d facts", n, facts)
		}
		for _, p := range verr.Problems {
			if p.Pos.File != "f.yaml" || p.Pos.Line < 1 || p.Pos.Line > facts {
				t.Errorf("problem at %s, not at one of the %d facts: %s", p.Pos, facts, p.Msg)
			}
			if s := p.String(); strings.ContainsAny(p.Msg, "\n\r") || len(s) > 1000 || p.Msg == "" {
				t.Errorf("problem is not one line under 1000 bytes: %.300q", s)
			}
			if !utf8.ValidString(p.Msg) {
				t.Errorf("problem is not valid UTF-8: %q", p.Msg)
			}
		}
	})
}

// checkAccepted checks the promises of a graph New accepted.
func checkAccepted(t *testing.T, g *graph.Graph) {
	t.Helper()
	for _, tie := range g.Ties {
		if g.Entity(tie.From) == nil || g.Entity(tie.To) == nil || tie.From == tie.To {
			t.Fatalf("accepted tie %s has an unknown end or ties an entity to itself", tie.ID)
		}
	}
	for _, e := range g.Entities {
		seen := map[string]bool{e.ID: true}
		for p := g.Parent(e.ID); p != ""; p = g.Parent(p) {
			if seen[p] {
				t.Fatalf("accepted graph places %s within itself (via %s)", e.ID, p)
			}
			seen[p] = true
		}
		_ = g.Unit(e.ID)
		_ = g.CountryOf(e.ID)
	}
	for n, s := range g.Sources {
		if s.N != n || n < 1 || s.Chapter < 1 || s.Chapter > graph.BookChapters || s.Year > graph.BookYear {
			t.Fatalf("accepted source %d: %+v", n, s)
		}
	}
	if _, err := g.Stats(context.Background()); err != nil {
		t.Fatalf("Stats of an accepted graph: %v", err)
	}
}
