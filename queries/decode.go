package queries

import (
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/bcgraph/bcgraph/graph"
)

// A decoder reads the records of one query with the driver's typed helpers
// (neo4j.GetRecordValue): a value of the wrong type, or a missing one where
// a value is required, is an error naming the query and the key — never a
// silent "" or 0. Nested maps (Cypher map projections) are read the same way
// by viewing them as records. The first error sticks; check err once at the end.
type decoder struct {
	query string
	err   error
}

func (d *decoder) fail(key string, err error) {
	if d.err == nil {
		d.err = &Error{Query: d.query, Err: fmt.Errorf("decoding %s: %w", key, err)}
	}
}

// Error is a canned query that failed on the server or returned what its
// twin cannot read. Callers tell it from the graph package's answers-without-
// an-answer (graph.ErrNoPath…) with errors.As.
type Error struct {
	Query string
	Err   error
}

func (e *Error) Error() string { return "query " + e.Query + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// asRecord views a Cypher map as a record, so that its values are read with
// the same typed helper as a record's.
func asRecord(m map[string]any) *neo4j.Record {
	r := &neo4j.Record{Keys: make([]string, 0, len(m)), Values: make([]any, 0, len(m))}
	for k, v := range m {
		r.Keys = append(r.Keys, k)
		r.Values = append(r.Values, v)
	}
	return r
}

// value reads a required value.
func value[T neo4j.RecordValue](d *decoder, r *neo4j.Record, key string) T {
	v, isNil, err := neo4j.GetRecordValue[T](r, key)
	if err == nil && isNil {
		err = fmt.Errorf("is null")
	}
	if err != nil {
		d.fail(key, err)
	}
	return v
}

// optional reads a value that may be null or absent: a projection of all
// properties (tie's {.*}) has no key for a property that is not set.
func optional[T neo4j.RecordValue](d *decoder, r *neo4j.Record, key string) T {
	if _, ok := r.Get(key); !ok {
		var zero T
		return zero
	}
	v, _, err := neo4j.GetRecordValue[T](r, key)
	if err != nil {
		d.fail(key, err)
	}
	return v
}

// maps reads a list of maps as records.
func maps(d *decoder, r *neo4j.Record, key string) []*neo4j.Record {
	list := optional[[]any](d, r, key)
	out := make([]*neo4j.Record, 0, len(list))
	for i, x := range list {
		m, ok := x.(map[string]any)
		if !ok {
			d.fail(fmt.Sprintf("%s[%d]", key, i), fmt.Errorf("expected a map but found %T", x))
			continue
		}
		out = append(out, asRecord(m))
	}
	return out
}

// strs reads a list of strings.
func strs(d *decoder, r *neo4j.Record, key string) []string {
	list := optional[[]any](d, r, key)
	out := make([]string, 0, len(list))
	for i, x := range list {
		s, ok := x.(string)
		if !ok {
			d.fail(fmt.Sprintf("%s[%d]", key, i), fmt.Errorf("expected a string but found %T", x))
		}
		out = append(out, s)
	}
	return out
}

// ints reads a list of integers.
func int64s(d *decoder, r *neo4j.Record, key string) []int64 {
	ns := ints(d, r, key)
	out := make([]int64, len(ns))
	for i, n := range ns {
		out[i] = int64(n)
	}
	return out
}

func ints(d *decoder, r *neo4j.Record, key string) []int {
	list := optional[[]any](d, r, key)
	out := make([]int, 0, len(list))
	for i, x := range list {
		n, ok := x.(int64)
		if !ok {
			d.fail(fmt.Sprintf("%s[%d]", key, i), fmt.Errorf("expected an integer but found %T", x))
		}
		out = append(out, int(n))
	}
	return out
}

// date reads a date written as text ("2019", "2019-05", "2019-05-14").
// date reads a date; of a range START/END, its start.
func date(d *decoder, r *neo4j.Record, key string) graph.Date {
	start, _ := dates(d, r, key)
	return start
}

// dates reads a date or a range START/END.
func dates(d *decoder, r *neo4j.Record, key string) (graph.Date, graph.Date) {
	s := optional[string](d, r, key)
	start, end, err := graph.ParseDates(s)
	if err != nil {
		d.fail(key, err)
	}
	return start, end
}

// statement reads what a fact carries beyond its first evidence.
func statement(d *decoder, r *neo4j.Record) (approx bool, also []graph.Evidence, inferred bool) {
	approx, inferred = optional[bool](d, r, "approx"), optional[bool](d, r, "inferred")
	also, err := graph.ParseAlso(strs(d, r, "also_quote"), int64s(d, r, "also_chapter"), strs(d, r, "also_footnote"))
	if err != nil {
		d.fail("also_quote", err)
	}
	return approx, also, inferred
}

// entity reads a node projection {id, name, label}.
func entity(d *decoder, r *neo4j.Record) *graph.Entity {
	return &graph.Entity{ID: value[string](d, r, "id"), Name: value[string](d, r, "name"), Label: value[string](d, r, "label")}
}

// occasion reads an agreement, event or program with its evidence (see the
// occasion fragment).
func occasion(d *decoder, r *neo4j.Record) *graph.Entity {
	e := entity(d, r)
	e.Date, e.End = dates(d, r, "date_text")
	e.Status, e.Note = optional[string](d, r, "status"), optional[string](d, r, "note")
	e.Evidence = evidence(d, r)
	e.Approx, e.Also, e.Inferred = statement(d, r)
	return e
}

// evidence reads quote, footnote and chapter.
func evidence(d *decoder, r *neo4j.Record) graph.Evidence {
	return graph.Evidence{Quote: optional[string](d, r, "quote"), Footnotes: ints(d, r, "footnote"),
		Chapter: int(optional[int64](d, r, "chapter"))}
}

func entities(d *decoder, r *neo4j.Record, key string) []*graph.Entity {
	ms := maps(d, r, key)
	out := make([]*graph.Entity, 0, len(ms))
	for _, m := range ms {
		out = append(out, entity(d, m))
	}
	return out
}

// tie reads a relationship projection (see tieFields).
func tie(d *decoder, r *neo4j.Record) *graph.Tie {
	t := &graph.Tie{ID: value[string](d, r, "id"), Type: value[string](d, r, "type"),
		From: value[string](d, r, "from"), To: value[string](d, r, "to"),
		Status: optional[string](d, r, "status"), Role: optional[string](d, r, "role"),
		Reference: optional[bool](d, r, "reference"), Note: optional[string](d, r, "note"), Evidence: evidence(d, r)}
	t.Date, t.End = dates(d, r, "date_text")
	t.Approx, t.Also, t.Inferred = statement(d, r)
	return t
}

func ties(d *decoder, r *neo4j.Record, key string) []*graph.Tie {
	ms := maps(d, r, key)
	out := make([]*graph.Tie, 0, len(ms))
	for _, m := range ms {
		out = append(out, tie(d, m))
	}
	return out
}

// source reads a footnote projection {n, title, author, year, url, chapter}.
func source(d *decoder, r *neo4j.Record) *graph.Source {
	return &graph.Source{N: int(value[int64](d, r, "n")), Title: value[string](d, r, "title"),
		Author: optional[string](d, r, "author"), Year: int(optional[int64](d, r, "year")),
		URL: optional[string](d, r, "url"), Chapter: int(optional[int64](d, r, "chapter"))}
}

// fullEntity reads the entity fragment: an entity with the fields a search scores.
func fullEntity(d *decoder, r *neo4j.Record) *graph.Entity {
	e := occasion(d, r)
	e.Aliases, e.RU, e.ZH, e.Note = strs(d, r, "aliases"), optional[string](d, r, "ru"), optional[string](d, r, "zh"), optional[string](d, r, "note")
	if len(e.Aliases) == 0 {
		e.Aliases = nil
	}
	return e
}
