package queries

import (
	_ "embed"
	"io"
	"net/http"
)

// Style is the Neo4j Browser style (GraSS) for bcgraph's labels and
// relationship types: paste it after :style in Browser.
//
//go:embed browser/bcgraph.grass
var Style string

// Guide is a Neo4j Browser guide (the HTML slide format Browser's :play
// command shows) walking a newcomer through the canned analyses.
//
//go:embed browser/guide.html
var Guide string

// GuideHandler serves the guide to Browser's :play, which fetches it from
// another origin and so first asks the CORS preflight question.
func GuideHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Access-Control-Allow-Methods", "GET, OPTIONS")
		h.Set("Access-Control-Allow-Headers", "*")
		if r.Method == http.MethodOptions {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		h.Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, Guide)
	})
}
