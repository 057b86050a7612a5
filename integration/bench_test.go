package integration

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/bcgraph/bcgraph/graph"
	"github.com/bcgraph/bcgraph/loader"
)

// BenchmarkLoadAgainstLoadCSV loads the real dataset and one 100 times its
// size, first with bcgraph's loader (batched UNWIND … MERGE, one transaction),
// then the same data with plain LOAD CSV from the csv export, served over
// loopback, on the same server. It reports rows (nodes + relationships) per
// second for both and their ratio. Run it with:
//
//	go test ./integration -run XXX -bench LoadAgainstLoadCSV -benchtime 1x
func BenchmarkLoadAgainstLoadCSV(b *testing.B) {
	d := driver(b)
	real, err := loader.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	big, err := graph.Replicate(real, 100, 1)
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		g    *graph.Graph
	}{{"real", real}, {"x100", big}} {
		b.Run(tc.name, func(b *testing.B) {
			ctx := context.Background()
			rows := float64(len(tc.g.Entities) + len(tc.g.Ties))
			plan := loader.NewPlan(tc.g)
			var nodesCSV, relsCSV bytes.Buffer
			tc.g.WriteCSVNodes(&nodesCSV)
			tc.g.WriteCSVRels(&relsCSV)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/nodes.csv" {
					w.Write(nodesCSV.Bytes())
				} else {
					w.Write(relsCSV.Bytes())
				}
			}))
			defer srv.Close()
			var loadTime, csvTime time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				if _, err := loader.Wipe(ctx, d, ""); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				start := time.Now()
				if _, err := loader.Load(ctx, d, "", plan, nil); err != nil {
					b.Fatal(err)
				}
				loadTime += time.Since(start)
				b.StopTimer()
				if _, err := loader.Wipe(ctx, d, ""); err != nil {
					b.Fatal(err)
				}
				start = time.Now()
				loadCSV(b, d, srv.URL)
				csvTime += time.Since(start)
				b.StartTimer()
			}
			n := float64(b.N)
			b.ReportMetric(rows*n/loadTime.Seconds(), "load_rows/s")
			b.ReportMetric(rows*n/csvTime.Seconds(), "loadcsv_rows/s")
			b.ReportMetric(csvTime.Seconds()/loadTime.Seconds(), "speed_vs_loadcsv")
		})
	}
}

// loadCSV is the plain LOAD CSV baseline: the same constraint, MERGE on id,
// dynamic labels and types (Cypher 5.26), batches of 500 rows.
func loadCSV(b *testing.B, d neo4j.DriverWithContext, base string) {
	ctx := context.Background()
	for _, stmt := range []string{
		`LOAD CSV WITH HEADERS FROM $url AS row
		 CALL { WITH row
		   MERGE (n:Bcgraph {id: row['id:ID']})
		   SET n:$(row[':LABEL']), n.name = row.name, n.country = row.country, n.aliases = split(row['aliases:string[]'], ';'),
		       n.ru = row.ru, n.zh = row.zh, n.date_text = row.date, n.status = row.status, n.quote = row.quote,
		       n.footnote = [x IN split(row['footnote:int[]'], ';') WHERE x <> '' | toInteger(x)], n.chapter = toInteger(row['chapter:int'])
		 } IN TRANSACTIONS OF 500 ROWS`,
		`LOAD CSV WITH HEADERS FROM $url AS row
		 CALL { WITH row
		   MATCH (a:Bcgraph {id: row[':START_ID']}), (z:Bcgraph {id: row[':END_ID']})
		   MERGE (a)-[r:$(row[':TYPE']) {id: row.id}]->(z)
		   SET r.date_text = row.date, r.status = row.status, r.role = row.role, r.quote = row.quote,
		       r.footnote = [x IN split(row['footnote:int[]'], ';') WHERE x <> '' | toInteger(x)],
		       r.chapter = toInteger(row['chapter:int']), r.reference = row['reference:boolean'] = 'true'
		 } IN TRANSACTIONS OF 500 ROWS`,
	} {
		url := base + "/nodes.csv"
		if bytes.Contains([]byte(stmt), []byte(":START_ID")) {
			url = base + "/rels.csv"
		}
		// CALL … IN TRANSACTIONS needs an implicit (auto-commit) transaction.
		sess := d.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeWrite})
		res, err := sess.Run(ctx, stmt, map[string]any{"url": url})
		if err == nil {
			_, err = res.Consume(ctx)
		}
		sess.Close(ctx)
		if err != nil {
			b.Fatalf("LOAD CSV: %v", err)
		}
	}
}
