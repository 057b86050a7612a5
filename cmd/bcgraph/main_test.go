package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"

	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden from the current output")

// TestMain points the user cache (where a --seeds folder's parsed facts are
// kept) at a directory of the test run's own, removed at the end: the tests
// run many commands with --seeds and must leave the user's cache alone.
func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(func() int {
		dir, err := os.MkdirTemp("", "bcgraph-cmd-test-")
		if err != nil {
			fmt.Fprintln(os.Stderr, "user cache for the tests:", err)
			return 1
		}
		defer os.RemoveAll(dir)
		for _, v := range []string{"XDG_CACHE_HOME", "HOME"} {
			if err := os.Setenv(v, filepath.Join(dir, v)); err != nil {
				fmt.Fprintln(os.Stderr, "user cache for the tests:", err)
				return 1
			}
		}
		return m.Run()
	}())
}

// The --seeds cache of every test lands in the test run's own directory.
func TestSeedsCacheStaysOutOfTheUsersCache(t *testing.T) {
	if _, stderr, code := invoke("stats", "--seeds", filepath.Join("testdata", "mini")); code != 0 {
		t.Fatalf("stats --seeds: exit %d: %s", code, stderr)
	}
	base, err := os.UserCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(base, "bcgraph", "*.snapshot"))
	if len(files) == 0 || !strings.HasPrefix(base, os.TempDir()) {
		t.Errorf("the --seeds cache is in %s (%d snapshots), not under %s", base, len(files), os.TempDir())
	}
}

// invoke runs one command line in process, as main does.
func invoke(args ...string) (stdout, stderr string, code int) {
	var out, errb bytes.Buffer
	code = run(context.Background(), append([]string{"bcgraph"}, args...), &out, &errb)
	return out.String(), errb.String(), code
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name+".golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/bcgraph -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("output differs from %s (go test ./cmd/bcgraph -update refreshes it after a deliberate change)\n--- got ---\n%s", path, firstLines(got, 40))
	}
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = append(lines[:n], "…")
	}
	return strings.Join(lines, "\n")
}

// TestCommandOutputMatchesGoldenFiles covers every command's table and JSON
// output on the real, embedded dataset.
func TestCommandOutputMatchesGoldenFiles(t *testing.T) {
	mini := filepath.Join("testdata", "mini")
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"find-table", []string{"find", "Mahiliou"}},
		{"find-json", []string{"find", "--json", "BNTU"}},
		{"find-chinese", []string{"find", "甘肃", "--limit", "3"}},
		{"show-table", []string{"show", "BNTU"}},
		{"show-json", []string{"show", "grodno-region", "--json"}},
		{"path-table", []string{"path", "BNTU", "Gansu"}},
		{"path-json", []string{"path", "BNTU", "Gansu", "--json"}},
		{"path-k", []string{"path", "--k", "3", "Grodno Region", "Gansu"}},
		{"path-book-only", []string{"path", "BNTU", "Gansu", "--book-only", "--exclude", "City"}},
		{"path-since", []string{"path", "Mogilev Region", "Hunan", "--since", "2017", "--json"}},
		{"path-svg", []string{"path", "BNTU", "Gansu", "--format", "svg"}},
		{"path-html", []string{"path", "BNTU", "Gansu", "--format", "html"}},
		{"show-svg", []string{"show", "BNTU", "--format", "svg"}},
		{"partners-svg", []string{"partners", "Grodno Region", "--rollup", "--format", "svg"}},
		{"partners-table", []string{"partners", "Grodno Region", "--rollup"}},
		{"partners-json", []string{"partners", "BNTU", "--json"}},
		{"centrality-table", []string{"centrality"}},
		{"centrality-json", []string{"centrality", "--by", "betweenness", "--json"}},
		{"centrality-entity", []string{"centrality", "--level", "entity", "--label", "University", "--limit", "10"}},
		{"centrality-since", []string{"centrality", "--since", "2018", "--limit", "5"}},
		{"timeline-table", []string{"timeline", "Mogilev Region"}},
		{"timeline-json", []string{"timeline", "BNTU", "--json"}},
		{"timeline-all", []string{"timeline", "--since", "2019"}},
		{"hubs-table", []string{"hubs", "--limit", "10"}},
		{"hubs-json", []string{"hubs", "--limit", "3", "--json"}},
		{"communities-table", []string{"communities"}},
		{"communities-json", []string{"communities", "--members", "3", "--json"}},
		{"stats-table", []string{"stats"}},
		{"stats-json", []string{"stats", "--json"}},
		{"export-json", []string{"export", "--seeds", mini, "--format", "json"}},
		{"export-graphml", []string{"export", "--seeds", mini, "--format", "graphml"}},
		{"export-gexf", []string{"export", "--seeds", mini, "--format", "gexf"}},
		{"export-dot", []string{"export", "--seeds", mini, "--format", "dot"}},
		{"export-csv", []string{"export", "--seeds", mini, "--format", "csv"}},
		{"seeds-path", []string{"path", "--seeds", mini, "BNTU", "Gansu"}},
		{"load-dry-run", []string{"load", "--dry-run"}},
		{"ties-table", []string{"ties", "--type", "SUPPLIES", "--country", "BY", "--to", "China", "--limit", "6"}},
		{"ties-json", []string{"ties", "--type", "PARTY_TO", "--status", "planned", "--json"}},
		{"centrality-vs", []string{"centrality", "--since", "2010", "--until", "2015", "--vs", "2016:2020"}},
		{"centrality-vs-json", []string{"centrality", "--by", "pagerank", "--until", "2015", "--vs", "2016:", "--limit", "5", "--json"}},
		{"partners-vs", []string{"partners", "Grodno Region", "--rollup", "--until", "2015", "--vs", "2016:"}},
		{"compare-table", []string{"compare", "Minsk Region", "Brest Region"}},
		{"source-table", []string{"source", "37"}},
		{"search-table", []string{"search", "birch juice"}},
		{"search-json", []string{"search", "Гродно", "--limit", "3", "--json"}},
		{"source-json", []string{"source", "64", "--json"}},
		{"source-cite-apa", []string{"source", "41", "--cite", "apa"}},
		{"source-cite-chicago", []string{"source", "41", "--cite", "chicago"}},
		{"sources-table", []string{"sources"}},
		{"sources-bibtex", []string{"sources", "--seeds", mini, "--format", "bibtex"}},
		{"sources-csl-json", []string{"sources", "--seeds", mini, "--format", "csl-json"}},
		{"compare-json", []string{"compare", "BNTU", "BSU", "--since", "2015", "--json"}},
		{"query-list", []string{"query", "list"}},
		{"query-show-centrality", []string{"query", "show", "centrality"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := invoke(tc.args...)
			if code != 0 {
				t.Fatalf("bcgraph %s exited %d: %s", strings.Join(tc.args, " "), code, errOut)
			}
			if strings.HasSuffix(tc.name, "json") && !json.Valid([]byte(out)) {
				t.Errorf("output is not valid JSON")
			}
			golden(t, tc.name, out)
		})
	}
}

// TestErrorsAndEmptyAnswersMatchGoldenFiles pins what a user sees when there
// is no answer or the question is wrong: stdout, stderr and the exit code.
func TestErrorsAndEmptyAnswersMatchGoldenFiles(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"error-path-reference-only", []string{"path", "BNTU", "Shaanxi"}},
		{"error-path-max-hops", []string{"path", "BNTU", "Gansu", "--max-hops", "2"}},
		{"error-path-ambiguous", []string{"path", "Great Stone", "Gansu"}},
		{"error-unknown-name", []string{"show", "Ganshu"}},
		{"error-show-ambiguous", []string{"show", "Great Stone"}},
		{"error-find-nothing-close", []string{"find", "birch juice"}},
		{"error-path-unknown-abbreviation", []string{"path", "BNTUU", "Gansu"}},
		{"empty-partners-json", []string{"partners", "BNTU", "--since", "2020", "--json"}},
		{"empty-partners-table", []string{"partners", "BNTU", "--since", "2020"}},
		{"empty-timeline-json", []string{"timeline", "BNTU", "--since", "2020", "--json"}},
		{"empty-ties", []string{"ties", "--type", "VISITED", "--status", "cancelled"}},
		{"error-ties-type", []string{"ties", "--type", "LIKES"}},
		{"error-export-unwritable", []string{"export", "--out", filepath.Join("testdata", "no-such-dir", "x", "graph.json")}},
		{"error-unknown-command", []string{"pahts", "BNTU", "Gansu"}},
		{"error-vs-period", []string{"centrality", "--vs", "2020:2016"}},
		{"error-source-unknown", []string{"source", "500"}},
		{"empty-search", []string{"search", "quantum chromodynamics"}},
		{"error-source-not-a-number", []string{"source", "thirty"}},
		{"error-compare-same", []string{"compare", "BNTU", "Belarusian National Technical University"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := invoke(tc.args...)
			golden(t, tc.name, fmt.Sprintf("$ bcgraph %s\n--- exit %d ---\n--- stdout ---\n%s--- stderr ---\n%s", strings.Join(tc.args, " "), code, out, errOut))
			if code == 0 {
				t.Errorf("exit 0 for an error or an empty answer")
			}
			if errOut != "" && !strings.HasSuffix(errOut, "\n") {
				t.Errorf("error line does not end with a newline: %q", errOut)
			}
		})
	}
}

// TestBadInputGetsOneLineAndTheRightExitCode: 2 for usage, 1 for no result.
func TestBadInputGetsOneLineAndTheRightExitCode(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"frobnicate"}, exitUsage, `unknown command "frobnicate"`},
		{[]string{"path", "BNTU", "Gansu", "--frob"}, exitUsage, "flag provided but not defined: -frob"},
		{[]string{"path", "BNTU"}, exitUsage, "path takes FROM and TO"},
		{[]string{"path", "BNTU", "Ganshu"}, exitUsage, `no entity named "Ganshu"; did you mean Gansu`},
		{[]string{"path", "Great Stone", "Gansu"}, exitUsage, `"Great Stone" is ambiguous`},
		{[]string{"path", "BNTU", "Gansu", "--max-hops", "2"}, exitNoResult, "no path from Belarusian National Technical University to Gansu within 2 hops"},
		{[]string{"centrality", "--since", "2019", "--until", "2016"}, exitUsage, "--since 2019 is after --until 2016"},
		{[]string{"centrality", "--by", "fame"}, exitUsage, `unknown --by "fame"`},
		{[]string{"centrality", "--since", "twenty"}, exitUsage, "invalid value"},
		{[]string{"find", "qqqqqqqqqqqq"}, exitNoResult, `nothing close to "qqqqqqqqqqqq"`},
		{[]string{"export", "--format", "xlsx"}, exitUsage, `unknown format "xlsx"`},
		{[]string{"validate", "--seeds", "testdata/no-such-dir"}, exitNoResult, "no-such-dir"},
		{[]string{"show", "--seeds", "testdata/broken", "BNTU"}, exitNoResult, "testdata/broken/bad.yaml:4: unknown field \"nmae\" in entity"},
		{[]string{"load", "--uri", "bolt://127.0.0.1:1"}, exitNeo4jUnreachable, "cannot reach Neo4j at bolt://127.0.0.1:1"},
		{[]string{"load", "--uri", ""}, exitNeo4jConfig, "NEO4J_URI is not set"},
		{[]string{"stats", "--backend", "neo4j", "--uri", "ftp://127.0.0.1:1"}, exitNeo4jConfig, "not a Neo4j URI"},
		{[]string{"stats", "--backend", "sql"}, exitUsage, `unknown --backend "sql"`},
		{[]string{"path", "BNTU", "Gansu", "--k", "2", "--backend", "neo4j", "--uri", "bolt://127.0.0.1:1"}, exitNeo4jUnreachable, "cannot reach"},
		{[]string{"query", "show", "pagerank"}, exitUsage, `no canned query "pagerank"`},
		{[]string{"query", "run", "path", "--param", "from=bntu", "--uri", "bolt://127.0.0.1:1"}, exitUsage, "query path needs --param to=STRING"},
		// The documented list form binds (commas are not flag separators), so the next failure is the server's.
		{[]string{"query", "run", "path", "--param", "from=bntu", "--param", "to=gansu", "--param", "exclude=belarus,china", "--uri", "bolt://127.0.0.1:1"}, exitNeo4jUnreachable, "cannot reach"},
		{[]string{"query", "run", "hubs", "--param", "limit=-1", "--uri", "bolt://127.0.0.1:1"}, exitUsage, "-1 is out of range (0..)"},
		{[]string{"query", "run", "hubs", "--param", "limit", "--uri", "bolt://127.0.0.1:1"}, exitUsage, "want KEY=VALUE"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			out, errOut, code := invoke(tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tc.code, errOut)
			}
			if !strings.Contains(errOut, tc.msg) {
				t.Errorf("stderr %q lacks %q", errOut, tc.msg)
			}
			if strings.Contains(errOut, "goroutine ") || strings.Contains(errOut, "panic") {
				t.Errorf("stderr shows a Go stack trace: %s", errOut)
			}
			if tc.code == exitUsage && strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
				t.Errorf("usage errors take one line, got:\n%s", errOut)
			}
			if out != "" && tc.code == exitUsage {
				t.Errorf("a usage error printed to stdout: %q", out)
			}
		})
	}
}

func TestFlagsWorkBeforeAndAfterArguments(t *testing.T) {
	for _, pair := range [][2][]string{
		{{"path", "BNTU", "Gansu", "--json"}, {"path", "--json", "BNTU", "Gansu"}},
		{{"path", "BNTU", "Gansu", "--k", "2", "--json"}, {"path", "--k=2", "--json", "BNTU", "Gansu"}},
		{{"partners", "Grodno Region", "--rollup", "--since", "2016"}, {"partners", "--since", "2016", "--rollup", "Grodno Region"}},
	} {
		a, _, ca := invoke(pair[0]...)
		b, _, cb := invoke(pair[1]...)
		if ca != 0 || cb != 0 || a != b || a == "" {
			t.Errorf("%v and %v differ (exit %d, %d)", pair[0], pair[1], ca, cb)
		}
	}
}

func TestEveryCommandHasHelpWithAnExample(t *testing.T) {
	app := newApp(newFactory(nil, nil))
	for _, c := range app.Commands {
		out, _, code := invoke(c.Name, "--help")
		if code != 0 {
			t.Errorf("%s --help exited %d", c.Name, code)
		}
		if c.Name != "version" && !strings.Contains(out, "Example") {
			t.Errorf("%s --help has no example:\n%s", c.Name, out)
		}
	}
}

func TestExportJSONKeepsItsContract(t *testing.T) {
	out, errOut, code := invoke("export", "--format", "json")
	if code != 0 {
		t.Fatalf("export exited %d: %s", code, errOut)
	}
	var doc struct {
		Nodes []map[string]json.RawMessage `json:"nodes"`
		Rels  []map[string]json.RawMessage `json:"rels"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Nodes) < 300 || len(doc.Rels) < 400 {
		t.Fatalf("export has %d nodes and %d rels", len(doc.Nodes), len(doc.Rels))
	}
	for _, k := range []string{"id", "name", "labels", "aliases", "country", "props"} {
		if _, ok := doc.Nodes[0][k]; !ok {
			t.Errorf("node lacks %q", k)
		}
	}
	ids := map[string]bool{}
	for _, n := range doc.Nodes {
		var id string
		json.Unmarshal(n["id"], &id)
		ids[id] = true
	}
	book, ref := 0, 0
	for _, r := range doc.Rels {
		for _, k := range []string{"id", "type", "from", "to", "props"} {
			if _, ok := r[k]; !ok {
				t.Fatalf("rel lacks %q: %v", k, r)
			}
		}
		var from, to string
		json.Unmarshal(r["from"], &from)
		json.Unmarshal(r["to"], &to)
		if !ids[from] || !ids[to] {
			t.Errorf("rel %s -> %s dangles", from, to)
		}
		var props map[string]any
		json.Unmarshal(r["props"], &props)
		if props["reference"] == true {
			ref++
		} else if q, _ := props["quote"].(string); q != "" && props["chapter"] != nil {
			book++
		} else {
			t.Errorf("rel %s -> %s is neither quoted nor reference: %v", from, to, props)
		}
	}
	if book == 0 || ref == 0 {
		t.Errorf("book rels %d, reference rels %d", book, ref)
	}
}
