package integration

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/bcgraph/bcgraph/graph"
	"github.com/bcgraph/bcgraph/loader"
)

// BenchmarkLoadAgainstLoadCSV loads the real dataset and ones 10 and 100
// times its size (graph.Replicate) into an empty database, first with plain
// LOAD CSV served over loopback, then with bcgraph's loader, on the same
// server in the same run. It reports rows (nodes + relationships) per second
// of each, bcgraph's ratio to each, and the server's CPU seconds for each
// (less swayed than wall time by whatever else the machine runs).
//
// The LOAD CSV baseline is the fair one: a single uniqueness constraint (on
// :Bcgraph(id)), one statement per label and per relationship type with the
// label or type written out (no dynamic labels), and CALL … IN TRANSACTIONS
// OF 10000 ROWS. It runs three times: the csv export's columns with MERGE
// (idempotent, as bcgraph's load is) and with CREATE (the fastest form into
// an empty database), and, with CREATE, every property bcgraph's load writes
// ("same", from csv files made of the load's own rows: the same data).
// bcgraph's time includes reading what the database holds, creating its
// schema (the constraints, a name index, a full-text index) and committing
// everything in ONE transaction; computing the plan is reported apart
// (plan_s), and its server CPU includes the full-text index catching up.
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
			plan := loader.NewPlan(g)
			if err := plan.Measure(ctx); err != nil {
				b.Fatal(err)
			}
			planTime := time.Since(planStart)
			export, same := serveExportCSV(b, g), servePlanCSV(b, plan)
			var peak int64
			type run struct {
				name string
				load func()
				wall time.Duration
				cpu  float64
			}
			runs := []*run{
				{name: "merge", load: func() { loadCSV(b, d, export, "MERGE") }},
				{name: "create", load: func() { loadCSV(b, d, export, "CREATE") }},
				{name: "same", load: func() { loadCSV(b, d, same, "CREATE") }},
				{name: "bcgraph", load: func() {
					s, err := loader.Load(ctx, d, "", plan, loader.LoadOptions{})
					if err != nil {
						b.Fatal(err)
					}
					peak = max(peak, s.PeakTxMemory)
				}},
			}
			b.StopTimer()
			for i := 0; i < b.N; i++ {
				for _, r := range runs {
					resetDatabase(b, d)
					cpu, start := serverCPU(), time.Now()
					if r.name == "bcgraph" {
						b.StartTimer()
					}
					r.load()
					b.StopTimer()
					r.wall += time.Since(start)
					awaitIndexes(b, d)
					r.cpu += serverCPU() - cpu
					// Each loader must have written the whole dataset.
					if nodes, rels, err := loader.Count(ctx, d, ""); err != nil || nodes != len(g.Entities) || rels != len(g.Ties) {
						b.Fatalf("%s wrote %d nodes and %d relationships (%v), want %d and %d", r.name, nodes, rels, err, len(g.Entities), len(g.Ties))
					}
				}
			}
			n := float64(b.N)
			bc := runs[3]
			for _, r := range runs {
				b.ReportMetric(rows*n/r.wall.Seconds(), r.name+"_rows/s")
				if r != bc {
					b.ReportMetric(r.wall.Seconds()/bc.wall.Seconds(), "x_vs_"+r.name)
				}
				if bc.cpu > 0 {
					b.ReportMetric(r.cpu/n, r.name+"_server_cpu_s")
				}
			}
			b.ReportMetric(planTime.Seconds(), "plan_s")
			b.ReportMetric(float64(peak)/(1<<20), "bcgraph_peak_tx_MiB")
		})
	}
}

// serverCPU is the CPU seconds the test server's process has used so far,
// when it is the one integration/neo4j/start.sh started (its pid file is
// known); 0 otherwise.
func serverCPU() float64 {
	home := os.Getenv("BCGRAPH_NEO4J_HOME")
	if home == "" {
		return 0
	}
	pid, err := os.ReadFile(filepath.Join(home, "run", "neo4j.pid"))
	if err != nil {
		return 0
	}
	stat, err := os.ReadFile(filepath.Join("/proc", strings.TrimSpace(string(pid)), "stat"))
	if err != nil {
		return 0
	}
	// Fields after the command name: utime and stime are the 12th and 13th, in clock ticks.
	f := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	user, _ := strconv.ParseFloat(f[11], 64)
	sys, _ := strconv.ParseFloat(f[12], 64)
	return (user + sys) / 100
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

// resetDatabase empties what either loader wrote and drops bcgraph's
// schema: each loader starts from a database that never saw bcgraph.
func resetDatabase(b *testing.B, d neo4j.DriverWithContext) {
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
}

// awaitIndexes waits until every index is online and the eventually
// consistent full-text index has caught up.
func awaitIndexes(b testing.TB, d neo4j.DriverWithContext) {
	for _, q := range []string{"CALL db.awaitIndexes(600)", "CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()"} {
		if _, err := neo4j.ExecuteQuery(context.Background(), d, q, nil, neo4j.EagerResultTransformer); err != nil {
			b.Fatal(err)
		}
	}
}

// csvFiles are node files by label and relationship files by type, served
// over loopback, and how LOAD CSV turns their columns into properties.
type csvFiles struct {
	url           string
	labels, types []string          // served at /nodes/LABEL.csv and /rels/TYPE.csv
	id, from, to  string            // the columns holding ids and ends
	set           map[string]string // label or type → SET clause for the row
	files         map[string][]byte
}

func (f *csvFiles) serve(b testing.TB) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, ok := f.files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write(data)
	}))
	b.Cleanup(srv.Close)
	f.url = srv.URL
}

// serveExportCSV serves bcgraph export --format csv, split by label and type.
func serveExportCSV(b testing.TB, g *graph.Graph) *csvFiles {
	var nodes, rels bytes.Buffer
	if err := g.WriteCSVNodes(&nodes); err != nil {
		b.Fatal(err)
	}
	if err := g.WriteCSVRels(&rels); err != nil {
		b.Fatal(err)
	}
	f := &csvFiles{id: "id:ID", from: ":START_ID", to: ":END_ID", set: map[string]string{}, files: map[string][]byte{}}
	f.labels = splitCSV(b, nodes.Bytes(), ":LABEL", "/nodes/", f.files)
	f.types = splitCSV(b, rels.Bytes(), ":TYPE", "/rels/", f.files)
	nodeSet := `n.name = row.name, n.country = row.country, n.aliases = split(row.` + "`aliases:string[]`" + `, ';'),
      n.ru = row.ru, n.zh = row.zh, n.date_text = row.date, n.status = row.status, n.quote = row.quote,
      n.footnote = [x IN split(row.` + "`footnote:int[]`" + `, ';') WHERE x <> '' | toInteger(x)], n.chapter = toInteger(row.` + "`chapter:int`" + `)`
	relSet := `r.date_text = row.date, r.status = row.status, r.role = row.role, r.quote = row.quote,
      r.footnote = [x IN split(row.` + "`footnote:int[]`" + `, ';') WHERE x <> '' | toInteger(x)],
      r.chapter = toInteger(row.` + "`chapter:int`" + `), r.reference = row.` + "`reference:boolean`" + ` = 'true'`
	for _, l := range f.labels {
		f.set[l] = nodeSet
	}
	for _, t := range f.types {
		f.set[t] = relSet
	}
	f.serve(b)
	return f
}

// servePlanCSV serves the load's own rows as csv: every property bcgraph's
// load writes, bcgraph_hash included, each column with its type's conversion.
func servePlanCSV(b *testing.B, p loader.Plan) *csvFiles {
	f := &csvFiles{id: "id", from: "from", to: "to", set: map[string]string{}, files: map[string][]byte{}}
	write := func(prefix, key, v string, rows []loader.Row) {
		keys := map[string]any{}
		for _, r := range rows {
			for k, v := range r.Props {
				keys[k] = v
			}
		}
		cols := []string{"id", "from", "to", "bcgraph_hash"}
		var sets []string
		for _, k := range sortedKeys(keys) {
			if k == "id" {
				continue // in the CREATE pattern
			}
			cols = append(cols, k)
			sets = append(sets, fmt.Sprintf("%s.%s = %s", v, k, csvConversion(keys[k], "row.`"+k+"`")))
		}
		sets = append(sets, v+".bcgraph_hash = row.bcgraph_hash")
		f.set[key] = strings.Join(sets, ", ")
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.Write(cols)
		for _, r := range rows {
			rec := []string{r.ID, r.From, r.To, r.Hash}
			for _, k := range cols[4:] {
				rec = append(rec, csvValue(r.Props[k]))
			}
			w.Write(rec)
		}
		w.Flush()
		f.files[prefix+key+".csv"] = buf.Bytes()
	}
	for _, l := range sortedKeys(p.Nodes) {
		f.labels = append(f.labels, l)
		write("/nodes/", l, "n", p.Nodes[l])
	}
	for _, t := range sortedKeys(p.Rels) {
		f.types = append(f.types, t)
		write("/rels/", t, "r", p.Rels[t])
	}
	f.serve(b)
	return f
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Lists go into one cell behind a marker, so that an empty list ("L") and
// no value ("") stay apart; items are separated by the unit separator.
const csvSep = "\u001F"

func csvValue(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case []string:
		return "L" + strings.Join(v, "\x1f")
	case []int64:
		s := make([]string, len(v))
		for i, n := range v {
			s[i] = strconv.FormatInt(n, 10)
		}
		return "L" + strings.Join(s, "\x1f")
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case neo4j.Date:
		return v.String()
	}
	return fmt.Sprint(v)
}

// csvConversion is the Cypher turning a cell back into a value of v's type.
func csvConversion(v any, cell string) string {
	list := func(item string) string {
		return fmt.Sprintf("CASE %[1]s WHEN '' THEN null WHEN 'L' THEN [] ELSE [x IN split(substring(%[1]s, 1), '%[2]s') | %[3]s] END", cell, csvSep, item)
	}
	switch v.(type) {
	case int64:
		return "toInteger(" + cell + ")"
	case float64:
		return "toFloat(" + cell + ")"
	case bool:
		return "CASE " + cell + " WHEN '' THEN null ELSE " + cell + " = 'true' END"
	case []string:
		return list("x")
	case []int64:
		return list("toInteger(x)")
	case neo4j.Date:
		return "date(nullIf(" + cell + ", ''))"
	}
	return "nullIf(" + cell + ", '')"
}

// splitCSV splits a csv by the value of one column into files under prefix
// and returns the values, sorted.
func splitCSV(b testing.TB, data []byte, column, prefix string, files map[string][]byte) []string {
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

// loadCSV is the baseline: its one constraint, then one LOAD CSV statement
// per label, then one per relationship type, each committing every 10000 rows.
func loadCSV(b testing.TB, d neo4j.DriverWithContext, f *csvFiles, verb string) {
	ctx := context.Background()
	if _, err := neo4j.ExecuteQuery(ctx, d, "CREATE CONSTRAINT bcgraph_id IF NOT EXISTS FOR (n:Bcgraph) REQUIRE n.id IS UNIQUE", nil, neo4j.EagerResultTransformer); err != nil {
		b.Fatal(err)
	}
	var stmts, urls []string
	for _, l := range f.labels {
		stmts = append(stmts, fmt.Sprintf("LOAD CSV WITH HEADERS FROM $url AS row\nCALL (row) {\n  %s (n:Bcgraph:%s {id: row.`%s`})\n  SET %s\n} IN TRANSACTIONS OF 10000 ROWS",
			verb, l, f.id, f.set[l]))
		urls = append(urls, f.url+"/nodes/"+l+".csv")
	}
	for _, t := range f.types {
		stmts = append(stmts, fmt.Sprintf("LOAD CSV WITH HEADERS FROM $url AS row\nCALL (row) {\n  MATCH (a:Bcgraph {id: row.`%s`}), (z:Bcgraph {id: row.`%s`})\n  %s (a)-[r:%s {id: row.id}]->(z)\n  SET %s\n} IN TRANSACTIONS OF 10000 ROWS",
			f.from, f.to, verb, t, f.set[t]))
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
			b.Fatalf("LOAD CSV %s: %v\n%s", urls[i][len(f.url):], err, stmt)
		}
	}
}

// BenchmarkReloadUnchanged times a load of a dataset the database already
// holds (the real one and one 100 times its size): what a second bcgraph
// load costs. plan_s is NewPlan (the facts and the fingerprint), which every
// load computes before connecting; reload_s is the load itself.
//
//	go test ./integration -run XXX -bench ReloadUnchanged -benchtime 5x
func BenchmarkReloadUnchanged(b *testing.B) {
	d := driver(b)
	ctx := context.Background()
	for _, tc := range benchGraphs(b) {
		if tc.name == "x10" {
			continue
		}
		b.Run(tc.name, func(b *testing.B) {
			b.StopTimer()
			resetDatabase(b, d)
			if _, err := loader.Load(ctx, d, "", loader.NewPlan(tc.g), loader.LoadOptions{}); err != nil {
				b.Fatal(err)
			}
			var plan, reload time.Duration
			for i := 0; i < b.N; i++ {
				b.StartTimer()
				start := time.Now()
				p := loader.NewPlan(tc.g)
				plan += time.Since(start)
				start = time.Now()
				s, err := loader.Load(ctx, d, "", p, loader.LoadOptions{})
				reload += time.Since(start)
				b.StopTimer()
				if err != nil {
					b.Fatal(err)
				}
				if s.Changed() || s.Transactions != 0 {
					b.Fatalf("a reload of an unchanged dataset wrote: %+v", s)
				}
			}
			b.ReportMetric(plan.Seconds()/float64(b.N), "plan_s")
			b.ReportMetric(reload.Seconds()/float64(b.N), "reload_s")
		})
	}
}
