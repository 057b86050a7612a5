package queries

import (
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// TestGuideAppliesTheStyleInOneClick: the guide's first slide carries the
// whole style in a link Browser runs as ":style GRASS", and the guide server
// serves the style for ":style URL" too, to other origins.
func TestGuideAppliesTheStyleInOneClick(t *testing.T) {
	m := regexp.MustCompile(`<a class="bcgraph-style" exec-topic="([^"]*)">`).FindStringSubmatch(Guide)
	if m == nil {
		t.Fatal("the guide has no one-click style link")
	}
	if got, want := html.UnescapeString(m[1]), "style "+strings.Join(strings.Fields(Style), " "); got != want {
		t.Errorf("the link runs %.80q…, not the style", got)
	}
	if slides := strings.Split(Guide, "<slide"); len(slides) < 2 || !strings.Contains(slides[1], "bcgraph-style") {
		t.Errorf("the style link is not on the first slide")
	}
	srv := httptest.NewServer(GuideHandler())
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/bcgraph.grass")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != Style || resp.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("/bcgraph.grass serves %d bytes (CORS %q), not the style", len(body), resp.Header.Get("Access-Control-Allow-Origin"))
	}
}
