package loader

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/bcgraph/bcgraph/graph"
)

// schemaObject is one constraint or index bcgraph keeps. Every one rests on
// bcgraph's own labels (Bcgraph, BcgraphMeta), never on a domain label, so
// that nothing a user stores under :Company or :Province is constrained.
type schemaObject struct {
	name, kind, create string
	// on and props, when set, are what the object must cover: an index of
	// that name over other labels, types or properties (an older bcgraph's,
	// before a tie type or a searched field was added) is replaced.
	on, props []string
	replace   bool
}

var schema = []schemaObject{
	{"bcgraph_id", "CONSTRAINT", "CREATE CONSTRAINT bcgraph_id IF NOT EXISTS FOR (n:" + MarkerLabel + ") REQUIRE n.id IS UNIQUE", nil, nil, false},
	{"bcgraph_meta_id", "CONSTRAINT", "CREATE CONSTRAINT bcgraph_meta_id IF NOT EXISTS FOR (m:" + metaLabel + ") REQUIRE m.id IS UNIQUE", nil, nil, false},
	{"bcgraph_name", "INDEX", "CREATE INDEX bcgraph_name IF NOT EXISTS FOR (n:" + MarkerLabel + ") ON (n.name)", nil, nil, false},
	// Eventually consistent: the index catches up just after a load commits
	// instead of making the commit wait for Lucene. It serves people
	// searching in Browser.
	{"bcgraph_names", "INDEX", "CREATE FULLTEXT INDEX bcgraph_names IF NOT EXISTS FOR (n:" + MarkerLabel + ") ON EACH [n.name, n.search_names] OPTIONS {indexConfig: {`fulltext.eventually_consistent`: true}}", nil, nil, false},
	// What 'bcgraph search' and 'bcgraph source' read on Neo4j (sources.go).
	{TextIndex, "INDEX", searchSchema()[0], []string{MarkerLabel}, textProps, false},
	{TiesTextIndex, "INDEX", searchSchema()[1], graph.TieTypes(), tiesTextProps, false},
	{"bcgraph_source_n", "CONSTRAINT", searchSchema()[2], nil, nil, false},
}

func schemaStatements() []string {
	out := make([]string, len(schema))
	for i, o := range schema {
		out[i] = o.create
	}
	return out
}

// schemaState is what SHOW CONSTRAINTS and SHOW INDEXES said: which of
// bcgraph's objects exist, and which objects earlier bcgraph versions created
// that must go (a uniqueness constraint per domain label, an index per
// relationship type, named bcgraph_<label>_id).
type schemaState struct {
	exists   map[string]bool
	stale    map[string]bool // exists, but covers less than it must
	obsolete []schemaObject
}

func (s schemaState) missing() []schemaObject {
	var out []schemaObject
	for _, o := range schema {
		if !s.exists[o.name] || s.stale[o.name] {
			o.replace = s.stale[o.name]
			out = append(out, o)
		}
	}
	return out
}

// covers reports whether SHOW INDEXES' labelsOrTypes and properties are
// exactly o's, in any order.
func (o schemaObject) covers(labels, props any) bool {
	same := func(got any, want []string) bool {
		l, _ := got.([]any)
		if len(l) != len(want) {
			return false
		}
		for _, x := range l {
			if s, _ := x.(string); !slices.Contains(want, s) {
				return false
			}
		}
		return true
	}
	return same(labels, o.on) && same(props, o.props)
}

func readSchema(ctx context.Context, d neo4j.DriverWithContext, database string) (schemaState, error) {
	s := schemaState{exists: map[string]bool{}, stale: map[string]bool{}}
	wanted := map[string]schemaObject{}
	for _, o := range schema {
		wanted[o.name] = o
	}
	for _, q := range []struct{ kind, show string }{
		{"CONSTRAINT", "SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties"},
		{"INDEX", "SHOW INDEXES YIELD name, labelsOrTypes, properties, owningConstraint, entityType WHERE owningConstraint IS NULL"},
	} {
		res, err := neo4j.ExecuteQuery(ctx, d, q.show, nil, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(database), neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(StatementTimeout)))
		if err != nil {
			return s, fmt.Errorf("read the schema: %w", err)
		}
		for _, r := range res.Records {
			m := r.AsMap()
			name, _ := m["name"].(string)
			if o, ok := wanted[name]; ok {
				s.exists[name] = true
				s.stale[name] = o.on != nil && !o.covers(m["labelsOrTypes"], m["properties"])
				continue
			}
			if createdByOldBcgraph(name, m["labelsOrTypes"], m["properties"]) {
				s.obsolete = append(s.obsolete, schemaObject{name: name, kind: q.kind})
			}
		}
	}
	return s, nil
}

// createdByOldBcgraph recognizes the per-label constraints and per-type
// indexes earlier versions created: exactly bcgraph_<label>_id on one label
// or type and the one property id. Anything else is the user's.
func createdByOldBcgraph(name string, labels, props any) bool {
	ls, _ := labels.([]any)
	ps, _ := props.([]any)
	if len(ls) != 1 || len(ps) != 1 || ps[0] != "id" {
		return false
	}
	l, _ := ls[0].(string)
	return l != "" && name == "bcgraph_"+strings.ToLower(l)+"_id"
}

// createSchema creates what is missing and returns what it created; on a
// failure it drops those again, so a failed load leaves no schema behind.
func createSchema(ctx context.Context, d neo4j.DriverWithContext, database string, missing []schemaObject) ([]schemaObject, error) {
	var created []schemaObject
	for _, o := range missing {
		if o.replace {
			// An index cannot be altered: the old definition goes, the new one
			// is built from the data. It runs after the load has committed.
			if err := dropSchema(ctx, d, database, []schemaObject{o}); err != nil {
				return created, fmt.Errorf("replace %s %s: %w", strings.ToLower(o.kind), o.name, err)
			}
		}
		if _, err := neo4j.ExecuteQuery(ctx, d, o.create, nil, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(database), neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(StatementTimeout))); err != nil {
			dropSchema(ctx, d, database, created)
			return nil, fmt.Errorf("create %s %s: %w", strings.ToLower(o.kind), o.name, err)
		}
		created = append(created, o)
	}
	return created, nil
}

// dropSchema drops the named objects, best effort: it runs after a failure
// (even an interrupt) has already been decided, and reports the first error.
func dropSchema(ctx context.Context, d neo4j.DriverWithContext, database string, objs []schemaObject) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), StatementTimeout)
	defer cancel()
	var first error
	for _, o := range objs {
		_, err := neo4j.ExecuteQuery(ctx, d, fmt.Sprintf("DROP %s `%s` IF EXISTS", o.kind, o.name), nil, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(database), neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(StatementTimeout)))
		if err != nil && first == nil {
			first = fmt.Errorf("drop %s %s: %w", strings.ToLower(o.kind), o.name, err)
		}
	}
	return first
}

// splitSchema separates constraints from indexes.
func splitSchema(objs []schemaObject) (constraints, indexes []schemaObject) {
	for _, o := range objs {
		if o.kind == "CONSTRAINT" {
			constraints = append(constraints, o)
		} else {
			indexes = append(indexes, o)
		}
	}
	return constraints, indexes
}

func names(objs []schemaObject) []string {
	out := make([]string, len(objs))
	for i, o := range objs {
		out[i] = o.name
	}
	return out
}
