package integration

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/bcgraph/bcgraph/loader"
)

// After a few wrong passwords Neo4j refuses even the right one for a while:
// bcgraph says so, rather than calling the right password wrong.
func TestConnectReportsRateLimitedLogins(t *testing.T) {
	d := driver(t)
	ctx := context.Background()
	// Its own user, so that locking it out disturbs no other test.
	const user, password = "bcgraph_ratelimit_probe", "the-right-password"
	system := neo4j.ExecuteQueryWithDatabase("system")
	if _, err := neo4j.ExecuteQuery(ctx, d, "CREATE OR REPLACE USER "+user+" SET PLAINTEXT PASSWORD $pw CHANGE NOT REQUIRED",
		map[string]any{"pw": password}, neo4j.EagerResultTransformer, system); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		neo4j.ExecuteQuery(ctx, d, "DROP USER "+user+" IF EXISTS", nil, neo4j.EagerResultTransformer, system)
	})
	right := loader.Config{URI: server.uri, Username: user, Password: password}
	if dr, err := loader.Connect(ctx, right); err != nil {
		t.Fatalf("the right password before any failure: %v", err)
	} else {
		dr.Close(ctx)
	}
	wrong := right
	wrong.Password = "wrong"
	var err error
	for i := 0; i < 10 && !errors.Is(err, loader.ErrRateLimited); i++ {
		_, err = loader.Connect(ctx, wrong)
		if !errors.Is(err, loader.ErrUnauthorized) && !errors.Is(err, loader.ErrRateLimited) {
			t.Fatalf("wrong password: %v", err)
		}
	}
	dr, err := loader.Connect(ctx, right)
	if err == nil {
		dr.Close(ctx)
		t.Fatal("the server did not rate-limit the account (dbms.security.auth_max_failed_attempts is 0?)")
	}
	if !errors.Is(err, loader.ErrRateLimited) || errors.Is(err, loader.ErrUnauthorized) {
		t.Errorf("the right password while rate-limited: %v; want ErrRateLimited", err)
	}
	if !strings.Contains(err.Error(), "wait") || strings.Contains(err.Error(), password) {
		t.Errorf("message %q should say to wait, and never show the password", err)
	}
	t.Log(err)
	// The command line says so too, with its own exit code.
	out, errOut, code := bcgraph(t, []string{"NEO4J_USERNAME=" + user, "NEO4J_PASSWORD=" + password}, "stats", "--backend", "neo4j")
	if code != 10 || !strings.Contains(errOut, "rate-limiting") || strings.Contains(out+errOut, password) {
		t.Errorf("bcgraph while rate-limited: exit %d, stderr %q; want exit 10 saying it is rate-limited", code, errOut)
	}
}
