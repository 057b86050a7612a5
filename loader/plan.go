package loader

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/bcgraph/bcgraph/graph"
)

// MarkerLabel is on every node bcgraph writes, beside its domain label: the
// id constraint and every lookup rest on it alone, so that a user's own nodes
// (a :Province of theirs, without it) are never touched, merged or
// constrained, and it is how --wipe knows what is bcgraph's.
const MarkerLabel = "Bcgraph"

// BatchSize is how many rows one UNWIND statement writes.
const BatchSize = 10000

// formatVersion names what a load writes: bump it whenever the properties,
// labels or their encoding change, so that a database loaded by an older
// bcgraph reads as stale and the next load rewrites every node.
const formatVersion = "bcgraph-load/5"

// Fingerprint identifies a dataset as a load writes it. It is stored in the
// database at the end of every complete load.
type Fingerprint string

// Row is one node (ID, Label) or one relationship (ID, Label = its type,
// From, To) and the properties bcgraph owns on it.
type Row struct {
	ID, Label string
	From, To  string
	Props     map[string]any
	Hash      string // of Label, ends and Props; set once the plan is measured
}

// Plan is everything a load writes: the schema, then node rows by label and
// relationship rows by type. NewPlan computes the dataset's own facts only,
// which is cheap; the analyses written beside them (PageRank, betweenness,
// communities…) and each node's caption (its short name) are computed by
// Measure, which Load calls only when the database does not already hold
// this very dataset.
type Plan struct {
	Schema      []string
	Nodes       map[string][]Row // label → rows
	Rels        map[string][]Row // type → rows
	Fingerprint Fingerprint
	Sources     []map[string]any // the book's footnotes {n, props}: see sources.go
	Cites       []Cite           // fact → footnote
	state       *planState
}

type planState struct {
	g        *graph.Graph
	mu       sync.Mutex
	measured bool
}

// NewPlan turns the graph into rows: every entity with its names, evidence,
// dates and derived geography (unit, ancestors, country), every tie with its
// evidence, and the dataset's fingerprint.
func NewPlan(g *graph.Graph) Plan {
	p := Plan{Schema: schemaStatements(), Nodes: map[string][]Row{}, Rels: map[string][]Row{}, state: &planState{g: g}}
	h := sha256.New()
	h.Write([]byte(formatVersion))
	for _, e := range g.Entities {
		props := nodeProps(e)
		if u := g.Unit(e.ID); u != nil {
			props["unit"] = u.ID
		}
		chain := g.LocationChain(e.ID)
		anc := make([]string, len(chain))
		for i, a := range chain {
			anc[i] = a.ID
		}
		props["ancestors"] = anc
		// country: the entity's own or, failing that, its nearest ancestor's,
		// as analyses group by; entity_country: only what the dataset says.
		if e.Country != "" {
			props["entity_country"] = e.Country
		}
		if c := g.CountryOf(e.ID); c != "" {
			props["country"] = c
		}
		r := Row{ID: e.ID, Label: e.Label, Props: props}
		writeRow(h, r)
		p.Nodes[e.Label] = append(p.Nodes[e.Label], r)
	}
	for _, t := range g.Ties {
		r := Row{ID: t.ID, Label: t.Type, From: t.From, To: t.To, Props: relProps(t)}
		writeRow(h, r)
		p.Rels[t.Type] = append(p.Rels[t.Type], r)
	}
	p.Sources, p.Cites = sourceRows(g), citeRows(g)
	for _, row := range p.Sources {
		writeRow(h, Row{ID: fmt.Sprint(row["n"]), Label: SourceLabel, Props: row["props"].(map[string]any)})
	}
	// The CITES relationships too: the source and sources twins count along
	// them, so a database whose CITES another version wrote does not hold
	// this dataset.
	for _, c := range p.Cites {
		writeRow(h, Row{ID: c.Tie, Label: CitesType, From: c.ID, To: fmt.Sprint(c.N)})
	}
	p.Fingerprint = Fingerprint(hex.EncodeToString(h.Sum(nil)[:16]))
	return p
}

// DatasetFingerprint is the fingerprint a load of g stores in the database:
// what CheckLoaded compares against. Working it out means building every
// row a load would write (1.5 s at 100 times the book), so for a graph
// read through the --seeds cache it is kept beside the cache file: every
// --backend neo4j command asks for it.
func DatasetFingerprint(g *graph.Graph) Fingerprint {
	path, cached := cachedFrom(g)
	if cached {
		if data, err := os.ReadFile(path + fingerprintExt); err == nil && validFingerprint(string(data)) {
			return Fingerprint(data)
		}
	}
	f := NewPlan(g).Fingerprint
	if cached {
		writeAtomic(path+fingerprintExt, []byte(f))
	}
	return f
}

// fingerprintExt names the file beside a cache file that holds the
// dataset's fingerprint.
const fingerprintExt = ".fingerprint"

// validFingerprint is what NewPlan makes: 32 hexadecimal digits.
func validFingerprint(s string) bool {
	b, err := hex.DecodeString(s)
	return err == nil && len(b) == 16
}

// Rows counts the plan's nodes and relationships.
func (p Plan) Rows() (nodes, rels int) {
	for _, rs := range p.Nodes {
		nodes += len(rs)
	}
	for _, rs := range p.Rels {
		rels += len(rs)
	}
	return nodes, rels
}

// Measure computes the analyses written on nodes (pagerank, betweenness,
// community, partners, links, and province_* on provinces and regions), the
// nodes' captions and every row's hash. It runs the analyses concurrently
// and returns as soon as ctx is done. It is idempotent; Load calls it when it has work to do.
func (p Plan) Measure(ctx context.Context) error {
	s := p.state
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.measured {
		return nil
	}
	// The short names are worked out for the whole dataset at once, while
	// the analyses run: at 100 times the book they take as long as
	// betweenness leaves a core free.
	names := make(chan struct{})
	go func() {
		defer close(names)
		s.g.ShortName("")
	}()
	m, err := analyse(ctx, s.g)
	if err != nil {
		// The names finish on their own, kept for the graph's next use.
		return fmt.Errorf("plan: %w", err)
	}
	<-names
	for _, rows := range p.Nodes {
		for i := range rows {
			m.apply(rows[i].ID, rows[i].Props)
			// The caption Neo4j Browser draws (the style captions by it).
			// Short names are worked out over the whole dataset: like the
			// analyses, only a load with something to write pays for them,
			// and the fingerprint (of the facts, which they follow from)
			// leaves them out.
			rows[i].Props["caption"] = s.g.ShortName(rows[i].ID)
			rows[i].Hash = rowHash(rows[i])
		}
	}
	for _, rows := range p.Rels {
		for i := range rows {
			rows[i].Hash = rowHash(rows[i])
		}
	}
	s.measured = true
	return nil
}

// measures are the analyses of one dataset, by entity id.
type measures struct {
	entity         map[string]graph.CentralityRow
	partners       map[string]map[string]bool
	links          map[string]int
	province       map[string]graph.CentralityRow
	regionPartners map[string]map[string]bool
	regionTies     map[string]int
	community      map[string]int
}

// analyse runs the independent analyses side by side: on a large dataset they
// are most of a load's client time.
func analyse(ctx context.Context, g *graph.Graph) (*measures, error) {
	m := &measures{entity: map[string]graph.CentralityRow{}, province: map[string]graph.CentralityRow{},
		regionPartners: map[string]map[string]bool{}, regionTies: map[string]int{}, community: map[string]int{}}
	var wg sync.WaitGroup
	errs := make([]error, 3)
	run := func(i int, f func() error) {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = f() }()
	}
	run(0, func() error {
		_, _, m.partners, m.links = g.LinkGraph(graph.Window{})
		rows, err := g.EntityCentrality(ctx, graph.Window{}, nil)
		for _, r := range rows {
			m.entity[r.Entity.ID] = r
		}
		return err
	})
	run(1, func() error {
		rows, err := g.ProvinceCentrality(ctx, graph.Window{})
		for _, r := range rows {
			m.province[r.Entity.ID] = r
		}
		for k, n := range g.Project(graph.Window{}).Edges {
			if m.regionPartners[k[1]] == nil {
				m.regionPartners[k[1]] = map[string]bool{}
			}
			m.regionPartners[k[1]][k[0]] = true
			m.regionTies[k[1]] += n
		}
		return err
	})
	run(2, func() error {
		comms, _, err := g.Communities(ctx, graph.CommunitySeed)
		for i, c := range comms {
			for _, e := range c.Members {
				m.community[e.ID] = i + 1
			}
		}
		return err
	})
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
		return m, errors.Join(errs...)
	case <-ctx.Done():
		// What does not watch ctx finishes in the background, its result dropped.
		return nil, ctx.Err()
	}
}

func (m *measures) apply(id string, props map[string]any) {
	if r, ok := m.entity[id]; ok {
		props["pagerank"], props["betweenness"] = r.PageRank, r.Betweenness
	}
	props["partners"], props["links"] = int64(len(m.partners[id])), int64(m.links[id])
	if c, ok := m.community[id]; ok {
		props["community"] = int64(c)
	}
	if r, ok := m.province[id]; ok {
		props["province_partners"], props["province_ties"] = int64(r.Partners), int64(r.Ties)
		props["province_betweenness"], props["province_pagerank"] = r.Betweenness, r.PageRank
	}
	if n, ok := m.regionTies[id]; ok {
		props["province_partners"], props["province_ties"] = int64(len(m.regionPartners[id])), int64(n)
	}
}

// ownedKeys is the vocabulary of property keys bcgraph writes. A node or
// relationship records which of them it owns as a bit mask (bit i for
// ownedKeys[i], in its bcgraph_hash: see stamp), so that a reload removes
// exactly the keys the dataset dropped and never a key a user added.
// Append new keys at the end: a key's position is stored in databases.
var ownedKeys = []string{"id", "name", "label", "country", "aliases", "ambiguous", "ru", "zh", "status", "quote",
	"footnote", "chapter", "note", "search_names", "date", "date_text", "year", "month", "pagerank", "betweenness",
	"partners", "links", "community", "province_partners", "province_ties", "province_betweenness", "province_pagerank",
	"unit", "ancestors", "entity_country", "reference", "role", "caption",
	"year_end", "approx", "inferred", "also_quote", "also_chapter", "also_footnote"}

var keyBit = func() map[string]int64 {
	m := map[string]int64{}
	for i, k := range ownedKeys {
		m[k] = 1 << i
	}
	return m
}()

// legacyKeys are what a node or relationship written before bcgraph recorded
// its keys owns: every key earlier versions wrote (they replaced all
// properties on each load, so nothing else survived on them anyway).
const legacyKeys int64 = 1<<32 - 1

// Keys returns the row's property keys, sorted: what bcgraph owns on it.
func (r Row) Keys() []string {
	keys := make([]string, 0, len(r.Props))
	for k := range r.Props {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// keyMask is Keys as a bit mask over ownedKeys.
func (r Row) keyMask() int64 {
	var m int64
	for k := range r.Props {
		bit, ok := keyBit[k]
		if !ok {
			panic("loader: property " + k + " is not in ownedKeys")
		}
		m |= bit
	}
	return m
}

// stamp is what a node or relationship carries as bcgraph_hash: the row's
// hash, then the mask of the keys bcgraph owns on it ("3fa9…/1f4e7"). One
// property, not two: every property costs a load time and memory.
func (r Row) stamp() string { return r.Hash + "/" + strconv.FormatInt(r.keyMask(), 36) }

// written is what a load sets on the node or relationship: the row's
// properties and its bcgraph_hash.
func (r Row) written() map[string]any {
	m := make(map[string]any, len(r.Props)+1)
	for k, v := range r.Props {
		m[k] = v
	}
	m[hashKey] = r.stamp()
	return m
}

// hashKey is the property that holds a row's stamp.
const hashKey = "bcgraph_hash"

// unstamp reads a bcgraph_hash. Before bcgraph recorded its keys it held the
// hash alone: such a node owns legacyKeys.
func unstamp(s string) (hash string, keys int64) {
	h, k, ok := strings.Cut(s, "/")
	if !ok {
		return s, legacyKeys
	}
	n, err := strconv.ParseInt(k, 36, 64)
	if err != nil {
		return h, legacyKeys
	}
	return h, n
}

// dropped lists the keys owned under mask old that the row no longer has.
func (r Row) dropped(old int64) []string {
	gone := []string{}
	for i, k := range ownedKeys {
		if old&(1<<i) != 0 {
			if _, ok := r.Props[k]; !ok {
				gone = append(gone, k)
			}
		}
	}
	return gone
}

// rowHash fingerprints what a row writes, measures to the last bit: they
// are bit-identical on every run of the same dataset.
func rowHash(r Row) string {
	h := sha256.New()
	writeRow(h, r)
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// writeRow feeds a row to h in a canonical form: sorted keys, typed values,
// every string length-prefixed.
func writeRow(h hash.Hash, r Row) {
	buf := make([]byte, 0, 1024)
	str := func(tag byte, s string) {
		buf = append(buf, tag)
		buf = binary.AppendUvarint(buf, uint64(len(s)))
		buf = append(buf, s...)
	}
	str('r', r.ID)
	str('l', r.Label)
	str('f', r.From)
	str('t', r.To)
	keys := make([]string, 0, len(r.Props))
	for k := range r.Props {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		str('k', k)
		switch v := r.Props[k].(type) {
		case string:
			str('s', v)
		case int64:
			buf = strconv.AppendInt(append(buf, 'i'), v, 10)
		case float64:
			buf = strconv.AppendFloat(append(buf, 'd'), v, 'g', -1, 64)
		case bool:
			buf = strconv.AppendBool(append(buf, 'b'), v)
		case []string:
			buf = binary.AppendUvarint(append(buf, 'S'), uint64(len(v)))
			for _, s := range v {
				str('s', s)
			}
		case []int64:
			buf = binary.AppendUvarint(append(buf, 'I'), uint64(len(v)))
			for _, n := range v {
				buf = strconv.AppendInt(append(buf, ','), n, 10)
			}
		case neo4j.Date:
			str('D', v.String())
		default:
			str('?', fmt.Sprintf("%T %v", v, v))
		}
		buf = append(buf, ';')
	}
	h.Write(buf)
}

// dateProps writes a fact's date: date_text as the seeds give it (a range
// "2014/2015" too), year (and year_end for a range) for the year window,
// month, and a Neo4j date when the day is known.
func dateProps(p map[string]any, d, end graph.Date) {
	if d.IsZero() {
		return
	}
	p["date_text"] = d.String()
	if !end.IsZero() {
		p["date_text"] = d.String() + "/" + end.String()
		p["year_end"] = int64(end.Year)
	}
	p["year"] = int64(d.Year)
	if d.Month > 0 {
		p["month"] = int64(d.Month)
	}
	if d.Day > 0 {
		p["date"] = neo4j.DateOf(time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC))
	}
}

func ints(ns []int) []int64 {
	out := make([]int64, len(ns))
	for i, n := range ns {
		out[i] = int64(n)
	}
	return out
}

func nodeProps(e *graph.Entity) map[string]any {
	p := map[string]any{"id": e.ID, "name": e.Name, "label": e.Label}
	set := func(k string, v any, ok bool) {
		if ok {
			p[k] = v
		}
	}
	set("country", e.Country, e.Country != "")
	set("aliases", slices.Clone(e.Aliases), len(e.Aliases) > 0)
	set("ambiguous", slices.Clone(e.Ambiguous), len(e.Ambiguous) > 0)
	set("ru", e.RU, e.RU != "")
	set("zh", e.ZH, e.ZH != "")
	set("status", e.Status, e.Status != "")
	set("quote", e.Quote, e.Quote != "")
	set("footnote", ints(e.Footnotes), len(e.Footnotes) > 0)
	set("chapter", int64(e.Chapter), e.Chapter > 0)
	set("note", e.Note, e.Note != "")
	// The full-text index covers name and search_names: the other names,
	// when there are any.
	if others := e.Names()[1:]; len(others) > 0 {
		p["search_names"] = strings.Join(others, " | ")
	}
	dateProps(p, e.Date, e.End)
	graph.StatementProps(p, e.Approx, e.Also, e.Inferred, false)
	return p
}

func relProps(t *graph.Tie) map[string]any {
	p := map[string]any{"id": t.ID, "reference": t.Reference}
	set := func(k string, v any, ok bool) {
		if ok {
			p[k] = v
		}
	}
	set("quote", t.Quote, t.Quote != "")
	set("footnote", ints(t.Footnotes), len(t.Footnotes) > 0)
	set("chapter", int64(t.Chapter), t.Chapter > 0 && !t.Reference)
	set("status", t.Status, t.Status != "")
	set("role", t.Role, t.Role != "")
	set("note", t.Note, t.Note != "")
	dateProps(p, t.Date, t.End)
	graph.StatementProps(p, t.Approx, t.Also, t.Inferred, false)
	return p
}
