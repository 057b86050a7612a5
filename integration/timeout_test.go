package integration

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/bcgraph/bcgraph/queries"
)

// slowQuery counts nothing for hours: long enough to be still running
// whenever a test looks, cheap to state.
const slowQuery = "UNWIND range(1, 100000000000) AS i WITH i WHERE i < 0 RETURN count(i) AS n"

// runningQueries lists the transactions running a canned query (by the name
// in their metadata, queries.MetadataKey) and their ids. A transaction the
// server ended stays listed, "Terminated with reason: …" and running nothing,
// until its client's connection says something again: it is not counted.
func runningQueries(t *testing.T, d neo4j.DriverWithContext, name string) []string {
	t.Helper()
	var ids []string
	for _, r := range cypher(t, d, `SHOW TRANSACTIONS YIELD transactionId, metaData, status
WHERE metaData[$key] = $name AND NOT status STARTS WITH 'Terminated' RETURN transactionId`,
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

// cancelled starts q through an engine with the given timeout, waits until
// the server runs it, then interrupts the client as Ctrl-C does (its context
// cancelled) and returns what the client's call returned.
func cancelled(t *testing.T, d neo4j.DriverWithContext, q queries.Query, timeout time.Duration) error {
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

// slowClientEnv, when set to "NAME TIMEOUT", turns the test binary into a
// client that runs slowQuery under that name through a queries.Engine with
// that timeout, against the server named by NEO4J_URI and friends, and waits.
const slowClientEnv = "BCGRAPH_SLOW_CLIENT"

func slowClient(spec string) {
	name, timeout, _ := strings.Cut(spec, " ")
	limit, err := time.ParseDuration(timeout)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	d, err := neo4j.NewDriverWithContext(os.Getenv("NEO4J_URI"), neo4j.BasicAuth(os.Getenv("NEO4J_USERNAME"), os.Getenv("NEO4J_PASSWORD"), ""))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	_, _, err = (&queries.Engine{Driver: d, Timeout: limit}).Run(context.Background(), queries.Query{Name: name, Cypher: slowQuery}, nil)
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}

// stranded starts a client process running slowQuery under name with the
// given timeout, waits until the server runs it, and then strands it: with
// SIGSTOP the client freezes with its connection open (a laptop put to
// sleep, a network gone quiet, a hung process), so the server hears
// nothing; with SIGKILL it dies and the system closes its connection. The
// process is killed when the test ends.
func stranded(t *testing.T, d neo4j.DriverWithContext, name string, timeout time.Duration, sig syscall.Signal) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), slowClientEnv+"="+name+" "+timeout.String(),
		"NEO4J_URI="+server.uri, "NEO4J_USERNAME="+server.user, "NEO4J_PASSWORD="+server.password)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() { cmd.Process.Kill(); <-exited })
	if !waitFor(30*time.Second, func() bool { return len(runningQueries(t, d, name)) > 0 }) {
		t.Fatalf("%s never showed up in SHOW TRANSACTIONS (client: %s)", name, stderr.String())
	}
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
}

func terminate(t *testing.T, d neo4j.DriverWithContext, name string) {
	t.Helper()
	for _, id := range runningQueries(t, d, name) {
		cypher(t, d, "TERMINATE TRANSACTION $id", map[string]any{"id": id})
	}
}

// TestStrandedQueryEndsOnTheServerAtItsTimeout proves on the real server
// what the transaction timeout is for: a client that goes quiet mid-query
// (frozen, its connection open) leaves its query running on the server (the
// control) — unless the transaction has a timeout, which ends it there. A
// client that dies, or is interrupted, ends its query with its connection.
func TestStrandedQueryEndsOnTheServerAtItsTimeout(t *testing.T) {
	d := driver(t)
	t.Run("control: without a timeout that bites, a frozen client's query runs on", func(t *testing.T) {
		// Long enough to outlast the checks below; short enough that a
		// failed test leaves the server nothing running for long.
		stranded(t, d, "slow-control", time.Minute, syscall.SIGSTOP)
		defer terminate(t, d, "slow-control")
		time.Sleep(8 * time.Second)
		if len(runningQueries(t, d, "slow-control")) == 0 {
			t.Fatal("the query ended without its timeout: this test can no longer show that the timeout is what ends it")
		}
	})
	t.Run("with a 3 s timeout the server ends a frozen client's query", func(t *testing.T) {
		start := time.Now()
		stranded(t, d, "slow-timeout", 3*time.Second, syscall.SIGSTOP)
		defer terminate(t, d, "slow-timeout")
		if !waitFor(30*time.Second, func() bool { return len(runningQueries(t, d, "slow-timeout")) == 0 }) {
			t.Fatalf("the query still runs on the server %s after it started, with a 3 s timeout", time.Since(start).Round(time.Second))
		}
		if took := time.Since(start); took < 3*time.Second {
			t.Errorf("the query ended after %s, before its timeout: something else ended it", took.Round(100*time.Millisecond))
		}
	})
	t.Run("a killed client's query ends with its connection", func(t *testing.T) {
		stranded(t, d, "slow-killed", time.Minute, syscall.SIGKILL)
		defer terminate(t, d, "slow-killed")
		if !waitFor(10*time.Second, func() bool { return len(runningQueries(t, d, "slow-killed")) == 0 }) {
			t.Error("the query still runs on the server 10 s after its client was killed")
		}
	})
	t.Run("a client that waits gets ErrTimeout", func(t *testing.T) {
		q := queries.Query{Name: "slow-waited", Cypher: slowQuery}
		// Bounded on the client too, so that a missing server timeout fails
		// the test instead of hanging it.
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_, _, err := (&queries.Engine{Driver: d, Timeout: time.Second}).Run(ctx, q, nil)
		if !errors.Is(err, queries.ErrTimeout) || !strings.Contains(err.Error(), "slow-waited") {
			t.Errorf("Run = %v, want queries.ErrTimeout naming the query", err)
		}
		if ids := runningQueries(t, d, q.Name); len(ids) > 0 {
			t.Errorf("timed-out query still listed: %v", ids)
		}
	})
	t.Run("an interrupted client ends its query itself", func(t *testing.T) {
		q := queries.Query{Name: "slow-cancelled", Cypher: slowQuery}
		defer terminate(t, d, q.Name)
		if err := cancelled(t, d, q, time.Minute); !errors.Is(err, context.Canceled) {
			t.Errorf("interrupted client returned %v, want context.Canceled", err)
		}
		if !waitFor(10*time.Second, func() bool { return len(runningQueries(t, d, q.Name)) == 0 }) {
			t.Error("the query still runs on the server 10 s after its client was interrupted")
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
