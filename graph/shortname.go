package graph

import (
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// MaxShortName is the longest short name, in characters: what a node label
// in a drawing or a Neo4j Browser caption shows without being cut.
const MaxShortName = 20

// ShortName returns a label of at most MaxShortName characters for an
// entity, for drawings and Browser captions (the full name stays on hover).
// It is derived from the dataset alone, the same on every run:
//
//   - a name that fits is itself;
//   - else an abbreviation the book uses (an alias like BNTU, or one in
//     parentheses in the name: "Belarusian Telegraph Agency (BelTA)");
//   - an agreement, event or program is named by the entities its name
//     mentions ("Cooperation agreement between Brest Region and Anhui
//     Province" → "Brest Region–Anhui");
//   - anything else by the part of its name that fits: without a
//     parenthesis, its quoted name ("Great Stone"), an alias that is a phrase
//     of the name, the name with common words abbreviated ("Univ.", "Inst.");
//   - and, when nothing fits, the name cut at a word with "…".
//
// An unknown id gets itself back.
func (g *Graph) ShortName(id string) string {
	st := g.shorts
	if st == nil { // a Graph not made by New: compute without keeping
		st = &shortState{}
	}
	st.once.Do(func() { st.names = shortNames(g) })
	if s, ok := st.names[id]; ok {
		return s
	}
	return id
}

// shortState holds a Graph's short names, computed once, on first use, so
// that commands that never draw do not pay for them.
type shortState struct {
	once  sync.Once
	names map[string]string
}

func shortNames(g *Graph) map[string]string {
	out := derivedNames(g)
	for id, s := range out {
		// A label starts with a capital even when the words it keeps did
		// not ("centre advanced…").
		if r, n := utf8.DecodeRuneInString(s); unicode.IsLower(r) {
			out[id] = string(unicode.ToUpper(r)) + s[n:]
		}
	}
	return out
}

func derivedNames(g *Graph) map[string]string {
	m := newMentions(g)
	out := make(map[string]string, len(g.Entities))
	// Mentions need the short names of what is mentioned; those are never
	// occasions themselves (occasions are not mentioned by name), so plain
	// entities go first.
	for _, e := range g.Entities {
		if !IsOccasion(e.Label) {
			out[e.ID] = shortPlain(g, e)
		}
	}
	for _, e := range g.Entities {
		if IsOccasion(e.Label) {
			out[e.ID] = shortOccasion(g, e, m, out)
		}
	}
	return out
}

func fits(s string) bool { return s != "" && utf8.RuneCountInString(s) <= MaxShortName }

// shortPlain names a place or an organization.
func shortPlain(g *Graph, e *Entity) string {
	if fits(e.Name) {
		return e.Name
	}
	if a := abbreviation(e); a != "" {
		return a
	}
	base := stripParens(e.Name)
	if fits(base) {
		return base
	}
	if q := ownQuote(g, e); q != "" {
		return q
	}
	var prefixed, phrases, others []string
	for _, a := range e.Aliases {
		// Aliases in lower case are the book's generic references ("the
		// working group"), not names.
		if e.IsAmbiguous(a) || !isLatin(a) || !startsUpper(a) {
			continue
		}
		first, rest, _ := strings.Cut(a, " ")
		switch {
		case looksAbbreviated(first) && rest != "" && containsPhrase(e.Name, rest):
			prefixed = append(prefixed, a) // "FEZ Brest" for Free Economic Zone "Brest"
		case containsPhrase(e.Name, a):
			phrases = append(phrases, a)
		default:
			others = append(others, a)
		}
	}
	for _, list := range [][]string{prefixed, phrases} {
		if s := firstFitting(list); s != "" {
			return s
		}
	}
	if s := compress(base); fits(s) {
		return s
	}
	for _, a := range phrases {
		if s := compress(a); fits(s) {
			return s
		}
	}
	if s := firstFitting(others); s != "" {
		return s
	}
	for _, a := range others {
		if s := compress(stripParens(a)); fits(s) {
			return s
		}
	}
	plain := dropBilateral(base)
	if s := compress(plain); fits(s) {
		return s
	}
	if s := headOf(plain); s != "" && !IsOccasion(e.Label) {
		return s
	}
	return truncate(compress(plain))
}

// dropBilateral drops a leading "Belarusian-Chinese" and its kin: in this
// dataset every joint body is one, and the words that follow say which.
func dropBilateral(s string) string {
	first, rest, ok := strings.Cut(s, " ")
	if !ok {
		return s
	}
	a, b, ok := strings.Cut(first, "-")
	if ok && isNationality(a) && isNationality(b) {
		return rest
	}
	return s
}

func isNationality(w string) bool {
	switch w {
	case "Belarusian", "Chinese", "Sino", "China", "Belarus":
		return true
	}
	return false
}

// headOf shortens "<Head> of <Which>" names to "<Which> <Head>", Which
// without generic words and kept whole phrase by phrase: "People's
// Government of Gansu Province" → "Gansu Govt", "Institute of Microbiology
// of the National Academy…" → "Microbiology Inst.".
func headOf(name string) string {
	head, rest, ok := strings.Cut(name, " of ")
	if !ok {
		return ""
	}
	head = compress(strings.TrimPrefix(head, "People's "))
	if utf8.RuneCountInString(head) > 10 {
		return ""
	}
	var segs []string
	for _, seg := range strings.Split(rest, " of ") {
		var words []string
		for _, w := range strings.Fields(seg) {
			if !genericWords[strings.ToLower(strings.Trim(w, ",;:"))] && startsUpper(w) {
				words = append(words, strings.Trim(w, ",;:"))
			}
		}
		if len(words) > 0 {
			segs = append(segs, strings.Join(words, " "))
		}
	}
	for n := len(segs); n >= 1; n-- {
		if s := strings.Join(segs[:n], " ") + " " + head; fits(s) {
			return s
		}
	}
	return ""
}

// ownQuote returns the quoted name in e's name when it fits and names
// nothing else: "Great Stone", but not "Brest" for Free Economic Zone "Brest".
func ownQuote(g *Graph, e *Entity) string {
	q := quotedPart(e.Name)
	if !fits(q) || len(q) < 4 {
		return ""
	}
	if r := g.resolves(q); r != nil && r.ID != e.ID {
		return ""
	}
	return q
}

// resolves is Resolve without the error: a name that resolves to nothing
// costs no search for what it might have meant (on a large dataset that
// search, once per name tried, was nearly all of the short names' time).
func (g *Graph) resolves(name string) *Entity {
	return resolver{g.nameIndex(), g}.resolve(name).entity
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}

// shortOccasion names an agreement, event or program by the entities its
// name mentions — an event or program also by its kind, an event by its
// year: "Brest Region–Anhui", "Forum Minsk 2017", "Visit PRC–Belarus" —
// or else as a plain entity.
func shortOccasion(g *Graph, e *Entity, m *mentions, short map[string]string) string {
	if fits(e.Name) {
		return e.Name
	}
	if a := abbreviation(e); a != "" {
		return a
	}
	hits := m.in(e)
	countries := 0
	for _, h := range hits {
		if h.country {
			countries++
		}
	}
	// A country beside other mentions is where they are ("the Lanzhou fair
	// in China", "China's MOST"); an agreement between two countries names
	// them as its parties.
	if parties := len(hits) - countries; parties >= 2 || e.Label == LabelEvent && parties >= 1 {
		var kept []hit
		for _, h := range hits {
			if !h.country {
				kept = append(kept, h)
			}
		}
		hits, countries = kept, 0
	}
	var names, compressed, keys []string
	for _, h := range hits {
		n := short[h.id]
		t := quotedPart(h.text)
		if t == "" {
			t = stripParens(h.text)
		}
		if utf8.RuneCountInString(t) < utf8.RuneCountInString(n) {
			n = t // "Belarus Today" as the name says, not "Belarus Segodnya"
		}
		names, compressed = append(names, n), append(compressed, compress(n))
		switch {
		case strings.HasSuffix(n, "…"):
			keys = append(keys, keyword(g.Entity(h.id).Name))
		case !strings.Contains(n, " ") || looksAbbreviated(n):
			keys = append(keys, n)
		default:
			keys = append(keys, keyword(n))
		}
	}
	joinedAll := func(n int) []string {
		var out []string
		for _, list := range [][]string{names, compressed, keys} {
			s := strings.Join(list[:n], "–")
			if n < len(list) {
				s += " +" + itoa(len(list)-n)
			}
			if !strings.Contains(s, "…") {
				out = append(out, s)
			}
		}
		return out
	}
	// Mentions worth a label: two or more, or one that is not a country.
	var joined []string
	if len(names) >= 2 || len(names) == 1 && countries == 0 {
		for n := len(names); n >= 2; n-- {
			joined = append(joined, joinedAll(n)...)
		}
		if len(names) == 1 {
			joined = joinedAll(1)
		}
	}
	kind := occasionKind(e.Name, e.Label)
	year := ""
	if e.Label == LabelEvent && !e.Date.IsZero() {
		year = " " + itoa(e.Date.Year)
	}
	var cands []string
	if e.Label != LabelAgreement {
		if q := ownQuote(g, e); q != "" {
			cands = append(cands, q) // "New Horizons", "Window to China"
		}
	}
	if kind != "" {
		for _, j := range joined {
			if year != "" {
				cands = append(cands, kind+" "+j+year)
			}
			if e.Label != LabelAgreement || len(names) == 1 {
				// Agreements need no kind beside two parties: the legend
				// says what the node is.
				cands = append(cands, kind+" "+j)
			}
		}
	}
	if len(names) >= 2 {
		cands = append(cands, joined...)
	}
	if e.Label != LabelAgreement && kind != "" && year != "" {
		cands = append(cands, kind+year)
	}
	if s := firstFitting(cands); s != "" {
		return s
	}
	return shortPlain(g, e)
}

// genericWords say what kind of body a name is; keyword skips them to keep
// the word that says which one.
var genericWords = map[string]bool{
	"university": true, "univ.": true, "state": true, "institute": true, "inst.": true, "region": true, "reg.": true,
	"district": true, "dist.": true, "province": true, "prov.": true, "industrial": true, "ind.": true, "park": true,
	"company": true, "co.": true, "corporation": true, "corp.": true, "government": true, "govt": true, "people's": true,
	"municipal": true, "mun.": true, "academy": true, "acad.": true, "sciences": true, "sci.": true, "science": true,
	"technology": true, "tech.": true, "of": true, "the": true, "&": true, "and": true, "national": true, "nat.": true,
	"ltd": true, "ltd.": true, "llc": true, "jsc": true, "group": true, "gp": true, "plant": true, "factory": true,
	"centre": true, "center": true, "ctr": true, "medical": true, "med.": true, "commercial": true, "city": true,
	"republic": true, "belarusian": true, "chinese": true, "ministry": true, "committee": true, "executive": true,
	"joint": true, "for": true, "on": true, "in": true, "at": true, "with": true,
}

// keyword returns the words of a name that say which one it is, the
// generic ones left out, as few as make six letters: "Brest State
// University" → "Brest", "Quan Shen Commercial and Industrial Corporation"
// → "Quan Shen".
func keyword(name string) string {
	var out []string
	letters := 0
	for _, w := range strings.Fields(stripParens(name)) {
		if genericWords[strings.ToLower(strings.Trim(w, ",;:"))] {
			continue
		}
		out = append(out, strings.Trim(w, ",;:"))
		if letters += utf8.RuneCountInString(w); letters >= 6 {
			break
		}
	}
	if len(out) == 0 {
		return truncate(name)
	}
	return strings.Join(out, " ")
}

// occasionKinds are the words that say what an event or program is, as
// the label shows them.
var occasionKinds = map[string]string{
	"forum": "Forum", "fair": "Fair", "expo": "Expo", "exhibition": "Exhibition", "exhibitions": "Exhibitions",
	"visit": "Visit", "meeting": "Meeting", "session": "Session", "days": "Days", "contest": "Contest",
	"opening": "Opening", "commissioning": "Commissioning", "assembly": "Assembly", "conference": "Conference",
	"laying": "Founding", "program": "Program", "programme": "Program", "plan": "Plan", "decree": "Decree",
	"directive": "Directive", "strategy": "Strategy", "project": "Project", "list": "List", "column": "Column",
	"year": "Year", "initiative": "Initiative",
}

// agreementKinds are the words that say what an agreement is.
var agreementKinds = map[string]string{
	"agreement": "Agr.", "agreements": "Agr.", "memorandum": "MoU", "protocol": "Protocol", "treaty": "Treaty",
	"contract": "Contract", "declaration": "Declaration", "document": "Doc.", "documents": "Docs", "package": "Package",
	"plan": "Plan", "consensus": "Consensus", "program": "Program",
}

// occasionKind returns the kind word that comes first in a name, with an
// ordinal before it ("7th session" → "7th Session"), or "".
func occasionKind(name, label string) string {
	kinds := occasionKinds
	if label == LabelAgreement {
		kinds = agreementKinds
	}
	words := strings.FieldsFunc(name, func(r rune) bool { return !isWordRune(r) })
	for i, w := range words {
		if k, ok := kinds[strings.ToLower(w)]; ok {
			if i > 0 && isOrdinal(words[i-1]) {
				return words[i-1] + " " + k
			}
			return k
		}
	}
	return ""
}

func isOrdinal(w string) bool {
	switch strings.ToLower(w) {
	case "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth":
		return true
	}
	n := len(w)
	return n >= 3 && unicode.IsDigit(rune(w[0])) && strings.Contains("st nd rd th", strings.ToLower(w[n-2:]))
}

func firstFitting(list []string) string {
	for _, s := range list {
		if fits(s) {
			return s
		}
	}
	return ""
}

// abbreviation returns the book's abbreviation for an entity: one in
// parentheses in its name, else the first alias that is one, or "".
func abbreviation(e *Entity) string {
	for _, p := range parenParts(e.Name) {
		if looksAbbreviated(p) && !legalForms[p] {
			return p
		}
	}
	for _, a := range e.Aliases {
		if looksAbbreviated(a) && !e.IsAmbiguous(a) && !legalForms[a] {
			return a
		}
	}
	return ""
}

// legalForms are abbreviations that say what a company is, not which.
var legalForms = map[string]bool{"CJSC": true, "JSC": true, "OJSC": true, "LLC": true, "Ltd": true, "PLC": true, "JV": true}

// looksAbbreviated reports whether s is one word of 2 to 8 Latin letters and
// digits, at least half of its letters capitals: BNTU, BSUIR, BelTA, SUSTech.
func looksAbbreviated(s string) bool {
	n := utf8.RuneCountInString(s)
	if n < 2 || n > 8 {
		return false
	}
	upper, letters := 0, 0
	for _, r := range s {
		switch {
		case r > unicode.MaxASCII:
			return false
		case unicode.IsUpper(r):
			upper++
			letters++
		case unicode.IsLower(r):
			letters++
		case unicode.IsDigit(r):
		default:
			return false
		}
	}
	return upper >= 2 && 2*upper >= letters
}

func isLatin(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) && r > unicode.MaxLatin1 && !unicode.In(r, unicode.Latin) {
			return false
		}
	}
	return true
}

// stripParens drops parenthesized asides: "Great Silk Road (Chinese
// meat-industry trade and investment company)" → "Great Silk Road".
func stripParens(s string) string { return strings.Join(strings.Fields(withoutQualifier(s)), " ") }

// parenParts returns the texts in parentheses.
func parenParts(s string) []string {
	var out []string
	for {
		i := strings.IndexByte(s, '(')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(s[i:], ')')
		if j < 0 {
			return out
		}
		out = append(out, strings.TrimSpace(s[i+1:i+j]))
		s = s[i+j+1:]
	}
}

// quotedPart returns the text in the first pair of quotation marks:
// `China-Belarus Industrial Park "Great Stone"` → "Great Stone".
func quotedPart(s string) string {
	i := strings.IndexAny(s, "\"“«")
	if i < 0 {
		return ""
	}
	_, w := utf8.DecodeRuneInString(s[i:])
	rest := s[i+w:]
	j := strings.IndexAny(rest, "\"”»")
	if j < 0 {
		return ""
	}
	return strings.TrimSpace(rest[:j])
}

// containsPhrase reports whether phrase occurs in s as whole words, any case.
func containsPhrase(s, phrase string) bool {
	return wordIndex(strings.ToLower(s), strings.ToLower(phrase)) >= 0
}

// wordIndex is the first index of sub in s that starts and ends at word
// boundaries, or -1.
func wordIndex(s, sub string) int {
	if sub == "" {
		return -1
	}
	for from := 0; from <= len(s)-len(sub); {
		i := strings.Index(s[from:], sub)
		if i < 0 {
			return -1
		}
		i += from
		if boundary(s, i) && boundary(s, i+len(sub)) {
			return i
		}
		from = i + 1
	}
	return -1
}

// boundary reports whether position i of s is not inside a word.
func boundary(s string, i int) bool {
	if i == 0 || i == len(s) {
		return true
	}
	before, _ := utf8.DecodeLastRuneInString(s[:i])
	after, _ := utf8.DecodeRuneInString(s[i:])
	return !isWordRune(before) || !isWordRune(after)
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// wordShort abbreviates the long words of organization names; small words
// that only join go.
var wordShort = map[string]string{
	"University": "Univ.", "Institute": "Inst.", "National": "Nat.", "Academy": "Acad.",
	"Sciences": "Sci.", "Science": "Sci.", "Scientific": "Sci.", "Technology": "Tech.",
	"Technological": "Tech.", "Technical": "Tech.", "Corporation": "Corp.", "Company": "Co.",
	"Government": "Govt", "Province": "Prov.", "Provincial": "Prov.", "Regional": "Reg.",
	"International": "Intl", "Association": "Assoc.", "Department": "Dept.", "Ministry": "Min.",
	"Committee": "Cttee", "Republic": "Rep.", "Industrial": "Ind.", "Economic": "Econ.",
	"Economics": "Econ.", "Development": "Dev.", "Cooperation": "Coop.", "Agreement": "Agr.",
	"Municipal": "Mun.", "Center": "Ctr", "Centre": "Ctr", "Research": "Res.",
	"Engineering": "Eng.", "Agricultural": "Agric.", "Medical": "Med.", "Management": "Mgmt",
	"Commercial": "Comm.", "Commerce": "Comm.", "Administration": "Admin.", "Executive": "Exec.",
	"Education": "Educ.", "Educational": "Educ.", "Information": "Info.", "Machinery": "Mach.",
	"Belarusian": "Bel.", "Chinese": "Chin.", "Representative": "Rep.", "Office": "Off.",
	"Foundation": "Fdn", "Laboratory": "Lab.", "Memorandum": "Memo.", "Finance": "Fin.",
	"Financial": "Fin.", "Industry": "Ind.", "Investment": "Inv.", "Trade": "Tr.",
	"Limited": "Ltd", "Group": "Gp", "Region": "Reg.", "District": "Dist.", "Initiative": "Init.",
	"government": "govt",
}

var dropWords = map[string]bool{"of": true, "the": true, "for": true, "on": true, "in": true, "named": true, "after": true}

// compress abbreviates common words and drops joining ones.
func compress(s string) string {
	var out []string
	for _, w := range strings.Fields(s) {
		if dropWords[strings.ToLower(w)] && len(out) > 0 {
			continue
		}
		if w == "and" {
			w = "&"
		}
		core := strings.TrimRight(w, ",.;:")
		if r, ok := wordShort[core]; ok {
			w = r
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}

// truncate cuts s at the last word that fits and adds "…".
func truncate(s string) string {
	if fits(s) {
		return s
	}
	r := []rune(s)
	cut := r[:MaxShortName-1]
	if i := strings.LastIndexFunc(string(cut), unicode.IsSpace); i > MaxShortName/2 {
		cut = []rune(string(cut)[:i])
	}
	return strings.TrimRight(string(cut), " ,;:–-") + "…"
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// mentions finds the entities an occasion's name names.
type mentions struct {
	g     *Graph
	names []mention // longest first
	// byWord lists, longest first, the names whose first word is the key
	// (lower-cased when they fold); anyWord those that start with no word.
	// A name can only occur where its first word does, so an occasion looks
	// at the names its own words start, not at every name of the dataset.
	byWord  map[string][]int
	anyWord []int
}

type mention struct {
	text   string // as it must appear (abbreviations: exact case)
	needle string // text as compared: lower-cased when fold
	id     string
	fold   bool // compare case-insensitively
}

// firstWord is the word s starts with ("" when it starts with no letter or digit).
func firstWord(s string) string {
	end := strings.IndexFunc(s, func(r rune) bool { return !isWordRune(r) })
	if end < 0 {
		return s
	}
	return s[:end]
}

// words are s's words, split at every rune that is no letter or digit.
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !isWordRune(r) })
}

func newMentions(g *Graph) *mentions {
	m := &mentions{g: g}
	for _, e := range g.Entities {
		if IsOccasion(e.Label) {
			continue
		}
		names := append([]string{e.Name}, e.Aliases...)
		for _, p := range parenParts(e.Name) {
			if looksAbbreviated(p) { // "BelTA" from "Belarusian Telegraph Agency (BelTA)"
				names = append(names, p)
			}
		}
		for _, n := range names {
			if e.IsAmbiguous(n) || utf8.RuneCountInString(n) < 2 || !isLatin(n) {
				continue
			}
			abbr := looksAbbreviated(n)
			if !abbr && utf8.RuneCountInString(n) < 4 {
				continue
			}
			needle := n
			if !abbr {
				needle = strings.ToLower(n)
			}
			m.names = append(m.names, mention{text: n, needle: needle, id: e.ID, fold: !abbr})
		}
	}
	sort.SliceStable(m.names, func(i, j int) bool { return len(m.names[i].text) > len(m.names[j].text) })
	m.byWord = map[string][]int{}
	for i, n := range m.names {
		if w := firstWord(n.needle); w != "" {
			m.byWord[w] = append(m.byWord[w], i)
		} else {
			m.anyWord = append(m.anyWord, i)
		}
	}
	return m
}

// candidates are the names that may occur in name, longest first: those
// starting with one of its words (as written or lower-cased), and those
// starting with no word.
func (m *mentions) candidates(name, lower string) []int {
	seen := map[int]bool{}
	out := append([]int(nil), m.anyWord...)
	for _, i := range out {
		seen[i] = true
	}
	for _, w := range append(words(name), words(lower)...) {
		for _, i := range m.byWord[w] {
			if !seen[i] {
				seen[i] = true
				out = append(out, i)
			}
		}
	}
	sort.Ints(out)
	return out
}

// in returns the ids of the entities e's name mentions, in the order they
// appear, each once. A name mentions an entity when one of its names
// occurs there as whole words and resolves to it (so "Gomel" in a name is
// not Gomel State University, whose alias it is only ambiguously).
func (m *mentions) in(e *Entity) []hit {
	name := e.Name
	lower := strings.ToLower(name)
	taken := make([]bool, len(name))
	var hits []hit
	seen := map[string]bool{}
	for _, c := range m.candidates(name, lower) {
		n := m.names[c]
		hay, needle := name, n.needle
		if n.fold {
			hay = lower
		}
		for from := 0; from < len(hay); {
			i := wordIndex(hay[from:], needle)
			if i < 0 {
				break
			}
			i += from
			free := true
			for k := i; k < i+len(needle); k++ {
				if taken[k] {
					free = false
					break
				}
			}
			if r := m.g.resolves(n.text); free && r != nil && r.ID == n.id && n.id != e.ID {
				for k := i; k < i+len(needle); k++ {
					taken[k] = true
				}
				if !seen[n.id] {
					seen[n.id] = true
					hits = append(hits, hit{i, n.id, name[i : i+len(needle)], m.g.Entity(n.id).Label == LabelCountry})
				}
			}
			from = i + len(needle)
		}
	}
	sort.Slice(hits, func(i, j int) bool { return hits[i].at < hits[j].at })
	// A country next to two or more other mentions is where they are
	// ("China's MOST"), not a party.
	var parties []hit
	for _, h := range hits {
		if !h.country {
			parties = append(parties, h)
		}
	}
	if len(parties) >= 2 {
		return parties
	}
	return hits
}

// hit is one mention: where, of what, in which words.
type hit struct {
	at      int
	id      string
	text    string
	country bool
}
