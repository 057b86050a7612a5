package main

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bcgraph/bcgraph/graph"
	"github.com/bcgraph/bcgraph/loader"
	"github.com/bcgraph/bcgraph/queries"
)

// fakeEngine answers every analysis with what a test gives it, so the run
// functions can be checked without the dataset's real answers or a database.
type fakeEngine struct {
	paths    []graph.Path
	partners []graph.Partner
	rows     []graph.CentralityRow
	items    []graph.TimelineItem
	ties     []*graph.Tie
	stats    graph.Stats
	err      error
	asked    []string
}

func (f *fakeEngine) Paths(_ context.Context, from, to string, _ graph.PathOptions) ([]graph.Path, error) {
	f.asked = append(f.asked, "Paths "+from+" "+to)
	return f.paths, f.err
}
func (f *fakeEngine) Partners(_ context.Context, id string, _ graph.PartnerOptions) ([]graph.Partner, error) {
	f.asked = append(f.asked, "Partners "+id)
	return f.partners, f.err
}
func (f *fakeEngine) ProvinceCentrality(context.Context, graph.Window) ([]graph.CentralityRow, error) {
	f.asked = append(f.asked, "ProvinceCentrality")
	return f.rows, f.err
}
func (f *fakeEngine) Timeline(_ context.Context, id string, _ graph.Window) ([]graph.TimelineItem, error) {
	f.asked = append(f.asked, "Timeline "+id)
	return f.items, f.err
}
func (f *fakeEngine) Hubs(context.Context, graph.HubOptions) ([]graph.CentralityRow, error) {
	f.asked = append(f.asked, "Hubs")
	return f.rows, f.err
}
func (f *fakeEngine) Facts(context.Context, graph.TieFilter) ([]*graph.Tie, error) {
	f.asked = append(f.asked, "Facts")
	return f.ties, f.err
}
func (f *fakeEngine) Stats(context.Context) (graph.Stats, error) {
	f.asked = append(f.asked, "Stats")
	return f.stats, f.err
}

// miniSource is the mini dataset with a fake engine.
func miniSource(t *testing.T, eng graph.Analyses) source {
	t.Helper()
	g, err := loader.ReadDir(filepath.Join("testdata", "mini"))
	if err != nil {
		t.Fatal(err)
	}
	return source{
		Dataset: func() (*graph.Graph, error) { return g, nil },
		Engine:  func(context.Context) (graph.Analyses, error) { return eng, nil },
	}
}

func answeringFor(t *testing.T, eng graph.Analyses, format string) (answering, *bytes.Buffer) {
	var out bytes.Buffer
	return answering{IO: iostreams{Out: &out, Err: &out}, source: miniSource(t, eng), Output: output{w: &out, format: format}}, &out
}

// TestRunFunctionsAskTheEngineAndPrintItsAnswer: the run functions resolve
// names in the dataset, ask the injected engine by id and print its answer.
func TestRunFunctionsAskTheEngineAndPrintItsAnswer(t *testing.T) {
	g, _ := miniSource(t, nil).Dataset()
	bntu, gansu := g.Entity("bntu"), g.Entity("gansu")
	eng := &fakeEngine{
		paths: []graph.Path{{Nodes: []*graph.Entity{bntu, gansu}, Ties: []*graph.Tie{{Type: "COOPERATES_WITH", From: "bntu", To: "gansu",
			Evidence: graph.Evidence{Quote: "a fake quote", Footnotes: []int{1}, Chapter: 2}}}}},
		rows: []graph.CentralityRow{{Entity: gansu, Partners: 7, Ties: 9, Betweenness: 1.5, PageRank: 0.25}},
	}
	a, out := answeringFor(t, eng, formatTable)
	if err := runPath(context.Background(), &pathOptions{answering: a, From: "BNTU", To: "Gansu"}); err != nil {
		t.Fatal(err)
	}
	if got := eng.asked[0]; got != "Paths bntu gansu" {
		t.Errorf("asked %q", got)
	}
	for _, want := range []string{"1 path from Belarusian National Technical University to Gansu", "“a fake quote” (fn 1, ch. 2)", "sources:\n  [1] "} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("path output lacks %q:\n%s", want, out)
		}
	}

	a, out = answeringFor(t, eng, formatTable)
	if err := runCentrality(context.Background(), &centralityOptions{answering: a, Level: "province", By: "partners"}); err != nil {
		t.Fatal(err)
	}
	want := "#  NAME   LABEL     BY REGIONS  LINKS  BETWEENNESS  PAGERANK\n1  Gansu  Province  7           9      1.500        0.2500\n"
	if out.String() != want {
		t.Errorf("centrality printed\n%q\nwant\n%q", out.String(), want)
	}
}

// TestEmptyAnswersExitTheSameInEveryFormat: the JSON of an empty answer is
// printed for scripts, and the exit code is that of the table.
func TestEmptyAnswersExitTheSameInEveryFormat(t *testing.T) {
	for _, format := range []string{formatTable, formatJSON} {
		eng := &fakeEngine{}
		for name, run := range map[string]func(answering) error{
			"partners": func(a answering) error {
				return runPartners(context.Background(), &partnersOptions{answering: a, Name: "BNTU"})
			},
			"timeline": func(a answering) error { return runTimeline(context.Background(), &timelineOptions{answering: a}) },
			"find": func(a answering) error {
				return runFind(context.Background(), &findOptions{answering: a, Query: "zzzzzzzz"})
			},
		} {
			a, out := answeringFor(t, eng, format)
			err := run(a)
			var none *noResult
			if !errors.As(err, &none) {
				t.Errorf("%s %s: err = %v, want a noResult (exit 1)", name, format, err)
			}
			if format == formatJSON && !strings.HasPrefix(out.String(), "{") {
				t.Errorf("%s --json printed %q for an empty answer", name, out.String())
			}
		}
	}
}

// TestEngineErrorsKeepTheirKind: an engine's failure reaches report with its
// kind, whatever wraps it, and picks the documented exit code.
func TestEngineErrorsKeepTheirKind(t *testing.T) {
	for _, tc := range []struct {
		err  error
		code int
	}{
		{graph.ErrNoPath, exitNoResult},
		{context.Canceled, exitInterrupted},
		{&queries.Error{Query: "path", Err: errors.New("Neo.ClientError.Statement.SyntaxError")}, exitNeo4jFailed},
		{&queries.Error{Query: "path", Err: context.Canceled}, exitInterrupted},
		{graph.ErrUnsupported, exitUsage},
	} {
		a, _ := answeringFor(t, &fakeEngine{err: tc.err}, formatTable)
		err := runPath(context.Background(), &pathOptions{answering: a, From: "BNTU", To: "Gansu"})
		if code := report(&bytes.Buffer{}, err); code != tc.code {
			t.Errorf("engine error %v: exit %d, want %d", tc.err, code, tc.code)
		}
	}
}

// TestFlagsFillTheOptions captures the options the constructor builds from a
// command line; nothing runs.
func TestFlagsFillTheOptions(t *testing.T) {
	var got *pathOptions
	f := newFactory(&bytes.Buffer{}, &bytes.Buffer{})
	app := newApp(f)
	for i, c := range app.Commands {
		if c.Name == "path" {
			app.Commands[i] = newPathCommand(f, func(_ context.Context, o *pathOptions) error { got = o; return nil })
		}
	}
	args := []string{"bcgraph", "path", "BNTU", "Gansu", "--k", "3", "--since", "2015", "--exclude", "City", "--book-only", "--json"}
	if err := app.RunContext(context.Background(), reorderArgs(app, args)); err != nil {
		t.Fatal(err)
	}
	if got == nil {
		t.Fatal("the run function was not called")
	}
	if got.From != "BNTU" || got.To != "Gansu" || got.Query.K != 3 || got.Query.Window.Since != 2015 || !got.Query.BookOnly ||
		strings.Join(got.Exclude, ",") != "City" || got.Output.format != formatJSON {
		t.Errorf("options = %+v", got)
	}
}

// TestInterruptedCommandsExit130: a cancelled context (Ctrl-C) stops every
// command that computes, with exit 130.
func TestInterruptedCommandsExit130(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, args := range [][]string{
		{"path", "BNTU", "Gansu"}, {"centrality"}, {"centrality", "--level", "entity"}, {"communities"},
		{"validate"}, {"partners", "BNTU"}, {"hubs"}, {"timeline"}, {"stats"}, {"load", "--dry-run"},
	} {
		var out, errb bytes.Buffer
		if code := run(ctx, append([]string{"bcgraph"}, args...), &out, &errb); code != exitInterrupted {
			t.Errorf("%v: exit %d, want %d (stderr %q)", args, code, exitInterrupted, errb.String())
		}
	}
}

func TestVersionAndUnknownCommands(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{"--version"}, exitOK, "bcgraph version ", ""},
		{[]string{"version"}, exitOK, "bcgraph version ", ""},
		{[]string{"pahts"}, exitUsage, "", `unknown command "pahts"; did you mean path?`},
		{[]string{"centrallity"}, exitUsage, "", "did you mean centrality?"},
	} {
		out, errOut, code := invoke(tc.args...)
		if code != tc.code || !strings.HasPrefix(out, tc.stdout) || !strings.Contains(errOut, tc.stderr) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", tc.args, code, out, errOut)
		}
		if strings.Contains(out+errOut, "bcgraph bcgraph") {
			t.Errorf("%v printed %q", tc.args, out+errOut)
		}
	}
}

// TestGuideWarnsWhenServedBeyondLoopback: told to listen on every interface,
// the guide server says it is exposed.
func TestGuideWarnsWhenServedBeyondLoopback(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // serve, then stop at once
	for _, tc := range []struct {
		listen string
		warns  bool
	}{{"127.0.0.1:0", false}, {"0.0.0.0:0", true}} {
		var out, errb bytes.Buffer
		run(ctx, []string{"bcgraph", "browse", "--guide", "--listen", tc.listen}, &out, &errb)
		if got := strings.Contains(errb.String(), "exposes the guide beyond this machine"); got != tc.warns {
			t.Errorf("--listen %s: warning %v, want %v (stderr %q)", tc.listen, got, tc.warns, errb.String())
		}
	}
}
