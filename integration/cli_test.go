package integration

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var buildOnce = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "bcgraph-bin")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "bcgraph")
	out, err := exec.Command("go", "build", "-o", bin, "../cmd/bcgraph").CombinedOutput()
	if err != nil {
		return "", &exec.Error{Name: string(out), Err: err}
	}
	return bin, nil
})

// bcgraph runs the real binary against the test server and returns stdout,
// stderr and the exit code.
func bcgraph(t *testing.T, env []string, args ...string) (string, string, int) {
	t.Helper()
	return runBcgraph(t, env, args...)
}

// runBcgraph is bcgraph for benchmarks too.
func runBcgraph(t testing.TB, env []string, args ...string) (string, string, int) {
	t.Helper()
	bin, err := buildOnce()
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "NEO4J_URI="+server.uri, "NEO4J_USERNAME="+server.user, "NEO4J_PASSWORD="+server.password)
	cmd.Env = append(cmd.Env, env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

// TestBothBackendsPrintTheSameAnswer runs every analysis command through the
// real binary twice, embedded and --backend neo4j, and requires identical output.
func TestBothBackendsPrintTheSameAnswer(t *testing.T) {
	requireNeo4j(t)
	if out, errOut, code := bcgraph(t, nil, "load"); code != 0 {
		t.Fatalf("load exited %d: %s %s", code, out, errOut)
	}
	for _, args := range [][]string{
		{"path", "BNTU", "Gansu"},
		{"path", "BNTU", "Gansu", "--json"},
		{"path", "Grodno Region", "Gansu", "--since", "2015", "--exclude", "City"},
		{"path", "BNTU", "Gansu", "--max-hops", "2"},
		{"partners", "Grodno Region", "--rollup"},
		{"partners", "Gansu", "--json", "--until", "2016"},
		{"centrality"},
		{"centrality", "--by", "betweenness", "--json"},
		{"centrality", "--since", "2017"},
		{"timeline", "Mogilev Region"},
		{"timeline", "--json", "--since", "2018"},
		{"hubs", "--limit", "10"},
		{"stats", "--json"},
		{"ties", "--type", "SUPPLIES", "--country", "BY", "--to", "China"},
		{"ties", "--type", "PARTY_TO", "--status", "planned", "--json"},
		{"ties", "--from", "Grodno Region", "--since", "2016", "--book-only"},
		{"centrality", "--since", "2010", "--until", "2015", "--vs", "2016:2020"},
		{"partners", "Grodno Region", "--rollup", "--until", "2015", "--vs", "2016:", "--json"},
		{"compare", "Minsk Region", "Brest Region"},
		{"compare", "BNTU", "BSU", "--since", "2015", "--json"},
		{"source", "37"},
		{"source", "64", "--json"},
		{"sources"},
		{"search", "birch juice"},
		{"search", "Гродно", "--json"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			eo, ee, ec := bcgraph(t, nil, args...)
			no, ne, nc := bcgraph(t, nil, append(args, "--backend", "neo4j")...)
			if ec != nc || eo != no || ee != ne {
				t.Errorf("embedded (exit %d) and neo4j (exit %d) differ\n--- embedded ---\n%s%s\n--- neo4j ---\n%s%s", ec, nc, eo, ee, no, ne)
			}
		})
	}
}

func TestLoadCommandSummaryAndExitCodes(t *testing.T) {
	requireNeo4j(t)
	bcgraph(t, nil, "load")
	out, _, code := bcgraph(t, nil, "load")
	if code != 0 || !strings.Contains(out, "nothing changed") || !strings.Contains(out, "0 created, 0 updated") {
		t.Errorf("a second load should say nothing changed (exit %d):\n%s", code, out)
	}
	const secret = "wrong-Pa55word"
	for _, tc := range []struct {
		name string
		env  []string
		args []string
		code int
		msg  string
	}{
		{"wrong password", []string{"NEO4J_PASSWORD=" + secret}, []string{"load"}, 4, "refused user"},
		{"unknown database", nil, []string{"load", "--database", "nosuchdb"}, 5, `no database "nosuchdb"`},
		{"unreachable", []string{"NEO4J_URI=bolt://127.0.0.1:1"}, []string{"stats", "--backend", "neo4j"}, 3, "cannot reach Neo4j at bolt://127.0.0.1:1"},
		{"not a Neo4j URI", []string{"NEO4J_URI=http://127.0.0.1:1"}, []string{"load"}, 7, "not a Neo4j URI"},
		{"wipe without confirmation", nil, []string{"load", "--wipe"}, 2, "--wipe needs confirmation"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := bcgraph(t, tc.env, tc.args...)
			if code != tc.code || !strings.Contains(errOut, tc.msg) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, errOut, tc.code, tc.msg)
			}
			if strings.Contains(out+errOut, secret) || strings.Contains(out+errOut, server.password) {
				t.Errorf("a password appears in the output")
			}
			if strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
				t.Errorf("want one line on stderr, got %q", errOut)
			}
		})
	}
}
