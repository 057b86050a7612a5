package integration

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/bcgraph/bcgraph/graph"
	"github.com/bcgraph/bcgraph/loader"
)

func embedded(t testing.TB) *graph.Graph {
	t.Helper()
	g, err := loader.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// freshLoad empties what bcgraph loaded and loads the embedded dataset.
func freshLoad(t testing.TB, d neo4j.DriverWithContext, g *graph.Graph) loader.Summary {
	t.Helper()
	ctx := context.Background()
	if _, err := loader.Wipe(ctx, d, ""); err != nil {
		t.Fatal(err)
	}
	s, err := loader.Load(ctx, d, "", loader.NewPlan(g), loader.LoadOptions{})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return s
}

func TestLoadTwiceChangesNothing(t *testing.T) {
	d := driver(t)
	g := embedded(t)
	ctx := context.Background()
	first := freshLoad(t, d, g)
	if first.Nodes.Created != len(g.Entities) || first.Rels.Created != len(g.Ties) {
		t.Fatalf("first load created %d nodes and %d relationships, want %d and %d",
			first.Nodes.Created, first.Rels.Created, len(g.Entities), len(g.Ties))
	}
	if first.Transactions != 1 || first.PeakTxMemory <= 0 || first.TxMemoryLimit <= 0 {
		t.Errorf("the first load should report its one transaction's peak memory and the server's limit: %+v", first)
	}
	before := snapshot(t, d)
	nodes, rels, err := loader.Count(ctx, d, "")
	if err != nil {
		t.Fatal(err)
	}
	// Both ways in: Load of a plan, and LoadGraph (what 'bcgraph load'
	// runs), which answers from the fingerprint and counts alone.
	for name, again := range map[string]func() (loader.Summary, error){
		"Load": func() (loader.Summary, error) {
			return loader.Load(ctx, d, "", loader.NewPlan(g), loader.LoadOptions{})
		},
		"LoadGraph": func() (loader.Summary, error) { return loader.LoadGraph(ctx, d, "", g, loader.LoadOptions{}) },
	} {
		second, err := again()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if second.Changed() || second.Nodes.Unchanged != len(g.Entities) || second.Rels.Unchanged != len(g.Ties) || second.Transactions != 0 {
			t.Errorf("%s, second: reported changes or wrote: %+v", name, second)
		}
		if after := snapshot(t, d); after != before {
			t.Errorf("%s, second: changed the database:\n%s", name, diffLines(before, after))
		}
	}
	n2, r2, _ := loader.Count(ctx, d, "")
	if n2 != nodes || r2 != rels || nodes != len(g.Entities) || rels != len(g.Ties) {
		t.Errorf("counts after loads: %d/%d then %d/%d, dataset %d/%d", nodes, rels, n2, r2, len(g.Entities), len(g.Ties))
	}
}

func TestLoadSchemaAndProperties(t *testing.T) {
	d := driver(t)
	g := embedded(t)
	freshLoad(t, d, g)
	ctx := context.Background()
	res, err := neo4j.ExecuteQuery(ctx, d, "SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties WHERE name = 'bcgraph_id' RETURN labelsOrTypes, properties", nil, neo4j.EagerResultTransformer)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Records) != 1 || fmt.Sprint(res.Records[0].Values) != "[[Bcgraph] [id]]" {
		t.Errorf("the id constraint: %v", res.Records)
	}
	// The full-text index (eventually consistent) finds a garbled spelling the book uses.
	// It is built after the load commits: wait for it.
	for _, q := range []string{"CALL db.awaitIndexes(60)", "CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()"} {
		if _, err := neo4j.ExecuteQuery(ctx, d, q, nil, neo4j.EagerResultTransformer); err != nil {
			t.Fatal(err)
		}
	}
	res, err = neo4j.ExecuteQuery(ctx, d, "CALL db.index.fulltext.queryNodes('bcgraph_names', $q) YIELD node RETURN node.id AS id LIMIT 1",
		map[string]any{"q": "Mahiliou"}, neo4j.EagerResultTransformer)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Records) == 0 {
		t.Error("full-text search for Mahiliou found nothing")
	}
	// Evidence, dates and measures are where Browser users look for them.
	res, err = neo4j.ExecuteQuery(ctx, d, `MATCH (b:University {id: 'bntu'}) OPTIONAL MATCH (b)-[r:PARTY_TO]->(a:Agreement)
		RETURN b.pagerank AS pr, b.community AS c, labels(b) AS labels, collect(r)[0] AS r`, nil, neo4j.EagerResultTransformer)
	if err != nil {
		t.Fatal(err)
	}
	rec := res.Records[0].AsMap()
	if rec["pr"] == nil || rec["c"] == nil {
		t.Errorf("bntu lacks written-back measures: %v", rec)
	}
	r, ok := rec["r"].(neo4j.Relationship)
	if !ok || r.Props["quote"] == nil || r.Props["chapter"] == nil || r.Props["reference"] != false {
		t.Errorf("PARTY_TO lacks evidence: %v", rec["r"])
	}
	res, err = neo4j.ExecuteQuery(ctx, d, "MATCH ()-[r]->() WHERE r.date IS NOT NULL RETURN r.date AS d, r.date_text AS t LIMIT 1", nil, neo4j.EagerResultTransformer)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Records) == 0 {
		t.Fatal("no relationship carries a Neo4j date")
	}
	if _, ok := res.Records[0].AsMap()["d"].(neo4j.Date); !ok {
		t.Errorf("date is %T, want a Neo4j date", res.Records[0].AsMap()["d"])
	}
}

// cutter forwards loopback connections to Neo4j until told to cut them all.
type cutter struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func newCutter(t *testing.T, target string) *cutter {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c := &cutter{ln: ln}
	go func() {
		for {
			in, err := ln.Accept()
			if err != nil {
				return
			}
			out, err := net.Dial("tcp", target)
			if err != nil {
				in.Close()
				continue
			}
			c.mu.Lock()
			c.conns = append(c.conns, in, out)
			c.mu.Unlock()
			go func() { io.Copy(out, in); out.Close() }()
			go func() { io.Copy(in, out); in.Close() }()
		}
	}()
	t.Cleanup(c.cut)
	return c
}

func (c *cutter) cut() {
	c.ln.Close()
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, conn := range c.conns {
		conn.Close()
	}
}

func TestLoadCutMidwayLeavesTheDatabaseAsItWas(t *testing.T) {
	direct := driver(t)
	g := embedded(t)
	ctx := context.Background()
	if _, err := loader.Wipe(ctx, direct, ""); err != nil {
		t.Fatal(err)
	}
	host := strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(server.uri, "bolt://"), "neo4j://"), "neo4j+s://")
	proxy := newCutter(t, host)
	viaProxy, err := neo4j.NewDriverWithContext("bolt://"+proxy.ln.Addr().String(), neo4j.BasicAuth(server.user, server.password, ""),
		func(c *config.Config) { c.MaxTransactionRetryTime = time.Second })
	if err != nil {
		t.Fatal(err)
	}
	defer viaProxy.Close(ctx)
	var once sync.Once
	_, err = loader.Load(ctx, viaProxy, "", loader.NewPlan(g), loader.LoadOptions{Progress: func(done, total int) {
		if done == 1 {
			once.Do(proxy.cut) // the nodes are written inside the transaction, then the line drops
		}
	}})
	if err == nil {
		t.Fatal("load through a cut connection reported success")
	}
	// The server rolls back the open transaction when its connection dies.
	var nodes, rels int
	for i := 0; i < 50; i++ {
		if nodes, rels, err = loader.Count(ctx, direct, ""); err == nil && nodes == 0 && rels == 0 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if nodes != 0 || rels != 0 {
		t.Fatalf("after a cut load the database holds %d nodes and %d relationships, want none", nodes, rels)
	}
	s, err := loader.Load(ctx, direct, "", loader.NewPlan(g), loader.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Nodes.Created != len(g.Entities) || s.Rels.Created != len(g.Ties) {
		t.Errorf("the next load should complete it: %+v", s)
	}
}

func TestWipeRemovesOnlyWhatBcgraphLoaded(t *testing.T) {
	d := driver(t)
	g := embedded(t)
	ctx := context.Background()
	freshLoad(t, d, g)
	if _, err := neo4j.ExecuteQuery(ctx, d, "CREATE (:UserNote {text: 'mine'})", nil, neo4j.EagerResultTransformer); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { neo4j.ExecuteQuery(ctx, d, "MATCH (n:UserNote) DELETE n", nil, neo4j.EagerResultTransformer) })
	n, err := loader.Wipe(ctx, d, "")
	if err != nil || n != len(g.Entities) {
		t.Fatalf("wipe removed %d (%v), want %d", n, err, len(g.Entities))
	}
	res, _ := neo4j.ExecuteQuery(ctx, d, "MATCH (n:UserNote) RETURN count(n) AS n", nil, neo4j.EagerResultTransformer)
	if n, _ := res.Records[0].Get("n"); n.(int64) != 1 {
		t.Errorf("wipe touched a node bcgraph did not load")
	}
}

func TestConnectAcceptsBoltAndNeo4jSchemes(t *testing.T) {
	requireNeo4j(t)
	ctx := context.Background()
	hostport := server.uri[strings.Index(server.uri, "://")+3:]
	for _, scheme := range []string{"bolt://", "neo4j://"} {
		d, err := loader.Connect(ctx, loader.Config{URI: scheme + hostport, Username: server.user, Password: server.password})
		if err != nil {
			t.Errorf("%s: %v", scheme, err)
			continue
		}
		d.Close(ctx)
	}
}

func TestConnectSaysWhatIsWrongWithoutTheCredential(t *testing.T) {
	requireNeo4j(t)
	ctx := context.Background()
	closed, _ := net.Listen("tcp", "127.0.0.1:0")
	closedAddr := closed.Addr().String()
	closed.Close()
	const secret = "not-the-password-s3cr3t"
	for _, tc := range []struct {
		name string
		cfg  loader.Config
		kind error
	}{
		{"unreachable", loader.Config{URI: "bolt://" + closedAddr, Username: "neo4j", Password: secret}, loader.ErrUnreachable},
		{"wrong password", loader.Config{URI: server.uri, Username: server.user, Password: secret}, loader.ErrUnauthorized},
		{"unknown database", loader.Config{URI: server.uri, Username: server.user, Password: server.password, Database: "nosuchdb"}, loader.ErrUnknownDatabase},
		{"not a URI", loader.Config{URI: "http://" + closedAddr, Username: "neo4j", Password: secret}, loader.ErrMisconfigured},
		{"no URI", loader.Config{}, loader.ErrMisconfigured},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := loader.Connect(ctx, tc.cfg)
			if err == nil {
				d.Close(ctx)
				t.Fatal("connected")
			}
			if !errors.Is(err, tc.kind) {
				t.Errorf("error %q is not %v", err, tc.kind)
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error shows the password: %q", err)
			}
		})
	}
	if server.httpURL != "" {
		// Neo4j's HTTP port is a server that does not speak Bolt.
		d, err := loader.Connect(ctx, loader.Config{URI: strings.Replace(server.httpURL, "http://", "bolt://", 1), Username: server.user, Password: server.password})
		if err == nil {
			d.Close(ctx)
			t.Fatal("connected to an HTTP port over Bolt")
		}
		if !errors.Is(err, loader.ErrNotNeo4j5) {
			t.Errorf("HTTP port: %v", err)
		}
		t.Logf("HTTP port over Bolt: %v", err)
	}
}

// LoadGraph, what 'bcgraph load' runs, answers an unchanged database from
// the fingerprint and counts alone (TestLoadTwiceChangesNothing) and hands
// everything else to Load: a dropped index, a node a user deleted.
func TestLoadGraphSkipsOnlyWhatNeedsNothing(t *testing.T) {
	d := driver(t)
	g := embedded(t)
	ctx := context.Background()
	freshLoad(t, d, g)
	before := snapshot(t, d)
	var s loader.Summary
	var err error
	// An index dropped by hand: the load puts it back.
	var index string
	for _, r := range cypher(t, d, "SHOW INDEXES YIELD name, type, owningConstraint WHERE name STARTS WITH 'bcgraph' AND owningConstraint IS NULL AND type <> 'LOOKUP' RETURN name", nil) {
		index = r["name"].(string)
		break
	}
	if index == "" {
		t.Fatal("the load created no index of its own")
	}
	cypher(t, d, fmt.Sprintf("DROP INDEX `%s`", index), nil)
	if s, err = loader.LoadGraph(ctx, d, "", g, loader.LoadOptions{}); err != nil || !slices.Contains(s.SchemaCreated, index) {
		t.Errorf("after dropping %s: %+v, %v", index, s, err)
	}
	// A node deleted by hand: the load writes it again.
	cypher(t, d, "MATCH (n:Bcgraph {id: 'bntu'}) DETACH DELETE n", nil)
	if s, err = loader.LoadGraph(ctx, d, "", g, loader.LoadOptions{}); err != nil || s.Nodes.Created != 1 {
		t.Errorf("after deleting bntu: %+v, %v", s, err)
	}
	awaitIndexes(t, d)
	// All but the record of the last load (its time, run and generation).
	withoutMeta := func(s string) string {
		var keep []string
		for _, line := range strings.Split(s, "\n") {
			if !strings.Contains(line, `["BcgraphMeta"]`) {
				keep = append(keep, line)
			}
		}
		return strings.Join(keep, "\n")
	}
	if after := snapshot(t, d); withoutMeta(after) != withoutMeta(before) {
		t.Errorf("the database is not the dataset again:\n%s", diffLines(before, after))
	}
}
