// Package integration tests bcgraph against a real Neo4j 5.26 server: never a mock.
//
// Where the server comes from, in order:
//  1. NEO4J_URI (with NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_HTTP_URL): any running Neo4j,
//     such as the one .ci/run starts;
//  2. a healthy Docker engine: testcontainers-go starts neo4j:5.26;
//  3. java and mvn on PATH: TestMain runs integration/neo4j/start.sh, which assembles a
//     server from Maven jars, and stops it with integration/neo4j/stop.sh when the tests end;
//  4. none of these: the tests skip and say why. With CI=true they fail instead.
//
// So that `go test ./...` on a machine with Java and Maven runs the whole suite rather
// than printing "ok" over skipped tests.
package integration

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
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

const howToRun = "install Java 17+ and Maven (the tests then start a Neo4j from Maven jars themselves), " +
	"set NEO4J_URI, NEO4J_USERNAME and NEO4J_PASSWORD to a running Neo4j 5.26, or run a Docker engine"

// guardEnv, when set to a server home, turns the test binary into the guard of that
// server (see guard) instead of running tests.
const guardEnv = "BCGRAPH_NEO4J_GUARD"

func TestMain(m *testing.M) {
	if home := os.Getenv(guardEnv); home != "" {
		guard(home)
		os.Exit(0)
	}
	if spec := os.Getenv(slowClientEnv); spec != "" {
		slowClient(spec)
	}
	ctx := context.Background()
	stop := findServer(ctx)
	code := m.Run()
	stop()
	os.Exit(code)
}

func findServer(ctx context.Context) (stop func()) {
	if uri := os.Getenv("NEO4J_URI"); uri != "" {
		server.uri, server.user, server.password = uri, os.Getenv("NEO4J_USERNAME"), os.Getenv("NEO4J_PASSWORD")
		server.httpURL = os.Getenv("NEO4J_HTTP_URL")
		return func() {}
	}
	whyNot := []string{"no NEO4J_URI"}
	if reason := dockerUnhealthy(ctx); reason != "" {
		whyNot = append(whyNot, reason)
	} else if stop, err := startContainer(ctx); err == nil {
		return stop
	} else {
		whyNot = append(whyNot, err.Error())
	}
	stop, err := startFromMaven(ctx)
	if err == nil {
		return stop
	}
	whyNot = append(whyNot, err.Error())
	server.unavailable = strings.Join(whyNot, "; ")
	return func() {}
}

func startContainer(ctx context.Context) (stop func(), err error) {
	const password = "bcgraph-test-password"
	c, err := tcneo4j.Run(ctx, "neo4j:5.26", tcneo4j.WithAdminPassword(password))
	if err != nil {
		return nil, fmt.Errorf("starting neo4j:5.26 with testcontainers: %w", err)
	}
	server.uri, _ = c.BoltUrl(ctx)
	server.user, server.password = "neo4j", password
	if host, err := c.Host(ctx); err == nil {
		if port, err := c.MappedPort(ctx, "7474/tcp"); err == nil {
			server.httpURL = fmt.Sprintf("http://%s:%s", host, port.Port())
		}
	}
	return func() { _ = testcontainers.TerminateContainer(c) }, nil
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

// startFromMaven runs integration/neo4j/start.sh in a home of its own and reads the
// variables it prints. Its progress on stderr is shown only when it fails, but one
// line always says that a server was started and where, so `go test -v` tells.
func startFromMaven(ctx context.Context) (stop func(), err error) {
	var missing []string
	for _, tool := range []string{"java", "mvn", "curl", "python3"} {
		if _, err := exec.LookPath(tool); err != nil {
			missing = append(missing, tool)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("no %s on PATH to start a Neo4j from Maven jars", strings.Join(missing, ", "))
	}
	start, err := filepath.Abs(filepath.Join("neo4j", "start.sh"))
	if err != nil {
		return nil, fmt.Errorf("find start.sh: %w", err)
	}
	// The home is made here, not by start.sh, so that the guard knows it before the
	// server exists; a BCGRAPH_NEO4J_HOME left in the environment is never reused.
	home, err := os.MkdirTemp("", "bcgraph-neo4j.")
	if err != nil {
		return nil, fmt.Errorf("home for a Neo4j: %w", err)
	}
	release, err := startGuard(home)
	if err != nil {
		os.RemoveAll(home)
		return nil, err
	}
	began := time.Now()
	cmd := exec.CommandContext(ctx, start)
	cmd.Env = append(os.Environ(), "BCGRAPH_NEO4J_HOME="+home)
	var progress bytes.Buffer
	cmd.Stderr = &progress
	out, err := cmd.Output()
	var env map[string]string
	if err == nil {
		env, err = parseExports(out)
	}
	if err != nil {
		stopServer(home)
		os.RemoveAll(home)
		release()
		fmt.Fprintf(os.Stderr, "integration: integration/neo4j/start.sh failed after %s; its output:\n%s\n",
			time.Since(began).Round(time.Second), progress.Bytes())
		return nil, fmt.Errorf("integration/neo4j/start.sh failed (%v):\n%s", err, lastLines(progress.String(), 10))
	}
	server.uri, server.user, server.password = env["NEO4J_URI"], env["NEO4J_USERNAME"], env["NEO4J_PASSWORD"]
	server.httpURL = env["NEO4J_HTTP_URL"]
	version := "Neo4j"
	if v := regexp.MustCompile(`Neo4j [0-9.]+`).FindString(progress.String()); v != "" {
		version = v
	}
	fmt.Fprintf(os.Stderr, "integration: started %s from Maven jars at %s (Browser %s/browser/, home %s) in %s; it stops when the tests end\n",
		version, server.uri, server.httpURL, env["BCGRAPH_NEO4J_HOME"], time.Since(began).Round(100*time.Millisecond))
	return func() {
		stopServer(env["BCGRAPH_NEO4J_HOME"])
		release()
	}, nil
}

// parseExports reads start.sh's stdout: only `export K=V` lines, values unquoted.
// It is parsed rather than evaluated, and errors never quote a value (one is a password).
func parseExports(out []byte) (map[string]string, error) {
	env := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		k, v, ok := strings.Cut(strings.TrimPrefix(line, "export "), "=")
		if !ok || !strings.HasPrefix(line, "export ") || k == "" {
			return nil, fmt.Errorf("stdout line %d is not `export K=V`", n)
		}
		env[k] = v
	}
	for _, k := range []string{"NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_HTTP_URL", "BCGRAPH_NEO4J_HOME"} {
		if env[k] == "" {
			return nil, fmt.Errorf("stdout has no %s", k)
		}
	}
	return env, nil
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = append([]string{"…"}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}

// stopServer runs stop.sh, which stops the server and removes its home; it is quiet
// unless stopping fails.
func stopServer(home string) {
	stop, err := filepath.Abs(filepath.Join("neo4j", "stop.sh"))
	if err == nil {
		var out []byte
		if out, err = exec.Command(stop, home).CombinedOutput(); err != nil {
			err = fmt.Errorf("%w: %s", err, bytes.TrimSpace(out))
		}
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "integration: stopping the Neo4j in %s: %v\n", home, err)
	}
}

// startGuard starts this test binary again as the guard of the server in home.
// m.Run does not return when a test panics or the binary is killed (by -timeout,
// Ctrl-C, SIGKILL), so TestMain cannot always stop the server itself; the guard
// notices this binary's end, whatever its cause, as its stdin closing.
// release tells the guard the server is already stopped and waits for it to go.
func startGuard(home string) (release func(), err error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("guard for the Neo4j in %s: %w", home, err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), guardEnv+"="+home)
	w, err := cmd.StdinPipe()
	if err == nil {
		err = cmd.Start()
	}
	if err != nil {
		return nil, fmt.Errorf("guard for the Neo4j in %s: %w", home, err)
	}
	return func() {
		io.WriteString(w, guardReleased)
		w.Close()
		cmd.Wait()
	}, nil
}

const guardReleased = "stopped"

// guard waits for the test binary that started it to end. Unless that binary stopped
// the server itself, the guard stops it: at once if the server was started, or as soon
// as a start.sh still running starts it; a home no server ever came to is removed.
func guard(home string) {
	// Ctrl-C and a closed terminal reach the whole process group; the guard outlives them to do its job.
	signal.Ignore(os.Interrupt, syscall.SIGHUP, syscall.SIGTERM)
	if said, _ := io.ReadAll(os.Stdin); string(said) == guardReleased {
		return
	}
	pidFile := filepath.Join(home, "run", "neo4j.pid")
	for deadline := time.Now().Add(3 * time.Minute); time.Now().Before(deadline); time.Sleep(time.Second) {
		if _, err := os.Stat(home); errors.Is(err, fs.ErrNotExist) {
			return
		}
		if _, err := os.Stat(pidFile); err == nil {
			stopServer(home)
			return
		}
	}
	os.RemoveAll(home)
}

// requireNeo4j skips the test when no server could be had — or, under CI,
// fails it: CI must never count a skipped integration test as passing.
func requireNeo4j(t testing.TB) {
	t.Helper()
	if server.unavailable == "" {
		return
	}
	msg := fmt.Sprintf("no Neo4j for integration tests; to run them, %s.\nWhy: %s", howToRun, server.unavailable)
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
