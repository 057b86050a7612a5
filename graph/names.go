package graph

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Match is one entity a name query found, with how well it matched (1 is exact).
type Match struct {
	Entity *Entity
	Score  float64
	Via    string // the name or alias that matched
}

// ErrNotFound and ErrAmbiguous classify name-resolution failures; the concrete
// error is a *NameError carrying the candidates.
var (
	ErrNotFound  = errors.New("no entity by that name")
	ErrAmbiguous = errors.New("name is ambiguous")
)

// NameError says why a name did not resolve and what the user may have meant.
type NameError struct {
	Query      string
	Kind       error // ErrNotFound or ErrAmbiguous
	Candidates []Match
}

func (e *NameError) Error() string {
	var names []string
	for _, c := range e.Candidates {
		names = append(names, fmt.Sprintf("%s (%s, %s)", c.Entity.Name, c.Entity.Label, c.Entity.ID))
	}
	if errors.Is(e.Kind, ErrAmbiguous) {
		return fmt.Sprintf("%q is ambiguous: it names %s", e.Query, strings.Join(names, "; "))
	}
	if len(names) == 0 {
		return fmt.Sprintf("no entity named %q (try 'bcgraph find')", e.Query)
	}
	return fmt.Sprintf("no entity named %q; did you mean %s?", e.Query, strings.Join(names, "; "))
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

// skeleton is a transliteration-blind key: Cyrillic romanized, vowels dropped
// after a word's first letter and the consonants that Russian, Belarusian and
// pinyin romanizations disagree on merged, so Mogilev, Mahiliou and Mogilyov share
// the key "mhlu" and Grodno and Hrodna share "hrdn".
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
		var b strings.Builder
		for i, r := range w {
			switch r {
			case 'a', 'e', 'i', 'o', 'y':
				if i == 0 {
					b.WriteByte('a')
				}
				continue
			case 'g':
				r = 'h'
			case 'v', 'w':
				r = 'u'
			case 'u':
				if i == 0 {
					b.WriteByte('a')
					continue
				}
			}
			if n := b.Len(); n > 0 && rune(b.String()[n-1]) == r {
				continue
			}
			b.WriteRune(r)
		}
		out = append(out, b.String())
	}
	return strings.Join(out, " ")
}

type nameEntry struct {
	e         *Entity
	name      string
	key       string
	ambiguous bool
}

type nameIndex struct {
	entries []nameEntry
	byRaw   map[string][]int
	byKey   map[string][]int
	// bySkel is built on first use: exact and normalized names resolve
	// most queries, and skeletons were a third of start-up.
	skelOnce sync.Once
	bySkel   map[string][]int
}

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

func buildNameIndex(ents []*Entity, keys [][]string) *nameIndex {
	n := 2 * len(ents)
	ix := &nameIndex{entries: make([]nameEntry, 0, n), byRaw: make(map[string][]int, n), byKey: make(map[string][]int, n)}
	for ei, e := range ents {
		// An id matches only as typed; names match in every tier.
		ix.entries = append(ix.entries, nameEntry{e: e, name: e.ID, key: ""})
		ix.byRaw[e.ID] = append(ix.byRaw[e.ID], len(ix.entries)-1)
		for j, n := range e.Names() {
			var key string
			if keys != nil {
				key = keys[ei][j]
			} else {
				key = normalize(n)
			}
			if key == "" {
				continue
			}
			i := len(ix.entries)
			ix.entries = append(ix.entries, nameEntry{e, n, key, e.IsAmbiguous(n)})
			ix.byRaw[n] = append(ix.byRaw[n], i)
			ix.byKey[key] = append(ix.byKey[key], i)
		}
	}
	return ix
}

// skeletons returns the transliteration-blind tier, building it once.
func (ix *nameIndex) skeletons() map[string][]int {
	ix.skelOnce.Do(func() {
		ix.bySkel = make(map[string][]int, len(ix.entries))
		for i, en := range ix.entries {
			if en.key == "" {
				continue
			}
			if sk := skeleton(en.key); len(sk) >= 3 {
				ix.bySkel[sk] = append(ix.bySkel[sk], i)
			}
		}
	})
	return ix.bySkel
}

// Find returns the entities a query may mean, best first: exact names and
// aliases (score 1), then case-, punctuation- and diacritics-insensitive
// matches (0.95), transliteration variants (0.9), then fuzzy matches scored by
// Jaro-Winkler similarity and word containment (below 0.9). At most limit
// matches are returned (all when limit <= 0).
func (g *Graph) Find(query string, limit int) []Match {
	ix := g.nameIndex()
	best := map[string]Match{}
	consider := func(i int, score float64) {
		en := ix.entries[i]
		if m, ok := best[en.e.ID]; !ok || score > m.Score {
			best[en.e.ID] = Match{en.e, score, en.name}
		}
	}
	for _, i := range ix.byRaw[query] {
		consider(i, 1)
	}
	key := normalize(query)
	for _, i := range ix.byKey[key] {
		consider(i, 0.95)
	}
	if sk := skeleton(key); len(sk) >= 3 {
		for _, i := range ix.skeletons()[sk] {
			consider(i, 0.9)
		}
	}
	if key != "" {
		for i, en := range ix.entries {
			if en.key == "" {
				continue
			}
			if s := fuzzy(key, en.key); s >= 0.6 {
				consider(i, 0.85*s)
			}
		}
	}
	out := make([]Match, 0, len(best))
	for _, m := range best {
		out = append(out, m)
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

// Resolve turns a user's name into exactly one entity. Exact, normalized and
// transliteration matches resolve, best tier first; an alias marked ambiguous
// yields to an entity whose own name or plain alias matches. Anything else is
// a *NameError listing what the user may have meant.
func (g *Graph) Resolve(query string) (*Entity, error) {
	entries := func(ids []int) []nameEntry {
		ix := g.nameIndex()
		out := make([]nameEntry, len(ids))
		for i, id := range ids {
			out[i] = ix.entries[id]
		}
		return out
	}
	tiers := []func() []nameEntry{
		func() []nameEntry { return g.exactNames(query) },
		func() []nameEntry { return entries(g.nameIndex().byKey[normalize(query)]) },
		func() []nameEntry {
			if sk := skeleton(normalize(query)); len(sk) >= 3 {
				return entries(g.nameIndex().skeletons()[sk])
			}
			return nil
		},
	}
	for _, next := range tiers {
		strong, weak := map[string]*Entity{}, map[string]*Entity{}
		for _, en := range next() {
			if en.ambiguous {
				weak[en.e.ID] = en.e
			} else {
				strong[en.e.ID] = en.e
			}
		}
		switch {
		case len(strong) == 1:
			for _, e := range strong {
				return e, nil
			}
		case len(strong) > 1 || len(weak) > 0:
			for id, e := range strong {
				weak[id] = e
			}
			return nil, &NameError{Query: query, Kind: ErrAmbiguous, Candidates: sortedMatches(weak)}
		}
	}
	return nil, &NameError{Query: query, Kind: ErrNotFound, Candidates: g.Find(query, 5)}
}

// exactNames is the first tier of Resolve: ids and names exactly as typed.
// Until a graph has answered a few queries it scans instead of building the
// name index: one command resolves one or two names, and a scan of even a
// large dataset costs less than the index.
func (g *Graph) exactNames(query string) []nameEntry {
	if g.scans.Add(1) > 16 {
		ix := g.nameIndex()
		out := make([]nameEntry, 0, len(ix.byRaw[query]))
		for _, i := range ix.byRaw[query] {
			out = append(out, ix.entries[i])
		}
		return out
	}
	var out []nameEntry
	for _, e := range g.Entities {
		if e.ID == query {
			out = append(out, nameEntry{e: e, name: e.ID})
		}
		if e.Name != query && !contains(e.Aliases, query) && e.RU != query && e.ZH != query {
			continue
		}
		for _, n := range e.Names() {
			// As in the index: a name with nothing to normalize is not one.
			if n == query && normalize(n) != "" {
				out = append(out, nameEntry{e, n, normalize(n), e.IsAmbiguous(n)})
			}
		}
	}
	return out
}

func sortedMatches(m map[string]*Entity) []Match {
	out := make([]Match, 0, len(m))
	for _, e := range m {
		out = append(out, Match{Entity: e, Score: 1})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Entity.ID < out[j].Entity.ID })
	return out
}

// fuzzy scores how well a normalized query matches a normalized name: the
// better of whole-string Jaro-Winkler and the share of query words found at
// the start of the name's words.
func fuzzy(q, name string) float64 {
	s := jaroWinkler(q, name)
	qw, nw := strings.Fields(q), strings.Fields(name)
	if len(qw) == 0 || len(nw) == 0 {
		return s
	}
	hit := 0
	for _, w := range qw {
		for _, x := range nw {
			if strings.HasPrefix(x, w) && len(w) >= 2 {
				hit++
				break
			}
		}
	}
	if c := 0.6 + 0.35*float64(hit)/float64(len(qw))*float64(len(qw))/float64(max(len(qw), len(nw))); hit == len(qw) && c > s {
		s = c
	}
	return s
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
