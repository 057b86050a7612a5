package graph

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// How names resolve
//
// Resolve answers only when the user's words name one entity by one of these
// rules, tried in this order (the first that finds anything decides):
//
//  1. exactly an id, a name or an alias;
//  2. a name or alias after folding case, diacritics, punctuation and spacing
//     ("b.n.t.u." is BNTU, "Mahilioŭ" is Mahiliou, ё is е);
//  3. the same with a name's parenthetical qualifier left out: "Sovetsky
//     District" is "Sovetsky District (Minsk)";
//  4. the same once the generic words the book wraps names in are taken off:
//     articles ("the Minsk Region"), a nationality ("Chinese Ningbo": of two
//     meanings, the Chinese one), a kind of place ("Hebei Province", "province of
//     Zhejiang", "the Chinese city of Urumqi", "Mogilev Oblast", "X District",
//     "X county", "Anhui Province of China") or of organization ("the company
//     "Menovo"", "Sinotrans LLC", ""Great Stone" industrial park"). A kind of
//     place or organization is a label the entity must carry: "X Province"
//     takes a Province (or a Region: the book calls oblasts provinces too),
//     "city of X" a City (or a province-level city), "X Region"/"X Oblast" a
//     Region (or a district: the book renders район as "region"), "X District"
//     a District. Wrapped words are only taken off when the whole phrase names
//     nothing: "Grodno Region" is the Region's own name, "Minsk District" the
//     District's;
//  5. a transliteration variant of any of the above: Mogilev, Mahiliou and
//     Mogilyov share a skeleton (see skeleton and skeletonKey; abbreviations
//     have none). Two entities sharing a skeleton are suggestions, not an
//     answer.
//
// A name the dataset marks ambiguous on an entity never resolves to it on its
// own: it yields to an entity whose own name or plain alias matches ("Jilin" is
// the province, not Jilin City, whose alias "Jilin" is marked), and otherwise
// lists its meanings. A kind word can settle it: "city of Jilin" is the city,
// ""Great Stone" industrial park" the park. Anything else, however close, is
// an ErrNotFound whose candidates are Find's best suggestions: fuzzy matching
// suggests, it never answers.

// FindThreshold is the lowest score Find returns. Exact names score 1,
// normalized 0.95, generic-word, qualifier and transliteration matches 0.9,
// and a fuzzy match 0.85 times its similarity (see wordSimilarity), so a
// fuzzy suggestion needs a similarity of at least 0.824: every word of the
// query must be nearly a word of the name. "Ganshu" (0.82 for Gansu) and
// "Belarusian Technical" (0.77 for BNTU) are suggested; "birch juice", which
// found Hubei Province at 0.62 before, finds nothing.
const FindThreshold = 0.7

const (
	scoreExact      = 1
	scoreNormalized = 0.95
	scoreDerived    = 0.9
	scoreFuzzy      = 0.85
)

// Match is one entity a name query found, with how well it matched (1 is exact).
type Match struct {
	Entity *Entity
	Score  float64
	Via    string // the name or alias that matched
	Card   Card   // the entity in one line, to choose between meanings
}

// Card describes an entity in one line, enough to tell it from another of the
// same name: its name, label, id, country and where it lies.
type Card struct {
	ID, Name, Label, Country string
	Location                 []string // the places it lies in, nearest first, countries left out
}

// String is "Name (Label, id, CC, in Place > Place)".
func (c Card) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s, %s", c.Name, c.Label, c.ID)
	if c.Country != "" {
		b.WriteString(", " + c.Country)
	}
	if len(c.Location) > 0 {
		b.WriteString(", in " + strings.Join(c.Location, " > "))
	}
	b.WriteString(")")
	return b.String()
}

// Card returns e's one-line description.
func (g *Graph) Card(e *Entity) Card {
	c := Card{ID: e.ID, Name: e.Name, Label: e.Label, Country: g.CountryOf(e.ID)}
	for _, p := range g.LocationChain(e.ID) {
		if p.Label != LabelCountry {
			c.Location = append(c.Location, p.Name)
		}
	}
	return c
}

// ErrNotFound and ErrAmbiguous classify name-resolution failures; the concrete
// error is a *NameError carrying the candidates.
var (
	ErrNotFound  = errors.New("no entity by that name")
	ErrAmbiguous = errors.New("name is ambiguous")
)

// NameError says why a name did not resolve and what the user may have meant.
// For ErrAmbiguous the candidates are the name's meanings (each with the name
// that matched it in Via; a single meaning means the dataset marks the name as
// also naming something it does not hold); for ErrNotFound they are Find's
// suggestions, best first, and may be none. Each carries its Card: the id to
// choose with, and enough to choose.
type NameError struct {
	Query      string
	Kind       error // ErrNotFound or ErrAmbiguous
	Candidates []Match
}

func (e *NameError) Error() string {
	cards := make([]string, len(e.Candidates))
	for i, c := range e.Candidates {
		cards[i] = c.Card.String()
	}
	switch {
	case errors.Is(e.Kind, ErrAmbiguous) && len(cards) == 1:
		return fmt.Sprintf("%q is ambiguous: in this dataset it names only %s, but the name also names something the dataset does not hold; use the id to choose", e.Query, cards[0])
	case errors.Is(e.Kind, ErrAmbiguous):
		return fmt.Sprintf("%q is ambiguous: it names %s; use the id to choose", e.Query, strings.Join(cards, "; "))
	case len(cards) == 0:
		return fmt.Sprintf("no entity named %q, and nothing close", e.Query)
	}
	return fmt.Sprintf("no entity named %q; did you mean %s?", e.Query, strings.Join(cards, "; "))
}

func (e *NameError) Unwrap() error { return e.Kind }

// normalize folds case, diacritics, punctuation and spacing, keeping Cyrillic
// and Chinese characters, so "Mahilioŭ  voblast" and "mahiliou voblast" meet.
func normalize(s string) string {
	if isASCII(s) {
		return normalizeASCII(s)
	}
	return normalizeRunes(s)
}

func normalizeRunes(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	if !isASCII(s) {
		s = norm.NFKD.String(s)
	}
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r), r == '.', r == '\'', r == '’':
			// Dots and apostrophes join rather than split: B.N.T.U. is BNTU.
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			r = unicode.ToLower(r)
			if r == 'ё' {
				r = 'е'
			}
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}

// normalizeASCII is normalize for ASCII input, where it needs neither NFKD
// nor rune tables: most names, and start-up folds every one of them.
func normalizeASCII(s string) string {
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.' || c == '\'':
			continue
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', 'A' <= c && c <= 'Z':
			if space && len(b) > 0 {
				b = append(b, ' ')
			}
			space = false
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
		default:
			space = true
		}
	}
	return string(b)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

var cyrillicToLatin = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ж': "zh", 'з': "z", 'и': "i",
	'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s",
	'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch",
	'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya", 'і': "i", 'ў': "u",
}

// skeleton is a transliteration-blind key: Cyrillic romanized, every run of
// vowels one placeholder, and the consonants Russian, Belarusian and pinyin
// romanizations disagree on merged (g/h, kh/h, zh/j, ts/tz/c, v/w/ŭ), so
// Mogilev, Mahiliou and Mogilyov share "m*h*l*v" and Grodno and Hrodna
// "hr*dn*". Vowel runs keep their place, so the key keeps a name's syllables:
// Shanghai and Shenyang differ, and an extra letter (BNTUU) is another name.
func skeleton(normalized string) string {
	var latin strings.Builder
	for _, r := range normalized {
		if s, ok := cyrillicToLatin[r]; ok {
			latin.WriteString(s)
		} else {
			latin.WriteRune(r)
		}
	}
	s := latin.String()
	for _, rep := range [][2]string{{"kh", "h"}, {"zh", "j"}, {"ts", "c"}, {"tz", "c"}, {"sch", "sh"}} {
		s = strings.ReplaceAll(s, rep[0], rep[1])
	}
	var out []string
	for _, w := range strings.Fields(s) {
		var b []rune
		for _, r := range w {
			vowel := false
			switch r {
			case 'a', 'e', 'i', 'o', 'y':
				vowel = true
			case 'u':
				// U after a vowel is the Belarusian ŭ of Mahilioŭ (Russian в);
				// elsewhere it is a vowel.
				vowel = len(b) == 0 || b[len(b)-1] != '*'
				if !vowel {
					r = 'v'
				}
			case 'g':
				r = 'h'
			case 'w', 'v':
				r = 'v'
			}
			if vowel {
				r = '*'
			}
			// Merging makes doubles (Shanghai's ngh); a typed double letter
			// stays: "billion" is not "Beilun".
			if n := len(b); n > 0 && b[n-1] == r && (r == '*' || r == 'h') {
				continue
			}
			b = append(b, r)
		}
		out = append(out, string(b))
	}
	return strings.Join(out, " ")
}

// skeletonKey is the key the transliteration tier compares: the skeleton,
// tagged with the name's script so that a Latin spelling meets only Latin
// names (Tsinghua is not Цинхай, Qinghai, though their skeletons agree), and
// only when it keeps three consonants: shorter keys join everyday words to
// names ("have" and Huawei, "rise" and Russia).
func skeletonKey(normalized string) string {
	script := "latin"
	for _, r := range normalized {
		switch {
		case unicode.Is(unicode.Cyrillic, r):
			script = "cyrillic"
		case unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r):
			return "" // Chinese has no transliteration to guess at
		}
	}
	sk := skeleton(normalized)
	consonants := 0
	for _, r := range sk {
		if r != '*' && r != ' ' {
			consonants++
		}
	}
	if consonants < 3 {
		return ""
	}
	return script + ":" + sk
}

// isAbbreviation reports whether a name is an abbreviation (BNTU, BarSU,
// MOFCOM): a transliteration of one is a different abbreviation.
func isAbbreviation(name string) bool {
	if strings.ContainsRune(name, ' ') || len([]rune(name)) > 7 {
		return false
	}
	upper := 0
	for _, r := range name {
		if unicode.IsUpper(r) {
			upper++
		}
	}
	return upper >= 2
}

type nameEntry struct {
	e         *Entity
	name      string
	ambiguous bool
	id        bool
}

type nameIndex struct {
	entries []nameEntry
	// The normalized tiers are built on first use: a name as typed or an
	// id resolves many queries, and normalizing every name of a large
	// --seeds dataset cost more than answering. Names as typed have no map:
	// a scan of the entries costs less than building one for a query.
	ents     []*Entity
	keys     [][]string // see buildNameIndex; dropped once used
	normOnce sync.Once
	key      []string // by entry: its normalized name ("" for an id)
	byKey    map[string][]int
	byBase   map[string][]int // names without their parenthetical qualifier
	// bySkel is built on first use too: exact and normalized names resolve
	// most queries, and skeletons were a third of start-up.
	skelOnce sync.Once
	bySkel   map[string][]int
	// byName holds the names as typed, built once the index has answered
	// rawScans queries by scanning: working out every occasion's short
	// name asks thousands (14 s of scans at 100 times the book).
	rawCalls atomic.Int64
	nameOnce sync.Once
	byName   map[string][]int
}

// rawScans is how many queries a name index answers by scanning its names
// as typed before it builds a map of them.
const rawScans = 64

// nameKeys normalizes every entity's Names(), once for validation and the index.
func nameKeys(ents []*Entity) [][]string {
	out := make([][]string, len(ents))
	for i, e := range ents {
		names := e.Names()
		keys := make([]string, len(names))
		for j, n := range names {
			keys[j] = normalize(n)
		}
		out[i] = keys
	}
	return out
}

// buildNameIndex indexes ents' names as typed; keys, when not nil, holds
// each entity's normalized Names() (nameKeys), computed once for validation,
// for the normalized tiers.
func buildNameIndex(ents []*Entity, keys [][]string) *nameIndex {
	n := 2 * len(ents)
	ix := &nameIndex{entries: make([]nameEntry, 0, n), ents: ents, keys: keys}
	for _, e := range ents {
		// An id matches only as typed; names match in every tier.
		ix.entries = append(ix.entries, nameEntry{e: e, name: e.ID, id: true})
		for _, n := range e.Names() {
			ix.entries = append(ix.entries, nameEntry{e: e, name: n, ambiguous: e.IsAmbiguous(n)})
		}
	}
	return ix
}

// normalized builds the normalized tiers and each entry's key, once.
func (ix *nameIndex) normalized() {
	ix.normOnce.Do(func() {
		n := len(ix.entries)
		ix.key, ix.byKey, ix.byBase = make([]string, n), make(map[string][]int, n), map[string][]int{}
		i := 0
		for ei, e := range ix.ents {
			i++ // the id's entry
			for j, n := range e.Names() {
				key := ""
				if ix.keys != nil {
					key = ix.keys[ei][j]
				} else {
					key = normalize(n)
				}
				ix.key[i] = key
				if key != "" {
					ix.byKey[key] = append(ix.byKey[key], i)
					if base := normalize(withoutQualifier(n)); base != key && base != "" {
						ix.byBase[base] = append(ix.byBase[base], i)
					}
				}
				i++
			}
		}
		ix.keys = nil
	})
}

// raw returns the entries of a name as typed: ids, and names that
// normalize to something (the others are not names to match).
func (ix *nameIndex) raw(query string) []int {
	if ix.rawCalls.Add(1) > rawScans {
		ix.nameOnce.Do(func() {
			ix.byName = make(map[string][]int, len(ix.entries))
			for i := range ix.entries {
				if en := &ix.entries[i]; en.id || normalize(en.name) != "" {
					ix.byName[en.name] = append(ix.byName[en.name], i)
				}
			}
		})
		return ix.byName[query]
	}
	var out []int
	for i := range ix.entries {
		if en := &ix.entries[i]; en.name == query && (en.id || normalize(en.name) != "") {
			out = append(out, i)
		}
	}
	return out
}

// skeletons returns the transliteration-blind tier, building it once.
// Abbreviations have none: BNTU and BGU are not variants of each other.
func (ix *nameIndex) skeletons() map[string][]int {
	ix.normalized()
	ix.skelOnce.Do(func() {
		ix.bySkel = make(map[string][]int, len(ix.entries))
		for i, en := range ix.entries {
			if ix.key[i] == "" || isAbbreviation(en.name) {
				continue
			}
			if sk := skeletonKey(ix.key[i]); sk != "" {
				ix.bySkel[sk] = append(ix.bySkel[sk], i)
			}
		}
	})
	return ix.bySkel
}

// withoutQualifier drops a name's parenthetical parts: "Sovetsky District
// (Minsk)" is "Sovetsky District".
func withoutQualifier(name string) string {
	var b strings.Builder
	depth := 0
	for _, r := range name {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// A reading is one way to understand a query: its normalized words once some
// generic words are taken off, and what those words required of the entity.
type reading struct {
	key     string
	labels  []string // the labels a kind word allows, most likely first; nil: any
	country string   // the country a nationality word requires; "": any
}

// wrapper is generic words around a name.
type wrapper struct {
	words   string
	labels  []string
	country string
}

var (
	provinceLabels = []string{LabelProvince, LabelRegion}
	regionLabels   = []string{LabelRegion, LabelProvince, LabelDistrict}
	districtLabels = []string{LabelDistrict}
	cityLabels     = []string{LabelCity, LabelProvince}
	companyLabels  = []string{LabelCompany}
	parkLabels     = []string{LabelIndustrialPark}
	fundLabels     = []string{LabelFund}
	mediaLabels    = []string{LabelMedia}
	programLabels  = []string{LabelProgram}

	articles      = []string{"the", "a", "an"}
	nationalities = map[string]string{"chinese": "CN", "belarusian": "BY"}

	// The words the book puts before a name ("province of Zhejiang", "the
	// company "Menovo"", "LLC "Vaisysi International Bel"").
	prefixes = []wrapper{
		// Not "district of X": the book's "district of Minsk" is a district in
		// the city, not Minsk District.
		{"province of", provinceLabels, ""}, {"province", provinceLabels, ""},
		{"city of", cityLabels, ""}, {"city", cityLabels, ""}, {"town of", cityLabels, ""}, {"village of", cityLabels, ""},
		{"company", companyLabels, ""}, {"investment company", companyLabels, ""}, {"joint venture", companyLabels, ""},
		{"holding", companyLabels, ""}, {"enterprise", companyLabels, ""}, {"state enterprise", companyLabels, ""}, {"plant", companyLabels, ""}, {"factory", companyLabels, ""},
		{"corporation", companyLabels, ""}, {"firm", companyLabels, ""},
		{"jsc", companyLabels, ""}, {"ojsc", companyLabels, ""}, {"cjsc", companyLabels, ""}, {"llc", companyLabels, ""},
		{"ooo", companyLabels, ""}, {"oao", companyLabels, ""}, {"zao", companyLabels, ""},
		{"industrial park", parkLabels, ""}, {"free economic zone", parkLabels, ""}, {"fez", parkLabels, ""},
		{"fund", fundLabels, ""}, {"venture fund", fundLabels, ""},
		{"news agency", mediaLabels, ""}, {"agency", mediaLabels, ""}, {"publishing house", mediaLabels, ""},
		{"initiative", programLabels, ""}, {"concept", programLabels, ""},
	}
	// The words the book puts after a name ("Hebei Province", "Minsk voblast",
	// "Anhui Province of China", "Gomselmash OJSC").
	suffixes = []wrapper{
		{"province", provinceLabels, ""}, {"region", regionLabels, ""}, {"oblast", regionLabels, ""},
		{"voblast", regionLabels, ""}, {"krai", regionLabels, ""},
		{"district", districtLabels, ""}, {"county", districtLabels, ""},
		{"city", cityLabels, ""}, {"cities", cityLabels, ""}, {"town", cityLabels, ""}, {"municipality", cityLabels, ""},
		{"company", companyLabels, ""}, {"corporation", companyLabels, ""}, {"holding", companyLabels, ""},
		{"jsc", companyLabels, ""}, {"ojsc", companyLabels, ""}, {"cjsc", companyLabels, ""}, {"llc", companyLabels, ""},
		{"ltd", companyLabels, ""}, {"co ltd", companyLabels, ""},
		{"industrial park", parkLabels, ""}, {"park", parkLabels, ""}, {"fund", fundLabels, ""},
		{"initiative", programLabels, ""}, {"concept", programLabels, ""},
		{"of china", nil, "CN"}, {"in china", nil, "CN"}, {"of belarus", nil, "BY"}, {"in belarus", nil, "BY"},
	}
	// How the dataset names what a kind word wraps: "Minsk Oblast" is "Minsk
	// Region", "Stolin region" may be "Stolin District".
	canonicalSuffix = map[string]string{LabelRegion: "region", LabelDistrict: "district", LabelCity: "city"}
)

// readings lists the ways to understand a query, its normalized words as
// typed first, then with one more layer of generic words off each time.
func readings(query string) []reading {
	// A nationality hyphened to the next word is half a bilateral name:
	// "Chinese-Singaporean" is not a Chinese "Singaporean".
	lower := strings.ToLower(query)
	bound := map[string]bool{}
	for n := range nationalities {
		bound[n] = strings.Contains(lower, n+"-")
	}
	out := []reading{{key: normalize(query)}}
	seen := map[string]bool{readingID(out[0]): true}
	for i := 0; i < len(out) && len(out) < 64; i++ {
		for _, next := range peel(out[i], bound) {
			if id := readingID(next); !seen[id] {
				seen[id] = true
				out = append(out, next)
			}
		}
	}
	return out
}

func readingID(r reading) string {
	return r.key + "\x00" + strings.Join(r.labels, ",") + "\x00" + r.country
}

// peel takes one layer of generic words off r: an article, a nationality, or
// one kind word before or after the name. A reading's kind words must agree
// and it takes one nationality, so "city of X province" is nobody.
func peel(r reading, bound map[string]bool) []reading {
	var out []reading
	words := strings.Fields(r.key)
	if len(words) < 2 {
		return nil
	}
	if slices.Contains(articles, words[0]) {
		out = append(out, reading{strings.Join(words[1:], " "), r.labels, r.country})
	}
	if c, ok := nationalities[words[0]]; ok && r.country == "" && !bound[words[0]] {
		out = append(out, reading{strings.Join(words[1:], " "), r.labels, c})
	}
	apply := func(w wrapper, rest string) {
		// A second kind word must agree with the first: "the joint venture
		// "Zunshen Gomel …" LLC".
		if rest == "" || (w.labels != nil && r.labels != nil && !slices.Equal(w.labels, r.labels)) || (w.country != "" && r.country != "") {
			return
		}
		next := reading{rest, r.labels, r.country}
		if w.labels != nil {
			next.labels = w.labels
		}
		if w.country != "" {
			next.country = w.country
		}
		out = append(out, next)
	}
	for _, w := range prefixes {
		if strings.HasPrefix(r.key, w.words+" ") {
			apply(w, r.key[len(w.words)+1:])
		}
	}
	for _, w := range suffixes {
		if strings.HasSuffix(r.key, " "+w.words) {
			apply(w, r.key[:len(r.key)-len(w.words)-1])
		}
	}
	return out
}

// resolver reads a graph's name index; the graph places entities (for cards
// and nationality words).
type resolver struct {
	*nameIndex
	g *Graph
}

// verdict is what one tier made of a query: nothing, one entity, or several
// meanings.
type verdict struct {
	entity   *Entity
	meanings []Match
}

func (v verdict) found() bool { return v.entity != nil || len(v.meanings) > 0 }

// decide judges the entries one tier matched. Without a kind word, one entity
// by its own name or a plain alias resolves, and names the dataset marks
// ambiguous only list meanings. With a kind word, the first label it allows
// that anything carries decides: one entity resolves, whatever its alias's
// mark, because the kind word told the meanings apart. Transliteration
// (guess) never turns its collisions into meanings: two places sharing a
// skeleton are suggestions, not an ambiguity in the dataset.
func (ix resolver) decide(entries []int, r reading, guess bool) verdict {
	keep := entries
	if r.country != "" {
		// A nationality word tells meanings apart; it does not overrule the
		// dataset: the book calls companies registered in Belarus by their
		// Chinese founders "Chinese".
		var same []int
		for _, i := range entries {
			if c := ix.g.CountryOf(ix.entries[i].e.ID); c == "" || c == r.country {
				same = append(same, i)
			}
		}
		if len(same) > 0 {
			keep = same
		}
	}
	if r.labels != nil {
		for _, l := range r.labels {
			byID := map[string]int{}
			for _, i := range keep {
				if ix.entries[i].e.Label == l {
					byID[ix.entries[i].e.ID] = i
				}
			}
			switch {
			case len(byID) == 1:
				for _, i := range byID {
					return verdict{entity: ix.entries[i].e}
				}
			case len(byID) > 1 && !guess:
				return verdict{meanings: ix.meanings(byID)}
			case len(byID) > 1:
				return verdict{}
			}
		}
		return verdict{}
	}
	strong, weak := map[string]int{}, map[string]int{}
	for _, i := range keep {
		en := ix.entries[i]
		if en.ambiguous {
			if _, ok := weak[en.e.ID]; !ok {
				weak[en.e.ID] = i
			}
		} else {
			strong[en.e.ID] = i
		}
	}
	switch {
	case len(strong) == 1:
		for _, i := range strong {
			return verdict{entity: ix.entries[i].e}
		}
	case guess:
		return verdict{}
	case len(strong) > 1 || len(weak) > 0:
		for id, i := range strong {
			weak[id] = i
		}
		return verdict{meanings: ix.meanings(weak)}
	}
	return verdict{}
}

// meanings lists the entities an ambiguous name names, by id, each with the
// name that matched it.
func (ix resolver) meanings(byID map[string]int) []Match {
	out := make([]Match, 0, len(byID))
	for _, i := range byID {
		en := ix.entries[i]
		out = append(out, Match{Entity: en.e, Score: scoreExact, Via: en.name, Card: ix.g.Card(en.e)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Entity.ID < out[j].Entity.ID })
	return out
}

// lookup returns the entries a reading's words name: by name or alias, or
// failing that by a name without its qualifier; for a kind word, also as the
// dataset spells that kind ("Mogilev" + Oblast is "Mogilev Region"). With
// guess, it compares transliteration skeletons instead.
func (ix resolver) lookup(r reading, guess bool) []int {
	ix.normalized()
	keys := []string{r.key}
	for _, l := range r.labels {
		if s := canonicalSuffix[l]; s != "" {
			keys = append(keys, r.key+" "+s)
		}
	}
	var out []int
	for _, k := range keys {
		if guess {
			if sk := skeletonKey(k); sk != "" {
				out = append(out, ix.skeletons()[sk]...)
			}
			continue
		}
		out = append(out, ix.byKey[k]...)
	}
	if len(out) == 0 && !guess {
		for _, k := range keys {
			out = append(out, ix.byBase[k]...)
		}
	}
	return out
}

// resolve applies the rules in the package comment, in order.
func (ix resolver) resolve(query string) verdict {
	if v := ix.decide(ix.raw(query), reading{}, false); v.found() {
		return v
	}
	rs := readings(query)
	for _, guess := range []bool{false, true} {
		for _, r := range rs {
			if v := ix.decide(ix.lookup(r, guess), r, guess); v.found() {
				return v
			}
		}
	}
	return verdict{}
}

// Find returns the entities a query may mean, best first, scoring at least
// FindThreshold: exact names and aliases (score 1), then case-, punctuation-
// and diacritics-insensitive matches (0.95), then matches once generic words
// or a name's qualifier are left out and transliteration variants (0.9), then
// fuzzy matches (0.85 times their similarity). At most limit matches are
// returned (all when limit <= 0); none means nothing is close.
func (g *Graph) Find(query string, limit int) []Match {
	ix := resolver{g.nameIndex(), g}
	ix.normalized()
	best := map[string]Match{}
	consider := func(i int, score float64) {
		en := ix.entries[i]
		if m, ok := best[en.e.ID]; !ok || score > m.Score {
			best[en.e.ID] = Match{Entity: en.e, Score: score, Via: en.name}
		}
	}
	for _, i := range ix.raw(query) {
		consider(i, scoreExact)
	}
	key := normalize(query)
	for _, i := range ix.byKey[key] {
		consider(i, scoreNormalized)
	}
	for _, r := range readings(query) {
		for _, guess := range []bool{false, true} {
			for _, i := range ix.lookup(r, guess) {
				if ix.fits(i, r) {
					consider(i, scoreDerived)
				}
			}
		}
	}
	if key != "" {
		for i, k := range ix.key {
			if k == "" {
				continue
			}
			if s := scoreFuzzy * similarity(key, k); s >= FindThreshold {
				consider(i, s)
			}
		}
	}
	out := make([]Match, 0, len(best))
	for _, m := range best {
		if m.Score >= FindThreshold {
			m.Card = g.Card(m.Entity)
			out = append(out, m)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		if len(out[i].Entity.Name) != len(out[j].Entity.Name) {
			return len(out[i].Entity.Name) < len(out[j].Entity.Name)
		}
		return out[i].Entity.ID < out[j].Entity.ID
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

// fits reports whether an entry carries a label a reading's kind word allows.
func (ix resolver) fits(i int, r reading) bool {
	return r.labels == nil || slices.Contains(r.labels, ix.entries[i].e.Label)
}

// Resolve turns a user's name into exactly one entity by the rules at the top
// of this file. Anything else is a *NameError: ErrAmbiguous listing the
// meanings, or ErrNotFound listing what the user may have meant.
func (g *Graph) Resolve(query string) (*Entity, error) {
	v := resolver{g.nameIndex(), g}.resolve(query)
	switch {
	case v.entity != nil:
		return v.entity, nil
	case len(v.meanings) > 0:
		return nil, &NameError{Query: query, Kind: ErrAmbiguous, Candidates: v.meanings}
	}
	return nil, &NameError{Query: query, Kind: ErrNotFound, Candidates: g.Find(query, 5)}
}

// similarity scores how well a normalized query matches a normalized name, in
// [0,1], word by word: Jaro-Winkler on whole strings rewards the long
// prefixes the dataset's names share ("Belarusian Technical" would be closer
// to "Belarusian capital" than to BNTU's name).
func similarity(q, name string) float64 { return wordSimilarity(q, name) }

var stopwords = []string{"the", "a", "an", "of", "and", "in", "for", "on", "at", "to", "with", "by"}

func contentWords(s string) []string {
	var out []string
	for _, w := range strings.Fields(s) {
		if !slices.Contains(stopwords, w) {
			out = append(out, w)
		}
	}
	return out
}

// wordSimilarity requires every word of the query to be (nearly) a word of
// the name, or the start of one ("Lanzhou Univ"); it scores their mean
// similarity, a little less when the name has many more words. A query with
// one word the name lacks scores 0, however alike the letters: "birch juice"
// is not "Hubei Province".
func wordSimilarity(q, name string) float64 {
	qw, nw := contentWords(q), contentWords(name)
	if len(qw) == 0 || len(nw) == 0 {
		return 0
	}
	sum := 0.0
	for _, w := range qw {
		best := 0.0
		for _, x := range nw {
			s := jaroWinkler(w, x)
			if x == w {
				s = 1
			} else if len(w) >= 4 && strings.HasPrefix(x, w) {
				s = max(s, 0.95)
			}
			best = max(best, s)
		}
		if best < 0.85 {
			return 0
		}
		sum += best
	}
	cover := min(1, float64(len(qw))/float64(len(nw)))
	return sum / float64(len(qw)) * (0.8 + 0.2*cover)
}

// jaroWinkler is the Jaro-Winkler similarity of two strings, in [0,1].
func jaroWinkler(a, b string) float64 {
	ra, rb := []rune(a), []rune(b)
	if len(ra) == 0 || len(rb) == 0 {
		if len(ra) == len(rb) {
			return 1
		}
		return 0
	}
	window := max(len(ra), len(rb))/2 - 1
	if window < 0 {
		window = 0
	}
	ma, mb := make([]bool, len(ra)), make([]bool, len(rb))
	matches := 0
	for i := range ra {
		lo, hi := max(0, i-window), min(len(rb), i+window+1)
		for j := lo; j < hi; j++ {
			if !mb[j] && ra[i] == rb[j] {
				ma[i], mb[j] = true, true
				matches++
				break
			}
		}
	}
	if matches == 0 {
		return 0
	}
	trans, j := 0, 0
	for i := range ra {
		if !ma[i] {
			continue
		}
		for !mb[j] {
			j++
		}
		if ra[i] != rb[j] {
			trans++
		}
		j++
	}
	m := float64(matches)
	jaro := (m/float64(len(ra)) + m/float64(len(rb)) + (m-float64(trans)/2)/m) / 3
	prefix := 0
	for prefix < 4 && prefix < len(ra) && prefix < len(rb) && ra[prefix] == rb[prefix] {
		prefix++
	}
	return jaro + float64(prefix)*0.1*(1-jaro)
}
