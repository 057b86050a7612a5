package integration

import (
	"context"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/bcgraph/bcgraph/queries"
)

// slowQuery counts nothing for hours: long enough to be still running
// whenever a test looks, cheap to state.
const slowQuery = "UNWIND range(1, 100000000000) AS i WITH i WHERE i < 0 RETURN count(i) AS n"

// runningQueries lists the transactions running a canned query (by the name
// in their metadata, queries.MetadataKey) and their ids.
func runningQueries(t *testing.T, d neo4j.DriverWithContext, name string) []string {
	t.Helper()
	var ids []string
	for _, r := range cypher(t, d, "SHOW TRANSACTIONS YIELD transactionId, metaData WHERE metaData[$key] = $name RETURN transactionId",
		map[string]any{"key": queries.MetadataKey, "name": name}) {
		ids = append(ids, r["transactionId"].(string))
	}
	return ids
}

// waitFor polls cond every 100 ms until it holds or within has passed.
func waitFor(within time.Duration, cond func() bool) bool {
	for end := time.Now().Add(within); ; time.Sleep(100 * time.Millisecond) {
		if cond() {
			return true
		}
		if time.Now().After(end) {
			return false
		}
	}
}

// interrupted starts q through an engine with the given timeout, waits until
// the server runs it, then interrupts the client as Ctrl-C does (its context
// cancelled) and waits for the client to give up. It returns when the
// client's call has returned, with the error it returned.
func interrupted(t *testing.T, d neo4j.DriverWithContext, q queries.Query, timeout time.Duration) error {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, _, err := (&queries.Engine{Driver: d, Timeout: timeout}).Run(ctx, q, nil)
		done <- err
	}()
	if !waitFor(30*time.Second, func() bool { return len(runningQueries(t, d, q.Name)) > 0 }) {
		cancel()
		t.Fatalf("%s never showed up in SHOW TRANSACTIONS (client: %v)", q.Name, <-done)
	}
	cancel()
	select {
	case err := <-done:
		return err
	case <-time.After(30 * time.Second):
		t.Fatalf("the client of %s did not return within 30 s of its interrupt", q.Name)
	}
	return nil
}

// TestInterruptedQueryEndsOnTheServerAtItsTimeout proves on the real server
// what the transaction timeout is for: a client interrupted mid-query goes
// away, but its query keeps running on the server (the control) — unless the
// transaction has a timeout, which ends it there.
func TestInterruptedQueryEndsOnTheServerAtItsTimeout(t *testing.T) {
	d := driver(t)
	t.Run("control: interrupting the client alone leaves the query running", func(t *testing.T) {
		q := queries.Query{Name: "slow-control", Cypher: slowQuery}
		// Long enough to outlast the checks below; short enough that a
		// failed test leaves the server nothing running for long.
		err := interrupted(t, d, q, time.Minute)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("interrupted client returned %v, want context.Canceled", err)
		}
		time.Sleep(5 * time.Second)
		ids := runningQueries(t, d, q.Name)
		if len(ids) == 0 {
			t.Fatal("the query ended with its client: this test can no longer show that the timeout is what ends it")
		}
		for _, id := range ids {
			cypher(t, d, "TERMINATE TRANSACTION $id", map[string]any{"id": id})
		}
	})
	t.Run("with a 2 s timeout the server ends it", func(t *testing.T) {
		q := queries.Query{Name: "slow-timeout", Cypher: slowQuery}
		start := time.Now()
		interrupted(t, d, q, 2*time.Second)
		if !waitFor(30*time.Second, func() bool { return len(runningQueries(t, d, q.Name)) == 0 }) {
			for _, id := range runningQueries(t, d, q.Name) {
				cypher(t, d, "TERMINATE TRANSACTION $id", map[string]any{"id": id})
			}
			t.Fatalf("%s still runs on the server %s after it started, with a 2 s timeout", q.Name, time.Since(start).Round(time.Second))
		}
	})
	t.Run("a client that waits gets ErrTimeout", func(t *testing.T) {
		q := queries.Query{Name: "slow-waited", Cypher: slowQuery}
		_, _, err := (&queries.Engine{Driver: d, Timeout: time.Second}).Run(context.Background(), q, nil)
		if !errors.Is(err, queries.ErrTimeout) || !strings.Contains(err.Error(), "slow-waited") {
			t.Errorf("Run = %v, want queries.ErrTimeout naming the query", err)
		}
		if ids := runningQueries(t, d, q.Name); len(ids) > 0 {
			t.Errorf("timed-out query still listed: %v", ids)
		}
	})
}

// TestEveryStatementBcgraphSendsHasATimeout reads bcgraph's source: every
// statement sent outside an explicit transaction (neo4j.ExecuteQuery, a
// session's Run) and every transaction (ExecuteRead, ExecuteWrite,
// BeginTransaction) must carry a transaction timeout, so that nothing bcgraph
// starts can outlive an interrupted client on the server. Statements inside a
// transaction (tx.Run) share its timeout.
func TestEveryStatementBcgraphSendsHasATimeout(t *testing.T) {
	// The helpers that hand the driver a timeout: readConfig and txConfig
	// build one from their arguments.
	timed := []string{"WithTxTimeout(", "readConfig(", "txConfig("}
	var checked int
	err := filepath.WalkDir("..", func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() && (strings.HasPrefix(e.Name(), ".") || e.Name() == "testdata") && path != ".." {
			return filepath.SkipDir
		}
		if e.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, src, 0)
		if err != nil {
			return err
		}
		sessions := sessionVars(f)
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			recv, _ := sel.X.(*ast.Ident)
			method := sel.Sel.Name
			sends := recv != nil && recv.Name == "neo4j" && method == "ExecuteQuery" ||
				recv != nil && sessions[recv.Name] && (method == "Run" || method == "ExecuteRead" || method == "ExecuteWrite" || method == "BeginTransaction")
			if !sends {
				return true
			}
			checked++
			text := string(src[fset.Position(call.Pos()).Offset:fset.Position(call.End()).Offset])
			for _, s := range timed {
				if strings.Contains(text, s) {
					return true
				}
			}
			t.Errorf("%s: %s.%s without a transaction timeout (neo4j.WithTxTimeout)", fset.Position(call.Pos()), recv.Name, method)
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 10 {
		t.Fatalf("found only %d statements: the search is broken", checked)
	}
}

// sessionVars names the variables a file assigns a session to (x := d.NewSession(…)).
func sessionVars(f *ast.File) map[string]bool {
	out := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != len(as.Rhs) {
			return true
		}
		for i, rhs := range as.Rhs {
			if call, ok := rhs.(*ast.CallExpr); ok {
				if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "NewSession" {
					if id, ok := as.Lhs[i].(*ast.Ident); ok {
						out[id.Name] = true
					}
				}
			}
		}
		return true
	})
	return out
}
