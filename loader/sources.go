package loader

import (
	"context"
	"fmt"
	"sort"
	"strings"

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

// Cite is one CITES relationship: the node with id ID cites footnote N,
// for its own evidence (Tie "") or as an end of tie Tie.
type Cite struct {
	ID  string
	N   int64
	Tie string
}

// citeRows are the CITES relationships: from each entity to the footnotes
// its statements cite, and from both ends of each tie to the footnotes the
// tie's statements cite, with the tie's id. The source and sources queries
// count facts along them.
func citeRows(g *graph.Graph) []Cite {
	var rows []Cite
	seen := map[Cite]bool{}
	add := func(c Cite) {
		if !seen[c] {
			seen[c] = true
			rows = append(rows, c)
		}
	}
	for _, e := range g.Entities {
		for _, n := range e.AllFootnotes() {
			add(Cite{e.ID, int64(n), ""})
		}
	}
	for _, t := range g.Ties {
		for _, n := range t.AllFootnotes() {
			add(Cite{t.From, int64(n), t.ID})
			add(Cite{t.To, int64(n), t.ID})
		}
	}
	return rows
}

// writeSources replaces the footnotes and their CITES relationships inside
// the load's transaction. They are few, so rewriting them is simpler than
// diffing and leaves exactly the dataset's. CITES are created between
// element ids (eidOf: the load's nodes), as the load's relationships are:
// no index lookup per row.
func writeSources(ctx context.Context, tx runner, sources []map[string]any, cites []Cite, eidOf func(id string) string) error {
	for _, stmt := range []struct {
		cypher string
		params map[string]any
	}{
		{fmt.Sprintf("MATCH (:%s)-[c:%s]->(:%s) DELETE c", MarkerLabel, CitesType, SourceLabel), nil},
		{fmt.Sprintf("MATCH (s:%s) WHERE NOT s.n IN [row IN $rows | row.n] DETACH DELETE s", SourceLabel), map[string]any{"rows": sources}},
	} {
		if _, err := tx.Run(ctx, stmt.cypher, stmt.params); err != nil {
			return fmt.Errorf("sources: %w", err)
		}
	}
	res, err := tx.Run(ctx, fmt.Sprintf("UNWIND $rows AS row MERGE (s:%s {n: row.n}) SET s = row.props RETURN s.n, elementId(s)", SourceLabel),
		map[string]any{"rows": sources})
	if err != nil {
		return fmt.Errorf("sources: %w", err)
	}
	source := map[int64]string{}
	for res.Next(ctx) {
		v := res.Record().Values
		n, _ := v[0].(int64)
		source[n], _ = v[1].(string)
	}
	if err := res.Err(); err != nil {
		return fmt.Errorf("sources: %w", err)
	}
	rows := make([]any, 0, len(cites))
	for _, c := range cites {
		var tie any
		if c.Tie != "" {
			tie = c.Tie
		}
		rows = append(rows, []any{eidOf(c.ID), source[c.N], tie})
	}
	stmt := fmt.Sprintf(`UNWIND $rows AS row
MATCH (e) WHERE elementId(e) = row[0] MATCH (s) WHERE elementId(s) = row[1]
CREATE (e)-[c:%s]->(s) SET c.tie = row[2]`, CitesType)
	for i := 0; i < len(rows); i += BatchSize {
		if _, err := tx.Run(ctx, stmt, map[string]any{"rows": rows[i:min(i+BatchSize, len(rows))]}); err != nil {
			return fmt.Errorf("citations: %w", err)
		}
	}
	return nil
}
