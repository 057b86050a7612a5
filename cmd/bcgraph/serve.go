package main

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/bcgraph/bcgraph/draw"
	"github.com/bcgraph/bcgraph/graph"
	"github.com/bcgraph/bcgraph/queries"
)

type serveOptions struct {
	IO     iostreams
	source source
	Listen string
	// Link makes "open in Neo4j Browser" links; nil when no Neo4j is
	// configured (NEO4J_URI unset).
	Link *browserLinker
}

func newServeCommand(f *factory, runF func(context.Context, *serveOptions) error) *cli.Command {
	opts := &serveOptions{IO: f.IO}
	return &cli.Command{
		Name:  "serve",
		Usage: "a local web application over the same analyses: search, entities, paths, partners, centrality, timeline, sources",
		Description: "Serves pages with stable, shareable URLs, each answer drawn as SVG (click a node for its entity\n" +
			"page), rendered on the server with nothing fetched from the network: it works offline. Listens on\n" +
			"loopback unless told otherwise (and warns then). With NEO4J_URI set, every page links to Neo4j\n" +
			"Browser; --backend neo4j answers from the database 'bcgraph load' filled.\n\n" +
			"  /search?q=TEXT            names in any script (with \"did you mean\") and the facts mentioning TEXT\n" +
			"  /entity/ID                names, location, every tie with date, status, quote and footnote\n" +
			"  /path?from=A&to=B         the path command's flags as parameters: k, max-hops, exclude, since,\n" +
			"                            until, book-only, include-countries\n" +
			"  /partners/ID              ?since, until, rollup\n" +
			"  /centrality               ?since, until, by\n" +
			"  /timeline                 ?name, since, until\n" +
			"  /source/N                 footnote N and every fact citing it\n" +
			"  format=svg or format=html on /path, /entity and /partners gives the drawing as a file.\n\n" +
			"Examples:\n   bcgraph serve\n   bcgraph serve --listen 127.0.0.1:9000\n   bcgraph serve --backend neo4j",
		Flags: flags([]cli.Flag{seedsFlag(),
			&cli.StringFlag{Name: "listen", Value: "127.0.0.1:8080", Usage: "listen on `ADDR` (host:port; port 0 picks a free one)"},
		}, backendFlags(), browseFlags()[2:]),
		Action: func(c *cli.Context) error {
			if err := nargs(c, 0, 0, "no arguments"); err != nil {
				return err
			}
			opts.source, opts.Listen, opts.Link = f.source(c), c.String("listen"), nil
			if c.String("uri") != "" {
				l := browserLink(c)
				opts.Link = &l
			}
			return runOr(c, runF, runServe, opts)
		},
	}
}

func runServe(ctx context.Context, opts *serveOptions) error {
	app, err := newWebApp(ctx, opts.source, opts.Link)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", opts.Listen)
	if err != nil {
		return usagef("serve: %v", err)
	}
	if host, _, err := net.SplitHostPort(ln.Addr().String()); err == nil {
		if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
			fmt.Fprintf(opts.IO.Err, "bcgraph: warning: serving on %s: anyone who can reach this machine can read the pages (use --listen 127.0.0.1:PORT to keep them local)\n", ln.Addr())
		}
	}
	srv := &http.Server{Handler: app, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(opts.IO.Out, "bcgraph: serving on http://%s/ (Ctrl-C stops)\n", ln.Addr())
	done := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			srv.Shutdown(sctx)
		case <-done:
		}
	}()
	err = srv.Serve(ln)
	close(done)
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return ctx.Err()
}

// webApp serves the pages. Each page builds the options of a command and
// calls its run function, exactly as the command line does; the answer is
// delivered to the page instead of printed.
type webApp struct {
	src     source
	g       *graph.Graph
	link    *browserLinker
	browser string // Neo4j Browser's address, asked once; "" without Neo4j
	mux     *http.ServeMux
}

//go:embed web/pages.html
var webFS embed.FS

var pages = template.Must(template.New("pages").Funcs(template.FuncMap{
	"entityURL": entityURL,
	"sourceURL": func(n int) string { return "/source/" + strconv.Itoa(n) },
	"verb":      draw.Verb,
	"humanize":  draw.Humanize,
	"color":     func(label string) template.CSS { return template.CSS(draw.Colors[label][0]) },
	"first":     func(ls []string) string { return firstOr(ls, "") },
	"join":      strings.Join,
	// has reports whether a props map holds key, whatever its value (the
	// exports' in_book is false when present).
	"has":      func(m map[string]any, key string) bool { _, ok := m[key]; return ok },
	"inc":      func(i int) int { return i + 1 },
	"pct":      func(v float64) string { return fmt.Sprintf("%.4f", v) },
	"fixed3":   func(v float64) string { return fmt.Sprintf("%.3f", v) },
	"measures": graph.Measures,
	"css":      func() template.CSS { return template.CSS(draw.CSS) },
}).ParseFS(webFS, "web/pages.html"))

func entityURL(id string) string { return "/entity/" + url.PathEscape(id) }

func firstOr(ls []string, def string) string {
	if len(ls) == 0 {
		return def
	}
	return ls[0]
}

// newWebApp reads the dataset and opens the engine once, for the server's
// life (one Neo4j connection, not one per page).
func newWebApp(ctx context.Context, src source, link *browserLinker) (*webApp, error) {
	g, err := src.Dataset()
	if err != nil {
		return nil, err
	}
	eng, err := src.Engine(ctx)
	if err != nil {
		return nil, err
	}
	a := &webApp{g: g, link: link, mux: http.NewServeMux()}
	a.src = source{Dataset: src.Dataset, Engine: func(context.Context) (graph.Analyses, error) { return eng, nil }}
	if link != nil {
		if a.browser, err = link.browserBase(ctx); err != nil {
			return nil, err
		}
	}
	a.mux.HandleFunc("GET /{$}", a.search)
	a.mux.HandleFunc("GET /search", a.search)
	a.mux.HandleFunc("GET /entity/{id}", a.entity)
	a.mux.HandleFunc("GET /path", a.path)
	a.mux.HandleFunc("GET /partners/{id}", a.partners)
	a.mux.HandleFunc("GET /centrality", a.centrality)
	a.mux.HandleFunc("GET /timeline", a.timeline)
	a.mux.HandleFunc("GET /source/{n}", a.sourcePage)
	a.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		a.fail(w, r, http.StatusNotFound, "No such page", fmt.Sprintf("bcgraph has no page at %s.", r.URL.Path), nil)
	})
	return a, nil
}

func (a *webApp) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		// A bug is a plain error page, never a stack trace.
		if p := recover(); p != nil {
			a.fail(w, r, http.StatusInternalServerError, "Something went wrong", fmt.Sprint(p), nil)
		}
	}()
	a.mux.ServeHTTP(w, r)
}

// answers runs a command's run function with an output that collects its
// answers, and returns them with the run's error.
func (a *webApp) answering(collect *[]answer) answering {
	return answering{IO: iostreams{Out: io.Discard, Err: io.Discard}, source: a.src, Output: output{
		deliver: func(x answer) error { *collect = append(*collect, x); return nil },
		href:    entityURL,
	}}
}

// page is what every page template gets.
type page struct {
	Title    string
	Browser  string // "open in Neo4j Browser" link, or ""
	Message  string // no result: the reason
	SVG      template.HTML
	Download string // the query string for ?format=svg|html, or ""
	Query    url.Values
	Data     any
	Sources  []sourceJSON
}

func (a *webApp) render(w http.ResponseWriter, status int, name string, p page) {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, p); err != nil {
		http.Error(w, "bcgraph: page "+name+": "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// failure is an error page's body: a message and, for a name that did not
// resolve, what the user may have meant.
type failure struct {
	Heading    string
	Text       string
	Candidates []graph.Match
	Fix        func(id string) string // the URL that tries a candidate
}

func (a *webApp) fail(w http.ResponseWriter, _ *http.Request, status int, heading, text string, nerr *graph.NameError) {
	f := failure{Heading: heading, Text: text}
	if nerr != nil {
		f.Candidates = nerr.Candidates
	}
	a.render(w, status, "error", page{Title: heading, Browser: a.browserLink(""), Data: f})
}

// problem turns a run's error into its page: 404 for an unknown name (with
// the candidates) or footnote, 400 for a bad parameter, and one line for a
// failed engine. It returns false when err is nil.
func (a *webApp) problem(w http.ResponseWriter, r *http.Request, err error, fix func(c graph.Match) string) bool {
	var (
		nerr  *graph.NameError
		uerr  *usageError
		neo   *neo4jError
		query *queries.Error
	)
	switch {
	case err == nil:
		return false
	case errors.Is(err, context.Canceled):
		return true // the client has gone
	case errors.As(err, &nerr):
		status, heading := http.StatusNotFound, "Unknown name"
		if errors.Is(nerr.Kind, graph.ErrAmbiguous) {
			status, heading = http.StatusBadRequest, "Ambiguous name"
		}
		text := fmt.Sprintf("No entity is named “%s”.", nerr.Query)
		if status == http.StatusBadRequest {
			text = fmt.Sprintf("“%s” names more than one entity: choose one.", nerr.Query)
		}
		f := failure{Heading: heading, Text: text, Candidates: nerr.Candidates}
		if fix != nil {
			f.Fix = func(id string) string { return fix(graph.Match{Entity: a.g.Entity(id)}) }
		}
		a.render(w, status, "error", page{Title: heading, Browser: a.browserLink(""), Data: f})
	case errors.Is(err, graph.ErrUnknownSource), errors.Is(err, graph.ErrUnknownEntity):
		a.fail(w, r, http.StatusNotFound, "Not found", err.Error(), nil)
	case errors.As(err, &uerr), errors.Is(err, graph.ErrUnsupported):
		a.fail(w, r, http.StatusBadRequest, "Bad request", strings.ReplaceAll(err.Error(), "--", ""), nil)
	case errors.As(err, &neo), errors.As(err, &query):
		a.fail(w, r, http.StatusBadGateway, "Neo4j failed", err.Error(), nil)
	default:
		a.fail(w, r, http.StatusInternalServerError, "Something went wrong", err.Error(), nil)
	}
	return true
}

// browserLink opens Neo4j Browser on the configured database, with the
// answer's Cypher when there is one.
func (a *webApp) browserLink(cypher string) string {
	if a.link == nil || a.browser == "" {
		return ""
	}
	u, err := a.link.urlAt(a.browser, cypher)
	if err != nil {
		return ""
	}
	return u
}

// params reads a page's parameters, recording the first bad one.
type params struct {
	q   url.Values
	err error
}

func (p *params) int(name string) int {
	s := strings.TrimSpace(p.q.Get(name))
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil && p.err == nil {
		p.err = usagef("%s=%q is not a number", name, s)
	}
	return n
}

func (p *params) bool(name string) bool {
	switch strings.ToLower(p.q.Get(name)) {
	case "", "0", "false", "no", "off":
		return false
	}
	return true
}

func (p *params) window() graph.Window {
	w := graph.Window{Since: p.int("since"), Until: p.int("until")}
	if p.err == nil {
		if err := checkWindow(w); err != nil {
			p.err = usagef("%s", strings.ReplaceAll(err.Error(), "--", ""))
		}
	}
	return w
}

// download serves the standalone drawing (format=svg or html) of a
// drawable answer, as the command line's --format writes it.
func (a *webApp) download(w http.ResponseWriter, r *http.Request, run func(answering) error) bool {
	format := r.URL.Query().Get("format")
	if format == "" {
		return false
	}
	if format != formatSVG && format != formatHTML {
		a.fail(w, r, http.StatusBadRequest, "Bad request", fmt.Sprintf("format=%q: want svg or html", format), nil)
		return true
	}
	var buf bytes.Buffer
	ans := answering{IO: iostreams{Out: io.Discard, Err: io.Discard}, source: a.src, Output: output{w: &buf, format: format}}
	var none *noResult
	if err := run(ans); err != nil && !errors.As(err, &none) {
		a.problem(w, r, err, nil)
		return true
	}
	ct := "image/svg+xml"
	if format == formatHTML {
		ct = "text/html; charset=utf-8"
	}
	w.Header().Set("Content-Type", ct)
	w.Write(buf.Bytes())
	return true
}

// result runs a page's run function and sorts out its answers: the
// answers delivered, and the message of an empty one.
func (a *webApp) result(w http.ResponseWriter, r *http.Request, run func(answering) error, fix func(graph.Match) string) ([]answer, string, bool) {
	var got []answer
	err := run(a.answering(&got))
	var none *noResult
	if errors.As(err, &none) {
		return got, none.msg, true
	}
	if a.problem(w, r, err, fix) {
		return nil, "", false
	}
	return got, "", true
}

func (a *webApp) svg(d drawable) template.HTML {
	p := d.picture()
	var b strings.Builder
	draw.SVG(&b, p.graph, draw.Options{Title: p.title, Href: entityURL})
	return template.HTML(b.String()) // draw escapes every text it writes
}

func (a *webApp) path(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := &params{q: q}
	opts := &pathOptions{From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to")),
		Exclude: nonEmpty(q["exclude"]), IncludeCountries: p.bool("include-countries")}
	opts.Query = graph.PathOptions{Window: p.window(), MaxHops: p.int("max-hops"), K: p.int("k"), BookOnly: p.bool("book-only")}
	if p.err == nil && (opts.Query.MaxHops < 0 || opts.Query.K < 0) {
		p.err = usagef("max-hops and k must not be negative")
	}
	if opts.From == "" || opts.To == "" {
		a.render(w, http.StatusOK, "path", page{Title: "Path", Query: q, Browser: a.browserLink("")})
		return
	}
	if a.problem(w, r, p.err, nil) {
		return
	}
	run := func(ans answering) error { o := *opts; o.answering = ans; return runPath(r.Context(), &o) }
	if a.download(w, r, run) {
		return
	}
	// A name that did not resolve: each candidate tries the same path with
	// that end replaced.
	fix := func(m graph.Match) string {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		end := "to"
		if _, err := a.g.Resolve(opts.From); err != nil {
			end = "from"
		}
		v.Set(end, m.Entity.ID)
		return "/path?" + v.Encode()
	}
	got, msg, ok := a.result(w, r, run, fix)
	if !ok {
		return
	}
	pg := page{Title: "Path", Query: q, Message: msg, Browser: a.browserLink("")}
	if len(got) > 0 {
		ans := got[0].(pathAnswer)
		pj := ans.json().(pathsJSON)
		pg.Title, pg.SVG, pg.Data, pg.Sources = ans.picture().title, a.svg(ans), pj, pj.Sources
		pg.Browser, pg.Download = a.browserLink(ans.cypher()), r.URL.RawQuery
	}
	a.render(w, http.StatusOK, "path", pg)
}

func nonEmpty(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// entityPage is the entity template's data: the show answer's JSON and
// what the page adds (the entity's short name).
type entityPage struct {
	showJSON
	Short string
	RU    string
	ZH    string
}

func (a *webApp) entity(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("id")
	run := func(ans answering) error {
		return runShow(r.Context(), &showOptions{answering: ans, Name: name})
	}
	if a.download(w, r, run) {
		return
	}
	got, _, ok := a.result(w, r, run, func(m graph.Match) string { return entityURL(m.Entity.ID) })
	if !ok {
		return
	}
	ans := got[0].(showAnswer)
	sj := ans.json().(showJSON)
	data := entityPage{showJSON: sj, Short: a.g.ShortName(ans.e.ID), RU: ans.e.RU, ZH: ans.e.ZH}
	a.render(w, http.StatusOK, "entity", page{Title: ans.e.Name, SVG: a.svg(ans), Data: data, Sources: sj.Sources,
		Browser: a.browserLink(ans.cypher()), Download: ""})
}

func (a *webApp) partners(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := &params{q: q}
	opts := &partnersOptions{Name: r.PathValue("id"), Query: graph.PartnerOptions{Window: p.window(), Rollup: p.bool("rollup")}}
	if a.problem(w, r, p.err, nil) {
		return
	}
	run := func(ans answering) error { o := *opts; o.answering = ans; return runPartners(r.Context(), &o) }
	if a.download(w, r, run) {
		return
	}
	got, msg, ok := a.result(w, r, run, func(m graph.Match) string { return "/partners/" + url.PathEscape(m.Entity.ID) })
	if !ok {
		return
	}
	ans := got[0].(partnersAnswer)
	pj := ans.json().(partnersJSON)
	a.render(w, http.StatusOK, "partners", page{Title: ans.picture().title, SVG: a.svg(ans), Data: pj, Sources: pj.Sources,
		Message: msg, Query: q, Browser: a.browserLink(ans.cypher()), Download: r.URL.RawQuery})
}

// rankingPage is the centrality template's data.
type rankingPage struct {
	centralityJSON
	By    string
	Chart template.HTML
}

func (a *webApp) centrality(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := &params{q: q}
	by := q.Get("by")
	if by == "" {
		by = "partners"
	}
	if !contains(graph.Measures(), by) && p.err == nil {
		p.err = usagef("by=%q: want one of %s", by, strings.Join(graph.Measures(), ", "))
	}
	opts := &centralityOptions{Level: "province", By: by, Window: p.window()}
	if a.problem(w, r, p.err, nil) {
		return
	}
	got, msg, ok := a.result(w, r, func(ans answering) error { o := *opts; o.answering = ans; return runCentrality(r.Context(), &o) }, nil)
	if !ok {
		return
	}
	ans := got[0].(rankingAnswer)
	cj := ans.json().(centralityJSON)
	var bars []draw.Bar
	for _, row := range cj.Rows {
		if row.Links == 0 {
			continue // no links, no rank (as the table says)
		}
		v, text := float64(row.Partners), strconv.Itoa(row.Partners)
		switch by {
		case "ties":
			v, text = float64(row.Links), strconv.Itoa(row.Links)
		case "betweenness":
			v, text = row.Betweenness, fmt.Sprintf("%.3f", row.Betweenness)
		case "pagerank":
			v, text = row.PageRank, fmt.Sprintf("%.4f", row.PageRank)
		}
		bars = append(bars, draw.Bar{Label: row.Name, Value: v, Text: text, Href: entityURL(row.ID),
			Title: fmt.Sprintf("%s: %d Belarusian regions, %d links, betweenness %.3f, PageRank %.4f", row.Name, row.Partners, row.Links, row.Betweenness, row.PageRank)})
	}
	var chart strings.Builder
	draw.Bars(&chart, bars, "Chinese provinces by "+measureName(by)+windowText(opts.Window))
	a.render(w, http.StatusOK, "centrality", page{Title: "Province centrality", Data: rankingPage{cj, by, template.HTML(chart.String())},
		Message: msg, Query: q, Browser: a.browserLink("")})
}

func measureName(by string) string {
	switch by {
	case "partners":
		return "Belarusian regions they cooperate with"
	case "ties":
		return "cooperation links"
	}
	return by
}

func windowText(w graph.Window) string {
	switch {
	case w.Since != 0 && w.Until != 0:
		return fmt.Sprintf(", %d–%d", w.Since, w.Until)
	case w.Since != 0:
		return fmt.Sprintf(", since %d", w.Since)
	case w.Until != 0:
		return fmt.Sprintf(", until %d", w.Until)
	}
	return ""
}

// timelinePage is the timeline template's data.
type timelinePage struct {
	timelineJSON
	Chart template.HTML
}

func (a *webApp) timeline(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := &params{q: q}
	opts := &timelineOptions{Name: strings.TrimSpace(q.Get("name")), Window: p.window()}
	if a.problem(w, r, p.err, nil) {
		return
	}
	got, msg, ok := a.result(w, r, func(ans answering) error { o := *opts; o.answering = ans; return runTimeline(r.Context(), &o) },
		func(m graph.Match) string { return "/timeline?name=" + url.QueryEscape(m.Entity.ID) })
	if !ok {
		return
	}
	ans := got[0].(timelineAnswer)
	tj := ans.json().(timelineJSON)
	kinds := graph.TimelineLabels()
	var years []draw.Year
	for _, y := range tj.Years {
		counts := make([]int, len(kinds))
		for _, it := range y.Items {
			for k, l := range kinds {
				if firstOr(it.Labels, "") == l {
					counts[k]++
				}
			}
		}
		years = append(years, draw.Year{Year: y.Year, Counts: counts, Href: "#y" + strconv.Itoa(y.Year)})
	}
	title := "Agreements and events by year"
	if ans.entity != nil {
		title += ": " + a.g.ShortName(ans.entity.ID)
	}
	var chart strings.Builder
	draw.Years(&chart, years, kinds, title+windowText(opts.Window))
	a.render(w, http.StatusOK, "timeline", page{Title: "Timeline", Data: timelinePage{tj, template.HTML(chart.String())},
		Sources: tj.Sources, Message: msg, Query: q, Browser: a.browserLink("")})
}

func (a *webApp) sourcePage(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(strings.TrimPrefix(r.PathValue("n"), "fn"))
	if err != nil || n < 1 {
		a.fail(w, r, http.StatusBadRequest, "Bad request", fmt.Sprintf("footnote %q: want a number, e.g. /source/37", r.PathValue("n")), nil)
		return
	}
	got, _, ok := a.result(w, r, func(ans answering) error {
		return runSource(r.Context(), &sourceOptions{answering: ans, N: n})
	}, nil)
	if !ok {
		return
	}
	ans := got[0].(sourceAnswer)
	a.render(w, http.StatusOK, "source", page{Title: fmt.Sprintf("Footnote %d", n), Data: ans.json().(sourceFactsJSON), Browser: a.browserLink("")})
}

// searchPage is the search template's data: entities by name, and facts
// by their words.
type searchPage struct {
	Q       string
	Names   []matchJSON
	Hits    []hitJSON
	Message string
}

func (a *webApp) search(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	data := searchPage{Q: q}
	if q != "" {
		names, _, ok := a.result(w, r, func(ans answering) error {
			return runFind(r.Context(), &findOptions{answering: ans, Query: q, Limit: 10})
		}, nil)
		if !ok {
			return
		}
		if len(names) > 0 {
			data.Names = names[0].json().(findJSON).Matches
		}
		if len(graph.SearchTerms(q)) > 0 {
			hits, msg, ok := a.result(w, r, func(ans answering) error {
				return runSearch(r.Context(), &searchOptions{answering: ans, Query: q, Limit: 30})
			}, nil)
			if !ok {
				return
			}
			if len(hits) > 0 {
				data.Hits = hits[0].json().(searchJSON).Hits
			}
			data.Message = msg
		}
	}
	a.render(w, http.StatusOK, "search", page{Title: "bcgraph", Data: data, Browser: a.browserLink("")})
}
