package queries

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/bcgraph/bcgraph/graph"
)

// The twins run a canned query and return the same structures as the
// embedded analyses in package graph, so the CLI renders both backends with
// the same code and tests can compare them value for value.

func run(ctx context.Context, d neo4j.DriverWithContext, db, name string, params map[string]any) ([]map[string]any, error) {
	q, err := Get(name)
	if err != nil {
		return nil, err
	}
	for _, p := range q.Params {
		if _, ok := params[p.Name]; !ok && p.Default != "" {
			bound, _ := q.Bind(nil)
			params[p.Name] = bound[p.Name]
		}
	}
	_, rows, err := Run(ctx, d, db, q, params)
	return rows, err
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func num(v any) int {
	switch v := v.(type) {
	case int64:
		return int(v)
	case float64:
		return int(v)
	}
	return 0
}

func float(v any) float64 {
	switch v := v.(type) {
	case float64:
		return v
	case int64:
		return float64(v)
	}
	return 0
}

func date(v any) graph.Date {
	d, _ := graph.ParseDate(str(v))
	return d
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

func footnotes(v any) []int {
	list, _ := v.([]any)
	var out []int
	for _, x := range list {
		out = append(out, num(x))
	}
	return out
}

func entity(v any) *graph.Entity {
	m, _ := v.(map[string]any)
	return &graph.Entity{ID: str(m["id"]), Name: str(m["name"]), Label: str(m["label"])}
}

func entities(v any) []*graph.Entity {
	list, _ := v.([]any)
	out := make([]*graph.Entity, 0, len(list))
	for _, x := range list {
		out = append(out, entity(x))
	}
	return out
}

func tie(v any) *graph.Tie {
	m, _ := v.(map[string]any)
	ref, _ := m["reference"].(bool)
	return &graph.Tie{ID: str(m["id"]), Type: str(m["type"]), From: str(m["from"]), To: str(m["to"]),
		Date: date(m["date_text"]), Status: str(m["status"]), Role: str(m["role"]), Reference: ref,
		Evidence: graph.Evidence{Quote: str(m["quote"]), Footnotes: footnotes(m["footnote"]), Chapter: num(m["chapter"])}}
}

func window(w graph.Window) map[string]any {
	p := map[string]any{"since": nil, "until": nil}
	if w.Since != 0 {
		p["since"] = int64(w.Since)
	}
	if w.Until != 0 {
		p["until"] = int64(w.Until)
	}
	return p
}

// MaxHops is the longest path the Cypher twin searches: variable-length
// bounds cannot be parameters in Cypher.
const MaxHops = 15

// ErrEmbeddedOnly marks options the Cypher twins do not offer.
var ErrEmbeddedOnly = errors.New("available on the embedded backend only")

// Paths is the twin of graph.Paths: all shortest paths, parallel ties
// resolved with graph.PreferTie, in graph.SortPaths order.
func Paths(ctx context.Context, d neo4j.DriverWithContext, db, from, to string, opt graph.PathOptions) ([]graph.Path, error) {
	if opt.K > 0 {
		return nil, fmt.Errorf("k shortest paths: %w", ErrEmbeddedOnly)
	}
	if opt.MaxHops == 0 || opt.MaxHops > MaxHops {
		opt.MaxHops = MaxHops
	}
	ids, labels := []any{}, []any{}
	for _, x := range opt.Exclude {
		if isLabel(x) {
			labels = append(labels, x)
		} else {
			ids = append(ids, x)
		}
	}
	params := window(opt.Window)
	params["from"], params["to"], params["exclude"], params["excludeLabels"] = from, to, ids, labels
	params["maxHops"], params["bookOnly"] = int64(opt.MaxHops), opt.BookOnly
	rows, err := run(ctx, d, db, "path", params)
	if err != nil {
		return nil, err
	}
	// Neo4j returns one path per combination of parallel ties; the embedded
	// engine shows one tie per hop. Group by node sequence, keep the preferred tie.
	byKey := map[string]*graph.Path{}
	var order []string
	for _, row := range rows {
		nodes := entities(row["nodes"])
		rels, _ := row["rels"].([]any)
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
		for i, r := range rels {
			t := tie(r)
			if p.Ties[i] == nil || graph.PreferTie(t, p.Ties[i]) {
				p.Ties[i] = t
			}
		}
	}
	if len(order) == 0 {
		return nil, graph.ErrNoPath
	}
	out := make([]graph.Path, 0, len(order))
	for _, k := range order {
		out = append(out, *byKey[k])
	}
	graph.SortPaths(out)
	return out, nil
}

func isLabel(s string) bool {
	for _, l := range graph.Labels {
		if l == s {
			return true
		}
	}
	return false
}

// Partners is the twin of graph.Partners.
func Partners(ctx context.Context, d neo4j.DriverWithContext, db, id string, w graph.Window, rollup bool) ([]graph.Partner, error) {
	params := window(w)
	params["id"], params["rollup"] = id, rollup
	rows, err := run(ctx, d, db, "partners", params)
	if err != nil {
		return nil, err
	}
	var out []graph.Partner
	for _, row := range rows {
		e := entity(row)
		e.Country = str(row["entityCountry"])
		for _, a := range asList(row["aliases"]) {
			e.Aliases = append(e.Aliases, str(a))
		}
		p := graph.Partner{Entity: e, Country: str(row["country"]), Since: date(row["since"])}
		links, _ := row["links"].([]any)
		for _, l := range links {
			m, _ := l.(map[string]any)
			link := graph.Link{Date: date(m["date"])}
			if m["via"] != nil {
				link.Via = entity(m["via"])
				link.Occasion = true
			}
			ts, _ := m["ties"].([]any)
			for _, t := range ts {
				link.Ties = append(link.Ties, tie(t))
			}
			p.Links = append(p.Links, link)
		}
		out = append(out, p)
	}
	graph.SortPartners(out)
	return out, nil
}

func centralityRow(row map[string]any) graph.CentralityRow {
	r := graph.CentralityRow{Entity: entity(row), Partners: num(row["partners"]), Ties: num(row["ties"]),
		Betweenness: float(row["betweenness"]), PageRank: float(row["pagerank"])}
	if r.Ties == 0 {
		r.Ties = num(row["links"])
	}
	ids, _ := row["partnerIds"].([]any)
	for _, id := range ids {
		r.PartnerIDs = append(r.PartnerIDs, str(id))
	}
	sort.Strings(r.PartnerIDs)
	return r
}

// ProvinceCentrality is the twin of graph.ProvinceCentrality.
func ProvinceCentrality(ctx context.Context, d neo4j.DriverWithContext, db string, w graph.Window) ([]graph.CentralityRow, error) {
	rows, err := run(ctx, d, db, "centrality", window(w))
	if err != nil {
		return nil, err
	}
	out := make([]graph.CentralityRow, 0, len(rows))
	for _, row := range rows {
		out = append(out, centralityRow(row))
	}
	return out, nil
}

// Hubs is the twin of graph.Hubs (limit 0: all).
func Hubs(ctx context.Context, d neo4j.DriverWithContext, db string, w graph.Window, limit int) ([]graph.CentralityRow, error) {
	params := window(w)
	if limit <= 0 {
		limit = 1 << 30
	}
	params["limit"] = int64(limit)
	rows, err := run(ctx, d, db, "hubs", params)
	if err != nil {
		return nil, err
	}
	out := make([]graph.CentralityRow, 0, len(rows))
	for _, row := range rows {
		out = append(out, centralityRow(row))
	}
	graph.SortRows(out, "partners")
	return out, nil
}

// Timeline is the twin of graph.Timeline (id "" for everything).
func Timeline(ctx context.Context, d neo4j.DriverWithContext, db, id string, w graph.Window) ([]graph.TimelineItem, error) {
	params := window(w)
	params["id"] = nil
	if id != "" {
		params["id"] = id
	}
	rows, err := run(ctx, d, db, "timeline", params)
	if err != nil {
		return nil, err
	}
	var out []graph.TimelineItem
	for _, row := range rows {
		e := entity(row)
		e.Status = str(row["status"])
		out = append(out, graph.TimelineItem{Entity: e, Date: date(row["date"]), Parties: entities(row["parties"]), Places: entities(row["places"])})
	}
	graph.SortTimeline(out)
	return out, nil
}

// Stats is the twin of graph.Stats for what is in the database (sources are
// not loaded, so Sources stays 0).
func Stats(ctx context.Context, d neo4j.DriverWithContext, db string) (graph.Stats, error) {
	rows, err := run(ctx, d, db, "stats", map[string]any{})
	if err != nil {
		return graph.Stats{}, err
	}
	s := graph.Stats{ByLabel: map[string]int{}, ByType: map[string]int{}, ByChapter: map[int]int{}}
	for _, row := range rows {
		key, n := str(row["key"]), num(row["count"])
		switch str(row["kind"]) {
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
		case "chapter":
			ch, _ := strconv.Atoi(key)
			s.ByChapter[ch] = n
		}
	}
	return s, nil
}
