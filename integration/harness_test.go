// Package integration tests bcgraph against a real Neo4j 5.26 server: never a mock.
//
// Where the server comes from, in order:
//  1. NEO4J_URI (with NEO4J_USERNAME, NEO4J_PASSWORD): any running Neo4j, such as the one
//     integration/neo4j/start.sh assembles from Maven Central jars (what CI does);
//  2. a healthy Docker engine: testcontainers-go starts neo4j:5.26;
//  3. neither: the tests skip and say how to run them. With CI=true they fail instead.
package integration

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/testcontainers/testcontainers-go"
	tcneo4j "github.com/testcontainers/testcontainers-go/modules/neo4j"
)

// server is what TestMain found: connection details, or why there is none.
var server struct {
	uri, user, password, httpURL string
	unavailable                  string
}

const howToRun = "set NEO4J_URI, NEO4J_USERNAME and NEO4J_PASSWORD (eval \"$(integration/neo4j/start.sh)\" starts one from Maven jars), or run a Docker engine"

func TestMain(m *testing.M) {
	ctx := context.Background()
	stop := findServer(ctx)
	code := m.Run()
	stop()
	os.Exit(code)
}

func findServer(ctx context.Context) (stop func()) {
	stop = func() {}
	if uri := os.Getenv("NEO4J_URI"); uri != "" {
		server.uri, server.user, server.password = uri, os.Getenv("NEO4J_USERNAME"), os.Getenv("NEO4J_PASSWORD")
		server.httpURL = os.Getenv("NEO4J_HTTP_URL")
		return stop
	}
	if reason := dockerUnhealthy(ctx); reason != "" {
		server.unavailable = "no NEO4J_URI and " + reason
		return stop
	}
	const password = "bcgraph-test-password"
	c, err := tcneo4j.Run(ctx, "neo4j:5.26", tcneo4j.WithAdminPassword(password))
	if err != nil {
		server.unavailable = fmt.Sprintf("starting neo4j:5.26 with testcontainers: %v", err)
		return stop
	}
	server.uri, _ = c.BoltUrl(ctx)
	server.user, server.password = "neo4j", password
	if host, err := c.Host(ctx); err == nil {
		if port, err := c.MappedPort(ctx, "7474/tcp"); err == nil {
			server.httpURL = fmt.Sprintf("http://%s:%s", host, port.Port())
		}
	}
	return func() { _ = testcontainers.TerminateContainer(c) }
}

// dockerUnhealthy says why Docker cannot be used, or "" when it can.
// testcontainers-go panics when no Docker engine exists; that is a reason too.
func dockerUnhealthy(ctx context.Context) (reason string) {
	defer func() {
		if r := recover(); r != nil {
			reason = fmt.Sprintf("no Docker engine (%v)", r)
		}
	}()
	p, err := testcontainers.ProviderDocker.GetProvider()
	if err != nil {
		return fmt.Sprintf("no Docker engine (%v)", err)
	}
	defer p.Close()
	hctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := p.Health(hctx); err != nil {
		return fmt.Sprintf("Docker is not healthy (%v)", err)
	}
	return ""
}

// requireNeo4j skips the test when no server could be had — or, under CI,
// fails it: CI must never count a skipped integration test as passing.
func requireNeo4j(t testing.TB) {
	t.Helper()
	if server.unavailable == "" {
		return
	}
	msg := fmt.Sprintf("no Neo4j for integration tests: %s; to run them, %s", server.unavailable, howToRun)
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// driver connects to the test server; it is closed when the test ends.
func driver(t testing.TB) neo4j.DriverWithContext {
	t.Helper()
	requireNeo4j(t)
	d, err := neo4j.NewDriverWithContext(server.uri, neo4j.BasicAuth(server.user, server.password, ""))
	if err != nil {
		t.Fatalf("driver for %s: %v", server.uri, err)
	}
	t.Cleanup(func() { d.Close(context.Background()) })
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := d.VerifyConnectivity(ctx); err != nil {
		t.Fatalf("connect to %s: %v", server.uri, err)
	}
	return d
}
