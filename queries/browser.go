package queries

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Style is the Neo4j Browser style (GraSS) for bcgraph's labels and
// relationship types: paste it after :style in Browser.
//
//go:embed browser/bcgraph.grass
var Style string

//go:embed browser/guide.html
var guideSource string

// Guide is a Neo4j Browser guide (the HTML slide format Browser's :play
// command shows) walking a newcomer through the canned analyses. Its first
// slide applies Style in one click: a link Browser runs as ":style GRASS"
// (its exec-topic directive), so nothing is fetched and nothing pasted.
var Guide = strings.Replace(guideSource, "{{style}}", html.EscapeString(strings.Join(strings.Fields(Style), " ")), 1)

// GuideHandler serves the guide to Browser's :play, and the style at
// /bcgraph.grass to Browser's ":style URL". Browser fetches both from
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
		if r.URL.Path == "/bcgraph.grass" {
			h.Set("Content-Type", "text/plain; charset=utf-8")
			io.WriteString(w, Style)
			return
		}
		h.Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, Guide)
	})
}

// settingsTimeout bounds SHOW SETTINGS on the server: it answers at once,
// and like every statement bcgraph sends it must never outlive its client.
const settingsTimeout = 10 * time.Second

// BrowserURL asks a server where its Browser is: the HTTP connector's
// advertised address (HTTPS when only that is on), as http://host:port/browser/.
// A host the server leaves unset or unspecified ("0.0.0.0") is fallbackHost,
// the host the caller reached it at; so is a loopback host when fallbackHost
// is not one (a remote server advertising "localhost"). SHOW SETTINGS needs
// the privilege to see settings, which an admin has.
func BrowserURL(ctx context.Context, d neo4j.DriverWithContext, fallbackHost string) (string, error) {
	res, err := neo4j.ExecuteQuery(ctx, d, `SHOW SETTINGS YIELD name, value
WHERE name IN ['server.http.enabled', 'server.http.advertised_address', 'server.https.enabled', 'server.https.advertised_address']
RETURN name, value`, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase("system"), neo4j.ExecuteQueryWithReadersRouting(),
		neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(settingsTimeout)))
	if err != nil {
		return "", &Error{Query: "settings", Err: err}
	}
	settings := map[string]string{}
	for _, r := range res.Records {
		name, _, err := neo4j.GetRecordValue[string](r, "name")
		if err != nil {
			return "", &Error{Query: "settings", Err: err}
		}
		value, _, err := neo4j.GetRecordValue[string](r, "value")
		if err != nil {
			return "", &Error{Query: "settings", Err: err}
		}
		settings[name] = value
	}
	scheme, addr := "http", settings["server.http.advertised_address"]
	if settings["server.http.enabled"] != "true" {
		if settings["server.https.enabled"] != "true" {
			return "", &Error{Query: "settings", Err: errors.New("the server serves no HTTP: Browser is not there")}
		}
		scheme, addr = "https", settings["server.https.advertised_address"]
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" {
		return "", &Error{Query: "settings", Err: fmt.Errorf("advertised address %q: %w", addr, err)}
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() || isLoopback(host) && !isLoopback(fallbackHost) {
		host = fallbackHost
	}
	return scheme + "://" + net.JoinHostPort(host, port) + "/browser/", nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
