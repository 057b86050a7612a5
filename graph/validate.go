package graph

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Problem is one thing wrong with the dataset, where it was written.
type Problem struct {
	Pos Pos
	Msg string
}

func (p Problem) String() string { return p.Pos.String() + ": " + p.Msg }

// ValidationError carries every problem found, so a curator fixes them in one pass.
type ValidationError struct {
	Problems []Problem
}

func (e *ValidationError) Error() string {
	if len(e.Problems) == 1 {
		return e.Problems[0].String()
	}
	return fmt.Sprintf("%d problems, first: %s", len(e.Problems), e.Problems[0])
}

func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Pos.File != ps[j].Pos.File {
			return ps[i].Pos.File < ps[j].Pos.File
		}
		return ps[i].Pos.Line < ps[j].Pos.Line
	})
}

var (
	idPattern      = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	countryPattern = regexp.MustCompile(`^[A-Z]{2}$`)
)

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (g *Graph) validate() []Problem {
	var ps []Problem
	add := func(pos Pos, format string, args ...any) {
		ps = append(ps, Problem{pos, fmt.Sprintf(format, args...)})
	}
	checkEvidence := func(pos Pos, what string, ev Evidence, status string) {
		for _, n := range ev.Footnotes {
			if _, ok := g.Sources[n]; !ok {
				add(pos, "%s cites footnote %d, which is not in the sources", what, n)
			}
		}
		if status != "" && !contains(Statuses(), status) {
			add(pos, "%s has status %q; want one of %s", what, status, strings.Join(Statuses(), ", "))
		}
	}
	for _, e := range g.Entities {
		what := fmt.Sprintf("entity %q", e.ID)
		if !idPattern.MatchString(e.ID) {
			add(e.Pos, "%s: id must be a lowercase slug (letters, digits, single hyphens)", what)
		}
		if !IsLabel(e.Label) {
			add(e.Pos, "%s has unknown label %q; want one of %s", what, e.Label, strings.Join(labels, ", "))
		}
		if strings.TrimSpace(e.Name) == "" {
			add(e.Pos, "%s has no name", what)
		}
		if e.Country != "" && !countryPattern.MatchString(e.Country) {
			add(e.Pos, "%s has country %q; want a two-letter ISO code", what, e.Country)
		}
		if IsOccasion(e.Label) && e.Label != LabelProgram && e.Quote == "" {
			add(e.Pos, "%s is an %s and needs a quote from the book", what, e.Label)
		}
		for _, a := range e.Ambiguous {
			if !contains(e.Names(), a) {
				// An ambiguous alias is still an alias; listing it only under
				// ambiguous would hide it from name search.
				add(e.Pos, "%s marks %q ambiguous but does not list it among its aliases", what, a)
			}
		}
		if e.In != "" {
			switch in := g.byID[e.In]; {
			case in == nil:
				add(e.Pos, "%s: in %q is not a known entity", what, e.In)
			case IsOccasion(in.Label):
				add(e.Pos, "%s: in %q is a %s, not somewhere a thing can lie", what, e.In, in.Label)
			case e.In == e.ID:
				add(e.Pos, "%s lies in itself", what)
			}
		}
		checkEvidence(e.Pos, what, e.Evidence, e.Status)
	}
	ps = append(ps, g.validateNames()...)
	for _, t := range g.Ties {
		what := fmt.Sprintf("tie %s -%s-> %s", t.From, t.Type, t.To)
		if !contains(tieTypes, t.Type) {
			add(t.Pos, "%s has unknown type %q; want one of %s", what, t.Type, strings.Join(tieTypes, ", "))
		}
		for _, end := range []string{t.From, t.To} {
			if g.byID[end] == nil {
				msg := fmt.Sprintf("%s: %q is not a known entity", what, end)
				if s := g.suggestIDs(end); len(s) > 0 {
					msg += fmt.Sprintf(" (did you mean %s?)", strings.Join(s, ", "))
				}
				add(t.Pos, "%s", msg)
			}
		}
		if t.From == t.To {
			add(t.Pos, "%s ties an entity to itself", what)
		}
		if !t.Reference && strings.TrimSpace(t.Quote) == "" {
			add(t.Pos, "%s is a book tie without a quote (mark it reference: true if the book does not state it)", what)
		}
		if t.Reference && t.Quote != "" {
			add(t.Pos, "%s is marked reference but has a quote: a quoted tie is a book tie", what)
		}
		checkEvidence(t.Pos, what, t.Evidence, t.Status)
	}
	ids := make(map[string]*Tie)
	for _, t := range g.Ties {
		if prev, ok := ids[t.ID]; ok {
			add(t.Pos, "duplicate tie id %q (first at %s)", t.ID, prev.Pos)
		}
		ids[t.ID] = t
	}
	for _, s := range g.Sources {
		if strings.TrimSpace(s.Title) == "" {
			add(s.Pos, "source %d has no title", s.N)
		}
	}
	return ps
}

// validateNames checks that every name resolves to exactly one entity unless
// every entity that carries it as an alias marks it ambiguous.
func (g *Graph) validateNames() []Problem {
	type holder struct {
		e         *Entity
		canonical bool
		ambiguous bool
	}
	byKey := make(map[string][]holder)
	for _, e := range g.Entities {
		seen := map[string]bool{}
		for i, n := range e.Names() {
			k := normalize(n)
			if k == "" || seen[k] {
				continue
			}
			seen[k] = true
			byKey[k] = append(byKey[k], holder{e, i == 0, e.IsAmbiguous(n)})
		}
	}
	var ps []Problem
	keys := make([]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		hs := byKey[k]
		if len(hs) < 2 {
			continue
		}
		var ids []string
		canon := 0
		for _, h := range hs {
			ids = append(ids, h.e.ID)
			if h.canonical {
				canon++
			}
		}
		if canon > 1 {
			ps = append(ps, Problem{hs[0].e.Pos, fmt.Sprintf("name %q is the canonical name of several entities (%s): make the names distinct", k, strings.Join(ids, ", "))})
			continue
		}
		for _, h := range hs {
			if !h.canonical && !h.ambiguous {
				ps = append(ps, Problem{h.e.Pos, fmt.Sprintf("entity %q: alias %q also names %s: mark it ambiguous", h.e.ID, k, strings.Join(ids, ", "))})
			}
		}
	}
	return ps
}

// suggestIDs offers known ids close to a misspelt one.
func (g *Graph) suggestIDs(id string) []string {
	type cand struct {
		id    string
		score float64
	}
	var cs []cand
	for known := range g.byID {
		if s := jaroWinkler(id, known); s >= 0.88 {
			cs = append(cs, cand{known, s})
		}
	}
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].score != cs[j].score {
			return cs[i].score > cs[j].score
		}
		return cs[i].id < cs[j].id
	})
	var out []string
	for i := 0; i < len(cs) && i < 3; i++ {
		out = append(out, cs[i].id)
	}
	return out
}

// CheckQuotes reports every quote that is not found verbatim in the book.
// Whitespace runs, footnote markers, bold markers and Markdown backslash
// escapes are ignored on both sides: they are typesetting, not wording.
func (g *Graph) CheckQuotes(book string) []Problem {
	text := NormalizeQuote(book)
	var ps []Problem
	check := func(pos Pos, what, q string) {
		if q != "" && !strings.Contains(text, NormalizeQuote(q)) {
			short := q
			if len(short) > 70 {
				short = short[:70] + "…"
			}
			ps = append(ps, Problem{pos, fmt.Sprintf("%s: quote not found verbatim in the book: %q", what, short)})
		}
	}
	for _, e := range g.Entities {
		check(e.Pos, fmt.Sprintf("entity %q", e.ID), e.Quote)
	}
	for _, t := range g.Ties {
		check(t.Pos, fmt.Sprintf("tie %s -%s-> %s", t.From, t.Type, t.To), t.Quote)
	}
	return ps
}

var (
	supMarker   = regexp.MustCompile(`<sup>\d+</sup>`)
	mdEscape    = regexp.MustCompile(`\\([^\w\s])`)
	whitespaces = regexp.MustCompile(`\s+`)
)

// NormalizeQuote folds the typesetting that a verbatim quote may differ in.
func NormalizeQuote(s string) string {
	s = supMarker.ReplaceAllString(s, "")
	s = strings.ReplaceAll(s, "**", "")
	s = mdEscape.ReplaceAllString(s, "$1")
	return strings.TrimSpace(whitespaces.ReplaceAllString(s, " "))
}
