package loader

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/bcgraph/bcgraph/graph"
)

// Every transaction bcgraph runs has a timeout, so that a client that goes
// away never leaves a runaway transaction on the server.
const (
	// LoadTimeout bounds the load's transaction (each batch's, with
	// --batched): generous, as a dataset a thousand times the book's takes
	// minutes, yet finite.
	LoadTimeout = 30 * time.Minute
	// StatementTimeout bounds the statements around it: reading the schema,
	// settings and what the database holds, creating an index.
	StatementTimeout = 5 * time.Minute
)

// ErrTxTooLarge is a dataset whose load needs more memory than the server
// allows one transaction.
var ErrTxTooLarge = errors.New("the load does not fit in one transaction")

// LoadOptions say how to load.
type LoadOptions struct {
	// Wipe deletes everything bcgraph loaded before, in the load's own
	// transaction: a load that fails leaves it all in place.
	Wipe bool
	// Batched commits every batch of BatchSize rows on its own, for datasets
	// too large for one transaction on the server's settings. A batched load
	// that fails leaves part of the dataset written; the next load (batched or
	// not) converges to it, and until one completes CheckLoaded reports the
	// database as stale.
	Batched bool
	// Progress, if set, is called after each batch.
	Progress func(done, total int)
	// Timeout bounds each transaction; zero means LoadTimeout.
	Timeout time.Duration
	// BatchSize is how many rows one statement (with Batched, one
	// transaction) writes; zero means BatchSize.
	BatchSize int
}

// Counts of one kind of thing written.
type Counts struct {
	Created, Updated, Unchanged, Deleted int
}

// Summary is what a load did.
type Summary struct {
	Nodes, Rels Counts
	Elapsed     time.Duration
	// Transactions is how many write transactions committed.
	Transactions int
	// PeakTxMemory is the most heap the server reported the load's
	// transaction using (SHOW TRANSACTIONS, estimatedUsedHeapMemory), in
	// bytes; 0 when nothing was written or the server does not say.
	PeakTxMemory int64
	// TxMemoryLimit is what the server allows one transaction, in bytes
	// (0: no limit known), and TxMemorySetting the setting that says so.
	TxMemoryLimit   int64
	TxMemorySetting string
	SchemaCreated   []string // constraints and indexes this load created
	SchemaDropped   []string // ones earlier bcgraph versions created, dropped
	Warnings        []string
}

// Changed reports whether the load changed any node or relationship.
func (s Summary) Changed() bool {
	return s.Nodes.Created+s.Nodes.Updated+s.Nodes.Deleted+s.Rels.Created+s.Rels.Updated+s.Rels.Deleted > 0
}

// Load makes the database hold exactly the plan's dataset. When the record
// of the last complete load and bcgraph's counts say the database holds this
// dataset, it computes and writes nothing. Otherwise it reads once the ids,
// labels (types and ends) and hashes of bcgraph's nodes and relationships,
// measures the plan, compares in Go, and creates what is new, sets what
// changed (only the properties bcgraph owns, as its bcgraph_hash records),
// relabels, replaces relationships whose ends or type changed, and deletes
// what the dataset no longer has, all in ONE transaction (with opt.Wipe,
// the wipe too): a load that fails or is interrupted leaves the database as
// it was. Missing constraints are created first, and dropped again if the
// load fails; missing indexes once it has committed.
func Load(ctx context.Context, d neo4j.DriverWithContext, database string, p Plan, opt LoadOptions) (Summary, error) {
	start := time.Now()
	if p.state == nil {
		return Summary{}, errors.New("load: empty plan (use NewPlan)")
	}
	k, err := look(ctx, d, database, p.state.g, p.Fingerprint, opt)
	if err != nil {
		return Summary{}, err
	}
	return load(ctx, d, database, p, opt, k, start)
}

// found is what a load first learns of the database: its schema, and
// whether it holds the dataset already (held) or nothing of bcgraph's
// (empty). Neither is asked with Wipe.
type found struct {
	sch         schemaState
	held, empty bool
}

// look reads the schema and, unless opt.Wipe, whether the database holds
// the dataset with this fingerprint: the counts by label and type it must
// find are g's, a node row per entity and a relationship row per tie.
func look(ctx context.Context, d neo4j.DriverWithContext, database string, g *graph.Graph, fingerprint Fingerprint, opt LoadOptions) (found, error) {
	var k found
	var err error
	if k.sch, err = readSchema(ctx, d, database); err != nil {
		return found{}, failed(ctx, err)
	}
	if opt.Wipe {
		return k, nil
	}
	want := map[string]int64{}
	for _, e := range g.Entities {
		want["node "+e.Label]++
	}
	for _, t := range g.Ties {
		want["rel "+t.Type]++
	}
	if k.held, k.empty, err = holds(ctx, d, database, fingerprint, want); err != nil {
		return found{}, failed(ctx, err)
	}
	return k, nil
}

// load is Load once the database has been looked at.
func load(ctx context.Context, d neo4j.DriverWithContext, database string, p Plan, opt LoadOptions, k found, start time.Time) (Summary, error) {
	if opt.Timeout <= 0 {
		opt.Timeout = LoadTimeout
	}
	if opt.BatchSize <= 0 {
		opt.BatchSize = BatchSize
	}
	var err error
	sch, held, empty := k.sch, k.held, k.empty
	var s Summary
	wrote := false
	if held {
		// A complete load of this very dataset wrote every measure too: there
		// is nothing to compute and nothing to write.
		s.Nodes.Unchanged, s.Rels.Unchanged = p.Rows()
	} else {
		st := emptyState()
		if !empty {
			// Something of bcgraph's is there: read what.
			if st, err = readStateTx(ctx, d, database); err != nil {
				return Summary{}, failed(ctx, err)
			}
		}
		if err := p.Measure(ctx); err != nil {
			return Summary{}, failed(ctx, err)
		}
		w := diff(st, p, opt.Wipe)
		s.Nodes, s.Rels = w.nodes.counts, w.rels.counts
		if w.empty() && st.fingerprint == string(p.Fingerprint) {
			// Unchanged rows, the fingerprint already right: nothing to write.
		} else if err := write(ctx, d, database, p, st, w, sch, opt, &s); err != nil {
			return Summary{}, err
		} else {
			wrote = true
		}
	}
	if missing := sch.missing(); len(missing) > 0 && !wrote {
		// The data needed nothing, but the schema did (someone dropped an index).
		created, err := createSchema(ctx, d, database, missing)
		if err != nil {
			return Summary{}, failed(ctx, fmt.Errorf("schema: %w", err))
		}
		s.SchemaCreated = names(created)
	}
	// Earlier versions' per-label constraints go only once this load has
	// committed: a failed load must leave them too.
	if len(sch.obsolete) > 0 {
		if err := dropSchema(ctx, d, database, sch.obsolete); err != nil {
			s.Warnings = append(s.Warnings, fmt.Sprintf("could not drop a constraint an older bcgraph created: %v", err))
		} else {
			s.SchemaDropped = names(sch.obsolete)
		}
	}
	s.Elapsed = time.Since(start)
	return s, nil
}

// LoadGraph is Load of NewPlan(g), for a load that may well have nothing
// to do: it first asks whether the database already holds g, its schema
// complete, from g's fingerprint and counts alone, and builds the plan
// only when something is to be written. For a --seeds folder read through
// the cache the fingerprint is kept beside it, so such a reload of a
// dataset 100 times the book's skips building every row a load would
// write (1.3 s of its 1.8).
func LoadGraph(ctx context.Context, d neo4j.DriverWithContext, database string, g *graph.Graph, opt LoadOptions) (Summary, error) {
	start := time.Now()
	k, err := look(ctx, d, database, g, DatasetFingerprint(g), opt)
	if err != nil {
		return Summary{}, err
	}
	if k.held && len(k.sch.missing()) == 0 && len(k.sch.obsolete) == 0 {
		s := Summary{Elapsed: time.Since(start)}
		s.Nodes.Unchanged, s.Rels.Unchanged = len(g.Entities), len(g.Ties)
		return s, nil
	}
	return load(ctx, d, database, NewPlan(g), opt, k, start)
}

// failed wraps a load error, keeping an interrupt recognizable.
func failed(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("load interrupted (nothing was written): %w", ctx.Err())
	}
	return fmt.Errorf("load (nothing was written): %w", err)
}

// dbItem is what the database holds of one node or relationship bcgraph
// wrote.
type dbItem struct {
	eid, hash string
	keys      int64  // which properties bcgraph owns on it
	label     string // a node's label (its label property), a relationship's type
	from, to  string // a relationship's ends
	// owned: bcgraph wrote it (it has bcgraph_hash). Every Bcgraph node is
	// bcgraph's; a relationship without the hash is a candidate for adoption.
	owned bool
}

// sameShape reports whether the row keeps the item's label, or the type and ends.
func (x dbItem) sameShape(r *Row) bool { return x.label == r.Label && x.from == r.From && x.to == r.To }

type dbState struct {
	metaFound   bool
	fingerprint string
	generation  int64
	nodes, rels map[string]dbItem
	// strays are bcgraph's nodes or relationships with no id or a repeated
	// one (left by hand edits): they go.
	strayNodes, strayRels []string
}

// runner is a transaction, managed or not.
type runner interface {
	Run(ctx context.Context, cypher string, params map[string]any) (neo4j.ResultWithContext, error)
}

func readStateTx(ctx context.Context, d neo4j.DriverWithContext, database string) (*dbState, error) {
	sess := d.NewSession(ctx, neo4j.SessionConfig{DatabaseName: database, AccessMode: neo4j.AccessModeRead})
	defer sess.Close(ctx)
	st, err := sess.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) { return readState(ctx, tx) },
		neo4j.WithTxTimeout(StatementTimeout))
	if err != nil {
		return nil, fmt.Errorf("read what the database holds: %w", err)
	}
	return st.(*dbState), nil
}

// emptyState is a database that holds nothing of bcgraph's.
func emptyState() *dbState {
	return &dbState{nodes: map[string]dbItem{}, rels: map[string]dbItem{}, generation: -1}
}

// readState reads, in one pass each, the meta node and the id, label (or
// type and ends) and hash of everything bcgraph wrote. Relationships are
// bcgraph's when they carry its hash: a user's own ties between bcgraph's
// nodes are left alone.
func readState(ctx context.Context, tx runner) (*dbState, error) {
	st := emptyState()
	each := func(cypher string, params map[string]any, f func([]any)) error {
		res, err := tx.Run(ctx, cypher, params)
		if err != nil {
			return err
		}
		for res.Next(ctx) {
			f(res.Record().Values)
		}
		return res.Err()
	}
	str := func(v any) string { s, _ := v.(string); return s }
	err := each(fmt.Sprintf("MATCH (m:%s {id: $id}) RETURN m.fingerprint, m.generation", metaLabel), map[string]any{"id": metaID}, func(v []any) {
		st.metaFound, st.fingerprint = true, str(v[0])
		st.generation, _ = v[1].(int64)
	})
	if err != nil {
		return nil, err
	}
	err = each(fmt.Sprintf("MATCH (n:%s) RETURN n.id, elementId(n), n.label, n.bcgraph_hash", MarkerLabel), nil, func(v []any) {
		id, eid := str(v[0]), str(v[1])
		if _, dup := st.nodes[id]; dup || id == "" {
			st.strayNodes = append(st.strayNodes, eid)
			return
		}
		hash, keys := unstamp(str(v[3]))
		st.nodes[id] = dbItem{eid: eid, label: str(v[2]), hash: hash, keys: keys, owned: true}
	})
	if err != nil {
		return nil, err
	}
	// Relationships without bcgraph_hash are read too, as candidates for
	// adoption (see diffSide): neo4j-admin import of the csv export writes
	// the ties without it.
	err = each(fmt.Sprintf(`MATCH (a:%[1]s)-[r]->(b:%[1]s) WHERE r.id IS NOT NULL
RETURN r.id, elementId(r), type(r), a.id, b.id, r.bcgraph_hash`, MarkerLabel), nil, func(v []any) {
		id, eid := str(v[0]), str(v[1])
		x := dbItem{eid: eid, label: str(v[2]), from: str(v[3]), to: str(v[4]), owned: v[5] != nil}
		x.hash, x.keys = unstamp(str(v[5]))
		prev, dup := st.rels[id]
		switch {
		case !dup || (x.owned && !prev.owned):
			st.rels[id] = x
			if dup && prev.owned {
				st.strayRels = append(st.strayRels, prev.eid)
			}
		case x.owned:
			st.strayRels = append(st.strayRels, eid)
		}
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}

// holds reports whether the database holds a dataset as a complete load
// left it: the fingerprint that load recorded is this one, and bcgraph's
// nodes per label and relationships per type are as many as want says
// ("node LABEL", "rel TYPE"). A user's deletion shows in the counts; a user cannot change a
// relationship's type or ends, and a node's label is bcgraph's own label
// property. Counting is a fraction of reading every id: a reload of an
// unchanged dataset a hundred times the book's answers in a second. It
// also reports whether the database holds nothing of bcgraph's at all (no
// meta node, no node), so that a first load reads nothing more.
func holds(ctx context.Context, d neo4j.DriverWithContext, database string, fingerprint Fingerprint, want map[string]int64) (held, empty bool, err error) {
	sess := d.NewSession(ctx, neo4j.SessionConfig{DatabaseName: database, AccessMode: neo4j.AccessModeRead})
	defer sess.Close(ctx)
	res, err := sess.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, fmt.Sprintf(`OPTIONAL MATCH (m:%s {id: $id}) RETURN 'fingerprint' AS k, m.fingerprint AS v, m IS NOT NULL AS found
UNION ALL MATCH (n:%s) RETURN 'node ' + coalesce(n.label, '') AS k, count(*) AS v, true AS found
UNION ALL MATCH (:%[2]s)-[r]->(:%[2]s) WHERE r.bcgraph_hash IS NOT NULL RETURN 'rel ' + type(r) AS k, count(*) AS v, true AS found`, metaLabel, MarkerLabel),
			map[string]any{"id": metaID})
		if err != nil {
			return nil, err
		}
		got := map[string]int64{}
		found, meta := "", false
		for res.Next(ctx) {
			v := res.Record().Values
			k, _ := v[0].(string)
			if k == "fingerprint" {
				found, _ = v[1].(string)
				meta, _ = v[2].(bool)
				continue
			}
			got[k], _ = v[1].(int64)
		}
		if err := res.Err(); err != nil {
			return nil, err
		}
		return [2]bool{found == string(fingerprint) && maps.Equal(got, want), !meta && len(got) == 0}, nil
	}, neo4j.WithTxTimeout(StatementTimeout))
	if err != nil {
		return false, false, fmt.Errorf("read what the database holds: %w", err)
	}
	r := res.([2]bool)
	return r[0], r[1], nil
}

// change is a row to set on an existing node or relationship.
type change struct {
	eid      string
	row      *Row
	oldKeys  int64  // the keys bcgraph owned on it
	oldLabel string // a node's previous label, when it changes
}

// work is what a load writes, in the order it writes it: deletions,
// then nodes, then relationships.
type work struct {
	nodes, rels side
}

// side is what to do with one kind of row: nodes, or relationships.
type side struct {
	creates []*Row
	changes []change
	deletes []string // element ids
	counts  Counts
}

func (w *work) empty() bool {
	n := 0
	for _, s := range []side{w.nodes, w.rels} {
		n += len(s.creates) + len(s.changes) + len(s.deletes)
	}
	return n == 0
}

func diff(st *dbState, p Plan, wipe bool) *work {
	return &work{
		nodes: diffSide(p.Nodes, st.nodes, st.strayNodes, wipe, false),
		rels:  diffSide(p.Rels, st.rels, st.strayRels, wipe, true),
	}
}

// diffSide compares the rows with what the database holds of them.
func diffSide(rows map[string][]Row, have map[string]dbItem, strays []string, wipe, relationships bool) side {
	var s side
	inPlan := map[string]bool{}
	for _, key := range sortedRowKeys(rows) {
		for i := range rows[key] {
			r := &rows[key][i]
			inPlan[r.ID] = true
			x, ok := have[r.ID]
			if ok && !x.owned && !x.sameShape(r) {
				ok = false // someone else's relationship with the same id: not ours to touch
			}
			switch {
			case !ok || wipe:
				s.creates = append(s.creates, r)
				s.counts.Created++
			case !x.sameShape(r) && relationships:
				// A relationship cannot change type or ends: replace it.
				s.deletes = append(s.deletes, x.eid)
				s.creates = append(s.creates, r)
				s.counts.Updated++
			case !x.sameShape(r):
				old := x.label
				if old == "" {
					old = r.Label // no record of the old label: just add the new one
				}
				s.changes = append(s.changes, change{x.eid, r, x.keys, old})
				s.counts.Updated++
			case x.hash != r.Hash:
				s.changes = append(s.changes, change{eid: x.eid, row: r, oldKeys: x.keys})
				s.counts.Updated++
			default:
				s.counts.Unchanged++
			}
		}
	}
	for id, x := range have {
		if x.owned && (wipe || !inPlan[id]) {
			s.deletes = append(s.deletes, x.eid)
			s.counts.Deleted++
		}
	}
	s.deletes = append(s.deletes, strays...)
	s.counts.Deleted += len(strays)
	sort.Strings(s.deletes) // a stable order: the same load takes locks the same way
	return s
}

func sortedRowKeys(m map[string][]Row) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// The statements. Labels and types are dynamic ($(…), Cypher 5.26): one
// statement, planned once, writes every label, and nothing is looked up by
// label: existing nodes and relationships are addressed by element id. One
// statement per label or type with the label written out costs far more:
// each is planned on its own, forty-odd plans per load. Rows are lists, not
// maps, and carry bcgraph_hash inside the properties: less to decode and
// less garbage in a transaction the server holds whole in its heap. The
// statements that create are createStatements.
var (
	stmtDeleteRels  = "UNWIND $rows AS e MATCH ()-[r]->() WHERE elementId(r) = e DELETE r"
	stmtDeleteNodes = "UNWIND $rows AS e MATCH (n) WHERE elementId(n) = e DETACH DELETE n"
	// Only the keys bcgraph owns change: new values are added with +=, and
	// the keys it owned that the dataset dropped (row[2], worked out from
	// bcgraph_hash) are removed; a user's own properties stay.
	stmtUpdateNodes = `UNWIND $rows AS row
MATCH (n) WHERE elementId(n) = row[0]
SET n += row[1]
WITH n, row UNWIND row[2] AS k REMOVE n[k]`
	// A relabelled entity loses the label bcgraph gave it before (its label
	// property), and no other.
	stmtRelabelNodes = `UNWIND $rows AS row
MATCH (n) WHERE elementId(n) = row[0]
REMOVE n:$(row[1]) SET n:$(row[2])`
	stmtUpdateRels = `UNWIND $rows AS row
MATCH ()-[r]->() WHERE elementId(r) = row[0]
SET r += row[1]
WITH r, row UNWIND row[2] AS k REMOVE r[k]`
	// The first statement of every load transaction: it locks the meta node,
	// so loads run one after the other, and says whether another load
	// committed since this one read the database.
	stmtLockMeta = `MERGE (m:` + metaLabel + ` {id: $id}) ON CREATE SET m.generation = -1
SET m.loading = true
RETURN m.generation`
	stmtFinishMeta = `MATCH (m:` + metaLabel + ` {id: $id})
SET m.fingerprint = $fingerprint, m.format = $format, m.generation = m.generation + 1, m.run = $run,
    m.loaded_at = datetime(), m.nodes = $nodes, m.relationships = $rels
REMOVE m.loading`
	// --batched: the fingerprint goes first, so that until the last batch
	// commits the database reads as stale.
	stmtStartBatched = `MERGE (m:` + metaLabel + ` {id: $id}) ON CREATE SET m.generation = -1
SET m.loading = true, m.fingerprint = null, m.generation = m.generation + 1`
)

// createStatements are the statements that create the rows: each row a
// list of the values of keys (null where a row has no such key, which sets
// nothing on a new node or relationship), its bcgraph_hash last. Setting
// named keys one by one costs the server a quarter less than setting a map
// per row, and decoding lists leaves it less garbage to collect while it
// holds the whole transaction. The new nodes' element ids come back as one
// record of two lists: a record per node costs as much again as creating it.
func createStatements(keys []string) (nodes, rels string) {
	sets := func(v string, from int) string {
		out := make([]string, 0, len(keys)+1)
		for i, k := range append(slices.Clone(keys), hashKey) {
			out = append(out, fmt.Sprintf("%s.`%s` = row[%d]", v, k, from+i))
		}
		return strings.Join(out, ", ")
	}
	nodes = `UNWIND $rows AS row
CREATE (n:` + MarkerLabel + `:$(row[0]))
SET ` + sets("n", 1) + `
RETURN collect(n.id) AS ids, collect(elementId(n)) AS eids`
	rels = `UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row[0]
MATCH (b) WHERE elementId(b) = row[1]
CREATE (a)-[r:$(row[2])]->(b)
SET ` + sets("r", 3)
	return nodes, rels
}

// createKeys are the keys the rows have, in ownedKeys' order: the same
// statement for the same dataset, planned once.
func createKeys(rows []*Row) []string {
	var mask int64
	for _, r := range rows {
		mask |= r.keyMask()
	}
	var keys []string
	for i, k := range ownedKeys {
		if mask&(1<<i) != 0 {
			keys = append(keys, k)
		}
	}
	return keys
}

// createRow is a row as createStatements set it, after the head values.
func createRow(r *Row, keys []string, head ...any) []any {
	out := make([]any, 0, len(head)+len(keys)+1)
	out = append(out, head...)
	for _, k := range keys {
		out = append(out, r.Props[k])
	}
	return append(out, r.stamp())
}

// step is one statement over many rows.
type step struct {
	what string
	stmt string
	rows func() []any // built when the step runs: relationships need the new nodes' ids
	n    int
	// created nodes report their element id
	collect bool
}

// nodeEID finds a node's element id: one this load created (eids), or one
// the database held.
func nodeEID(st *dbState, eids map[string]string) func(id string) string {
	return func(id string) string {
		if e, ok := eids[id]; ok {
			return e
		}
		return st.nodes[id].eid
	}
}

func (w *work) steps(st *dbState, eids map[string]string) []step {
	eidOf := nodeEID(st, eids)
	strs := func(ss []string) func() []any {
		return func() []any {
			out := make([]any, len(ss))
			for i, s := range ss {
				out[i] = s
			}
			return out
		}
	}
	nodeKeys, relKeys := createKeys(w.nodes.creates), createKeys(w.rels.creates)
	stmtCreateNodes, _ := createStatements(nodeKeys)
	_, stmtCreateRels := createStatements(relKeys)
	return []step{
		{"delete relationships", stmtDeleteRels, strs(w.rels.deletes), len(w.rels.deletes), false},
		{"delete nodes", stmtDeleteNodes, strs(w.nodes.deletes), len(w.nodes.deletes), false},
		{"create nodes", stmtCreateNodes, func() []any {
			out := make([]any, len(w.nodes.creates))
			for i, r := range w.nodes.creates {
				out[i] = createRow(r, nodeKeys, r.Label)
			}
			return out
		}, len(w.nodes.creates), true},
		{"update nodes", stmtUpdateNodes, changeRows(w.nodes.changes), len(w.nodes.changes), false},
		{"relabel nodes", stmtRelabelNodes, func() []any {
			var out []any
			for _, u := range w.nodes.changes {
				if u.oldLabel != "" {
					out = append(out, []any{u.eid, u.oldLabel, u.row.Label})
				}
			}
			return out
		}, relabels(w), false},
		{"create relationships", stmtCreateRels, func() []any {
			out := make([]any, len(w.rels.creates))
			for i, r := range w.rels.creates {
				out[i] = createRow(r, relKeys, eidOf(r.From), eidOf(r.To), r.Label)
			}
			return out
		}, len(w.rels.creates), false},
		{"update relationships", stmtUpdateRels, changeRows(w.rels.changes), len(w.rels.changes), false},
	}
}

// changeRows are the parameters that set a change: the new values, and the
// owned keys the dataset dropped.
func changeRows(cs []change) func() []any {
	return func() []any {
		out := make([]any, len(cs))
		for i, u := range cs {
			out[i] = []any{u.eid, u.row.written(), u.row.dropped(u.oldKeys)}
		}
		return out
	}
}

func relabels(w *work) int {
	n := 0
	for _, u := range w.nodes.changes {
		if u.oldLabel != "" {
			n++
		}
	}
	return n
}

func batches(steps []step, size int) int {
	n := 0
	for _, s := range steps {
		n += (s.n + size - 1) / size
	}
	return n
}

// runBatch runs one batch of a step, recording created nodes' element ids.
func runBatch(ctx context.Context, tx runner, s step, rows []any, eids map[string]string) error {
	res, err := tx.Run(ctx, s.stmt, map[string]any{"rows": rows})
	if err != nil {
		return err
	}
	for res.Next(ctx) {
		if s.collect {
			v := res.Record().Values
			ids, _ := v[0].([]any)
			es, _ := v[1].([]any)
			if len(ids) != len(es) {
				return fmt.Errorf("the server returned %d ids and %d element ids", len(ids), len(es))
			}
			for i, id := range ids {
				id, _ := id.(string)
				eids[id], _ = es[i].(string)
			}
		}
	}
	if err := res.Err(); err != nil {
		return err
	}
	_, err = res.Consume(ctx)
	return err
}

func newRunID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// write runs the work: in one transaction, or with opt.Batched one per batch.
func write(ctx context.Context, d neo4j.DriverWithContext, database string, p Plan, st *dbState, w *work, sch schemaState, opt LoadOptions, s *Summary) error {
	s.TxMemoryLimit, s.TxMemorySetting = txMemoryLimit(ctx, d, database)
	if !opt.Batched && s.TxMemoryLimit > 0 {
		// The transaction needs headroom beyond its own writes: keep a tenth.
		if need := estimateTxMemory(w); need > s.TxMemoryLimit/10*9 {
			return fmt.Errorf("load (nothing was written): %w: it needs about %s of transaction memory and the server allows %s (%s); "+
				"raise that setting (and the heap), or run bcgraph load --batched (batches of %d rows, each its own transaction; "+
				"an interrupted batched load is completed by the next load); for a new database, neo4j-admin database import of bcgraph export --format csv is fastest",
				ErrTxTooLarge, formatBytes(need), formatBytes(s.TxMemoryLimit), s.TxMemorySetting, opt.BatchSize)
		}
	}
	// The constraints go first: the writes rely on them. Missing indexes come
	// after the commit, built from the data in the background, which costs
	// the server far less than keeping them up to date row by row (a third
	// of a first load's time); a load that fails never creates them.
	before, after := splitSchema(sch.missing())
	created, err := createSchema(ctx, d, database, before)
	if err != nil {
		return failed(ctx, fmt.Errorf("schema: %w", err))
	}
	s.SchemaCreated = names(created)
	run := newRunID()
	sampler := startSampler(ctx, d, database, run)
	if opt.Batched {
		err = writeBatched(ctx, d, database, p, st, w, opt, run, s)
	} else {
		err = writeOne(ctx, d, database, p, st, w, opt, run, sampler, s)
	}
	s.PeakTxMemory = sampler.finish()
	if err != nil && !opt.Batched && committed(ctx, d, database, run) {
		// The line dropped after the server committed: the load is done.
		s.Transactions, err = 1, nil
	}
	if err != nil {
		if !opt.Batched {
			// A batched load keeps its schema: what it wrote relies on it.
			dropSchema(ctx, d, database, created)
			s.SchemaCreated = nil
		}
		return err
	}
	if len(after) > 0 {
		built, err := createSchema(ctx, d, database, after)
		if err != nil {
			s.Warnings = append(s.Warnings, fmt.Sprintf("loaded, but %v; the next load creates it", err))
		}
		s.SchemaCreated = append(s.SchemaCreated, names(built)...)
	}
	return nil
}

func txConfig(opt LoadOptions, run string) []func(*neo4j.TransactionConfig) {
	return []func(*neo4j.TransactionConfig){neo4j.WithTxTimeout(opt.Timeout), neo4j.WithTxMetadata(map[string]any{"bcgraph_load": run})}
}

func finishMetaParams(p Plan, run string) map[string]any {
	nodes, rels := p.Rows()
	return map[string]any{"id": metaID, "fingerprint": string(p.Fingerprint), "format": formatVersion, "run": run,
		"nodes": int64(nodes), "rels": int64(rels)}
}

func writeOne(ctx context.Context, d neo4j.DriverWithContext, database string, p Plan, st *dbState, w *work, opt LoadOptions, run string, sampler *memorySampler, s *Summary) error {
	sess := d.NewSession(ctx, neo4j.SessionConfig{DatabaseName: database, AccessMode: neo4j.AccessModeWrite})
	defer sess.Close(ctx)
	_, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, stmtLockMeta, map[string]any{"id": metaID})
		if err != nil {
			return nil, err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return nil, err
		}
		work, state := w, st
		if gen, _ := rec.Values[0].(int64); gen != st.generation {
			// Another load committed after this one read the database: read
			// again, now that the lock keeps others out.
			if state, err = readState(ctx, tx); err != nil {
				return nil, fmt.Errorf("read what the database holds: %w", err)
			}
			work = diff(state, p, opt.Wipe)
			s.Nodes, s.Rels = work.nodes.counts, work.rels.counts
		}
		eids := map[string]string{}
		steps := work.steps(state, eids)
		total, done := batches(steps, opt.BatchSize), 0
		for _, stp := range steps {
			rows := stp.rows()
			for i := 0; i < len(rows); i += opt.BatchSize {
				if err := runBatch(ctx, tx, stp, rows[i:min(i+opt.BatchSize, len(rows))], eids); err != nil {
					return nil, fmt.Errorf("%s: %w", stp.what, err)
				}
				done++
				if opt.Progress != nil {
					opt.Progress(done, total)
				}
			}
		}
		if err := writeSources(ctx, tx, p.Sources, p.Cites, nodeEID(state, eids)); err != nil {
			return nil, err
		}
		if _, err := tx.Run(ctx, stmtFinishMeta, finishMetaParams(p, run)); err != nil {
			return nil, fmt.Errorf("record the dataset: %w", err)
		}
		sampler.sample(ctx) // everything is in the transaction now: its peak
		return nil, nil
	}, txConfig(opt, run)...)
	if err != nil {
		return loadError(ctx, err)
	}
	s.Transactions = 1
	return nil
}

func writeBatched(ctx context.Context, d neo4j.DriverWithContext, database string, p Plan, st *dbState, w *work, opt LoadOptions, run string, s *Summary) error {
	sess := d.NewSession(ctx, neo4j.SessionConfig{DatabaseName: database, AccessMode: neo4j.AccessModeWrite})
	defer sess.Close(ctx)
	exec := func(f func(tx neo4j.ManagedTransaction) error) error {
		_, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) { return nil, f(tx) }, txConfig(opt, run)...)
		if err == nil {
			s.Transactions++
		}
		return err
	}
	stopped := func(err error) error {
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return fmt.Errorf("load --batched stopped after %d transactions; the database holds part of the dataset, and the next bcgraph load completes it: %w",
			s.Transactions, err)
	}
	err := exec(func(tx neo4j.ManagedTransaction) error {
		_, err := tx.Run(ctx, stmtStartBatched, map[string]any{"id": metaID})
		return err
	})
	if err != nil {
		return loadError(ctx, err)
	}
	eids := map[string]string{}
	steps := w.steps(st, eids)
	total, done := batches(steps, opt.BatchSize), 0
	for _, stp := range steps {
		rows := stp.rows()
		for i := 0; i < len(rows); i += opt.BatchSize {
			batch := rows[i:min(i+opt.BatchSize, len(rows))]
			if err := exec(func(tx neo4j.ManagedTransaction) error { return runBatch(ctx, tx, stp, batch, eids) }); err != nil {
				return stopped(fmt.Errorf("%s: %w", stp.what, err))
			}
			done++
			if opt.Progress != nil {
				opt.Progress(done, total)
			}
		}
	}
	if err := exec(func(tx neo4j.ManagedTransaction) error {
		return writeSources(ctx, tx, p.Sources, p.Cites, nodeEID(st, eids))
	}); err != nil {
		return stopped(err)
	}
	if err := exec(func(tx neo4j.ManagedTransaction) error {
		_, err := tx.Run(ctx, stmtFinishMeta, finishMetaParams(p, run))
		return err
	}); err != nil {
		return stopped(fmt.Errorf("record the dataset: %w", err))
	}
	return nil
}

// loadError says why the load's transaction failed, and that it wrote nothing.
func loadError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("load interrupted (nothing was written): %w", ctx.Err())
	}
	if strings.Contains(err.Error(), "MemoryPoolOutOfMemoryError") || strings.Contains(err.Error(), "MemoryLimitExceeded") {
		return fmt.Errorf("load (nothing was written): %w: the server ran out of transaction memory; raise dbms.memory.transaction.total.max (and the heap), or run bcgraph load --batched: %v", ErrTxTooLarge, err)
	}
	return fmt.Errorf("load (nothing was written): %w", err)
}

// committed reports whether the load's transaction committed after all,
// asked with a fresh context: the connection may have dropped, or the
// interrupt come, after the server committed.
func committed(ctx context.Context, d neo4j.DriverWithContext, database, run string) bool {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	res, err := neo4j.ExecuteQuery(ctx, d, fmt.Sprintf("MATCH (m:%s {id: $id}) RETURN m.run = $run", metaLabel),
		map[string]any{"id": metaID, "run": run}, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(database),
		neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(10*time.Second)))
	if err != nil || len(res.Records) == 0 {
		return false
	}
	ok, _ := res.Records[0].Values[0].(bool)
	return ok
}

// estimateTxMemory is what the work needs of the server's transaction
// memory. The costs are Neo4j 5.26's, measured with SHOW TRANSACTIONS
// (estimatedUsedHeapMemory) on loads of the book's dataset 10 and 100 times
// over (88 MB and 873 MB at peak): about 650 bytes per property written,
// 500 per node or relationship, and 2 per byte of text.
func estimateTxMemory(w *work) int64 {
	const perEntity, perProp, perByte = 500, 650, 2
	var n int64
	add := func(r *Row) {
		n += perEntity
		for _, v := range r.Props {
			n += perProp + perByte*int64(valueSize(v))
		}
	}
	for _, sd := range []side{w.nodes, w.rels} {
		for _, r := range sd.creates {
			add(r)
		}
		for _, c := range sd.changes {
			add(c.row)
		}
		n += int64(len(sd.deletes)) * perEntity
	}
	return n
}

func valueSize(v any) int {
	switch v := v.(type) {
	case string:
		return len(v)
	case []string:
		n := 0
		for _, s := range v {
			n += len(s) + 8
		}
		return n
	case []int64:
		return 8 * len(v)
	}
	return 8
}

// Wipe deletes every node bcgraph loaded (its marker label), their
// relationships and the record of what was loaded, in one transaction, and
// nothing else.
func Wipe(ctx context.Context, d neo4j.DriverWithContext, database string) (int, error) {
	res, err := neo4j.ExecuteQuery(ctx, d, fmt.Sprintf(`OPTIONAL MATCH (m:%s) DETACH DELETE m
WITH count(*) AS meta OPTIONAL MATCH (s:%s) DETACH DELETE s
WITH count(*) AS sources MATCH (n:%s) DETACH DELETE n RETURN count(n) AS n`, metaLabel, SourceLabel, MarkerLabel), nil,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(database),
		neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(LoadTimeout)))
	if err != nil {
		if ctx.Err() != nil {
			return 0, fmt.Errorf("wipe: %w", ctx.Err())
		}
		return 0, fmt.Errorf("wipe: %w", err)
	}
	if len(res.Records) == 0 {
		return 0, nil
	}
	n, _ := res.Records[0].Get("n")
	return int(n.(int64)), nil
}

// Count returns how many bcgraph nodes and relationships the database holds.
func Count(ctx context.Context, d neo4j.DriverWithContext, database string) (nodes, rels int, err error) {
	res, err := neo4j.ExecuteQuery(ctx, d, fmt.Sprintf(`MATCH (n:%[1]s) WITH count(n) AS nodes
OPTIONAL MATCH (:%[1]s)-[r]->(:%[1]s) RETURN nodes, count(r) AS rels`, MarkerLabel), nil,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(database), neo4j.ExecuteQueryWithReadersRouting(),
		neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(StatementTimeout)))
	if err != nil {
		return 0, 0, fmt.Errorf("count: %w", err)
	}
	n, _ := res.Records[0].Get("nodes")
	r, _ := res.Records[0].Get("rels")
	return int(n.(int64)), int(r.(int64)), nil
}
