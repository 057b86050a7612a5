package integration

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/bcgraph/bcgraph/graph"
	"github.com/bcgraph/bcgraph/loader"
)

// BenchmarkLoadAgainstLoadCSV loads the real dataset and ones 10 and 100
// times its size (graph.Replicate) into an empty database, first with plain
// LOAD CSV from the csv export served over loopback, then with bcgraph's
// loader, on the same server in the same run. It reports rows (nodes +
// relationships) per second of each and bcgraph's ratio to each.
//
// The LOAD CSV baseline is the fair one: a single uniqueness constraint (on
// :Bcgraph(id)), one statement per label and per relationship type with the
// label or type written out (no dynamic labels), and CALL … IN TRANSACTIONS
// OF 10000 ROWS. It runs twice, with MERGE (idempotent, as bcgraph's load is)
// and with CREATE (the fastest form into an empty database). bcgraph's time
// includes creating its schema (constraint, name index, full-text index) and
// reading what the database holds; computing the plan is reported apart.
//
//	go test ./integration -run XXX -bench LoadAgainstLoadCSV -benchtime 1x
//	go test ./integration -run XXX -bench 'LoadAgainstLoadCSV/x100' -benchtime 1x
func BenchmarkLoadAgainstLoadCSV(b *testing.B) {
	d := driver(b)
	ctx := context.Background()
	for _, tc := range benchGraphs(b) {
		b.Run(tc.name, func(b *testing.B) {
			g := tc.g
			rows := float64(len(g.Entities) + len(g.Ties))
			planStart := time.Now()
			run := prepareLoad(b, g)
			planTime := time.Since(planStart)
			srv := serveCSV(b, g)
			var loadTime, mergeTime, createTime time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				for _, v := range []struct {
					create bool
					total  *time.Duration
				}{{false, &mergeTime}, {true, &createTime}} {
					resetDatabase(b, d, true)
					start := time.Now()
					loadCSV(b, d, srv, v.create)
					*v.total += time.Since(start)
				}
				resetDatabase(b, d, false)
				b.StartTimer()
				start := time.Now()
				run(ctx, d)
				loadTime += time.Since(start)
				b.StopTimer()
				awaitIndexes(b, d)
			}
			n := float64(b.N)
			b.ReportMetric(rows*n/loadTime.Seconds(), "bcgraph_rows/s")
			b.ReportMetric(rows*n/mergeTime.Seconds(), "loadcsv_merge_rows/s")
			b.ReportMetric(rows*n/createTime.Seconds(), "loadcsv_create_rows/s")
			b.ReportMetric(mergeTime.Seconds()/loadTime.Seconds(), "x_vs_merge")
			b.ReportMetric(createTime.Seconds()/loadTime.Seconds(), "x_vs_create")
			b.ReportMetric(planTime.Seconds(), "plan_s")
		})
	}
}

type benchGraph struct {
	name string
	g    *graph.Graph
}

func benchGraphs(b *testing.B) []benchGraph {
	real, err := loader.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	out := []benchGraph{{"real", real}}
	for _, k := range []int{10, 100} {
		big, err := graph.Replicate(real, k, 1)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, benchGraph{fmt.Sprintf("x%d", k), big})
	}
	return out
}

// prepareLoad computes everything bcgraph's load needs before it connects
// and returns the load itself.
func prepareLoad(b *testing.B, g *graph.Graph) func(context.Context, neo4j.DriverWithContext) {
	plan := loader.NewPlan(g)
	if err := plan.Measure(context.Background()); err != nil {
		b.Fatal(err)
	}
	return func(ctx context.Context, d neo4j.DriverWithContext) {
		if _, err := loader.Load(ctx, d, "", plan, loader.LoadOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// resetDatabase empties what either loader wrote and drops bcgraph's schema,
// leaving, for LOAD CSV, the one constraint it relies on.
func resetDatabase(b *testing.B, d neo4j.DriverWithContext, forLoadCSV bool) {
	ctx := context.Background()
	if _, err := loader.Wipe(ctx, d, ""); err != nil {
		b.Fatal(err)
	}
	for _, show := range []string{"SHOW CONSTRAINTS YIELD name WHERE name STARTS WITH 'bcgraph' RETURN name, 'CONSTRAINT' AS kind",
		"SHOW INDEXES YIELD name, owningConstraint WHERE name STARTS WITH 'bcgraph' AND owningConstraint IS NULL RETURN name, 'INDEX' AS kind"} {
		res, err := neo4j.ExecuteQuery(ctx, d, show, nil, neo4j.EagerResultTransformer)
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range res.Records {
			name, _ := r.Get("name")
			kind, _ := r.Get("kind")
			if _, err := neo4j.ExecuteQuery(ctx, d, fmt.Sprintf("DROP %s `%s` IF EXISTS", kind, name), nil, neo4j.EagerResultTransformer); err != nil {
				b.Fatal(err)
			}
		}
	}
	if forLoadCSV {
		if _, err := neo4j.ExecuteQuery(ctx, d, "CREATE CONSTRAINT bcgraph_id IF NOT EXISTS FOR (n:Bcgraph) REQUIRE n.id IS UNIQUE", nil, neo4j.EagerResultTransformer); err != nil {
			b.Fatal(err)
		}
	}
}

func awaitIndexes(b *testing.B, d neo4j.DriverWithContext) {
	if _, err := neo4j.ExecuteQuery(context.Background(), d, "CALL db.awaitIndexes(600)", nil, neo4j.EagerResultTransformer); err != nil {
		b.Fatal(err)
	}
}

// csvFiles is the csv export split by label and by relationship type.
type csvFiles struct {
	url    string
	labels []string // each served at /nodes/LABEL.csv
	types  []string // each served at /rels/TYPE.csv
}

func serveCSV(b *testing.B, g *graph.Graph) csvFiles {
	var nodes, rels bytes.Buffer
	if err := g.WriteCSVNodes(&nodes); err != nil {
		b.Fatal(err)
	}
	if err := g.WriteCSVRels(&rels); err != nil {
		b.Fatal(err)
	}
	files := map[string][]byte{}
	var f csvFiles
	f.labels = splitCSV(b, nodes.Bytes(), ":LABEL", "/nodes/", files)
	f.types = splitCSV(b, rels.Bytes(), ":TYPE", "/rels/", files)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write(data)
	}))
	b.Cleanup(srv.Close)
	f.url = srv.URL
	return f
}

// splitCSV splits a csv by the value of one column into files under prefix
// and returns the values, sorted.
func splitCSV(b *testing.B, data []byte, column, prefix string, files map[string][]byte) []string {
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		b.Fatal(err)
	}
	col := -1
	for i, h := range recs[0] {
		if h == column {
			col = i
		}
	}
	parts := map[string][][]string{}
	for _, r := range recs[1:] {
		parts[r[col]] = append(parts[r[col]], r)
	}
	var keys []string
	for k, rs := range parts {
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.Write(recs[0])
		w.WriteAll(rs)
		files[prefix+k+".csv"] = buf.Bytes()
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// loadCSV is the baseline: one LOAD CSV statement per label, then one per
// relationship type, each committing every 10000 rows.
func loadCSV(b *testing.B, d neo4j.DriverWithContext, f csvFiles, create bool) {
	ctx := context.Background()
	verb := "MERGE"
	if create {
		verb = "CREATE"
	}
	var stmts, urls []string
	for _, l := range f.labels {
		stmts = append(stmts, fmt.Sprintf(`LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  %s (n:Bcgraph:%s {id: row.`+"`id:ID`"+`})
  SET n.name = row.name, n.country = row.country, n.aliases = split(row.`+"`aliases:string[]`"+`, ';'),
      n.ru = row.ru, n.zh = row.zh, n.date_text = row.date, n.status = row.status, n.quote = row.quote,
      n.footnote = [x IN split(row.`+"`footnote:int[]`"+`, ';') WHERE x <> '' | toInteger(x)], n.chapter = toInteger(row.`+"`chapter:int`"+`)
} IN TRANSACTIONS OF 10000 ROWS`, verb, l))
		urls = append(urls, f.url+"/nodes/"+l+".csv")
	}
	for _, t := range f.types {
		stmts = append(stmts, fmt.Sprintf(`LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  MATCH (a:Bcgraph {id: row.`+"`:START_ID`"+`}), (z:Bcgraph {id: row.`+"`:END_ID`"+`})
  %s (a)-[r:%s {id: row.id}]->(z)
  SET r.date_text = row.date, r.status = row.status, r.role = row.role, r.quote = row.quote,
      r.footnote = [x IN split(row.`+"`footnote:int[]`"+`, ';') WHERE x <> '' | toInteger(x)],
      r.chapter = toInteger(row.`+"`chapter:int`"+`), r.reference = row.`+"`reference:boolean`"+` = 'true'
} IN TRANSACTIONS OF 10000 ROWS`, verb, t))
		urls = append(urls, f.url+"/rels/"+t+".csv")
	}
	for i, stmt := range stmts {
		// CALL … IN TRANSACTIONS needs an implicit (auto-commit) transaction.
		sess := d.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeWrite})
		res, err := sess.Run(ctx, stmt, map[string]any{"url": urls[i]})
		if err == nil {
			_, err = res.Consume(ctx)
		}
		sess.Close(ctx)
		if err != nil {
			b.Fatalf("LOAD CSV %s: %v", strings.SplitN(urls[i], "/", 4)[3], err)
		}
	}
}
