package graph

import (
	"context"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Hit is one fact a text search found: an entity (through its names, note or
// quote) or a tie (through its quote, role or note).
type Hit struct {
	Entity *Entity // set for an entity
	Tie    *Tie    // set for a tie
	Score  float64
	Field  string // the field that matched best: name, alias, ru, zh, quote, role or note
	Text   string // its text
}

// Field weights: a match in a name says more than one in a remark.
var fieldWeight = map[string]float64{"name": 3, "alias": 3, "ru": 3, "zh": 3, "quote": 2, "role": 2, "note": 1}

// SearchTerms splits a query into the terms every hit must contain: words
// folded for case and diacritics (Mahilioŭ = mahiliou), split at anything
// that is not a letter or digit, and each Chinese character on its own, as
// Neo4j's full-text analyzer splits them.
func SearchTerms(query string) []string {
	return tokens(query)
}

func tokens(s string) []string {
	s = norm.NFKD.String(s)
	var out []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.Is(unicode.Han, r):
			flush()
			out = append(out, string(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			r = unicode.ToLower(r)
			if r == 'ё' {
				r = 'е'
			}
			cur.WriteRune(r)
		default:
			flush()
		}
	}
	flush()
	return out
}

// field is one searchable text of a fact.
type field struct{ name, text string }

func entityFields(e *Entity) []field {
	fs := []field{{"name", e.Name}}
	for _, a := range e.Aliases {
		fs = append(fs, field{"alias", a})
	}
	fs = append(fs, field{"ru", e.RU}, field{"zh", e.ZH}, field{"quote", e.Quote}, field{"note", e.Note})
	return alsoFields(fs, e.Also)
}

func tieFields(t *Tie) []field {
	return alsoFields([]field{{"quote", t.Quote}, {"role", t.Role}, {"note", t.Note}}, t.Also)
}

// alsoFields adds a fact's later quotes: a search finds a restated fact by
// any of its wordings.
func alsoFields(fs []field, also []Evidence) []field {
	for _, ev := range also {
		fs = append(fs, field{"quote", ev.Quote})
	}
	return fs
}

// score rates how well a fact's fields match the terms: 0 unless every term
// is among the fields' words. Each term counts its best field's weight; a
// field holding the whole query as a phrase adds that field's weight again,
// and a field that is exactly the query once more.
// Both engines score with this function, so they rank alike.
func score(fields []field, terms []string) (float64, field) {
	if len(terms) == 0 {
		return 0, field{}
	}
	words := make([]map[string]bool, len(fields))
	toks := make([][]string, len(fields))
	for i, f := range fields {
		toks[i] = tokens(f.text)
		words[i] = make(map[string]bool, len(toks[i]))
		for _, w := range toks[i] {
			words[i][w] = true
		}
	}
	total, best, bestScore := 0.0, -1, 0.0
	for _, term := range terms {
		termBest := 0.0
		for i, f := range fields {
			if words[i][term] && fieldWeight[f.name] > termBest {
				termBest = fieldWeight[f.name]
			}
		}
		if termBest == 0 {
			return 0, field{}
		}
		total += termBest
	}
	phrase := strings.Join(terms, " ")
	for i, f := range fields {
		s := 0.0
		for _, term := range terms {
			if words[i][term] {
				s += fieldWeight[f.name]
			}
		}
		if len(terms) > 1 && strings.Contains(" "+strings.Join(toks[i], " ")+" ", " "+phrase+" ") {
			s += fieldWeight[f.name]
			total += fieldWeight[f.name]
		}
		if strings.Join(toks[i], " ") == phrase {
			// The whole field is the query: the name itself was asked for.
			s += fieldWeight[f.name]
			total += fieldWeight[f.name]
		}
		if s > bestScore {
			best, bestScore = i, s
		}
	}
	return total, fields[best]
}

// ScoreEntity and ScoreTie rate one fact against the terms (see score); the
// Neo4j engine ranks what its full-text index retrieved with them.
func ScoreEntity(e *Entity, terms []string) (Hit, bool) {
	s, f := score(entityFields(e), terms)
	return Hit{Entity: e, Score: s, Field: f.name, Text: f.text}, s > 0
}

func ScoreTie(t *Tie, terms []string) (Hit, bool) {
	s, f := score(tieFields(t), terms)
	return Hit{Tie: t, Score: s, Field: f.name, Text: f.text}, s > 0
}

// Search finds the entities and ties whose words contain every term of the
// query, best first (see score), at most limit (all when limit <= 0).
func (g *Graph) Search(ctx context.Context, query string, limit int) ([]Hit, error) {
	terms := SearchTerms(query)
	var hits []Hit
	for i, e := range g.Entities {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if h, ok := ScoreEntity(e, terms); ok {
			hits = append(hits, h)
		}
	}
	for _, t := range g.Ties {
		if h, ok := ScoreTie(t, terms); ok {
			hits = append(hits, h)
		}
	}
	return SortHits(hits, limit), ctx.Err()
}

// SortHits orders hits by score, entities before ties at equal score, then
// by id; and keeps at most limit of them (all when limit <= 0).
func SortHits(hits []Hit, limit int) []Hit {
	id := func(h Hit) (int, string) {
		if h.Entity != nil {
			return 0, h.Entity.ID
		}
		return 1, h.Tie.ID
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		ki, ii := id(hits[i])
		kj, ij := id(hits[j])
		if ki != kj {
			return ki < kj
		}
		return ii < ij
	})
	if limit > 0 && len(hits) > limit {
		hits = hits[:limit]
	}
	return hits
}
