package integration

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/bcgraph/bcgraph/graph"
	"github.com/bcgraph/bcgraph/loader"
)

// cypher runs one statement on the default database and returns its rows.
func cypher(t testing.TB, d neo4j.DriverWithContext, q string, params map[string]any) []map[string]any {
	t.Helper()
	res, err := neo4j.ExecuteQuery(context.Background(), d, q, params, neo4j.EagerResultTransformer)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	out := make([]map[string]any, len(res.Records))
	for i, r := range res.Records {
		out[i] = r.AsMap()
	}
	return out
}

func mustLoad(t testing.TB, d neo4j.DriverWithContext, g *graph.Graph, opt loader.LoadOptions) loader.Summary {
	t.Helper()
	s, err := loader.Load(context.Background(), d, "", loader.NewPlan(g), opt)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return s
}

// emptyDatabase removes every node, relationship, constraint and index, so
// that a test starts from a database no bcgraph ever touched.
func emptyDatabase(t testing.TB, d neo4j.DriverWithContext) {
	t.Helper()
	cypher(t, d, "MATCH (n) DETACH DELETE n", nil)
	for _, r := range cypher(t, d, "SHOW CONSTRAINTS YIELD name", nil) {
		cypher(t, d, fmt.Sprintf("DROP CONSTRAINT `%s`", r["name"]), nil)
	}
	for _, r := range cypher(t, d, "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP'", nil) {
		cypher(t, d, fmt.Sprintf("DROP INDEX `%s`", r["name"]), nil)
	}
}

// snapshot is everything the database holds, in a canonical text: every
// node's labels and properties, every relationship's type, ends and
// properties, and every constraint and index. Two equal snapshots are the
// same database as far as a user can tell.
func snapshot(t testing.TB, d neo4j.DriverWithContext) string {
	t.Helper()
	var lines []string
	enc := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, r := range cypher(t, d, "MATCH (n) RETURN labels(n) AS l, properties(n) AS p", nil) {
		ls := r["l"].([]any)
		sort.Slice(ls, func(i, j int) bool { return ls[i].(string) < ls[j].(string) })
		lines = append(lines, "node "+enc(ls)+" "+enc(r["p"]))
	}
	for _, r := range cypher(t, d, "MATCH (a)-[r]->(b) RETURN type(r) AS t, properties(a) AS a, properties(b) AS b, properties(r) AS p", nil) {
		lines = append(lines, fmt.Sprintf("rel %s %v->%v %s", r["t"], r["a"].(map[string]any)["id"], r["b"].(map[string]any)["id"], enc(r["p"])))
	}
	for _, r := range cypher(t, d, "SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties", nil) {
		lines = append(lines, fmt.Sprintf("constraint %v %v %v", r["name"], r["labelsOrTypes"], r["properties"]))
	}
	for _, r := range cypher(t, d, "SHOW INDEXES YIELD name, type, labelsOrTypes, properties WHERE type <> 'LOOKUP'", nil) {
		lines = append(lines, fmt.Sprintf("index %v %v %v %v", r["name"], r["type"], r["labelsOrTypes"], r["properties"]))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// unchanged fails the test when the database no longer matches the snapshot
// before, saying what happened (what) and how it differs.
func unchanged(t testing.TB, d neo4j.DriverWithContext, before, what string) {
	t.Helper()
	if after := snapshot(t, d); after != before {
		t.Errorf("%s:\n%s", what, diffLines(before, after))
	}
}

// diffLines names the first lines where two snapshots differ.
func diffLines(a, b string) string {
	as, bs := map[string]bool{}, map[string]bool{}
	for _, l := range strings.Split(a, "\n") {
		as[l] = true
	}
	for _, l := range strings.Split(b, "\n") {
		bs[l] = true
	}
	var out []string
	for l := range as {
		if !bs[l] {
			out = append(out, "- "+l)
		}
	}
	for l := range bs {
		if !as[l] {
			out = append(out, "+ "+l)
		}
	}
	sort.Strings(out)
	if len(out) > 8 {
		out = append(out[:8], fmt.Sprintf("… and %d more", len(out)-8))
	}
	return strings.Join(out, "\n")
}

// variant rebuilds g's dataset from fresh copies of its entities and stated
// ties (reference geography is derived again), with change applied.
func variant(t testing.TB, g *graph.Graph, change func(es []*graph.Entity, ts []*graph.Tie) ([]*graph.Entity, []*graph.Tie)) *graph.Graph {
	t.Helper()
	var es []*graph.Entity
	for _, e := range g.Entities {
		x := *e
		es = append(es, &x)
	}
	var ts []*graph.Tie
	for _, tie := range g.Ties {
		if tie.Reference {
			continue
		}
		x := *tie
		ts = append(ts, &x)
	}
	if change != nil {
		es, ts = change(es, ts)
	}
	var srcs []*graph.Source
	for _, s := range g.Sources {
		srcs = append(srcs, s)
	}
	v, err := graph.New(es, ts, srcs)
	if err != nil {
		t.Fatalf("variant: %v", err)
	}
	return v
}

func entity(es []*graph.Entity, id string) *graph.Entity {
	for _, e := range es {
		if e.ID == id {
			return e
		}
	}
	panic("no entity " + id)
}

func tie(id, typ, from, to string) *graph.Tie {
	return &graph.Tie{ID: id, Type: typ, From: from, To: to, Evidence: graph.Evidence{Quote: "q", Chapter: 1}}
}

func small(t testing.TB, es []*graph.Entity, ts []*graph.Tie) *graph.Graph {
	t.Helper()
	g, err := graph.New(es, ts, nil)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// poisoned is a plan of g plus one new entity whose name the server refuses
// (a map is not a property value): a load of it fails at the last node,
// after everything before it was written inside the transaction.
func poisoned(t testing.TB, g *graph.Graph) loader.Plan {
	t.Helper()
	v := variant(t, g, func(es []*graph.Entity, ts []*graph.Tie) ([]*graph.Entity, []*graph.Tie) {
		return append(es, &graph.Entity{ID: "zz-poison", Label: graph.LabelUniversity, Name: "Poison"}), ts
	})
	p := loader.NewPlan(v)
	if err := p.Measure(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, r := range p.Nodes[graph.LabelUniversity] {
		if r.ID == "zz-poison" {
			r.Props["name"] = map[string]any{"not": "a property value"}
			return p
		}
	}
	t.Fatal("no poison row")
	return p
}
