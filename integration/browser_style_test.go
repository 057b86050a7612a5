package integration

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/bcgraph/bcgraph/loader"
	"github.com/bcgraph/bcgraph/queries"
)

// TestBrowserGuideAppliesTheStyleAndCaptionsByShortName plays bcgraph's guide
// in the test server's Neo4j Browser, applies the style with the one click its
// first slide offers, runs the BNTU–Gansu path answer and checks what Browser
// draws: every node captioned by its short name (the caption the load writes),
// in the style's colours, and relationships captioned with their dates.
func TestBrowserGuideAppliesTheStyleAndCaptionsByShortName(t *testing.T) {
	exe, link := loadedBrowser(t)
	g, err := loader.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	// The load writes every node's short name as its caption.
	res, err := neo4j.ExecuteQuery(context.Background(), driver(t), "MATCH (n:Bcgraph) RETURN n.id AS id, n.caption AS caption",
		nil, neo4j.EagerResultTransformer)
	if err != nil {
		t.Fatal(err)
	}
	wrong := 0
	for _, r := range res.Records {
		id, _ := r.Get("id")
		caption, _ := r.Get("caption")
		if want := g.ShortName(id.(string)); caption != want {
			if wrong++; wrong <= 3 {
				t.Errorf("node %s has caption %v, want %q (the load plan must set props[\"caption\"] = g.ShortName(e.ID))", id, caption, want)
			}
		}
	}
	if wrong > 0 {
		t.Fatalf("%d of %d nodes lack their short name as caption", wrong, len(res.Records))
	}

	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	cypher := u.Query().Get("arg")
	want := map[string]bool{} // captions
	for _, id := range pathNodes(t) {
		want[g.ShortName(id)] = true
	}

	guide := guideURL(t)

	ctx := browserContext(t, exe)
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	login(t, ctx, server.httpURL+"/browser/?dbms="+url.QueryEscape(server.uri))
	step := stepper(t, ctx, "browser-style-failed.png")
	typeAndRun := func(what, text string) {
		t.Helper()
		typeInto(t, ctx, step, what, text)
		step(what, chromedp.Click(css(`[data-testid="editor-Run"]`), chromedp.NodeReady))
	}
	typeAndRun("play the guide", ":play "+guide)
	step("open the guide", chromedp.WaitVisible(css(`[data-testid="carousel"] a.bcgraph-style`)))
	// One click on the slide's link runs ":style GRASS"; the frame it opens
	// shows the GraSS. A click before Browser has wired the slide's links does
	// nothing, so click until that frame is there.
	step("apply the style from the guide", chromedp.Poll[chromedp.Void](`(() => {
		if ([...document.querySelectorAll('article')].some(f => f.innerText.includes('{caption}'))) return true;
		document.querySelector('[data-testid="carousel"] a.bcgraph-style').click();
		return false;
	})()`, chromedp.WithPollingInterval(2*time.Second), chromedp.WithPollingTimeout(50*time.Second)))
	typeAndRun("run the path answer", cypher)
	step("wait for the graph", chromedp.WaitVisible(css(`g.layer.nodes g.node`)))
	type node struct{ Caption, Fill string }
	var nodes []node
	// The newest frame's graph is the first; its captions appear as the
	// layout runs, so poll until every node has one.
	step("captions drawn", chromedp.Poll[chromedp.Void](`(() => {
		const g = document.querySelector('g.layer.nodes');
		const ns = [...g.querySelectorAll('g.node')];
		return ns.length > 0 && ns.every(n => n.textContent.trim() !== '');
	})()`, chromedp.WithPollingTimeout(50*time.Second)))
	nodes, err = chromedp.Run(ctx, chromedp.Evaluate[[]node](`[...document.querySelector('g.layer.nodes').querySelectorAll('g.node')].map(n => ({
		Caption: [...n.querySelectorAll('text')].map(t => t.textContent).join(' '),
		Fill: (n.querySelector('circle.b-outline') || n.querySelector('circle')).getAttribute('fill')}))`))
	if err != nil {
		t.Fatal(err)
	}
	rels, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelector('g.layer.relationships').querySelectorAll('g.relationship text')].map(t => t.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	shotView(t, ctx, "browser-path.png")
	squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
	drawn := map[string]string{} // squashed caption -> fill
	for _, n := range nodes {
		drawn[squash(n.Caption)] = strings.ToUpper(n.Fill)
	}
	for c := range want {
		if _, ok := drawn[squash(c)]; !ok {
			t.Errorf("no node is captioned %q; captions: %q", c, nodes)
		}
	}
	if len(nodes) != len(want) {
		t.Errorf("Browser draws %d nodes; the answer has %d", len(nodes), len(want))
	}
	if fill := drawn["Gansu"]; fill != "#D62728" {
		t.Errorf("Gansu is drawn %q, not the style's Province colour #D62728", fill)
	}
	if fill := drawn["BNTU"]; fill != "#1F77B4" {
		t.Errorf("BNTU is drawn %q, not the style's University colour #1F77B4", fill)
	}
	joined := strings.Join(rels, " | ")
	for _, w := range []string{"party to 2016", "founded 2015-09", "part of"} {
		if !strings.Contains(joined, w) {
			t.Errorf("no relationship is captioned %q; captions: %s", w, joined)
		}
	}
}

// TestBrowseLinkAsksTheServerWhereBrowserIs: with neither NEO4J_BROWSER_URL
// nor NEO4J_HTTP_URL, the --browse link points at the HTTP address the server
// advertises (the test server's is a free port, never 7474), not a guess.
func TestBrowseLinkAsksTheServerWhereBrowserIs(t *testing.T) {
	requireNeo4j(t)
	if server.httpURL == "" {
		t.Fatal("the test server has no HTTP address (NEO4J_HTTP_URL) to compare with")
	}
	out, errOut, code := bcgraph(t, []string{"NEO4J_BROWSER_URL=", "NEO4J_HTTP_URL="}, "path", "BNTU", "Gansu", "--browse")
	if code != 0 {
		t.Fatalf("path --browse exited %d: %s", code, errOut)
	}
	link := strings.TrimSpace(out)
	advertised, err := queries.BrowserURL(context.Background(), driver(t), "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(link, advertised+"?") {
		t.Errorf("--browse gives %q; the server advertises Browser at %s", link, advertised)
	}
	// Where the server advertises the address the tests reach it at (not so
	// in a container, whose ports are mapped), that is the real Browser.
	if advertised == server.httpURL+"/browser/" && !strings.HasPrefix(link, server.httpURL+"/browser/?") {
		t.Errorf("--browse gives %q, not the server's Browser at %s/browser/", link, server.httpURL)
	}
	if strings.Contains(link, ":7474/") && !strings.Contains(server.httpURL, ":7474") {
		t.Errorf("--browse guessed port 7474: %q", link)
	}
	if strings.Contains(link, server.password) {
		t.Errorf("the link contains the password")
	}
}
