package integration

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bcgraph/bcgraph/graph"
	"github.com/bcgraph/bcgraph/loader"
)

// A load that fails leaves the database exactly as it was: with --wipe too,
// since the wipe happens in the load's own transaction.
func TestFailedLoadLeavesTheDatabaseAsItWas(t *testing.T) {
	d := driver(t)
	g := embedded(t)
	ctx := context.Background()
	for _, wipe := range []bool{false, true} {
		t.Run(fmt.Sprintf("wipe=%v", wipe), func(t *testing.T) {
			freshLoad(t, d, g)
			before := snapshot(t, d)
			_, err := loader.Load(ctx, d, "", poisoned(t, g), loader.LoadOptions{Wipe: wipe})
			if err == nil {
				t.Fatal("a load of a plan the server refuses succeeded")
			}
			if !strings.Contains(err.Error(), "nothing was written") {
				t.Errorf("error %q should say nothing was written", err)
			}
			unchanged(t, d, before, "the failed load changed the database")
		})
	}
}

// A reload changes only what bcgraph owns: a user's own properties on
// bcgraph's nodes stay, owned keys the dataset dropped go, and a real
// change is reported as one.
func TestReloadKeepsWhatTheUserAdded(t *testing.T) {
	d := driver(t)
	g := embedded(t)
	ctx := context.Background()
	freshLoad(t, d, g)
	// An entity without a curator's note (bcgraph does not own its note) but
	// with a Chinese name (bcgraph owns its zh).
	var uni *graph.Entity
	for _, e := range g.Entities {
		if e.Label == graph.LabelUniversity && e.Note == "" && e.ZH != "" {
			uni = e
			break
		}
	}
	if uni == nil {
		t.Fatal("no university with a Chinese name and no note in the dataset")
	}
	id := map[string]any{"id": uni.ID}
	cypher(t, d, "MATCH (n:Bcgraph {id: $id}) SET n.journalist_note = 'checked with the rector', n.note = 'mine', n:Favourite", id)
	cypher(t, d, "MATCH (a:Bcgraph {id: $id}), (b:Bcgraph {id: 'gansu'}) CREATE (a)-[:MY_LEAD {note: 'ask'}]->(b)", id)

	// Nothing changed in the dataset: nothing changes in the database.
	s := mustLoad(t, d, g, loader.LoadOptions{})
	if s.Changed() {
		t.Errorf("an unchanged dataset reported changes: %+v", s)
	}
	// The dataset renames it and drops its Chinese name.
	renamed := variant(t, g, func(es []*graph.Entity, ts []*graph.Tie) ([]*graph.Entity, []*graph.Tie) {
		e := entity(es, uni.ID)
		e.Name, e.ZH = "Renamed University", ""
		return es, ts
	})
	s, err := loader.Load(ctx, d, "", loader.NewPlan(renamed), loader.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !s.Changed() || s.Nodes.Updated == 0 {
		t.Errorf("a renamed entity was not reported as a change: %+v", s)
	}
	rows := cypher(t, d, `MATCH (n:Bcgraph {id: $id}) RETURN n.name AS name, n.zh AS zh, n.journalist_note AS jn, n.note AS note,
		'Favourite' IN labels(n) AS fav, COUNT { (n)-[:MY_LEAD]->() } AS leads`, id)
	r := rows[0]
	if r["name"] != "Renamed University" || r["zh"] != nil {
		t.Errorf("bcgraph's own properties were not updated: name %v, zh %v", r["name"], r["zh"])
	}
	if r["jn"] != "checked with the rector" || r["note"] != "mine" || r["fav"] != true || r["leads"] != int64(1) {
		t.Errorf("the reload touched what the user added: %v", r)
	}
	// Back to the dataset: the zh returns, the user's note stays.
	mustLoad(t, d, g, loader.LoadOptions{})
	if r := cypher(t, d, "MATCH (n:Bcgraph {id: $id}) RETURN n.note AS note, n.zh AS zh", id)[0]; r["note"] != "mine" || r["zh"] != uni.ZH {
		t.Errorf("after reloading the dataset: %v", r)
	}
}

// bcgraph's schema rests on its own labels only: a user's :Company or
// :Province nodes are never constrained, merged or touched.
func TestSchemaLeavesTheUsersDataAlone(t *testing.T) {
	d := driver(t)
	g := embedded(t)
	ctx := context.Background()
	emptyDatabase(t, d)
	t.Cleanup(func() { emptyDatabase(t, d) })
	// A user's own data, and a constraint of theirs, before bcgraph ever ran.
	cypher(t, d, "CREATE (:Province {id: 'gansu', name: 'my Gansu'})-[:MY_TIE]->(:Company {id: 'zoomlion'})", nil)
	cypher(t, d, "CREATE CONSTRAINT user_thing_id FOR (n:Thing) REQUIRE n.id IS UNIQUE", nil)
	// What earlier bcgraph versions created: a constraint per domain label, an index per type.
	cypher(t, d, "CREATE CONSTRAINT bcgraph_university_id FOR (n:University) REQUIRE n.id IS UNIQUE", nil)
	cypher(t, d, "CREATE INDEX bcgraph_party_to_id FOR ()-[r:PARTY_TO]-() ON (r.id)", nil)
	users := func() string {
		return fmt.Sprint(cypher(t, d, `MATCH (p:Province {name: 'my Gansu'})-[r]->(c:Company {id: 'zoomlion'})
			RETURN labels(p) AS pl, properties(p) AS pp, type(r) AS t, properties(r) AS rp, labels(c) AS cl, properties(c) AS cp`, nil))
	}
	mine := users()

	// A failed load leaves no constraint behind, and the old ones in place.
	before := snapshot(t, d)
	if _, err := loader.Load(ctx, d, "", poisoned(t, g), loader.LoadOptions{}); err == nil {
		t.Fatal("poisoned load succeeded")
	}
	unchanged(t, d, before, "a failed load changed the database or its schema")

	s := mustLoad(t, d, g, loader.LoadOptions{})
	if s.Nodes.Created != len(g.Entities) {
		t.Errorf("load next to the user's data created %d nodes, want %d", s.Nodes.Created, len(g.Entities))
	}
	if got := users(); got != mine {
		t.Errorf("the load touched the user's nodes:\nbefore %s\nafter  %s", mine, got)
	}
	var schema []string
	for _, r := range cypher(t, d, "SHOW CONSTRAINTS YIELD name, labelsOrTypes RETURN name + ' ' + labelsOrTypes[0] AS c ORDER BY c", nil) {
		schema = append(schema, r["c"].(string))
	}
	for _, r := range cypher(t, d, "SHOW INDEXES YIELD name, labelsOrTypes, owningConstraint, type WHERE owningConstraint IS NULL AND type <> 'LOOKUP' RETURN name + ' ' + labelsOrTypes[0] AS c ORDER BY c", nil) {
		schema = append(schema, r["c"].(string))
	}
	sort.Strings(schema)
	want := "bcgraph_id Bcgraph, bcgraph_meta_id BcgraphMeta, bcgraph_name Bcgraph, bcgraph_names Bcgraph, bcgraph_source_n BcgraphSource, bcgraph_text Bcgraph, bcgraph_ties_text PARTY_TO, user_thing_id Thing"
	if got := strings.Join(schema, ", "); got != want {
		t.Errorf("schema after the load:\n got %s\nwant %s", got, want)
	}
	// The user can still have two :Company nodes with one id, as before bcgraph.
	cypher(t, d, "CREATE (:Company {id: 'dup'}), (:Company {id: 'dup'})", nil)
	if n := cypher(t, d, "MATCH (c:Company {id: 'dup'}) RETURN count(c) AS n", nil)[0]["n"]; n != int64(2) {
		t.Errorf("%v user companies with id dup", n)
	}
	// A reload leaves the user's nodes alone too.
	mustLoad(t, d, g, loader.LoadOptions{})
	if got := users(); got != mine {
		t.Errorf("the reload touched the user's nodes:\nbefore %s\nafter  %s", mine, got)
	}
}

// A reload converges to exactly the dataset: a relabelled entity loses its
// old label, a tie whose ends or type changed under the same id is
// replaced, and what the dataset dropped goes.
func TestReloadConvergesToTheDataset(t *testing.T) {
	d := driver(t)
	ctx := context.Background()
	uni := func(id string) *graph.Entity {
		return &graph.Entity{ID: id, Label: graph.LabelUniversity, Name: strings.ToUpper(id)}
	}
	first := small(t, []*graph.Entity{uni("a"), uni("b"), uni("c"), uni("gone")},
		[]*graph.Tie{tie("t1", graph.CooperatesWith, "a", "b"), tie("t2", graph.CooperatesWith, "b", "c"), tie("t3", graph.CooperatesWith, "a", "gone")})
	a := uni("a")
	a.Label = graph.LabelCompany
	second := small(t, []*graph.Entity{a, uni("b"), uni("c")},
		[]*graph.Tie{tie("t1", graph.CooperatesWith, "a", "c"), tie("t2", graph.Supplies, "b", "c")})
	if _, err := loader.Wipe(ctx, d, ""); err != nil {
		t.Fatal(err)
	}
	mustLoad(t, d, first, loader.LoadOptions{})
	cypher(t, d, "MATCH (n:Bcgraph {id: 'a'}) SET n:Favourite", nil)
	s := mustLoad(t, d, second, loader.LoadOptions{})
	// Every node's measures change with the ties; a is relabelled too.
	if s.Nodes.Created != 0 || s.Nodes.Updated != 3 || s.Nodes.Deleted != 1 || s.Rels.Created != 0 || s.Rels.Updated != 2 || s.Rels.Deleted != 1 {
		t.Errorf("summary %+v: want 3 nodes updated and 1 deleted, 2 relationships updated and 1 deleted", s)
	}
	var got []string
	for _, r := range cypher(t, d, "MATCH (n:Bcgraph) RETURN n.id AS id, labels(n) AS l", nil) {
		var ls []string
		for _, l := range r["l"].([]any) {
			ls = append(ls, l.(string))
		}
		sort.Strings(ls)
		got = append(got, fmt.Sprintf("%s:%s", r["id"], strings.Join(ls, ":")))
	}
	for _, r := range cypher(t, d, "MATCH (x:Bcgraph)-[r]->(y:Bcgraph) RETURN r.id AS id, type(r) AS t, x.id AS x, y.id AS y", nil) {
		got = append(got, fmt.Sprintf("%s=%s-%s->%s", r["id"], r["x"], r["t"], r["y"]))
	}
	sort.Strings(got)
	want := "a:Bcgraph:Company:Favourite b:Bcgraph:University c:Bcgraph:University t1=a-COOPERATES_WITH->c t2=b-SUPPLIES->c"
	if strings.Join(got, " ") != want {
		t.Errorf("after the reload:\n got %s\nwant %s", strings.Join(got, " "), want)
	}
	if err := loader.CheckLoaded(ctx, d, "", loader.DatasetFingerprint(second)); err != nil {
		t.Errorf("after the reload: %v", err)
	}
}

// CheckLoaded tells the Neo4j analyses what is wrong with the database, and
// that bcgraph load fixes it.
func TestCheckLoadedSaysWhatTheDatabaseHolds(t *testing.T) {
	d := driver(t)
	g := embedded(t)
	ctx := context.Background()
	other := variant(t, g, func(es []*graph.Entity, ts []*graph.Tie) ([]*graph.Entity, []*graph.Tie) {
		entity(es, "bntu").Name = "Another name"
		return es, ts
	})
	want := loader.DatasetFingerprint(g)
	if loader.DatasetFingerprint(other) == want {
		t.Fatal("two datasets with one fingerprint")
	}
	for _, tc := range []struct {
		name  string
		setup func()
		kind  error
	}{
		{"empty database", func() { loader.Wipe(ctx, d, "") }, loader.ErrNotLoaded},
		{"this dataset", func() { freshLoad(t, d, g) }, nil},
		{"another dataset", func() { mustLoad(t, d, other, loader.LoadOptions{}) }, loader.ErrStale},
		{"an older bcgraph's load", func() {
			freshLoad(t, d, g)
			cypher(t, d, "MATCH (m:BcgraphMeta) DELETE m", nil)
		}, loader.ErrStale},
		{"an unfinished batched load", func() {
			freshLoad(t, d, g)
			cypher(t, d, "MATCH (m:BcgraphMeta) SET m.loading = true, m.fingerprint = null", nil)
		}, loader.ErrStale},
		{"a user's nodes only", func() {
			loader.Wipe(ctx, d, "")
			cypher(t, d, "CREATE (:Province {id: 'gansu'})", nil)
		}, loader.ErrNotLoaded},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.setup()
			err := loader.CheckLoaded(ctx, d, "", want)
			if tc.kind == nil {
				if err != nil {
					t.Errorf("CheckLoaded: %v", err)
				}
				return
			}
			if !errors.Is(err, tc.kind) || !strings.Contains(fmt.Sprint(err), "bcgraph load") {
				t.Errorf("CheckLoaded = %v; want %v saying to run bcgraph load", err, tc.kind)
			}
			t.Logf("%v", err)
		})
	}
	cypher(t, d, "MATCH (p:Province) WHERE NOT p:Bcgraph DELETE p", nil)
}

// An interrupt stops a load with context.Canceled in its error chain and the
// database unchanged.
func TestInterruptedLoadLeavesTheDatabaseUnchanged(t *testing.T) {
	d := driver(t)
	g := embedded(t)
	freshLoad(t, d, g)
	before := snapshot(t, d)
	changed := variant(t, g, func(es []*graph.Entity, ts []*graph.Tie) ([]*graph.Entity, []*graph.Tie) {
		for _, e := range es {
			e.Name += " (changed)"
		}
		return es, ts[:len(ts)/2]
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := loader.Load(ctx, d, "", loader.NewPlan(changed), loader.LoadOptions{Progress: func(done, total int) {
		if done == 1 {
			cancel() // the stale relationships are deleted inside the transaction: interrupt now
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("an interrupted load returned %v, want context.Canceled in the chain", err)
	}
	var after string
	for i := 0; i < 50; i++ {
		if after = snapshot(t, d); after == before {
			break
		}
		time.Sleep(100 * time.Millisecond) // the server rolls back when the connection goes
	}
	if after != before {
		t.Errorf("the interrupted load changed the database:\n%s", diffLines(before, after))
	}
	// Interrupted before it starts, while the plan is measured, or while connecting.
	_, err = loader.Load(ctx, d, "", loader.NewPlan(changed), loader.LoadOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("a load with a cancelled context returned %v", err)
	}
	if err := loader.NewPlan(changed).Measure(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Measure with a cancelled context returned %v", err)
	}
	_, err = loader.Connect(ctx, loader.Config{URI: server.uri, Username: server.user, Password: server.password})
	if !errors.Is(err, context.Canceled) || errors.Is(err, loader.ErrUnreachable) {
		t.Errorf("Connect with a cancelled context returned %v; want context.Canceled, not unreachable", err)
	}
}

// Two loads at once both succeed: the second waits for the first and finds
// nothing left to do.
func TestConcurrentLoadsSerialize(t *testing.T) {
	d := driver(t)
	g := embedded(t)
	if _, err := loader.Wipe(context.Background(), d, ""); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	sums := make([]loader.Summary, 2)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sums[i], errs[i] = loader.Load(context.Background(), d, "", loader.NewPlan(g), loader.LoadOptions{})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("load %d: %v", i, err)
		}
	}
	if created := sums[0].Nodes.Created + sums[1].Nodes.Created; created != len(g.Entities) {
		t.Errorf("the two loads created %d nodes between them, want %d: %+v", created, len(g.Entities), sums)
	}
	if n, r, _ := loader.Count(context.Background(), d, ""); n != len(g.Entities) || r != len(g.Ties) {
		t.Errorf("after two loads at once: %d nodes, %d relationships", n, r)
	}
}

// --batched commits batch by batch: interrupted, it leaves part of the
// dataset and a database CheckLoaded calls stale; the next load completes it.
func TestBatchedLoadResumes(t *testing.T) {
	d := driver(t)
	g := embedded(t)
	ctx := context.Background()
	if _, err := loader.Wipe(ctx, d, ""); err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	_, err := loader.Load(cctx, d, "", loader.NewPlan(g), loader.LoadOptions{Batched: true, BatchSize: 100, Progress: func(done, total int) {
		if done == 3 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted batched load: %v", err)
	}
	if n, _, _ := loader.Count(ctx, d, ""); n != 300 {
		t.Errorf("after 3 batches of 100 the database holds %d nodes, want 300", n)
	}
	if err := loader.CheckLoaded(ctx, d, "", loader.DatasetFingerprint(g)); !errors.Is(err, loader.ErrStale) {
		t.Errorf("CheckLoaded after an interrupted batched load: %v", err)
	}
	s := mustLoad(t, d, g, loader.LoadOptions{Batched: true, BatchSize: 100})
	if s.Nodes.Created != len(g.Entities)-300 || s.Nodes.Unchanged != 300 || s.Transactions < 2 {
		t.Errorf("the next batched load should complete it: %+v", s)
	}
	if err := loader.CheckLoaded(ctx, d, "", loader.DatasetFingerprint(g)); err != nil {
		t.Errorf("CheckLoaded after the batched load completed: %v", err)
	}
	if s := mustLoad(t, d, g, loader.LoadOptions{}); s.Changed() || s.Transactions != 0 {
		t.Errorf("a reload after a batched load: %+v", s)
	}
}

// The load's transaction has a timeout: one too short for the work ends it
// on the server, and nothing is written.
func TestLoadTransactionTimesOut(t *testing.T) {
	d := driver(t)
	g := embedded(t)
	ctx := context.Background()
	if _, err := loader.Wipe(ctx, d, ""); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, d)
	// The server checks timeouts every db.transaction.monitor.check.interval
	// (2 s by default): outlive that.
	var once sync.Once
	_, err := loader.Load(ctx, d, "", loader.NewPlan(g), loader.LoadOptions{Timeout: 100 * time.Millisecond, Progress: func(int, int) {
		once.Do(func() { time.Sleep(3 * time.Second) })
	}})
	if err == nil || !strings.Contains(err.Error(), "Timed") && !strings.Contains(err.Error(), "timed out") && !strings.Contains(err.Error(), "Terminated") {
		t.Fatalf("a load past its timeout returned %v", err)
	}
	t.Logf("%v", err)
	unchanged(t, d, before, "a timed-out load changed the database")
}

// A dataset too large for one transaction on the server's settings is
// refused before anything is written, with the way out (--batched) named.
func TestLoadTooLargeForOneTransactionIsRefusedBeforeWriting(t *testing.T) {
	d := driver(t)
	ctx := context.Background()
	limit := cypher(t, d, "SHOW SETTINGS YIELD name, value WHERE name = 'dbms.memory.transaction.total.max' RETURN value", nil)
	t.Logf("server transaction memory: %v", limit)
	// Twenty thousand entities sharing one 64 KB note: over 2 GB of text to
	// hold in one transaction, little memory in this process. The note goes
	// into the plan's rows directly: the dataset's validation allows no
	// field that long, and it is the load's own check under test here.
	note := strings.Repeat("n", 64<<10)
	var es []*graph.Entity
	for i := 0; i < 20000; i++ {
		es = append(es, &graph.Entity{ID: fmt.Sprintf("big-%d", i), Label: graph.LabelCompany, Name: fmt.Sprintf("Big %d", i)})
	}
	big := small(t, es, nil)
	plan := loader.NewPlan(big)
	for _, rows := range plan.Nodes {
		for i := range rows {
			rows[i].Props["note"] = note
		}
	}
	if _, err := loader.Wipe(ctx, d, ""); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, d)
	_, err := loader.Load(ctx, d, "", plan, loader.LoadOptions{})
	if !errors.Is(err, loader.ErrTxTooLarge) || !strings.Contains(err.Error(), "--batched") {
		t.Fatalf("a load larger than the server allows one transaction: %v; want ErrTooLarge naming --batched", err)
	}
	t.Log(err)
	unchanged(t, d, before, "the refused load changed the database")
}

// A database filled by neo4j-admin import (or LOAD CSV) of the csv export
// holds the entities and ties without bcgraph's records: a load adopts them
// (same ids, types and ends) rather than writing a second copy, and leaves
// a user's own relationships alone.
func TestLoadAdoptsAnImportOfTheExport(t *testing.T) {
	d := driver(t)
	g := embedded(t)
	ctx := context.Background()
	emptyDatabase(t, d)
	loadCSV(t, d, serveExportCSV(t, g), "CREATE")
	cypher(t, d, "MATCH (a:Bcgraph {id: 'bntu'}), (b:Bcgraph {id: 'gansu'}) CREATE (a)-[:MY_TIE {id: 'mine'}]->(b), (a)-[:COOPERATES_WITH {id: 'also-mine'}]->(b)", nil)
	s := mustLoad(t, d, g, loader.LoadOptions{})
	if s.Nodes.Created != 0 || s.Nodes.Updated != len(g.Entities) || s.Rels.Created != 0 || s.Rels.Updated != len(g.Ties) || s.Nodes.Deleted+s.Rels.Deleted != 0 {
		t.Errorf("a load over an import should update (adopt) everything: %+v", s)
	}
	if n, r, _ := loader.Count(ctx, d, ""); n != len(g.Entities) || r != len(g.Ties)+2 {
		t.Errorf("after adopting: %d nodes and %d relationships, want %d and %d (the dataset's and the user's two)", n, r, len(g.Entities), len(g.Ties)+2)
	}
	if n := cypher(t, d, "MATCH ()-[r]->() WHERE r.id IN ['mine', 'also-mine'] AND r.bcgraph_hash IS NULL RETURN count(r) AS n", nil)[0]["n"]; n != int64(2) {
		t.Errorf("the user's relationships were touched: %v left as they were", n)
	}
	if err := loader.CheckLoaded(ctx, d, "", loader.DatasetFingerprint(g)); err != nil {
		t.Errorf("after adopting: %v", err)
	}
	if s := mustLoad(t, d, g, loader.LoadOptions{}); s.Changed() {
		t.Errorf("a reload after adopting: %+v", s)
	}
	emptyDatabase(t, d)
}
