package graph

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
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
	// Total counts every problem found, when Problems lists only the first
	// ones and a last line counting the rest; 0 means len(Problems).
	Total int
}

// Count is how many problems were found.
func (e *ValidationError) Count() int {
	if e.Total > 0 {
		return e.Total
	}
	return len(e.Problems)
}

func (e *ValidationError) Error() string {
	if len(e.Problems) == 1 {
		return e.Problems[0].String()
	}
	return fmt.Sprintf("%d problems, first: %s", len(e.Problems), e.Problems[0])
}

// SortProblems orders problems by file and line, keeping the order of those
// at one position.
func SortProblems(ps []Problem) {
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

// lazyf formats only when printed: validation names every entity and tie
// it checks, and almost all of them pass.
func lazyf(format string, args ...any) fmt.Stringer { return lazy{format, args} }

type lazy struct {
	format string
	args   []any
}

func (l lazy) String() string { return fmt.Sprintf(l.format, l.args...) }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Bounds on a dataset, so that a malformed or hostile seed file cannot make
// bcgraph slow or its messages unreadable. The real dataset stays far below
// them (longest id 59 bytes, longest text 684, at most 12 aliases per entity).
const (
	// BookChapters is how many chapters the book has: evidence cites chapter
	// 1 to BookChapters, or 0 when it is not from a chapter file.
	BookChapters = 5
	// BookYear is when the book was published: every source it cites is older.
	BookYear = 2020
	// MaxIDLen bounds an entity id, in bytes.
	MaxIDLen = 100
	// MaxTextLen bounds every other text field (names, aliases, quotes,
	// notes, titles, URLs), in bytes.
	MaxTextLen = 2000
	// MaxListLen bounds each list field (aliases, ambiguous, footnotes).
	MaxListLen = 100
	// MaxTieIDLen bounds a tie's explicit id: room for an id like the one
	// built from two maximal entity ids and a type.
	MaxTieIDLen = 2*MaxIDLen + 64
)

// Clip shortens s for a message: a value that is itself the problem (a 100 KB
// id) must not make the message 100 KB long.
func Clip(s string) string {
	const keep = 60
	if len(s) <= keep+20 {
		return s
	}
	cut := keep
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d bytes)", s[:cut], len(s))
}

// listIDs names a few of ids for a message.
func listIDs(ids []string) string {
	const show = 5
	out := make([]string, 0, show+1)
	for i, id := range ids {
		if i == show {
			out = append(out, fmt.Sprintf("and %d more", len(ids)-show))
			break
		}
		out = append(out, Clip(id))
	}
	return strings.Join(out, ", ")
}

func (g *Graph) validate() []Problem {
	var ps []Problem
	add := func(pos Pos, format string, args ...any) {
		ps = append(ps, Problem{pos, fmt.Sprintf(format, args...)})
	}
	checkEvidence := func(pos Pos, what fmt.Stringer, ev Evidence, status string) {
		for _, n := range ev.Footnotes {
			if _, ok := g.Sources[n]; !ok {
				add(pos, "%s cites footnote %d, which is not in the sources", what, n)
			}
		}
		if status != "" && !contains(Statuses(), status) {
			add(pos, "%s has status %q; want one of %s", what, Clip(status), strings.Join(Statuses(), ", "))
		}
		if ev.Chapter < 0 || ev.Chapter > BookChapters {
			add(pos, "%s is from chapter %d; the book has chapters 1 to %d", what, ev.Chapter, BookChapters)
		}
		if len(ev.Footnotes) > MaxListLen {
			add(pos, "%s cites %d footnotes; at most %d", what, len(ev.Footnotes), MaxListLen)
		}
	}
	// checkStatement checks what the schema adds to a fact: its later
	// statements, the inference mark and the date's precision.
	checkStatement := func(pos Pos, what fmt.Stringer, also []Evidence, inferred, approx bool, date Date, note string) {
		if len(also) > MaxListLen {
			add(pos, "%s has %d further statements (also:); at most %d", what, len(also), MaxListLen)
			also = also[:MaxListLen]
		}
		for i, ev := range also {
			if strings.TrimSpace(ev.Quote) == "" {
				add(pos, "%s: also: statement %d has no quote", what, i+1)
			}
			checkEvidence(pos, lazyf("%s: also: statement %d", what, i+1), ev, "")
		}
		if inferred && strings.TrimSpace(note) == "" {
			add(pos, "%s is inferred but has no note: say what the book says and what was inferred", what)
		}
		if approx && date.IsZero() {
			add(pos, "%s is marked approx but has no date", what)
		}
	}
	checkText := func(pos Pos, what fmt.Stringer, fields ...string) {
		for i := 0; i+1 < len(fields); i += 2 {
			if n := len(fields[i+1]); n > MaxTextLen {
				add(pos, "%s: %s is %d bytes long; at most %d", what, fields[i], n, MaxTextLen)
			}
		}
	}
	for _, e := range g.Entities {
		what := lazyf("entity %q", Clip(e.ID))
		switch {
		case len(e.ID) > MaxIDLen:
			add(e.Pos, "%s: id is %d bytes long; at most %d", what, len(e.ID), MaxIDLen)
		case !idPattern.MatchString(e.ID):
			add(e.Pos, "%s: id must be a lowercase slug (letters, digits, single hyphens)", what)
		}
		if !IsLabel(e.Label) {
			add(e.Pos, "%s has unknown label %q; want one of %s", what, Clip(e.Label), strings.Join(labels, ", "))
		}
		if strings.TrimSpace(e.Name) == "" {
			add(e.Pos, "%s has no name", what)
		}
		if e.Country != "" && !countryPattern.MatchString(e.Country) {
			add(e.Pos, "%s has country %q; want a two-letter ISO code", what, Clip(e.Country))
		}
		if IsOccasion(e.Label) && e.Label != LabelProgram && e.Quote == "" {
			add(e.Pos, "%s is an %s and needs a quote from the book", what, e.Label)
		}
		checkText(e.Pos, what, "name", e.Name, "ru", e.RU, "zh", e.ZH, "quote", e.Quote, "note", e.Note)
		for _, a := range e.Aliases {
			checkText(e.Pos, what, "an alias", a)
		}
		if len(e.Aliases) > MaxListLen || len(e.Ambiguous) > MaxListLen {
			add(e.Pos, "%s has %d aliases and %d ambiguous ones; at most %d of each", what, len(e.Aliases), len(e.Ambiguous), MaxListLen)
		} else {
			names := e.Names()
			for _, a := range e.Ambiguous {
				if !contains(names, a) {
					// An ambiguous alias is still an alias; listing it only under
					// ambiguous would hide it from name search.
					add(e.Pos, "%s marks %q ambiguous but does not list it among its aliases", what, Clip(a))
				}
			}
		}
		if e.In != "" {
			switch in := g.byID[e.In]; {
			case in == nil:
				add(e.Pos, "%s: in %q is not a known entity", what, Clip(e.In))
			case IsOccasion(in.Label):
				add(e.Pos, "%s: in %q is a %s, not somewhere a thing can lie", what, Clip(e.In), in.Label)
			case e.In == e.ID:
				add(e.Pos, "%s lies in itself", what)
			}
		}
		checkEvidence(e.Pos, what, e.Evidence, e.Status)
		checkStatement(e.Pos, what, e.Also, e.Inferred, e.Approx, e.Date, e.Note)
	}
	ps = append(ps, g.validateNames()...)
	const maxSuggested = 100
	suggested := 0
	for _, t := range g.Ties {
		what := lazyf("tie %s -%s-> %s", Clip(t.From), Clip(t.Type), Clip(t.To))
		if !contains(tieTypes, t.Type) {
			add(t.Pos, "%s has unknown type %q; want one of %s", what, Clip(t.Type), strings.Join(tieTypes, ", "))
		}
		for _, end := range []string{t.From, t.To} {
			if g.byID[end] == nil {
				msg := fmt.Sprintf("%s: %q is not a known entity", what, Clip(end))
				// Suggestions compare against every known id: offer them for the
				// first few unknown ends only, which are all a reader sees anyway.
				suggested++
				if suggested <= maxSuggested && len(end) <= MaxIDLen {
					if s := g.suggestIDs(end); len(s) > 0 {
						msg += fmt.Sprintf(" (did you mean %s?)", strings.Join(s, ", "))
					}
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
		if t.Reference && (t.Quote != "" || len(t.Also) > 0) {
			add(t.Pos, "%s is marked reference but has a quote: a quoted tie is a book tie", what)
		}
		if t.Reference && t.Inferred {
			add(t.Pos, "%s is marked both reference and inferred: reference geography is general knowledge, inferred is a reading of the book", what)
		}
		if t.Type == SignedAt {
			if from, to := g.byID[t.From], g.byID[t.To]; from != nil && to != nil &&
				(!contains([]string{LabelAgreement, LabelProgram}, from.Label) || to.Label != LabelEvent) {
				add(t.Pos, "%s: SIGNED_AT goes from an Agreement or Program to the Event it was signed at, not from a %s to a %s", what, from.Label, to.Label)
			}
		}
		checkStatement(t.Pos, what, t.Also, t.Inferred, t.Approx, t.Date, t.Note)
		checkText(t.Pos, what, "role", t.Role, "quote", t.Quote, "note", t.Note)
		checkEvidence(t.Pos, what, t.Evidence, t.Status)
	}
	ids := make(map[string]*Tie, len(g.Ties))
	for _, t := range g.Ties {
		if prev, ok := ids[t.ID]; ok {
			add(t.Pos, "duplicate tie id %q (first at %s)", Clip(t.ID), prev.Pos)
		}
		ids[t.ID] = t
	}
	ps = append(ps, g.duplicateTies()...)
	ps = append(ps, g.locationCycles()...)
	for _, s := range g.Sources {
		what := lazyf("source %d", s.N)
		if s.N < 1 {
			add(s.Pos, "%s: footnotes are numbered from 1", what)
		}
		if strings.TrimSpace(s.Title) == "" {
			add(s.Pos, "%s has no title", what)
		}
		if s.Chapter < 1 || s.Chapter > BookChapters {
			add(s.Pos, "%s is from chapter %d; the book has chapters 1 to %d", what, s.Chapter, BookChapters)
		}
		// A source's year is optional, but a footnote of a book published in
		// BookYear cannot be newer; a fixed bound keeps validate's verdict the
		// same whatever year it runs in.
		if s.Year != 0 && (s.Year < 1900 || s.Year > BookYear) {
			add(s.Pos, "%s is dated %d; the book (%d) cites only sources from 1900 to %d", what, s.Year, BookYear, BookYear)
		}
		checkText(s.Pos, what, "title", s.Title, "author", s.Author, "url", s.URL)
	}
	return ps
}

// symmetric reports whether a tie type reads the same in both directions, so
// that a tie and its reverse state one fact.
func symmetric(typ string) bool { return typ == TwinnedWith || typ == CooperatesWith }

// duplicateTies reports a tie that repeats another: the same type, ends (in
// either order for symmetric types), date, status, role, reference flag,
// chapter and quote (whitespace aside). Footnotes and notes do not make a tie
// distinct. A fact the book states twice in other words is two ties, each
// with its own evidence, and is not reported.
func (g *Graph) duplicateTies() []Problem {
	type key struct {
		typ, from, to, date, status, role, quote string
		reference                                bool
		chapter                                  int
	}
	seen := make(map[key]*Tie, len(g.Ties))
	var ps []Problem
	for _, t := range g.Ties {
		k := key{t.Type, t.From, t.To, t.Date.String(), t.Status, t.Role, strings.Join(strings.Fields(t.Quote), " "), t.Reference, t.Chapter}
		if symmetric(t.Type) && k.to < k.from {
			k.from, k.to = k.to, k.from
		}
		if prev, ok := seen[k]; ok {
			ps = append(ps, Problem{t.Pos, fmt.Sprintf("tie %s -%s-> %s repeats the tie at %s (same type, ends, date, status, role, chapter and quote)",
				Clip(t.From), Clip(t.Type), Clip(t.To), prev.Pos)})
			continue
		}
		seen[k] = t
	}
	return ps
}

// locationCycles reports every cycle of placement: LOCATED_IN ties (the
// book's and reference geography from in:) and PART_OF ties together, since
// roll-ups follow both. A thing cannot lie, directly or not, within itself;
// self-loops are reported with each tie.
func (g *Graph) locationCycles() []Problem {
	index := make(map[string]int, len(g.Entities))
	for i, e := range g.Entities {
		if _, dup := index[e.ID]; !dup {
			index[e.ID] = i
		}
	}
	out := make([][]*Tie, len(g.Entities))
	for _, t := range g.Ties {
		from, ok1 := index[t.From]
		to, ok2 := index[t.To]
		if (t.Type == LocatedIn || t.Type == PartOf) && ok1 && ok2 && from != to {
			out[from] = append(out[from], t)
		}
	}
	var ps []Problem
	for _, comp := range stronglyConnected(len(g.Entities), func(v int) []int {
		next := make([]int, len(out[v]))
		for i, t := range out[v] {
			next[i] = index[t.To]
		}
		return next
	}) {
		if len(comp) < 2 {
			continue
		}
		cycle := cycleThrough(comp, out, index)
		var hops, where []string
		hops = append(hops, Clip(cycle[0].From))
		for i, t := range cycle {
			if i == 8 {
				hops = append(hops, fmt.Sprintf("… (%d ties in all)", len(cycle)))
				break
			}
			kind := t.Type
			if t.Reference {
				kind = "in"
			}
			hops = append(hops, fmt.Sprintf("-%s-> %s", kind, Clip(t.To)))
			where = append(where, t.Pos.String())
		}
		ps = append(ps, Problem{cycle[0].Pos, fmt.Sprintf("location cycle: %s (written at %s); a thing cannot lie within itself",
			strings.Join(hops, " "), strings.Join(where, ", "))})
	}
	return ps
}

// stronglyConnected returns the strongly connected components of a graph of n
// vertices (Tarjan's algorithm, iterative so that a long chain cannot exhaust
// the stack), each sorted, in order of their smallest vertex.
func stronglyConnected(n int, next func(int) []int) [][]int {
	const unvisited = -1
	order, low := make([]int, n), make([]int, n)
	onStack := make([]bool, n)
	for i := range order {
		order[i] = unvisited
	}
	var stack []int
	var comps [][]int
	counter := 0
	type frame struct {
		v, i int
		next []int
	}
	for root := 0; root < n; root++ {
		if order[root] != unvisited {
			continue
		}
		calls := []frame{{v: root, next: next(root)}}
		order[root], low[root] = counter, counter
		counter++
		stack = append(stack, root)
		onStack[root] = true
		for len(calls) > 0 {
			f := &calls[len(calls)-1]
			if f.i < len(f.next) {
				w := f.next[f.i]
				f.i++
				switch {
				case order[w] == unvisited:
					order[w], low[w] = counter, counter
					counter++
					stack = append(stack, w)
					onStack[w] = true
					calls = append(calls, frame{v: w, next: next(w)})
				case onStack[w]:
					low[f.v] = min(low[f.v], order[w])
				}
				continue
			}
			v := f.v
			calls = calls[:len(calls)-1]
			if len(calls) > 0 {
				parent := calls[len(calls)-1].v
				low[parent] = min(low[parent], low[v])
			}
			if low[v] == order[v] {
				var comp []int
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					comp = append(comp, w)
					if w == v {
						break
					}
				}
				sort.Ints(comp)
				comps = append(comps, comp)
			}
		}
	}
	sort.Slice(comps, func(i, j int) bool { return comps[i][0] < comps[j][0] })
	return comps
}

// cycleThrough returns a shortest cycle of ties through the first vertex of a
// strongly connected component, found breadth-first within the component.
func cycleThrough(comp []int, out [][]*Tie, index map[string]int) []*Tie {
	in := make(map[int]bool, len(comp))
	for _, v := range comp {
		in[v] = true
	}
	start := comp[0]
	via := map[int]*Tie{}
	queue := []int{start}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for _, t := range out[v] {
			w := index[t.To]
			if !in[w] {
				continue
			}
			if w == start {
				cycle := []*Tie{t}
				for u := v; u != start; u = index[via[u].From] {
					cycle = append(cycle, via[u])
				}
				for i, j := 0, len(cycle)-1; i < j; i, j = i+1, j-1 {
					cycle[i], cycle[j] = cycle[j], cycle[i]
				}
				return cycle
			}
			if _, seen := via[w]; !seen {
				via[w] = t
				queue = append(queue, w)
			}
		}
	}
	return nil // unreachable: a component of two or more vertices has a cycle through each
}

// validateNames checks that every name resolves to exactly one entity unless
// every entity that carries it as an alias marks it ambiguous.
func (g *Graph) validateNames() []Problem {
	type holder struct {
		e         *Entity
		canonical bool
		ambiguous bool
	}
	byKey := make(map[string][]holder, len(g.Entities))
	for ei, e := range g.Entities {
		seen := map[string]bool{}
		for i, n := range e.Names() {
			k := g.keys[ei][i]
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
			ps = append(ps, Problem{hs[0].e.Pos, fmt.Sprintf("name %q is the canonical name of several entities (%s): make the names distinct", Clip(k), listIDs(ids))})
			continue
		}
		for _, h := range hs {
			if !h.canonical && !h.ambiguous {
				ps = append(ps, Problem{h.e.Pos, fmt.Sprintf("entity %q: alias %q also names %s: mark it ambiguous", Clip(h.e.ID), Clip(k), listIDs(ids))})
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
			ps = append(ps, Problem{pos, fmt.Sprintf("%s: quote not found verbatim in the book: %q", what, Clip(q))})
		}
	}
	for _, e := range g.Entities {
		for _, ev := range e.Quotes() {
			check(e.Pos, fmt.Sprintf("entity %q", Clip(e.ID)), ev.Quote)
		}
	}
	for _, t := range g.Ties {
		for _, ev := range t.Quotes() {
			check(t.Pos, fmt.Sprintf("tie %s -%s-> %s", Clip(t.From), Clip(t.Type), Clip(t.To)), ev.Quote)
		}
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
