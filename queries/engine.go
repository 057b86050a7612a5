package queries

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/bcgraph/bcgraph/graph"
)

// Engine answers graph.Analyses with the canned Cypher on the Neo4j database
// that 'bcgraph load' filled. Its answers are the embedded engine's, value for
// value; the integration tests hold it to that for every method.
type Engine struct {
	Driver   neo4j.DriverWithContext
	Database string // "" for the server's default
	// Timeout bounds each query's transaction on the server; zero means
	// the package's Timeout.
	Timeout time.Duration
	// Recompute makes ProvinceCentrality with no window compute betweenness
	// and PageRank in Cypher instead of reading the values the load wrote
	// (minutes instead of seconds at 100 times the book): the twins tests
	// hold both to the embedded engine.
	Recompute bool
}

var _ graph.Analyses = (*Engine)(nil)

// MaxHops is the longest path the Cypher twin searches: variable-length
// bounds cannot be parameters in Cypher.
const MaxHops = 15

// run executes a canned query, its defaults filled for parameters not given.
func (e *Engine) run(ctx context.Context, name string, params map[string]any) (*decoder, []*neo4j.Record, error) {
	q, err := Get(name)
	if err != nil {
		return nil, nil, err
	}
	defaults, err := q.bind(nil, true)
	if err != nil {
		return nil, nil, err
	}
	for k, v := range defaults {
		if _, ok := params[k]; !ok {
			params[k] = v
		}
	}
	res, err := e.query(ctx, q.Name, q.Cypher, params)
	if err != nil {
		return nil, nil, err
	}
	return &decoder{query: name}, res.Records, nil
}

// requireEntities tells an unknown id (graph.ErrUnknownEntity) from an empty
// answer, as the embedded engine does.
func (e *Engine) requireEntities(ctx context.Context, ids ...string) error {
	res, err := e.query(ctx, "entities", "MATCH (n:Bcgraph) WHERE n.id IN $ids RETURN collect(n.id) AS found", map[string]any{"ids": ids})
	if err != nil {
		return err
	}
	d := &decoder{query: "entities"}
	found := map[string]bool{}
	for _, r := range res.Records {
		for _, id := range strs(d, r, "found") {
			found[id] = true
		}
	}
	if d.err != nil {
		return d.err
	}
	for _, id := range ids {
		if !found[id] {
			return fmt.Errorf("%w %q", graph.ErrUnknownEntity, id)
		}
	}
	return nil
}

func windowParams(w graph.Window) map[string]any {
	p := map[string]any{"since": nil, "until": nil}
	if w.Since != 0 {
		p["since"] = int64(w.Since)
	}
	if w.Until != 0 {
		p["until"] = int64(w.Until)
	}
	return p
}

// Paths is the twin of graph.Graph.Paths: all shortest paths, parallel ties
// resolved with graph.PreferTie, in graph.SortPaths order.
func (e *Engine) Paths(ctx context.Context, from, to string, opt graph.PathOptions) ([]graph.Path, error) {
	if opt.K > 0 {
		return nil, fmt.Errorf("k shortest paths: %w (drop --backend neo4j)", graph.ErrUnsupported)
	}
	if opt.MaxHops == 0 || opt.MaxHops > MaxHops {
		opt.MaxHops = MaxHops
	}
	ids, labels := []any{}, []any{}
	for _, x := range opt.Exclude {
		if graph.IsLabel(x) {
			labels = append(labels, x)
		} else {
			ids = append(ids, x)
		}
	}
	params := windowParams(opt.Window)
	params["from"], params["to"], params["exclude"], params["excludeLabels"] = from, to, ids, labels
	params["maxHops"], params["bookOnly"] = int64(opt.MaxHops), opt.BookOnly
	d, recs, err := e.run(ctx, "path", params)
	if err != nil {
		return nil, err
	}
	// Neo4j returns one path per combination of parallel ties; the embedded
	// engine shows one tie per hop. Group by node sequence, keep the preferred tie.
	byKey := map[string]*graph.Path{}
	var order []string
	for _, r := range recs {
		nodes := entities(d, r, "nodes")
		rels := ties(d, r, "rels")
		var ids []string
		for _, n := range nodes {
			ids = append(ids, n.ID)
		}
		key := strings.Join(ids, "\x00")
		p, ok := byKey[key]
		if !ok {
			p = &graph.Path{Nodes: nodes, Ties: make([]*graph.Tie, len(rels))}
			byKey[key] = p
			order = append(order, key)
		}
		for i, t := range rels {
			if i < len(p.Ties) && (p.Ties[i] == nil || graph.PreferTie(t, p.Ties[i])) {
				p.Ties[i] = t
			}
		}
	}
	if d.err != nil {
		return nil, d.err
	}
	if len(order) == 0 {
		if err := e.requireEntities(ctx, from, to); err != nil {
			return nil, err
		}
		return nil, graph.ErrNoPath
	}
	out := make([]graph.Path, 0, len(order))
	for _, k := range order {
		out = append(out, *byKey[k])
	}
	graph.SortPaths(out)
	return out, nil
}

// Partners is the twin of graph.Graph.Partners.
func (e *Engine) Partners(ctx context.Context, id string, opt graph.PartnerOptions) ([]graph.Partner, error) {
	if err := e.requireEntities(ctx, id); err != nil {
		return nil, err
	}
	params := windowParams(opt.Window)
	params["id"], params["rollup"] = id, opt.Rollup
	d, recs, err := e.run(ctx, "partners", params)
	if err != nil {
		return nil, err
	}
	out := []graph.Partner{}
	for _, r := range recs {
		p := graph.Partner{Entity: entity(d, r), Country: value[string](d, r, "country"), Since: date(d, r, "since")}
		p.Entity.Country = optional[string](d, r, "entityCountry")
		p.Entity.Aliases = strs(d, r, "aliases")
		if len(p.Entity.Aliases) == 0 {
			p.Entity.Aliases = nil
		}
		for _, l := range maps(d, r, "links") {
			link := graph.Link{Date: date(d, l, "date"), Ties: ties(d, l, "ties")}
			if via := optional[map[string]any](d, l, "via"); via != nil {
				link.Via, link.Occasion = occasion(d, asRecord(via)), true
			}
			p.Links = append(p.Links, link)
		}
		out = append(out, p)
	}
	if d.err != nil {
		return nil, d.err
	}
	graph.SortPartners(out)
	return out, nil
}

func centralityRow(d *decoder, r *neo4j.Record, ties string) graph.CentralityRow {
	row := graph.CentralityRow{Entity: entity(d, r), Partners: int(value[int64](d, r, "partners")),
		Ties: int(value[int64](d, r, ties)), Betweenness: value[float64](d, r, "betweenness"),
		PageRank: value[float64](d, r, "pagerank"), PartnerIDs: strs(d, r, "partnerIds")}
	sort.Strings(row.PartnerIDs)
	if len(row.PartnerIDs) == 0 {
		row.PartnerIDs = nil
	}
	return row
}

// ProvinceCentrality is the twin of graph.Graph.ProvinceCentrality.
func (e *Engine) ProvinceCentrality(ctx context.Context, w graph.Window) ([]graph.CentralityRow, error) {
	params := windowParams(w)
	params["recompute"] = e.Recompute
	d, recs, err := e.run(ctx, "centrality", params)
	if err != nil {
		return nil, err
	}
	out := make([]graph.CentralityRow, 0, len(recs))
	for _, r := range recs {
		out = append(out, centralityRow(d, r, "ties"))
	}
	return out, d.err
}

// Hubs is the twin of graph.Graph.Hubs.
func (e *Engine) Hubs(ctx context.Context, opt graph.HubOptions) ([]graph.CentralityRow, error) {
	params := windowParams(opt.Window)
	limit := opt.Limit
	if limit <= 0 {
		limit = 1 << 30
	}
	params["limit"] = int64(limit)
	d, recs, err := e.run(ctx, "hubs", params)
	if err != nil {
		return nil, err
	}
	out := make([]graph.CentralityRow, 0, len(recs))
	for _, r := range recs {
		out = append(out, centralityRow(d, r, "links"))
	}
	graph.SortRows(out, "partners")
	return out, d.err
}

// Timeline is the twin of graph.Graph.Timeline (id "" for everything).
func (e *Engine) Timeline(ctx context.Context, id string, w graph.Window) ([]graph.TimelineItem, error) {
	params := windowParams(w)
	params["id"] = nil
	if id != "" {
		if err := e.requireEntities(ctx, id); err != nil {
			return nil, err
		}
		params["id"] = id
	}
	d, recs, err := e.run(ctx, "timeline", params)
	if err != nil {
		return nil, err
	}
	var out []graph.TimelineItem
	for _, r := range recs {
		m := value[map[string]any](d, r, "occasion")
		occ := occasion(d, asRecord(m))
		out = append(out, graph.TimelineItem{Entity: occ, Date: date(d, r, "date"),
			Parties: entities(d, r, "parties"), Places: entities(d, r, "places")})
	}
	if d.err != nil {
		return nil, d.err
	}
	graph.SortTimeline(out)
	return out, nil
}

// Stats is the twin of graph.Graph.Stats for what is in the database.
// Footnote sources are not loaded into Neo4j, so Sources stays 0.
func (e *Engine) Stats(ctx context.Context) (graph.Stats, error) {
	d, recs, err := e.run(ctx, "stats", map[string]any{})
	if err != nil {
		return graph.Stats{}, err
	}
	s := graph.Stats{ByLabel: map[string]int{}, ByType: map[string]int{}, ByChapter: map[int]int{}}
	for _, r := range recs {
		key, n := optional[string](d, r, "key"), int(value[int64](d, r, "count"))
		switch kind := value[string](d, r, "kind"); kind {
		case "label":
			s.ByLabel[key] = n
			s.Entities += n
		case "type":
			s.ByType[key] = n
			s.Ties += n
		case "source":
			if key == "book" {
				s.BookTies = n
			} else {
				s.RefTies = n
			}
		case "dating":
			if key == "dated" {
				s.Dated = n
			} else {
				s.Undated = n
			}
		case "marks":
			switch key {
			case "inferred":
				s.Inferred = n
			case "restated":
				s.Restated = n
			case "ranged":
				s.Ranged = n
			case "approx":
				s.Approx = n
			default:
				d.fail("key", fmt.Errorf("unknown mark %q", key))
			}
		case "chapter":
			ch, err := strconv.Atoi(key)
			if err != nil {
				d.fail("key", fmt.Errorf("chapter %q: %w", key, err))
			}
			s.ByChapter[ch] = n
		default:
			d.fail("kind", fmt.Errorf("unknown kind %q", kind))
		}
	}
	return s, d.err
}

// Facts is the twin of graph.Graph.Facts.
func (e *Engine) Facts(ctx context.Context, f graph.TieFilter) ([]*graph.Tie, error) {
	var ends []string
	for _, id := range []string{f.From, f.To} {
		if id != "" {
			ends = append(ends, id)
		}
	}
	if len(ends) > 0 {
		if err := e.requireEntities(ctx, ends...); err != nil {
			return nil, err
		}
	}
	params := windowParams(f.Window)
	types := make([]any, len(f.Types))
	for i, t := range f.Types {
		types[i] = t
	}
	params["types"], params["bookOnly"] = types, f.BookOnly
	for k, v := range map[string]string{"status": f.Status, "from": f.From, "to": f.To, "label": f.Label, "country": f.Country} {
		params[k] = nil
		if v != "" {
			params[k] = v
		}
	}
	d, recs, err := e.run(ctx, "ties", params)
	if err != nil {
		return nil, err
	}
	out := make([]*graph.Tie, 0, len(recs))
	for _, r := range recs {
		if m := value[map[string]any](d, r, "tie"); m != nil {
			out = append(out, tie(d, asRecord(m)))
		}
	}
	if d.err != nil {
		return nil, d.err
	}
	graph.SortTies(out)
	return out, nil
}

// Source is the twin of graph.Graph.Source.
func (e *Engine) Source(ctx context.Context, n int) (graph.SourceFacts, error) {
	d, recs, err := e.run(ctx, "source", map[string]any{"n": int64(n)})
	if err != nil {
		return graph.SourceFacts{}, err
	}
	var out graph.SourceFacts
	for _, r := range recs {
		m := optional[map[string]any](d, r, "source")
		if m == nil {
			return out, fmt.Errorf("footnote %d: %w", n, graph.ErrUnknownSource)
		}
		out.Source = source(d, asRecord(m))
		out.Ties = ties(d, r, "ties")
		for _, id := range strs(d, r, "entities") {
			out.Entities = append(out.Entities, &graph.Entity{ID: id})
		}
	}
	if d.err != nil {
		return out, d.err
	}
	if out.Source == nil {
		return out, fmt.Errorf("footnote %d: %w", n, graph.ErrUnknownSource)
	}
	graph.SortTies(out.Ties)
	sort.Slice(out.Entities, func(i, j int) bool { return out.Entities[i].ID < out.Entities[j].ID })
	return out, nil
}

// SourceList is the twin of graph.Graph.SourceList.
func (e *Engine) SourceList(ctx context.Context) ([]graph.SourceCount, error) {
	d, recs, err := e.run(ctx, "sources", map[string]any{})
	if err != nil {
		return nil, err
	}
	out := make([]graph.SourceCount, 0, len(recs))
	for _, r := range recs {
		out = append(out, graph.SourceCount{Source: source(d, asRecord(value[map[string]any](d, r, "source"))),
			Facts: int(value[int64](d, r, "facts"))})
	}
	return out, d.err
}

// Search is the twin of graph.Graph.Search. The full-text indexes retrieve
// every fact holding a word that starts with a term (a superset: Lucene and
// bcgraph split words alike but not identically, e.g. at apostrophes); Go
// then keeps, scores and orders them as the embedded engine does.
func (e *Engine) Search(ctx context.Context, query string, limit int) ([]graph.Hit, error) {
	terms := graph.SearchTerms(query)
	if len(terms) == 0 {
		return nil, nil
	}
	prefixes := make([]string, len(terms))
	for i, t := range terms {
		prefixes[i] = t + "*" // terms are letters and digits: nothing to escape
	}
	d, recs, err := e.run(ctx, "search", map[string]any{"query": strings.Join(prefixes, " OR ")})
	if err != nil {
		return nil, err
	}
	var hits []graph.Hit
	for _, r := range recs {
		for _, m := range maps(d, r, "nodes") {
			if h, ok := graph.ScoreEntity(fullEntity(d, m), terms); ok {
				hits = append(hits, h)
			}
		}
		for _, t := range ties(d, r, "rels") {
			if h, ok := graph.ScoreTie(t, terms); ok {
				hits = append(hits, h)
			}
		}
	}
	if d.err != nil {
		return nil, d.err
	}
	return graph.SortHits(hits, limit), nil
}
