package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/bcgraph/bcgraph/draw"
	"github.com/bcgraph/bcgraph/graph"
	"github.com/bcgraph/bcgraph/loader"
	"github.com/bcgraph/bcgraph/queries"
)

// embeddedSource is the embedded dataset, answered in process: what
// 'bcgraph serve' uses by default.
func embeddedSource(t testing.TB) source {
	t.Helper()
	g, err := loader.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return source{
		Dataset: func() (*graph.Graph, error) { return g, nil },
		Engine:  func(context.Context) (graph.Analyses, error) { return g, nil },
	}
}

func webServer(t testing.TB, src source, link *browserLinker) *httptest.Server {
	t.Helper()
	app, err := newWebApp(context.Background(), src, link)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app)
	t.Cleanup(srv.Close)
	return srv
}

func get(t testing.TB, srv *httptest.Server, path string) (int, string, string) {
	t.Helper()
	resp, err := http.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(body)
}

// TestServePagesShowTheCommandsAnswers: each page answers as its command does
// — the same entities, dates, quotes and footnotes — with its picture.
func TestServePagesShowTheCommandsAnswers(t *testing.T) {
	src := embeddedSource(t)
	srv := webServer(t, src, nil)
	// The centrality page shows Gansu's measures as the command computes them.
	g, _ := src.Dataset()
	rows, err := g.ProvinceCentrality(context.Background(), graph.Window{})
	if err != nil {
		t.Fatal(err)
	}
	var gansu graph.CentralityRow
	for _, r := range rows {
		if r.Entity.ID == "gansu" {
			gansu = r
		}
	}
	for _, tc := range []struct {
		path string
		want []string
	}{
		{"/", []string{`action="/search"`, `href="/path?from=BNTU&amp;to=Gansu"`}},
		{"/search?q=Mahiliou", []string{"Mogilev Region", `href="/entity/mogilev-region"`}},
		{"/search?q=Ganshu", []string{"Did you mean", `href="/entity/gansu"`}},
		{"/search?q=birch+juice", []string{"Facts mentioning", "birch juice"}},
		{"/path?from=BNTU&to=Gansu", []string{"2 paths from BNTU to Gansu", `<svg`, `data-id="agr-bntu-lufe-2016"`, `href="/entity/gansu"`,
			"BNTU–Lanzhou", "reference geography", `href="/source/37"`, "Anatoly Kalinin met with the Secretary"}},
		{"/path?from=BNTU&to=Gansu&k=2&book-only=1&exclude=City&since=2014", []string{"2 paths from BNTU to Gansu", `value="City"`, `name="book-only" value="1" checked`}},
		{"/path?from=BNTU&to=Gansu&max-hops=2", []string{"no path from Belarusian National Technical University to Gansu within 2 hops"}},
		{"/entity/bntu", []string{"Belarusian National Technical University", "Белорусский национальный технический университет", `href="/entity/minsk"`,
			"Minsk", "2016-07", "signed", "inter-university contacts between the Belarusian National Technical University", `href="/source/37"`,
			fmt.Sprintf("%d ties", len(g.TiesOf("bntu")))}},
		{"/entity/gansu", []string{"甘肃"}},
		{"/entity/BNTU", []string{"id <code>bntu</code>"}},
		{"/partners/grodno-region?rollup=1", []string{"Partners of Grodno Region", `<svg`, "Longnan", "since 2015-05", `name="rollup" value="1" checked`}},
		{"/centrality", []string{"Province centrality", `<g class="bar">`, `href="/entity/gansu"`,
			fmt.Sprintf("%.3f", gansu.Betweenness), fmt.Sprintf("%.4f", gansu.PageRank)}},
		{"/centrality?since=2018&by=pagerank", []string{`<option value="pagerank" selected>`, ", since 2018"}},
		{"/timeline", []string{`<g class="year">`, `id="y2016"`, "Agreement on the Establishment of Fraternal Relations between Grodno Region and Gansu Province"}},
		{"/timeline?name=Mogilev+Region&since=2016", []string{"Mogilev Region", `id="y2016"`}},
		{"/source/37", []string{"Footnote 37", "Anatoly Kalinin met with the Secretary", "http://www.government.by/ru/content/6542", `href="/entity/gansu"`}},
	} {
		t.Run(tc.path, func(t *testing.T) {
			status, ct, body := get(t, srv, tc.path)
			if status != http.StatusOK || !strings.HasPrefix(ct, "text/html") {
				t.Fatalf("status %d, %s", status, ct)
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("the page lacks %q", w)
				}
			}
			if strings.Contains(body, "open in Neo4j Browser") {
				t.Errorf("a Browser link without a Neo4j configured")
			}
			if strings.Contains(body, "http://") && regexp.MustCompile(`<(script|link|img)[^>]+(src|href)="https?://`).MatchString(body) {
				t.Errorf("the page fetches something from the network")
			}
		})
	}
}

// TestServeBadInputIsAClearPage: 404 for what does not exist (an unknown name
// with its candidates), 400 for a bad parameter; one message, never a trace.
func TestServeBadInputIsAClearPage(t *testing.T) {
	srv := webServer(t, embeddedSource(t), nil)
	for _, tc := range []struct {
		path   string
		status int
		want   []string
	}{
		{"/entity/Ganshu", http.StatusNotFound, []string{"Unknown name", "No entity is named “Ganshu”", "Did you mean", `href="/entity/gansu"`}},
		{"/path?from=BNTU&to=Ganshu", http.StatusNotFound, []string{"Did you mean", `href="/path?from=BNTU&amp;to=gansu"`}},
		{"/path?from=Great+Stone&to=Gansu", http.StatusBadRequest, []string{"Ambiguous name", "names more than one entity", "great-stone-park"}},
		{"/partners/nobody-at-all", http.StatusNotFound, []string{"Unknown name"}},
		{"/path?from=BNTU&to=Gansu&since=twenty", http.StatusBadRequest, []string{"since=&#34;twenty&#34; is not a number"}},
		{"/path?from=BNTU&to=Gansu&k=-1", http.StatusBadRequest, []string{"must not be negative"}},
		{"/centrality?since=1800", http.StatusBadRequest, []string{"year 1800 is out of range"}},
		{"/timeline?since=2020&until=2016", http.StatusBadRequest, []string{"since 2020 is after until 2016"}},
		{"/centrality?by=fame", http.StatusBadRequest, []string{"by=&#34;fame&#34;"}},
		{"/source/500", http.StatusNotFound, []string{"Not found", "500"}},
		{"/source/thirty", http.StatusBadRequest, []string{"want a number"}},
		{"/path?from=BNTU&to=Gansu&format=png", http.StatusBadRequest, []string{"want svg or html"}},
		{"/no/such/page", http.StatusNotFound, []string{"No such page"}},
	} {
		t.Run(tc.path, func(t *testing.T) {
			status, ct, body := get(t, srv, tc.path)
			if status != tc.status {
				t.Errorf("status %d, want %d", status, tc.status)
			}
			if !strings.HasPrefix(ct, "text/html") || !strings.Contains(body, `<p class="error">`) {
				t.Errorf("not an error page (%s):\n%s", ct, firstLines(body, 20))
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("the page lacks %q:\n%s", w, body)
				}
			}
			for _, trace := range []string{"goroutine", "panic", ".go:"} {
				if strings.Contains(body, trace) {
					t.Errorf("the page shows a trace (%q)", trace)
				}
			}
		})
	}
}

// TestServeEscapesTheDatasetsText: names and quotes with markup, quotes and
// ampersands are text on every page and in every drawing, never markup.
func TestServeEscapesTheDatasetsText(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"places.yaml", "ch2.yaml", "sources.yaml"} {
		data, err := os.ReadFile(filepath.Join("testdata", "mini", f))
		if err != nil {
			t.Fatal(err)
		}
		if f == "ch2.yaml" {
			data = bytes.Replace(data, []byte("name: Gansu Centre at BNTU"), []byte(`name: "Gansu <script>alert(1)</script> Centre \"R&D\""`), 1)
			data = bytes.Replace(data, []byte("quote: on the basis of the Science and Technology Park BNTU"),
				[]byte(`quote: "on the basis of the \"Polytechnic\" park & <b>its</b> R&D"`), 1)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	g, err := loader.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	srv := webServer(t, source{
		Dataset: func() (*graph.Graph, error) { return g, nil },
		Engine:  func(context.Context) (graph.Analyses, error) { return g, nil },
	}, nil)
	for _, path := range []string{"/entity/bntu", "/entity/gansu-centre", "/path?from=BNTU&to=Gansu", "/partners/bntu", "/search?q=polytechnic",
		"/path?from=BNTU&to=Gansu&format=svg", "/path?from=BNTU&to=Gansu&format=html", "/entity/gansu-centre?format=svg"} {
		t.Run(path, func(t *testing.T) {
			status, _, body := get(t, srv, path)
			if status != http.StatusOK {
				t.Fatalf("status %d:\n%s", status, body)
			}
			for _, raw := range []string{"<script>", "<b>its</b>", `"Polytechnic" park`, "R&D"} {
				if strings.Contains(body, raw) {
					t.Errorf("the page holds %q unescaped", raw)
				}
			}
			if !strings.Contains(body, "&lt;script&gt;") && !strings.Contains(body, "&lt;b&gt;its&lt;/b&gt;") {
				t.Errorf("the page shows neither the name nor the quote, escaped")
			}
		})
	}
}

// TestServeFilesAreTheCommandLinesDrawings: ?format=svg|html serves what
// --format writes, byte for byte.
func TestServeFilesAreTheCommandLinesDrawings(t *testing.T) {
	srv := webServer(t, embeddedSource(t), nil)
	for _, tc := range []struct {
		path string
		args []string
		ct   string
	}{
		{"/path?from=BNTU&to=Gansu&format=svg", []string{"path", "BNTU", "Gansu", "--format", "svg"}, "image/svg+xml"},
		{"/entity/bntu?format=html", []string{"show", "bntu", "--format", "html"}, "text/html"},
		{"/partners/grodno-region?rollup=1&format=svg", []string{"partners", "grodno-region", "--rollup", "--format", "svg"}, "image/svg+xml"},
	} {
		status, ct, body := get(t, srv, tc.path)
		out, errOut, code := invoke(tc.args...)
		if status != http.StatusOK || code != 0 || !strings.HasPrefix(ct, tc.ct) {
			t.Fatalf("%s: status %d (%s); %v: exit %d %s", tc.path, status, ct, tc.args, code, errOut)
		}
		if body != out {
			t.Errorf("%s differs from bcgraph %s", tc.path, strings.Join(tc.args, " "))
		}
	}
}

// TestServeLinksEveryPageToNeo4jBrowser: with a Neo4j configured, every page
// has the link, and a drawn answer's link opens its Cypher.
func TestServeLinksEveryPageToNeo4jBrowser(t *testing.T) {
	link := &browserLinker{cfg: loader.Config{URI: "bolt://db.example:7687", Password: "s3cret-pw"}, base: "http://db.example:7474/browser/"}
	srv := webServer(t, embeddedSource(t), link)
	for _, path := range []string{"/", "/path?from=BNTU&to=Gansu", "/entity/bntu", "/partners/bntu", "/centrality", "/timeline", "/source/37", "/entity/Ganshu"} {
		_, _, body := get(t, srv, path)
		m := regexp.MustCompile(`<a class="browser" href="([^"]+)">open in Neo4j Browser</a>`).FindStringSubmatch(body)
		if m == nil {
			t.Errorf("%s has no Browser link", path)
			continue
		}
		if !strings.HasPrefix(m[1], "http://db.example:7474/browser/?") || strings.Contains(body, "s3cret-pw") {
			t.Errorf("%s: Browser link %q", path, m[1])
		}
		if path == "/path?from=BNTU&to=Gansu" && !strings.Contains(m[1], "cmd=edit") {
			t.Errorf("the path page's Browser link does not open the answer's Cypher: %q", m[1])
		}
	}
}

// TestServeListensOnLoopbackAndWarnsOtherwise: the default address is
// loopback; told to listen on every interface, serve says the pages are
// exposed.
func TestServeListensOnLoopbackAndWarnsOtherwise(t *testing.T) {
	var got *serveOptions
	f := newFactory(&bytes.Buffer{}, &bytes.Buffer{})
	app := newApp(f)
	for i, c := range app.Commands {
		if c.Name == "serve" {
			app.Commands[i] = newServeCommand(f, func(_ context.Context, o *serveOptions) error { got = o; return nil })
		}
	}
	if err := app.RunContext(context.Background(), []string{"bcgraph", "serve"}); err != nil || got == nil {
		t.Fatalf("serve: %v", err)
	}
	if got.Listen != "127.0.0.1:8080" {
		t.Errorf("serve listens on %q by default", got.Listen)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // serve, then stop at once
	for _, tc := range []struct {
		listen string
		warns  bool
	}{{"127.0.0.1:0", false}, {"0.0.0.0:0", true}} {
		var out, errb bytes.Buffer
		code := run(ctx, []string{"bcgraph", "serve", "--listen", tc.listen}, &out, &errb)
		if code != exitInterrupted {
			t.Errorf("--listen %s: exit %d (%s)", tc.listen, code, errb.String())
		}
		if got := strings.Contains(errb.String(), "anyone who can reach this machine"); got != tc.warns {
			t.Errorf("--listen %s: warning %v, want %v (stderr %q)", tc.listen, got, tc.warns, errb.String())
		}
		if !strings.Contains(out.String(), "serving on http://") {
			t.Errorf("--listen %s does not say where it serves: %q", tc.listen, out.String())
		}
	}
}

// TestBrowserLinkFindsTheRealBrowser: NEO4J_BROWSER_URL, then NEO4J_HTTP_URL,
// then Aura's, then the server's answer, and port 7474 only when it has none.
func TestBrowserLinkFindsTheRealBrowser(t *testing.T) {
	asked := func(url string, err error) func(context.Context, loader.Config, string) (string, error) {
		return func(context.Context, loader.Config, string) (string, error) { return url, err }
	}
	for _, tc := range []struct {
		name string
		l    browserLinker
		want string
	}{
		{"NEO4J_BROWSER_URL first", browserLinker{cfg: loader.Config{URI: "bolt://h:7687"}, base: "http://b:1/browser/", httpURL: "http://h:2", ask: asked("http://h:3/browser/", nil)}, "http://b:1/browser/"},
		{"then NEO4J_HTTP_URL", browserLinker{cfg: loader.Config{URI: "bolt://h:7687"}, httpURL: "http://h:2/", ask: asked("http://h:3/browser/", nil)}, "http://h:2/browser/"},
		{"Aura's Browser for Aura", browserLinker{cfg: loader.Config{URI: "neo4j+s://x.databases.neo4j.io"}, ask: asked("http://h:3/browser/", nil)}, "https://browser.neo4j.io/"},
		{"then the server's", browserLinker{cfg: loader.Config{URI: "bolt://h:7687"}, ask: asked("http://h:3/browser/", nil)}, "http://h:3/browser/"},
		{"7474 when the server does not say", browserLinker{cfg: loader.Config{URI: "bolt://h:7687"}, ask: asked("", errors.New("unreachable"))}, "http://h:7474/browser/"},
		{"no server asked without NEO4J_URI", browserLinker{ask: asked("http://h:3/browser/", nil)}, "http://localhost:7474/browser/"},
	} {
		link, err := tc.l.url(context.Background(), "")
		if err != nil || !strings.HasPrefix(link, tc.want+"?") {
			t.Errorf("%s: %q (%v), want %s?…", tc.name, link, err, tc.want)
		}
	}
}

// TestBrowserStyleColoursAreTheDrawingsColours: a node of a label is the same
// colour in Neo4j Browser (the GraSS) and in bcgraph's pictures, for every label.
func TestBrowserStyleColoursAreTheDrawingsColours(t *testing.T) {
	re := regexp.MustCompile(`(?m)^node\.(\w+) \{ color: (#[0-9A-F]{6}); border-color: (#[0-9A-F]{6});.*caption: "\{caption\}"; \}$`)
	grass := map[string][2]string{}
	for _, m := range re.FindAllStringSubmatch(queries.Style, -1) {
		grass[m[1]] = [2]string{m[2], m[3]}
	}
	for _, l := range graph.Labels() {
		if grass[l] != draw.Colors[l] {
			t.Errorf("%s: Browser %v, drawings %v", l, grass[l], draw.Colors[l])
		}
	}
}

// BenchmarkServePathPage measures the server side of the path page for BNTU
// to Gansu (the run function, the drawing and the template) beside its peer
// measured in the same run: the same run function printing --json, so the
// ratio is what the page adds to the answer.
func BenchmarkServePathPage(b *testing.B) {
	src := embeddedSource(b)
	app, err := newWebApp(context.Background(), src, nil)
	if err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, "/path?from=BNTU&to=Gansu", nil)
	app.ServeHTTP(httptest.NewRecorder(), req) // short names are computed once, on first use
	var page, answer float64
	b.Run("page", func(b *testing.B) {
		for b.Loop() {
			w := httptest.NewRecorder()
			app.ServeHTTP(w, req)
			if w.Code != http.StatusOK {
				b.Fatalf("status %d", w.Code)
			}
		}
		page = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	})
	b.Run("json-answer", func(b *testing.B) {
		for b.Loop() {
			opts := &pathOptions{answering: answering{IO: iostreams{Out: io.Discard, Err: io.Discard}, source: src,
				Output: output{w: io.Discard, format: formatJSON}}, From: "BNTU", To: "Gansu"}
			if err := runPath(context.Background(), opts); err != nil {
				b.Fatal(err)
			}
		}
		answer = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	})
	if answer > 0 {
		b.Logf("path page %.2f ms, the same answer as JSON %.2f ms: the page costs %.1fx the answer", page/1e6, answer/1e6, page/answer)
	}
}

// TestServeEntityPageSaysWhatTheBookDoesNotMention: a province only
// reference geography places is flagged, one the book names is not.
func TestServeEntityPageSaysWhatTheBookDoesNotMention(t *testing.T) {
	src := embeddedSource(t)
	g, _ := src.Dataset()
	srv := webServer(t, src, nil)
	var absent string
	for _, e := range g.Entities {
		if !g.InBook(e.ID) {
			absent = e.ID
			break
		}
	}
	if absent == "" {
		t.Fatal("every entity is in the book: the case needs one that is not")
	}
	for id, want := range map[string]bool{absent: true, "gansu": false} {
		_, _, body := get(t, srv, "/entity/"+id)
		if got := strings.Contains(body, "not mentioned in the book"); got != want {
			t.Errorf("/entity/%s says not mentioned: %v, want %v", id, got, want)
		}
	}
}
