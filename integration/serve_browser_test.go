package integration

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/bcgraph/bcgraph/loader"
)

// startServe runs 'bcgraph serve' on a free loopback port and returns its
// base URL; the server is stopped when the test ends. Without env it has no
// Neo4j configured (no NEO4J_ variable reaches it).
func startServe(t *testing.T, env []string, args ...string) string {
	t.Helper()
	bin, err := buildOnce()
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	cmd := exec.Command(bin, append([]string{"serve", "--listen", "127.0.0.1:0"}, args...)...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "NEO4J_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, env...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
		if t.Failed() {
			t.Logf("bcgraph serve's stderr:\n%s", stderr.String())
		}
	})
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := regexp.MustCompile(`serving on (http://127\.0\.0\.1:\d+)/`).FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
		close(found)
	}()
	select {
	case base, ok := <-found:
		if !ok {
			t.Fatal("bcgraph serve exited without saying where it serves")
		}
		return base
	case <-time.After(2 * time.Minute):
		t.Fatal("bcgraph serve did not start within two minutes")
	}
	return ""
}

// TestServeDrawsThePathAndLinksEveryNode opens serve's path page for BNTU–Gansu
// in headless Chromium: every node of the answer is drawn with its short,
// readable label inside the picture, every footnote the answer cites is
// listed, clicking a node opens its entity page, and a bad URL is a 404 page.
// It saves the README's screenshots of the path, entity, centrality and
// timeline pages.
func TestServeDrawsThePathAndLinksEveryNode(t *testing.T) {
	exe := chromium(t)
	base := startServe(t, nil)

	// What the page must show: the answer's nodes and sources, as the CLI gives them.
	out, errOut, code := bcgraph(t, nil, "path", "BNTU", "Gansu", "--json")
	if code != 0 {
		t.Fatalf("path --json: %s", errOut)
	}
	var answer struct {
		Sources []struct {
			N     int    `json:"n"`
			Title string `json:"title"`
		} `json:"sources"`
	}
	if err := json.Unmarshal([]byte(out), &answer); err != nil {
		t.Fatal(err)
	}
	g, err := loader.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{} // id -> short name
	for _, id := range pathNodes(t) {
		want[id] = g.ShortName(id)
	}
	if len(want) < 3 || len(answer.Sources) == 0 {
		t.Fatalf("the path answer has %d nodes and %d sources", len(want), len(answer.Sources))
	}

	ctx := browserContext(t, exe)
	// The first action starts the browser, which lives as long as the
	// context it is given: this one, not a step's deadline.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	wait := stepper(t, ctx, "serve-failed.png")
	wait("open the path page", chromedp.Navigate(base+"/path?from=BNTU&to=Gansu"), chromedp.WaitVisible(chromedp.CSS(`.picture svg g.node`)))

	type drawn struct {
		ID, Label                       string
		X, Y, W, H                      float64
		SvgLeft, SvgTop, SvgRight, SvgB float64
	}
	nodes, err := chromedp.Run(ctx, chromedp.Evaluate[[]drawn](`(() => {
		const svg = document.querySelector('.picture svg').getBoundingClientRect();
		return [...document.querySelectorAll('.picture svg g.node')].map(n => {
			const t = n.querySelector('text'), r = t.getBoundingClientRect();
			return {ID: n.dataset.id, Label: t.textContent, X: r.left, Y: r.top, W: r.width, H: r.height,
				SvgLeft: svg.left, SvgTop: svg.top, SvgRight: svg.right, SvgB: svg.bottom};
		});
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]drawn{}
	for _, n := range nodes {
		got[n.ID] = n
	}
	for id, short := range want {
		n, ok := got[id]
		switch {
		case !ok:
			t.Errorf("%s is not drawn", id)
		case n.Label != short:
			t.Errorf("%s is labelled %q, want its short name %q", id, n.Label, short)
		case len([]rune(n.Label)) > 20 || n.W < 8 || n.H < 8:
			t.Errorf("%s: label %q is not readable (%d characters, %.0fx%.0f px)", id, n.Label, len([]rune(n.Label)), n.W, n.H)
		case n.X < n.SvgLeft || n.X+n.W > n.SvgRight || n.Y < n.SvgTop || n.Y+n.H > n.SvgB:
			t.Errorf("%s: label %q lies outside the picture", id, n.Label)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d nodes drawn; the answer has %d", len(got), len(want))
	}
	listed, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('ol.sources li')].map(li => li.value + ' ' + li.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range answer.Sources {
		ok := false
		for _, l := range listed {
			ok = ok || strings.HasPrefix(l, strconv.Itoa(s.N)+" ") && strings.Contains(l, s.Title)
		}
		if !ok {
			t.Errorf("footnote %d (%s) is not listed under the picture; listed: %q", s.N, s.Title, listed)
		}
	}
	shotView(t, ctx, "serve-path.png")

	// A click on a node opens its entity page.
	wait("click Gansu", chromedp.Click(chromedp.CSS(`.picture svg g.node[data-id="gansu"] circle`)), chromedp.WaitVisible(chromedp.CSS(`table.ties`)))
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || !strings.HasSuffix(loc, "/entity/gansu") {
		t.Errorf("clicking Gansu led to %q (%v), want its entity page", loc, err)
	}
	h1, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1")))
	if !strings.Contains(h1, "Gansu") {
		t.Errorf("the entity page's heading is %q", h1)
	}
	wait("open BNTU's entity page", chromedp.Navigate(base+"/entity/bntu"), chromedp.WaitVisible(chromedp.CSS(`table.ties`)))
	shotView(t, ctx, "serve-entity.png")
	wait("open the centrality page", chromedp.Navigate(base+"/centrality"), chromedp.WaitVisible(chromedp.CSS(`.picture svg g.bar`)))
	shotView(t, ctx, "serve-centrality.png")
	wait("open the timeline page", chromedp.Navigate(base+"/timeline"), chromedp.WaitVisible(chromedp.CSS(`.picture svg g.year`)))
	shotView(t, ctx, "serve-timeline.png")

	// A bad URL: the status Chromium gets, and the page a person sees.
	for _, tc := range []struct {
		path, text string
		status     int64
	}{
		{"/entity/Ganshu", "Did you mean", http.StatusNotFound},
		{"/no/such/page", "No such page", http.StatusNotFound},
		{"/path?from=BNTU&to=Gansu&since=twenty", "is not a number", http.StatusBadRequest},
	} {
		sctx, cancel := context.WithTimeout(ctx, 60*time.Second)
		resp, err := chromedp.RunResponse(sctx, chromedp.Navigate(base+tc.path))
		cancel()
		if err != nil {
			t.Fatalf("open %s: %v", tc.path, err)
		}
		if resp.Status != tc.status {
			t.Errorf("%s: status %d, want %d", tc.path, resp.Status, tc.status)
		}
		wait("read "+tc.path, chromedp.WaitVisible(chromedp.CSS(`p.error`)))
		body, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body")))
		if !strings.Contains(body, tc.text) || strings.Contains(body, "goroutine") {
			t.Errorf("%s shows %q", tc.path, body)
		}
		if tc.path == "/entity/Ganshu" {
			if offers, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("ul.facts"))); !strings.Contains(offers, "Gansu") {
				t.Errorf("the 404 page for Ganshu does not offer Gansu: %q", offers)
			}
		}
	}
}

// TestServePagesAreTheSameOnNeo4j: 'serve --backend neo4j' answers every page
// with the Cypher twins on the loaded database, and the pages are the
// embedded server's, byte for byte.
func TestServePagesAreTheSameOnNeo4j(t *testing.T) {
	requireNeo4j(t)
	if _, errOut, code := bcgraph(t, nil, "load"); code != 0 {
		t.Fatalf("load: %s", errOut)
	}
	env := []string{"NEO4J_URI=" + server.uri, "NEO4J_USERNAME=" + server.user, "NEO4J_PASSWORD=" + server.password,
		"NEO4J_BROWSER_URL=" + server.httpURL + "/browser/"}
	embedded, onNeo4j := startServe(t, env), startServe(t, env, "--backend", "neo4j")
	page := func(base, path string) (int, string) {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, string(b)
	}
	for _, path := range []string{"/path?from=BNTU&to=Gansu", "/path?from=Grodno+Region&to=Gansu&since=2015&exclude=City",
		"/partners/grodno-region?rollup=1", "/partners/gansu?until=2016", "/centrality", "/centrality?since=2017&by=betweenness",
		// /source and /search are left out: their twins need the footnotes and the
		// full-text index a load on this branch does not write yet (the loader
		// is being rewritten).
		"/timeline?name=Mogilev+Region", "/entity/bntu", "/path?from=BNTU&to=Gansu&max-hops=2",
		"/path?from=BNTU&to=Gansu&format=svg"} {
		es, eb := page(embedded, path)
		ns, nb := page(onNeo4j, path)
		if es != ns || eb != nb {
			t.Errorf("%s: embedded (status %d) and neo4j (status %d) pages differ", path, es, ns)
		}
		if !strings.Contains(eb, "open in Neo4j Browser") && !strings.Contains(path, "format=") {
			t.Errorf("%s has no Browser link with a Neo4j configured", path)
		}
		if strings.Contains(nb, server.password) {
			t.Errorf("%s shows the password", path)
		}
	}
}
