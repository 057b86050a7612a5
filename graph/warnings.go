package graph

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Warnings are what validate reports without failing: facts that are
// probably wrong but may be right. A warning on a tie is settled by fixing
// the data, or, where the data is right, by saying why in the tie's note
// (see CheckFootnotes).

// LikelyDuplicates reports ties that state one fact twice — the same type
// and ends (either order for symmetric types), the same role, and dates that
// overlap (or both undated) — and entities whose names, Russian or Chinese
// names read alike. The book restates facts across chapters; each real
// thing is one node or tie, the later statements its also: evidence.
func (g *Graph) LikelyDuplicates() []Problem {
	var ps []Problem
	type key struct{ typ, from, to, role string }
	byKey := map[key][]*Tie{}
	for _, t := range g.Ties {
		if t.Reference {
			continue
		}
		k := key{t.Type, t.From, t.To, strings.ToLower(strings.TrimSpace(t.Role))}
		if symmetric(t.Type) && k.to < k.from {
			k.from, k.to = k.to, k.from
		}
		for _, prev := range byKey[k] {
			if spansOverlap(prev, t) {
				ps = append(ps, Problem{t.Pos, fmt.Sprintf("tie %s -%s-> %s likely states the fact of the tie at %s again (same type, ends and role, %s): make it one tie and keep this quote under also:",
					Clip(t.From), t.Type, Clip(t.To), prev.Pos, overlapWords(prev, t))})
				break
			}
		}
		byKey[k] = append(byKey[k], t)
	}
	return append(ps, g.likelyDuplicateEntities()...)
}

// spansOverlap reports whether two ties' dates may be the same time: both
// undated, or spans that meet at the precision the book gives (a year is
// its twelve months).
func spansOverlap(a, b *Tie) bool {
	if a.Date.IsZero() || b.Date.IsZero() {
		return a.Date.IsZero() && b.Date.IsZero()
	}
	a0, a1 := monthSpan(a.Date, a.End)
	b0, b1 := monthSpan(b.Date, b.End)
	return a0 <= b1 && b0 <= a1
}

func monthSpan(d, end Date) (int, int) {
	first := func(d Date) int {
		if d.Month == 0 {
			return d.Year * 12
		}
		return d.Year*12 + d.Month - 1
	}
	last := func(d Date) int {
		if d.Month == 0 {
			return d.Year*12 + 11
		}
		return d.Year*12 + d.Month - 1
	}
	if end.IsZero() {
		return first(d), last(d)
	}
	return first(d), last(end)
}

func overlapWords(a, b *Tie) string {
	if a.Date.IsZero() {
		return "both undated"
	}
	return fmt.Sprintf("dated %s and %s", a.DateSpan(), b.DateSpan())
}

// likelyDuplicateEntities reports entities of one label whose canonical
// (qualifier aside), Russian or Chinese names normalize alike, unless one of
// them marks that name ambiguous: two entries for one real thing split its
// ties. (Transliteration skeletons are too loose here: Henan and Hainan,
// Shanxi and Shaanxi are different provinces.)
func (g *Graph) likelyDuplicateEntities() []Problem {
	owners := map[string][]*Entity{}
	for _, e := range g.Entities {
		seen := map[string]bool{}
		for _, n := range []string{withoutQualifier(e.Name), e.RU, e.ZH} {
			if n == "" || e.IsAmbiguous(n) {
				continue
			}
			if k := normalize(n); k != "" && !seen[k] {
				seen[k] = true
				owners[k] = append(owners[k], e)
			}
		}
	}
	keys := make([]string, 0, len(owners))
	for k := range owners {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	reported := map[[2]string]bool{}
	var ps []Problem
	for _, k := range keys {
		es := owners[k]
		for i := 1; i < len(es); i++ {
			a, b := es[0], es[i]
			if a.Label != b.Label && !(IsOccasion(a.Label) && IsOccasion(b.Label)) {
				continue // Gomel the city and Gomel the university are two things
			}
			pair := [2]string{a.ID, b.ID}
			if reported[pair] {
				continue
			}
			reported[pair] = true
			ps = append(ps, Problem{b.Pos, fmt.Sprintf("entity %q may be the same thing as %q (%s): their names read alike (%s); merge them, or mark the shared name ambiguous",
				Clip(b.ID), Clip(a.ID), a.Pos, k)})
		}
	}
	return ps
}

var footnoteMarker = regexp.MustCompile(`<sup>(\d+)</sup>`)

// CheckFootnotes reports book ties whose footnote's title names neither of
// their ends while another footnote marked in the same paragraph names one:
// a paragraph often carries several markers, and a tie's footnote is the one
// whose source reports that fact. A tie whose note mentions its footnote
// ("fn 9 reports …", "footnote 9") has been checked by hand and is not
// reported.
func (g *Graph) CheckFootnotes(book string) []Problem {
	type para struct {
		text    string
		markers []int
	}
	var paras []para
	for _, line := range strings.Split(book, "\n") {
		var ms []int
		for _, m := range footnoteMarker.FindAllStringSubmatch(line, -1) {
			n, _ := strconv.Atoi(m[1])
			if !containsInt(ms, n) {
				ms = append(ms, n)
			}
		}
		if len(ms) >= 2 {
			paras = append(paras, para{NormalizeQuote(line), ms})
		}
	}
	var ps []Problem
	for _, t := range g.Ties {
		if t.Reference || len(t.Footnotes) == 0 || t.Quote == "" {
			continue
		}
		q := NormalizeQuote(t.Quote)
		var p *para
		for i := range paras {
			if strings.Contains(paras[i].text, q) {
				p = &paras[i]
				break
			}
		}
		if p == nil || g.acknowledged(t) {
			continue
		}
		// Nearly every title names Belarus or China: they tell nothing.
		var ends []*Entity
		for _, id := range []string{t.From, t.To} {
			if !contains(DefaultExcluded(), id) {
				ends = append(ends, g.byID[id])
			}
		}
		if len(ends) == 0 || g.titleNames(t.Footnotes, ends) != nil {
			continue
		}
		for _, n := range p.markers {
			if containsInt(t.Footnotes, n) {
				continue
			}
			if e := g.titleNames([]int{n}, ends); e != nil {
				ps = append(ps, Problem{t.Pos, fmt.Sprintf("tie %s -%s-> %s cites fn %s, whose title names neither end; fn %d of the same paragraph names %s: cite the source that reports this fact (or say in the note why fn %s is right)",
					Clip(t.From), t.Type, Clip(t.To), FootnoteList(t.Footnotes), n, e.Name, FootnoteList(t.Footnotes))})
				break
			}
		}
	}
	return ps
}

// acknowledged reports whether t's note speaks of one of its footnotes.
func (g *Graph) acknowledged(t *Tie) bool {
	note := strings.ToLower(t.Note)
	for _, n := range t.Footnotes {
		for _, w := range []string{"fn " + strconv.Itoa(n), "footnote " + strconv.Itoa(n)} {
			if i := strings.Index(note, w); i >= 0 {
				rest := note[i+len(w):]
				if rest == "" || rest[0] < '0' || rest[0] > '9' {
					return true
				}
			}
		}
	}
	return false
}

// titleNames returns the first of ends that the title of one of the
// footnotes names (by its name, an alias or its Russian name, as whole
// words, at least four letters long), or nil.
func (g *Graph) titleNames(fns []int, ends []*Entity) *Entity {
	for _, n := range fns {
		s := g.Sources[n]
		if s == nil {
			continue
		}
		title := " " + normalize(s.Title) + " "
		for _, e := range ends {
			if e == nil {
				continue
			}
			for _, name := range e.Names() {
				norm := normalize(withoutQualifier(name))
				if len([]rune(norm)) >= 4 && strings.Contains(title, " "+norm+" ") {
					return e
				}
			}
		}
	}
	return nil
}

// FootnoteList writes footnote numbers as the outputs cite them: "37,38".
func FootnoteList(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ",")
}
