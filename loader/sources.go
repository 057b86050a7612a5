package loader

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/bcgraph/bcgraph/graph"
)

// SourceLabel marks the book's footnotes in Neo4j. They carry their own label
// rather than the Bcgraph marker, so that no analysis mistakes a footnote for
// an entity; bcgraph owns them all the same (a load rewrites them, a wipe
// deletes them).
const SourceLabel = "BcgraphSource"

// CitesType joins a fact to the footnote it cites: an agreement's or event's
// node, or each end of a tie (with the tie's id), so that Browser users can
// expand from a footnote to what it supports.
const CitesType = "CITES"

// The full-text indexes 'bcgraph search' uses on Neo4j. standard-folding
// folds case and diacritics, as the embedded search does.
const (
	TextIndex     = "bcgraph_text"
	TiesTextIndex = "bcgraph_ties_text"
)

// searchSchema is the schema the search and source twins need.
// The properties the full-text indexes cover: every field graph.ScoreEntity
// and graph.ScoreTie score, so the index finds what the Go scoring keeps.
var (
	textProps     = []string{"name", "aliases", "ru", "zh", "quote", "note", "also_quote"}
	tiesTextProps = []string{"quote", "role", "note", "also_quote"}
)

func searchSchema() []string {
	opts := "OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}}"
	return []string{
		fmt.Sprintf("CREATE FULLTEXT INDEX %s IF NOT EXISTS FOR (n:%s) ON EACH [n.%s] %s", TextIndex, MarkerLabel, strings.Join(textProps, ", n."), opts),
		fmt.Sprintf("CREATE FULLTEXT INDEX %s IF NOT EXISTS FOR ()-[r:%s]-() ON EACH [r.%s] %s", TiesTextIndex, strings.Join(graph.TieTypes(), "|"), strings.Join(tiesTextProps, ", r."), opts),
		fmt.Sprintf("CREATE CONSTRAINT bcgraph_source_n IF NOT EXISTS FOR (s:%s) REQUIRE s.n IS UNIQUE", SourceLabel),
	}
}

// sourceRows are the footnotes to write, by number.
func sourceRows(g *graph.Graph) []map[string]any {
	var rows []map[string]any
	for _, s := range g.Sources {
		props := map[string]any{"n": int64(s.N), "title": s.Title, "chapter": int64(s.Chapter)}
		if s.Author != "" {
			props["author"] = s.Author
		}
		if s.Year != 0 {
			props["year"] = int64(s.Year)
		}
		if s.URL != "" {
			props["url"] = s.URL
		}
		rows = append(rows, map[string]any{"n": int64(s.N), "props": props})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i]["n"].(int64) < rows[j]["n"].(int64) })
	return rows
}

// citeRows are the CITES relationships: {id, n, tie} with tie "" for an
// entity's own evidence.
func citeRows(g *graph.Graph) []map[string]any {
	var rows []map[string]any
	for _, e := range g.Entities {
		for _, n := range e.AllFootnotes() {
			rows = append(rows, map[string]any{"id": e.ID, "n": int64(n), "tie": ""})
		}
	}
	for _, t := range g.Ties {
		for _, n := range t.AllFootnotes() {
			for _, end := range []string{t.From, t.To} {
				rows = append(rows, map[string]any{"id": end, "n": int64(n), "tie": t.ID})
			}
		}
	}
	return rows
}

// writeSources replaces the footnotes and their CITES relationships inside
// the load's transaction. They are few, so rewriting them is simpler than
// diffing and leaves exactly the dataset's.
func writeSources(ctx context.Context, tx neo4j.ManagedTransaction, sources, cites []map[string]any) error {
	for _, stmt := range []struct {
		cypher string
		params map[string]any
	}{
		{fmt.Sprintf("MATCH (:%s)-[c:%s]->(:%s) DELETE c", MarkerLabel, CitesType, SourceLabel), nil},
		{fmt.Sprintf("MATCH (s:%s) WHERE NOT s.n IN [row IN $rows | row.n] DETACH DELETE s", SourceLabel), map[string]any{"rows": sources}},
		{fmt.Sprintf("UNWIND $rows AS row MERGE (s:%s {n: row.n}) SET s = row.props", SourceLabel), map[string]any{"rows": sources}},
	} {
		if _, err := tx.Run(ctx, stmt.cypher, stmt.params); err != nil {
			return fmt.Errorf("sources: %w", err)
		}
	}
	stmt := fmt.Sprintf(`UNWIND $rows AS row
MATCH (e:%s {id: row.id}), (s:%s {n: row.n})
CREATE (e)-[c:%s]->(s) SET c.tie = CASE WHEN row.tie = '' THEN null ELSE row.tie END`, MarkerLabel, SourceLabel, CitesType)
	for i := 0; i < len(cites); i += BatchSize {
		if _, err := tx.Run(ctx, stmt, map[string]any{"rows": cites[i:min(i+BatchSize, len(cites))]}); err != nil {
			return fmt.Errorf("citations: %w", err)
		}
	}
	return nil
}
