package loader

import (
	"encoding/binary"
	"errors"
	"fmt"
	"unsafe"

	"github.com/bcgraph/bcgraph/graph"
)

// The snapshot codec: a graph's facts as New completed them, in a compact
// binary form that decodes in one pass without reflection. Every distinct
// string is stored once, and decoded strings point into the snapshot's own
// bytes (which must then never change: the embedded snapshot is read-only,
// a cache file's bytes are read once and kept). gob spent a fifth of a
// cached 100x start-up decoding, with an allocation per string.
//
// Layout: magic, hash, the string table (count, then length-prefixed
// bytes), then sources, entities and ties, each a count and then their
// fields in declaration order: strings as table indexes, ints as zigzag
// varints, string and int lists as length+1 (0 for a nil list).

const snapshotMagic = "bcgraph-snapshot-3\n"

var errCorrupt = errors.New("corrupt snapshot")

type encoder struct {
	strs  map[string]uint64
	table []string
	body  []byte
}

func (e *encoder) str(s string) {
	i, ok := e.strs[s]
	if !ok {
		i = uint64(len(e.table))
		e.strs[s] = i
		e.table = append(e.table, s)
	}
	e.body = binary.AppendUvarint(e.body, i)
}

func (e *encoder) int(n int) { e.body = binary.AppendVarint(e.body, int64(n)) }

func (e *encoder) bool(b bool) {
	if b {
		e.body = append(e.body, 1)
	} else {
		e.body = append(e.body, 0)
	}
}

func (e *encoder) strList(ss []string) {
	if ss == nil {
		e.body = binary.AppendUvarint(e.body, 0)
		return
	}
	e.body = binary.AppendUvarint(e.body, uint64(len(ss))+1)
	for _, s := range ss {
		e.str(s)
	}
}

func (e *encoder) intList(ns []int) {
	if ns == nil {
		e.body = binary.AppendUvarint(e.body, 0)
		return
	}
	e.body = binary.AppendUvarint(e.body, uint64(len(ns))+1)
	for _, n := range ns {
		e.int(n)
	}
}

func (e *encoder) date(d graph.Date) { e.int(d.Year); e.int(d.Month); e.int(d.Day) }

func (e *encoder) evidence(ev graph.Evidence) {
	e.int(ev.Chapter)
	e.intList(ev.Footnotes)
	e.str(ev.Quote)
}

func (e *encoder) pos(p graph.Pos) { e.str(p.File); e.int(p.Line) }

// statement writes what a fact adds to its first evidence: the end of its
// date range, whether the date is approximate, its later statements and
// whether it is inferred.
func (e *encoder) statement(end graph.Date, approx bool, also []graph.Evidence, inferred bool) {
	e.date(end)
	e.bool(approx)
	e.body = binary.AppendUvarint(e.body, uint64(len(also)))
	for _, ev := range also {
		e.evidence(ev)
	}
	e.bool(inferred)
}

// encodeFacts writes a snapshot of the facts.
func encodeFacts(hash string, entities []*graph.Entity, ties []*graph.Tie, sources []*graph.Source) []byte {
	e := &encoder{strs: map[string]uint64{}}
	e.body = binary.AppendUvarint(e.body, uint64(len(sources)))
	for _, s := range sources {
		e.int(s.N)
		e.int(s.Chapter)
		e.str(s.Title)
		e.str(s.Author)
		e.int(s.Year)
		e.str(s.URL)
		e.pos(s.Pos)
	}
	e.body = binary.AppendUvarint(e.body, uint64(len(entities)))
	for _, x := range entities {
		e.str(x.ID)
		e.str(x.Label)
		e.str(x.Name)
		e.str(x.Country)
		e.strList(x.Aliases)
		e.strList(x.Ambiguous)
		e.str(x.RU)
		e.str(x.ZH)
		e.str(x.In)
		e.date(x.Date)
		e.str(x.Status)
		e.str(x.Note)
		e.evidence(x.Evidence)
		e.statement(x.End, x.Approx, x.Also, x.Inferred)
		e.pos(x.Pos)
	}
	e.body = binary.AppendUvarint(e.body, uint64(len(ties)))
	for _, t := range ties {
		e.str(t.ID)
		e.str(t.Type)
		e.str(t.From)
		e.str(t.To)
		e.date(t.Date)
		e.str(t.Status)
		e.str(t.Role)
		e.bool(t.Reference)
		e.str(t.Note)
		e.evidence(t.Evidence)
		e.statement(t.End, t.Approx, t.Also, t.Inferred)
		e.pos(t.Pos)
	}
	out := []byte(snapshotMagic)
	out = binary.AppendUvarint(out, uint64(len(hash)))
	out = append(out, hash...)
	out = binary.AppendUvarint(out, uint64(len(e.table)))
	for _, s := range e.table {
		out = binary.AppendUvarint(out, uint64(len(s)))
		out = append(out, s...)
	}
	return append(out, e.body...)
}

type decoder struct {
	data  []byte
	table []string
	err   error
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.data)
	if n <= 0 {
		d.err = errCorrupt
		return 0
	}
	d.data = d.data[n:]
	return v
}

func (d *decoder) int() int {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.data)
	if n <= 0 {
		d.err = errCorrupt
		return 0
	}
	d.data = d.data[n:]
	return int(v)
}

// count reads a length and refuses one the remaining bytes cannot hold
// (each item takes at least min bytes), so a corrupt file cannot make it
// allocate without bound.
func (d *decoder) count(min int) int {
	n := d.uvarint()
	if d.err == nil && n > uint64(len(d.data)/min) {
		d.err = errCorrupt
		return 0
	}
	return int(n)
}

func (d *decoder) raw() string {
	n := d.count(1)
	if d.err != nil {
		return ""
	}
	if n == 0 {
		return ""
	}
	s := unsafe.String(&d.data[0], n)
	d.data = d.data[n:]
	return s
}

func (d *decoder) str() string {
	i := d.strIndex()
	if d.err != nil {
		return ""
	}
	return d.table[i]
}

// strIndex reads a string as its index in the table (0, the first
// string, when the snapshot is corrupt: d.err says so).
func (d *decoder) strIndex() uint64 {
	i := d.uvarint()
	if d.err != nil {
		return 0
	}
	if i >= uint64(len(d.table)) {
		d.err = errCorrupt
		return 0
	}
	return i
}

func (d *decoder) bool() bool {
	if d.err != nil || len(d.data) == 0 {
		d.err = errCorrupt
		return false
	}
	b := d.data[0]
	d.data = d.data[1:]
	return b == 1
}

func (d *decoder) strList() []string {
	n := d.count(1)
	if d.err != nil || n == 0 {
		return nil
	}
	out := make([]string, n-1)
	for i := range out {
		out[i] = d.str()
	}
	return out
}

func (d *decoder) intList() []int {
	n := d.count(1)
	if d.err != nil || n == 0 {
		return nil
	}
	out := make([]int, n-1)
	for i := range out {
		out[i] = d.int()
	}
	return out
}

func (d *decoder) date() graph.Date { return graph.Date{Year: d.int(), Month: d.int(), Day: d.int()} }

func (d *decoder) evidence() graph.Evidence {
	return graph.Evidence{Chapter: d.int(), Footnotes: d.intList(), Quote: d.str()}
}

func (d *decoder) pos() graph.Pos { return graph.Pos{File: d.str(), Line: d.int()} }

// statement reads what encoder.statement wrote.
func (d *decoder) statement() (end graph.Date, approx bool, also []graph.Evidence, inferred bool) {
	end, approx = d.date(), d.bool()
	if n := d.count(3); n > 0 {
		also = make([]graph.Evidence, n)
		for i := range also {
			also[i] = d.evidence()
		}
	}
	return end, approx, also, d.bool()
}

// decodeFacts reads a snapshot encodeFacts wrote. data must not change
// afterwards: the facts' strings share its bytes.
//
// It also returns the ties' ends as positions in entities, in
// graph.Restore's form: an entity id is a string-table index, so an end's
// position is a slice lookup where the graph would look its name up.
func decodeFacts(data []byte) (hash string, entities []*graph.Entity, ties []*graph.Tie, sources []*graph.Source, ends []int32, err error) {
	if len(data) < len(snapshotMagic) || string(data[:len(snapshotMagic)]) != snapshotMagic {
		return "", nil, nil, nil, nil, fmt.Errorf("not a bcgraph snapshot")
	}
	d := &decoder{data: data[len(snapshotMagic):]}
	hash = d.raw()
	d.table = make([]string, d.count(1))
	for i := range d.table {
		d.table[i] = d.raw()
	}
	sources = make([]*graph.Source, d.count(7))
	srcs := make([]graph.Source, len(sources))
	for i := range sources {
		s := &srcs[i]
		s.N, s.Chapter, s.Title, s.Author, s.Year, s.URL, s.Pos = d.int(), d.int(), d.str(), d.str(), d.int(), d.str(), d.pos()
		sources[i] = s
	}
	entities = make([]*graph.Entity, d.count(25))
	ents := make([]graph.Entity, len(entities))
	at := make([]int32, len(d.table)) // string index → position+1 of the entity with that id
	for i := range entities {
		e := &ents[i]
		if id := d.strIndex(); d.err == nil {
			at[id] = int32(i) + 1
			e.ID = d.table[id]
		}
		e.Label, e.Name, e.Country = d.str(), d.str(), d.str()
		e.Aliases, e.Ambiguous = d.strList(), d.strList()
		e.RU, e.ZH, e.In = d.str(), d.str(), d.str()
		e.Date, e.Status, e.Note = d.date(), d.str(), d.str()
		e.Evidence = d.evidence()
		e.End, e.Approx, e.Also, e.Inferred = d.statement()
		e.Pos = d.pos()
		entities[i] = e
	}
	ties = make([]*graph.Tie, d.count(22))
	ts := make([]graph.Tie, len(ties))
	ends = make([]int32, 2*len(ties))
	for i := range ties {
		t := &ts[i]
		t.ID, t.Type = d.str(), d.str()
		if from, to := d.strIndex(), d.strIndex(); d.err == nil {
			t.From, t.To = d.table[from], d.table[to]
			ends[2*i], ends[2*i+1] = at[from]-1, at[to]-1
		}
		t.Date, t.Status, t.Role = d.date(), d.str(), d.str()
		t.Reference, t.Note = d.bool(), d.str()
		t.Evidence = d.evidence()
		t.End, t.Approx, t.Also, t.Inferred = d.statement()
		t.Pos = d.pos()
		ties[i] = t
	}
	if d.err == nil && len(d.data) != 0 {
		d.err = errCorrupt
	}
	if d.err != nil {
		return "", nil, nil, nil, nil, d.err
	}
	return hash, entities, ties, sources, ends, nil
}
