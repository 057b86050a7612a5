package integration

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/bcgraph/bcgraph/loader"
	"github.com/bcgraph/bcgraph/queries"
)

// chromium finds Debian's headless browser; the test never downloads one.
func chromium(t *testing.T) string {
	for _, p := range []string{os.Getenv("BCGRAPH_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	msg := "no Chromium for the Browser test: install Debian's chromium package or set BCGRAPH_CHROMIUM"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// TestBrowserDrawsThePathAnswer opens the URL 'bcgraph path BNTU Gansu --browse'
// prints in headless Chromium against the test server's Neo4j Browser, logs in,
// applies bcgraph's style, runs the prefilled query, waits for the graph, checks
// that both ends of the path are drawn and saves a screenshot.
func TestBrowserDrawsThePathAnswer(t *testing.T) {
	exe, link := loadedBrowser(t)
	want := map[string]bool{}
	for _, id := range pathNodes(t) {
		want[id] = true
	}
	if strings.Contains(link, server.password) {
		t.Fatal("the Browser URL contains the password")
	}
	ctx := browserContext(t, exe)
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	login(t, ctx, link)
	editor, err := chromedp.Run(ctx, chromedp.TextContent(css(`[data-testid="activeEditor"]`)))
	if err != nil || !strings.Contains(editor, "MATCH") || !strings.Contains(editor, "bntu") {
		shot(t, ctx, "browser-failed.png")
		t.Fatalf("the editor is not prefilled with the answer's Cypher: %q (%v)", editor, err)
	}
	step := stepper(t, ctx, "browser-failed.png")
	typeInEditor := func(what, text string) { t.Helper(); typeInto(t, ctx, step, what, text) }
	step("run the prefilled query", chromedp.Click(css(`[data-testid="editor-Run"]`)))
	step("wait for the graph", chromedp.WaitVisible(css(`g.layer.nodes g.node`)))
	// bcgraph's style, as a user applies it: ":style" and the GraSS, on one line;
	// then the answer's query again, so that its graph is the newest frame.
	typeInEditor("type the style", ":style "+strings.Join(strings.Fields(queries.Style), " "))
	step("apply the style", chromedp.Sleep(500*time.Millisecond), chromedp.KeyEvent("\r"), chromedp.Sleep(time.Second))
	u, _ := url.Parse(link)
	typeInEditor("type the query", u.Query().Get("arg"))
	step("run the query with the style", chromedp.Click(css(`[data-testid="editor-Run"]`)), chromedp.Sleep(time.Second))
	step("wait for the graph", chromedp.WaitVisible(css(`g.layer.nodes g.node`)))
	step("let the layout settle", chromedp.Sleep(4*time.Second))
	page, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
	if err != nil {
		t.Fatal(err)
	}
	status := regexp.MustCompile(`Displaying \d+ nodes, \d+ relationships`).FindString(page)
	// The newest frame's graph: Browser lists frames newest first.
	captions, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelector('g.layer.nodes').querySelectorAll('g.node')].map(n => n.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	shot(t, ctx, "browser-path-pasted.png")
	t.Logf("Browser: %q; %d nodes drawn; the answer has %d", status, len(captions), len(want))
	m := regexp.MustCompile(`Displaying (\d+) nodes`).FindStringSubmatch(status)
	if m == nil {
		t.Fatalf("Browser does not say how many nodes it displays")
	}
	if n, _ := strconv.Atoi(m[1]); n != len(want) || n != len(captions) {
		t.Errorf("Browser displays %s nodes and draws %d; the answer has %d", m[1], len(captions), len(want))
	}
	// The style captions nodes by the short name the load writes.
	g, err := loader.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, end := range []string{"bntu", "gansu"} {
		drawn := false
		for _, c := range captions {
			drawn = drawn || strings.Join(strings.Fields(c), " ") == g.ShortName(end)
		}
		if !drawn {
			t.Errorf("%s is not drawn as %q; captions: %q", end, g.ShortName(end), captions)
		}
	}
}

// TestBrowserPlaysTheGuide serves bcgraph's guide on localhost (a host the
// served Browser accepts remote guides from) and plays it in headless Chromium.
func TestBrowserPlaysTheGuide(t *testing.T) {
	requireNeo4j(t)
	if server.httpURL == "" {
		t.Fatal("the test server has no HTTP address (NEO4J_HTTP_URL) to reach Browser at")
	}
	exe := chromium(t)
	guide := guideURL(t)
	link := server.httpURL + "/browser/?dbms=" + url.QueryEscape(server.uri)
	ctx := browserContext(t, exe)
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	login(t, ctx, link)
	// Browser checks remote guides against the server's allow-list, known
	// once connected: play the guide as a user would, from the editor.
	if err := chromedp.Do(ctx, chromedp.Click(css(`[data-testid="activeEditor"]`), chromedp.NodeReady)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: ":play " + guide}); err != nil {
		t.Fatal(err)
	}
	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(sctx, chromedp.Sleep(300*time.Millisecond), chromedp.KeyEvent("\r"), chromedp.WaitVisible(css(`[data-testid="carousel"]`))); err != nil {
		shot(t, ctx, "guide-failed.png")
		t.Fatalf("the guide did not open: %v", err)
	}
	text, err := chromedp.Run(ctx, chromedp.TextContent(css(`[data-testid="carousel"]`)))
	if err != nil || !strings.Contains(text, "Belarus – China, who cooperates with whom") {
		shot(t, ctx, "guide-failed.png")
		t.Fatalf("the guide shows %q (%v)", text, err)
	}
	chromedp.Do(ctx, chromedp.Sleep(time.Second)) // the slide animates in
	shot(t, ctx, "browser-guide.png")
}

// guideURL serves bcgraph's guide on localhost (a host the served Browser
// accepts remote guides from) until the test ends, and returns its URL.
func guideURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: queries.GuideHandler()}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://localhost:" + strconv.Itoa(ln.Addr().(*net.TCPAddr).Port) + "/guide.html"
}

// loadedBrowser loads the dataset into the test server and returns Chromium
// and the Browser link 'bcgraph path BNTU Gansu --browse' prints.
func loadedBrowser(t *testing.T) (exe, link string) {
	t.Helper()
	requireNeo4j(t)
	if server.httpURL == "" {
		t.Fatal("the test server has no HTTP address (NEO4J_HTTP_URL) to reach Browser at")
	}
	exe = chromium(t)
	if _, errOut, code := bcgraph(t, nil, "load"); code != 0 {
		t.Fatalf("load: %s", errOut)
	}
	out, errOut, code := bcgraph(t, []string{"NEO4J_BROWSER_URL=" + server.httpURL + "/browser/"}, "path", "BNTU", "Gansu", "--browse")
	if code != 0 {
		t.Fatalf("path --browse exited %d: %s", code, errOut)
	}
	return exe, strings.TrimSpace(out)
}

// pathNodes returns the distinct nodes of 'bcgraph path BNTU Gansu', to
// compare with what a browser draws.
func pathNodes(t *testing.T) []string {
	t.Helper()
	out, errOut, code := bcgraph(t, nil, "path", "BNTU", "Gansu", "--json")
	if code != 0 {
		t.Fatalf("path --json: %s", errOut)
	}
	var answer struct {
		Paths []struct {
			Nodes []struct{ ID string } `json:"nodes"`
		} `json:"paths"`
	}
	if err := json.Unmarshal([]byte(out), &answer); err != nil {
		t.Fatal(err)
	}
	var ids []string
	seen := map[string]bool{}
	for _, p := range answer.Paths {
		for _, n := range p.Nodes {
			if !seen[n.ID] {
				seen[n.ID] = true
				ids = append(ids, n.ID)
			}
		}
	}
	return ids
}

// stepper returns a function that runs browser actions within a generous
// deadline (the machine may be loaded), saving a screenshot and failing the
// test when they do not complete.
func stepper(t *testing.T, ctx context.Context, failShot string) func(string, ...chromedp.Action[chromedp.Void]) {
	return func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 60*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, actions...); err != nil {
			shot(t, ctx, failShot)
			t.Fatalf("%s: %v", what, err)
		}
	}
}

// typeInto focuses Neo4j Browser's editor and types text into it.
func typeInto(t *testing.T, ctx context.Context, step func(string, ...chromedp.Action[chromedp.Void]), what, text string) {
	t.Helper()
	step("focus the editor", chromedp.Click(chromedp.CSS(`[data-testid="activeEditor"]`), chromedp.NodeReady))
	if _, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: text}); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// browserContext starts headless Chromium, stopped when the test ends.
func browserContext(t *testing.T, exe string) context.Context {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1600, 1100),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTime := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelTime(); cancelCtx(); cancelAlloc() })
	return ctx
}

// login opens a Browser URL and connects with the test server's credentials,
// typed into Browser's form as a person would.
func login(t *testing.T, ctx context.Context, link string) {
	t.Helper()
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	err := chromedp.Do(ctx,
		chromedp.Navigate(link),
		chromedp.WaitVisible(css(`[data-testid="password"]`)),
	)
	if err == nil {
		// Browser fills in the user name "neo4j"; type it only when the form is empty.
		var user string
		if user, err = chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('[data-testid="username"]').value`)); err == nil && user != server.user {
			err = chromedp.Do(ctx, chromedp.SendKeys(css(`[data-testid="username"]`), server.user))
		}
	}
	if err == nil {
		err = chromedp.Do(ctx,
			chromedp.SendKeys(css(`[data-testid="password"]`), server.password),
			chromedp.Click(css(`[data-testid="connect"]`)),
			chromedp.WaitNotPresent(css(`[data-testid="password"]`)),
			chromedp.Sleep(time.Second),
		)
	}
	if err != nil {
		shot(t, ctx, "browser-failed.png")
		t.Fatalf("connect in Browser: %v", err)
	}
}

// shot saves a screenshot of the whole page where a person (and the README)
// can look at it.
func shot(t *testing.T, ctx context.Context, name string) {
	savePNG(t, name, chromedp.FullScreenshot(100), ctx)
}

// shotView saves what a reader sees first: the viewport, not the whole page.
func shotView(t *testing.T, ctx context.Context, name string) {
	savePNG(t, name, chromedp.CaptureScreenshot(), ctx)
}

// savePNG takes a screenshot into BCGRAPH_SCREENSHOTS (docs/ for the
// README's pictures), testdata/screenshots by default.
func savePNG(t *testing.T, name string, capture chromedp.Action[[]byte], ctx context.Context) {
	png, err := chromedp.Run(ctx, capture)
	if err != nil {
		t.Logf("screenshot: %v", err)
		return
	}
	dir := os.Getenv("BCGRAPH_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join("testdata", "screenshots")
	}
	os.MkdirAll(dir, 0o755)
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Logf("screenshot: %v", err)
		return
	}
	t.Logf("screenshot: %s", path)
}
