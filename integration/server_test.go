package integration

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

func TestServerIsRealNeo4j526Community(t *testing.T) {
	d := driver(t)
	ctx := context.Background()
	res, err := neo4j.ExecuteQuery(ctx, d, "CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition",
		nil, neo4j.EagerResultTransformer)
	if err != nil {
		t.Fatalf("dbms.components: %v", err)
	}
	if len(res.Records) == 0 {
		t.Fatal("dbms.components returned nothing")
	}
	rec := res.Records[0]
	name, _ := rec.Get("name")
	version, _ := rec.Get("version")
	edition, _ := rec.Get("edition")
	t.Logf("server: %v %v %v at %s", name, version, edition, server.uri)
	if name != "Neo4j Kernel" || !strings.HasPrefix(fmt.Sprint(version), "5.26.") || edition != "community" {
		t.Fatalf("want Neo4j Kernel 5.26.x community, got %v %v %v", name, version, edition)
	}
}

func TestServerStoresAndReturnsANode(t *testing.T) {
	d := driver(t)
	ctx := context.Background()
	marker := fmt.Sprintf("probe-%d", time.Now().UnixNano())
	t.Cleanup(func() {
		neo4j.ExecuteQuery(ctx, d, "MATCH (n:BcgraphProbe {marker: $m}) DELETE n", map[string]any{"m": marker}, neo4j.EagerResultTransformer)
	})
	if _, err := neo4j.ExecuteQuery(ctx, d, "CREATE (:BcgraphProbe {marker: $m, at: datetime()})", map[string]any{"m": marker}, neo4j.EagerResultTransformer); err != nil {
		t.Fatalf("create: %v", err)
	}
	res, err := neo4j.ExecuteQuery(ctx, d, "MATCH (n:BcgraphProbe {marker: $m}) RETURN count(n) AS n, n.marker AS marker",
		map[string]any{"m": marker}, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		t.Fatalf("read back: %v", err)
	}
	if len(res.Records) != 1 {
		t.Fatalf("want the node back once, got %d records", len(res.Records))
	}
	if got, _ := res.Records[0].Get("marker"); got != marker {
		t.Fatalf("read back marker %v, want %s", got, marker)
	}
}
