package loader

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/bcgraph/bcgraph/graph"
)

// MarkerLabel is on every node bcgraph writes, beside its domain label: it
// carries the id constraint MERGE relies on, and it is how --wipe knows what
// is bcgraph's and touches nothing else.
const MarkerLabel = "Bcgraph"

// BatchSize is how many rows one UNWIND statement writes.
const BatchSize = 500

// MaxBetweennessNodes bounds the entity-level betweenness written at load:
// beyond it (a dataset tens of times the book's) only PageRank is written.
const MaxBetweennessNodes = 5000

// Plan is everything a load writes: schema statements, then node and
// relationship rows grouped by label and type.
type Plan struct {
	Schema  []string
	Nodes   map[string][]map[string]any // label → rows {id, hash, props}
	Rels    map[string][]map[string]any // type → rows {id, from, to, hash, props}
	Sources []map[string]any            // the book's footnotes {n, props}
	Cites   []map[string]any            // fact → footnote {id, n, tie}
}

// Counts of one kind of thing written.
type Counts struct {
	Created, Updated, Unchanged, Deleted int
}

// Summary is what a load did.
type Summary struct {
	Nodes, Rels Counts
	Elapsed     time.Duration
}

// Changed reports whether the load changed anything.
func (s Summary) Changed() bool {
	return s.Nodes.Created+s.Nodes.Updated+s.Nodes.Deleted+s.Rels.Created+s.Rels.Updated+s.Rels.Deleted > 0
}

// NewPlan turns the graph into rows. Besides the dataset's own properties,
// nodes carry the analyses (pagerank, betweenness, community, and province_*
// on provinces and regions) and derived geography (unit, ancestors) so that
// Browser users and the canned Cypher can use them.
func NewPlan(g *graph.Graph) Plan {
	p := Plan{Nodes: map[string][]map[string]any{}, Rels: map[string][]map[string]any{}}
	p.Schema = append(p.Schema,
		fmt.Sprintf("CREATE CONSTRAINT bcgraph_id IF NOT EXISTS FOR (n:%s) REQUIRE n.id IS UNIQUE", MarkerLabel),
		fmt.Sprintf("CREATE INDEX bcgraph_name IF NOT EXISTS FOR (n:%s) ON (n.name)", MarkerLabel),
		fmt.Sprintf("CREATE FULLTEXT INDEX bcgraph_names IF NOT EXISTS FOR (n:%s) ON EACH [n.name, n.search_names]", MarkerLabel),
	)
	p.Schema = append(p.Schema, searchSchema()...)
	p.Sources, p.Cites = sourceRows(g), citeRows(g)
	labels := map[string]bool{}
	types := map[string]bool{}

	// Computing with a background context cannot fail: the analyses fail only
	// when their context ends.
	bg := context.Background()
	linked, _, partners, links := g.LinkGraph(graph.Window{})
	ent := map[string]graph.CentralityRow{}
	if len(linked) <= MaxBetweennessNodes {
		rows, _ := g.EntityCentrality(bg, graph.Window{}, nil)
		for _, r := range rows {
			ent[r.Entity.ID] = r
		}
	} else {
		// Too large for betweenness in reasonable time: PageRank only.
		for id, pr := range g.EntityPageRank(graph.Window{}) {
			ent[id] = graph.CentralityRow{PageRank: pr, Betweenness: math.NaN()}
		}
	}
	prov := map[string]graph.CentralityRow{}
	provRows, _ := g.ProvinceCentrality(bg, graph.Window{})
	for _, r := range provRows {
		prov[r.Entity.ID] = r
	}
	proj := g.Project(graph.Window{})
	regionPartners := map[string]map[string]bool{}
	regionTies := map[string]int{}
	for k, n := range proj.Edges {
		if regionPartners[k[1]] == nil {
			regionPartners[k[1]] = map[string]bool{}
		}
		regionPartners[k[1]][k[0]] = true
		regionTies[k[1]] += n
	}
	community := map[string]int{}
	comms, _, _ := g.Communities(bg, graph.CommunitySeed)
	for i, c := range comms {
		for _, m := range c.Members {
			community[m.ID] = i + 1
		}
	}

	for _, e := range g.Entities {
		props := nodeProps(e)
		// The caption Neo4j Browser draws (the style captions by it): the short name.
		props["caption"] = g.ShortName(e.ID)
		// The fingerprint covers the dataset's facts, not the measures below:
		// those are recomputed each load and may differ in their last digits.
		fingerprint := hash(props)
		if r, ok := ent[e.ID]; ok {
			props["pagerank"] = stable(r.PageRank)
			if !math.IsNaN(r.Betweenness) {
				props["betweenness"] = stable(r.Betweenness)
			}
		}
		props["partners"], props["links"] = int64(len(partners[e.ID])), int64(links[e.ID])
		if c, ok := community[e.ID]; ok {
			props["community"] = int64(c)
		}
		if r, ok := prov[e.ID]; ok {
			props["province_partners"], props["province_ties"] = int64(r.Partners), int64(r.Ties)
			props["province_betweenness"], props["province_pagerank"] = stable(r.Betweenness), stable(r.PageRank)
		}
		if n, ok := regionTies[e.ID]; ok {
			props["province_partners"], props["province_ties"] = int64(len(regionPartners[e.ID])), int64(n)
		}
		if u := g.Unit(e.ID); u != nil {
			props["unit"] = u.ID
		}
		var anc []string
		for _, a := range g.LocationChain(e.ID) {
			anc = append(anc, a.ID)
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
		fingerprint = hash(map[string]any{"facts": fingerprint, "unit": props["unit"], "ancestors": anc, "country": props["country"], "entity_country": props["entity_country"], "community": props["community"]})
		labels[e.Label] = true
		p.Nodes[e.Label] = append(p.Nodes[e.Label], map[string]any{"id": e.ID, "hash": fingerprint, "props": props})
	}
	for _, t := range g.Ties {
		props := relProps(t)
		types[t.Type] = true
		p.Rels[t.Type] = append(p.Rels[t.Type], map[string]any{"id": t.ID, "from": t.From, "to": t.To, "hash": hash(props), "props": props})
	}
	for _, l := range sortedKeys(labels) {
		p.Schema = append(p.Schema, fmt.Sprintf("CREATE CONSTRAINT bcgraph_%s_id IF NOT EXISTS FOR (n:%s) REQUIRE n.id IS UNIQUE", strings.ToLower(l), l))
	}
	for _, t := range sortedKeys(types) {
		p.Schema = append(p.Schema, fmt.Sprintf("CREATE INDEX bcgraph_%s_id IF NOT EXISTS FOR ()-[r:%s]-() ON (r.id)", strings.ToLower(t), t))
	}
	return p
}

// stable rounds a measure to 12 decimal places: its last digits depend on
// PageRank's random start and carry no meaning.
func stable(v float64) float64 {
	f, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', 12, 64), 64)
	return f
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func hash(props map[string]any) string {
	b, _ := json.Marshal(props) // map keys marshal sorted: a stable fingerprint
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:12])
}

func dateProps(p map[string]any, d graph.Date) {
	if d.IsZero() {
		return
	}
	p["date_text"] = d.String()
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
	names := append([]string{e.Name}, e.Aliases...)
	set := func(k string, v any, ok bool) {
		if ok {
			p[k] = v
		}
	}
	set("country", e.Country, e.Country != "")
	set("aliases", e.Aliases, len(e.Aliases) > 0)
	set("ambiguous", e.Ambiguous, len(e.Ambiguous) > 0)
	set("ru", e.RU, e.RU != "")
	set("zh", e.ZH, e.ZH != "")
	set("status", e.Status, e.Status != "")
	set("quote", e.Quote, e.Quote != "")
	set("footnote", ints(e.Footnotes), len(e.Footnotes) > 0)
	set("chapter", int64(e.Chapter), e.Chapter > 0)
	set("note", e.Note, e.Note != "")
	if e.RU != "" {
		names = append(names, e.RU)
	}
	if e.ZH != "" {
		names = append(names, e.ZH)
	}
	p["search_names"] = strings.Join(names, " | ")
	dateProps(p, e.Date)
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
	dateProps(p, t.Date)
	return p
}

// Statement counts: nodes and relationships are written in batches, each
// returning how many rows it created and how many it changed.
func nodeStatement(label string) string {
	return fmt.Sprintf(`UNWIND $rows AS row
MERGE (n:%s {id: row.id})
WITH n, row, n.bcgraph_hash IS NULL AS created, coalesce(n.bcgraph_hash = row.hash, false) AS same
SET n = row.props, n.bcgraph_hash = row.hash
SET n:%s
RETURN count(CASE WHEN created THEN 1 END) AS created, count(CASE WHEN NOT created AND NOT same THEN 1 END) AS updated`, MarkerLabel, label)
}

func relStatement(typ string) string {
	return fmt.Sprintf(`UNWIND $rows AS row
MATCH (a:%[1]s {id: row.from}), (b:%[1]s {id: row.to})
MERGE (a)-[r:%[2]s {id: row.id}]->(b)
WITH r, row, r.bcgraph_hash IS NULL AS created, coalesce(r.bcgraph_hash = row.hash, false) AS same
SET r = row.props, r.bcgraph_hash = row.hash
RETURN count(CASE WHEN created THEN 1 END) AS created, count(CASE WHEN NOT created AND NOT same THEN 1 END) AS updated`, MarkerLabel, typ)
}

var schemaName = regexp.MustCompile(`(?:CONSTRAINT|INDEX) (\S+) IF NOT EXISTS`)

// Batches counts the statements a load of p runs.
func (p Plan) Batches() int {
	n := 0
	for _, rows := range p.Nodes {
		n += (len(rows) + BatchSize - 1) / BatchSize
	}
	for _, rows := range p.Rels {
		n += (len(rows) + BatchSize - 1) / BatchSize
	}
	return n + 2 // and the two deletions of what the dataset no longer has
}

// Load writes the plan into the database: schema first (idempotent), then
// every node and relationship in ONE transaction, so that a load that fails
// midway leaves the database as it was. Nodes and relationships bcgraph wrote
// before that the dataset no longer has are deleted in the same transaction.
// progress, if not nil, is called after each batch.
func Load(ctx context.Context, d neo4j.DriverWithContext, database string, p Plan, progress func(done, total int)) (Summary, error) {
	start := time.Now()
	// Each schema statement is its own transaction: ask once which exist.
	existing := map[string]bool{}
	for _, show := range []string{"SHOW CONSTRAINTS YIELD name", "SHOW INDEXES YIELD name"} {
		res, err := neo4j.ExecuteQuery(ctx, d, show, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(database))
		if err != nil {
			continue // the statements below say IF NOT EXISTS anyway
		}
		for _, r := range res.Records {
			name, _ := r.Get("name")
			existing[fmt.Sprint(name)] = true
		}
	}
	for _, stmt := range p.Schema {
		if m := schemaName.FindStringSubmatch(stmt); m != nil && existing[m[1]] {
			continue
		}
		if _, err := neo4j.ExecuteQuery(ctx, d, stmt, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(database)); err != nil {
			return Summary{}, fmt.Errorf("load: schema %q: %w", stmt, err)
		}
	}
	sess := d.NewSession(ctx, neo4j.SessionConfig{DatabaseName: database, AccessMode: neo4j.AccessModeWrite})
	defer sess.Close(ctx)
	total := p.Batches()
	res, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		var s Summary
		done := 0
		step := func() {
			done++
			if progress != nil {
				progress(done, total)
			}
		}
		var nodeIDs, relIDs []string
		for _, label := range sortedRowKeys(p.Nodes) {
			rows := p.Nodes[label]
			for _, r := range rows {
				nodeIDs = append(nodeIDs, r["id"].(string))
			}
			if err := writeBatches(ctx, tx, nodeStatement(label), rows, &s.Nodes, step); err != nil {
				return nil, fmt.Errorf("nodes %s: %w", label, err)
			}
		}
		for _, typ := range sortedRowKeys(p.Rels) {
			rows := p.Rels[typ]
			for _, r := range rows {
				relIDs = append(relIDs, r["id"].(string))
			}
			if err := writeBatches(ctx, tx, relStatement(typ), rows, &s.Rels, step); err != nil {
				return nil, fmt.Errorf("relationships %s: %w", typ, err)
			}
		}
		n, err := deleteCount(ctx, tx, fmt.Sprintf(`MATCH (a:%[1]s)-[r]->(:%[1]s) WHERE r.bcgraph_hash IS NOT NULL AND NOT r.id IN $ids DELETE r RETURN count(r) AS n`, MarkerLabel), relIDs)
		if err != nil {
			return nil, fmt.Errorf("delete stale relationships: %w", err)
		}
		s.Rels.Deleted = n
		step()
		if n, err = deleteCount(ctx, tx, fmt.Sprintf(`MATCH (n:%s) WHERE NOT n.id IN $ids DETACH DELETE n RETURN count(n) AS n`, MarkerLabel), nodeIDs); err != nil {
			return nil, fmt.Errorf("delete stale nodes: %w", err)
		}
		s.Nodes.Deleted = n
		step()
		if err := writeSources(ctx, tx, p.Sources, p.Cites); err != nil {
			return nil, err
		}
		s.Nodes.Unchanged = len(nodeIDs) - s.Nodes.Created - s.Nodes.Updated
		s.Rels.Unchanged = len(relIDs) - s.Rels.Created - s.Rels.Updated
		return s, nil
	})
	if err != nil {
		if strings.Contains(err.Error(), "MemoryPoolOutOfMemoryError") {
			return Summary{}, fmt.Errorf("load (nothing was written): the server ran out of transaction memory; bcgraph loads in one transaction so that a failure leaves nothing half-written: raise dbms.memory.transaction.total.max (and the heap) for a dataset this large: %w", err)
		}
		return Summary{}, fmt.Errorf("load (nothing was written): %w", err)
	}
	s := res.(Summary)
	s.Elapsed = time.Since(start)
	return s, nil
}

func sortedRowKeys(m map[string][]map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func writeBatches(ctx context.Context, tx neo4j.ManagedTransaction, stmt string, rows []map[string]any, c *Counts, step func()) error {
	for i := 0; i < len(rows); i += BatchSize {
		batch := rows[i:min(i+BatchSize, len(rows))]
		res, err := tx.Run(ctx, stmt, map[string]any{"rows": batch})
		if err != nil {
			return err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return err
		}
		created, _ := rec.Get("created")
		updated, _ := rec.Get("updated")
		c.Created += int(created.(int64))
		c.Updated += int(updated.(int64))
		step()
	}
	return nil
}

func deleteCount(ctx context.Context, tx neo4j.ManagedTransaction, stmt string, ids []string) (int, error) {
	res, err := tx.Run(ctx, stmt, map[string]any{"ids": ids})
	if err != nil {
		return 0, err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return 0, err
	}
	n, _ := rec.Get("n")
	return int(n.(int64)), nil
}

// Wipe deletes every node bcgraph loaded (its marker label) and their
// relationships, in one transaction, and nothing else.
func Wipe(ctx context.Context, d neo4j.DriverWithContext, database string) (int, error) {
	res, err := neo4j.ExecuteQuery(ctx, d, fmt.Sprintf(`MATCH (s:%s) DETACH DELETE s
WITH count(*) AS sources
MATCH (n:%s) DETACH DELETE n RETURN count(n) AS n`, SourceLabel, MarkerLabel), nil,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(database))
	if err != nil {
		return 0, fmt.Errorf("wipe: %w", err)
	}
	n, _ := res.Records[0].Get("n")
	return int(n.(int64)), nil
}

// Count returns how many bcgraph nodes and relationships the database holds.
func Count(ctx context.Context, d neo4j.DriverWithContext, database string) (nodes, rels int, err error) {
	res, err := neo4j.ExecuteQuery(ctx, d, fmt.Sprintf(`MATCH (n:%[1]s) WITH count(n) AS nodes
OPTIONAL MATCH (:%[1]s)-[r]->(:%[1]s) RETURN nodes, count(r) AS rels`, MarkerLabel), nil,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(database), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return 0, 0, fmt.Errorf("count: %w", err)
	}
	n, _ := res.Records[0].Get("nodes")
	r, _ := res.Records[0].Get("rels")
	return int(n.(int64)), int(r.(int64)), nil
}
