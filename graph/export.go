package graph

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// ExportNode and ExportRel are the JSON export's shape, a contract scripts
// rely on (documented in the README).
type ExportNode struct {
	ID      string         `json:"id"`
	Name    string         `json:"name"`
	Labels  []string       `json:"labels"`
	Aliases []string       `json:"aliases"`
	Country string         `json:"country"`
	Props   map[string]any `json:"props"`
}

type ExportRel struct {
	ID    string         `json:"id"`
	Type  string         `json:"type"`
	From  string         `json:"from"`
	To    string         `json:"to"`
	Props map[string]any `json:"props"`
}

type Export struct {
	Nodes []ExportNode `json:"nodes"`
	Rels  []ExportRel  `json:"rels"`
}

// NodeProps are an entity's properties besides id, name, labels, aliases and
// country: the ones a node carries in every export and in Neo4j.
func (g *Graph) NodeProps(e *Entity) map[string]any {
	p := map[string]any{}
	set := func(k string, v any, ok bool) {
		if ok {
			p[k] = v
		}
	}
	set("ru", e.RU, e.RU != "")
	set("zh", e.ZH, e.ZH != "")
	set("ambiguous", e.Ambiguous, len(e.Ambiguous) > 0)
	set("date", dateText(e.Date, e.End, false), !e.Date.IsZero())
	set("status", e.Status, e.Status != "")
	set("quote", NormalizeQuote(e.Quote), e.Quote != "")
	set("footnote", e.Footnotes, len(e.Footnotes) > 0)
	set("chapter", e.Chapter, e.Chapter > 0)
	set("note", e.Note, e.Note != "")
	StatementProps(p, e.Approx, e.Also, e.Inferred, true)
	// An entity only reference geography places: say so wherever it is shown.
	set("in_book", false, !g.InBook(e.ID))
	return p
}

// StatementProps adds what a fact may carry beyond its first evidence, each
// only when present: the same keys in every export and in Neo4j.
func StatementProps(p map[string]any, approx bool, also []Evidence, inferred, normalize bool) {
	if approx {
		p["approx"] = true
	}
	if inferred {
		p["inferred"] = true
	}
	for k, v := range AlsoProps(also, normalize) {
		p[k] = v
	}
}

// AlsoProps writes a fact's later statements as parallel lists, the shape
// Neo4j properties allow (no lists of lists): also_quote[i], its
// also_chapter[i] and its footnotes as the text also_footnote[i] ("37, 38").
// Exports normalize the quotes as they do a first quote; the loader keeps
// them as written, as it does the first.
func AlsoProps(also []Evidence, normalize bool) map[string]any {
	if len(also) == 0 {
		return nil
	}
	qs, chs, fns := make([]string, len(also)), make([]int64, len(also)), make([]string, len(also))
	for i, ev := range also {
		qs[i], chs[i] = ev.Quote, int64(ev.Chapter)
		if normalize {
			qs[i] = NormalizeQuote(ev.Quote)
		}
		parts := make([]string, len(ev.Footnotes))
		for j, n := range ev.Footnotes {
			parts[j] = strconv.Itoa(n)
		}
		fns[i] = strings.Join(parts, ", ")
	}
	return map[string]any{"also_quote": qs, "also_chapter": chs, "also_footnote": fns}
}

// ParseAlso reads AlsoProps' lists back; a list of another length than the
// quotes' is an error.
func ParseAlso(quotes []string, chapters []int64, footnotes []string) ([]Evidence, error) {
	if len(chapters) != len(quotes) || len(footnotes) != len(quotes) {
		return nil, fmt.Errorf("also: %d quotes, %d chapters, %d footnote lists", len(quotes), len(chapters), len(footnotes))
	}
	var out []Evidence
	for i, q := range quotes {
		ev := Evidence{Chapter: int(chapters[i]), Quote: q}
		for _, f := range strings.Split(footnotes[i], ",") {
			if f = strings.TrimSpace(f); f == "" {
				continue
			}
			n, err := strconv.Atoi(f)
			if err != nil {
				return nil, fmt.Errorf("also: footnotes %q: %w", footnotes[i], err)
			}
			ev.Footnotes = append(ev.Footnotes, n)
		}
		out = append(out, ev)
	}
	return out, nil
}

// RelProps are a tie's properties: its evidence, and reference: true for
// reference geography.
func RelProps(t *Tie) map[string]any {
	p := map[string]any{}
	if t.Reference {
		p["reference"] = true
	} else {
		p["quote"] = NormalizeQuote(t.Quote)
		p["chapter"] = t.Chapter
	}
	if len(t.Footnotes) > 0 {
		p["footnote"] = t.Footnotes
	}
	if !t.Date.IsZero() {
		p["date"] = dateText(t.Date, t.End, false)
	}
	StatementProps(p, t.Approx, t.Also, t.Inferred, true)
	if t.Status != "" {
		p["status"] = t.Status
	}
	if t.Role != "" {
		p["role"] = t.Role
	}
	if t.Note != "" {
		p["note"] = t.Note
	}
	return p
}

// Export returns the whole graph in the JSON export's shape.
func (g *Graph) Export() Export {
	x := Export{Nodes: []ExportNode{}, Rels: []ExportRel{}}
	for _, e := range g.Entities {
		aliases := e.Aliases
		if aliases == nil {
			aliases = []string{}
		}
		x.Nodes = append(x.Nodes, ExportNode{ID: e.ID, Name: e.Name, Labels: []string{e.Label}, Aliases: aliases, Country: e.Country, Props: g.NodeProps(e)})
	}
	for _, t := range g.Ties {
		x.Rels = append(x.Rels, ExportRel{ID: t.ID, Type: t.Type, From: t.From, To: t.To, Props: RelProps(t)})
	}
	return x
}

// ExportFormats returns the formats WriteExport knows.
func ExportFormats() []string { return []string{"json", "graphml", "gexf", "dot", "csv"} }

// WriteExport writes the graph in a format. csv writes the nodes file then
// the relationships file, separated by a blank line, unless nodes and rels
// writers are given through WriteCSV.
func (g *Graph) WriteExport(w io.Writer, format string) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(g.Export())
	case "graphml":
		return g.writeGraphML(w)
	case "gexf":
		return g.writeGEXF(w)
	case "dot":
		return g.writeDOT(w)
	case "csv":
		if err := g.WriteCSVNodes(w); err != nil {
			return err
		}
		fmt.Fprintln(w)
		return g.WriteCSVRels(w)
	}
	return fmt.Errorf("unknown export format %q (want one of %s)", format, strings.Join(ExportFormats(), ", "))
}

func flat(v any) string {
	switch v := v.(type) {
	case []int:
		s := make([]string, len(v))
		for i, n := range v {
			s[i] = strconv.Itoa(n)
		}
		return strings.Join(s, ";")
	case []string:
		return strings.Join(v, ";")
	case bool:
		return strconv.FormatBool(v)
	}
	return fmt.Sprint(v)
}

var (
	nodeKeys = []string{"ru", "zh", "date", "status", "quote", "footnote", "chapter"}
	relKeys  = []string{"date", "status", "role", "quote", "footnote", "chapter", "reference"}
)

// WriteCSVNodes writes nodes in the header format neo4j-admin database import
// accepts: id:ID, :LABEL, and typed array columns split on ';'.
func (g *Graph) WriteCSVNodes(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"id:ID", ":LABEL", "name", "country", "aliases:string[]", "ru", "zh", "date", "status", "quote", "footnote:int[]", "chapter:int"})
	for _, e := range g.Entities {
		p := g.NodeProps(e)
		row := []string{e.ID, e.Label, e.Name, e.Country, strings.Join(e.Aliases, ";")}
		for _, k := range nodeKeys {
			if v, ok := p[k]; ok {
				row = append(row, flat(v))
			} else {
				row = append(row, "")
			}
		}
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

// WriteCSVRels writes relationships for neo4j-admin database import.
func (g *Graph) WriteCSVRels(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{":START_ID", ":END_ID", ":TYPE", "id", "date", "status", "role", "quote", "footnote:int[]", "chapter:int", "reference:boolean"})
	for _, t := range g.Ties {
		p := RelProps(t)
		row := []string{t.From, t.To, t.Type, t.ID}
		for _, k := range relKeys {
			if v, ok := p[k]; ok {
				row = append(row, flat(v))
			} else if k == "reference" {
				row = append(row, "false")
			} else {
				row = append(row, "")
			}
		}
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

type xmlAttr struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

func (g *Graph) writeGraphML(w io.Writer) error {
	type key struct {
		ID   string `xml:"id,attr"`
		For  string `xml:"for,attr"`
		Name string `xml:"attr.name,attr"`
		Type string `xml:"attr.type,attr"`
	}
	type node struct {
		ID   string    `xml:"id,attr"`
		Data []xmlAttr `xml:"data"`
	}
	type edge struct {
		ID     string    `xml:"id,attr"`
		Source string    `xml:"source,attr"`
		Target string    `xml:"target,attr"`
		Data   []xmlAttr `xml:"data"`
	}
	type doc struct {
		XMLName xml.Name `xml:"graphml"`
		NS      string   `xml:"xmlns,attr"`
		Keys    []key    `xml:"key"`
		Graph   struct {
			ID      string `xml:"id,attr"`
			Default string `xml:"edgedefault,attr"`
			Nodes   []node `xml:"node"`
			Edges   []edge `xml:"edge"`
		} `xml:"graph"`
	}
	d := doc{NS: "http://graphml.graphdrawing.org/xmlns"}
	nk := append([]string{"label", "name", "country"}, nodeKeys...)
	for _, k := range nk {
		d.Keys = append(d.Keys, key{"n_" + k, "node", k, "string"})
	}
	rk := append([]string{"type"}, relKeys...)
	for _, k := range rk {
		d.Keys = append(d.Keys, key{"e_" + k, "edge", k, "string"})
	}
	d.Graph.ID, d.Graph.Default = "bcgraph", "directed"
	for _, e := range g.Entities {
		p := g.NodeProps(e)
		p["label"], p["name"], p["country"] = e.Label, e.Name, e.Country
		n := node{ID: e.ID}
		for _, k := range nk {
			if v, ok := p[k]; ok && flat(v) != "" {
				n.Data = append(n.Data, xmlAttr{"n_" + k, flat(v)})
			}
		}
		d.Graph.Nodes = append(d.Graph.Nodes, n)
	}
	for _, t := range g.Ties {
		p := RelProps(t)
		p["type"] = t.Type
		ed := edge{ID: t.ID, Source: t.From, Target: t.To}
		for _, k := range rk {
			if v, ok := p[k]; ok {
				ed.Data = append(ed.Data, xmlAttr{"e_" + k, flat(v)})
			}
		}
		d.Graph.Edges = append(d.Graph.Edges, ed)
	}
	io.WriteString(w, xml.Header)
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(d); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func (g *Graph) writeGEXF(w io.Writer) error {
	type attr struct {
		ID    string `xml:"id,attr"`
		Title string `xml:"title,attr"`
		Type  string `xml:"type,attr"`
	}
	type attvalue struct {
		For   string `xml:"for,attr"`
		Value string `xml:"value,attr"`
	}
	type node struct {
		ID     string     `xml:"id,attr"`
		Label  string     `xml:"label,attr"`
		Values []attvalue `xml:"attvalues>attvalue"`
	}
	type edge struct {
		ID     string     `xml:"id,attr"`
		Source string     `xml:"source,attr"`
		Target string     `xml:"target,attr"`
		Label  string     `xml:"label,attr"`
		Values []attvalue `xml:"attvalues>attvalue"`
	}
	type attrs struct {
		Class string `xml:"class,attr"`
		Attrs []attr `xml:"attribute"`
	}
	type doc struct {
		XMLName xml.Name `xml:"gexf"`
		NS      string   `xml:"xmlns,attr"`
		Version string   `xml:"version,attr"`
		Graph   struct {
			Default string  `xml:"defaultedgetype,attr"`
			Attrs   []attrs `xml:"attributes"`
			Nodes   []node  `xml:"nodes>node"`
			Edges   []edge  `xml:"edges>edge"`
		} `xml:"graph"`
	}
	d := doc{NS: "http://gexf.net/1.3", Version: "1.3"}
	d.Graph.Default = "directed"
	nk := append([]string{"label", "country"}, nodeKeys...)
	na := attrs{Class: "node"}
	for _, k := range nk {
		na.Attrs = append(na.Attrs, attr{k, k, "string"})
	}
	ea := attrs{Class: "edge"}
	for _, k := range relKeys {
		ea.Attrs = append(ea.Attrs, attr{k, k, "string"})
	}
	d.Graph.Attrs = []attrs{na, ea}
	for _, e := range g.Entities {
		p := g.NodeProps(e)
		p["label"], p["country"] = e.Label, e.Country
		n := node{ID: e.ID, Label: e.Name}
		for _, k := range nk {
			if v, ok := p[k]; ok && flat(v) != "" {
				n.Values = append(n.Values, attvalue{k, flat(v)})
			}
		}
		d.Graph.Nodes = append(d.Graph.Nodes, n)
	}
	for _, t := range g.Ties {
		p := RelProps(t)
		ed := edge{ID: t.ID, Source: t.From, Target: t.To, Label: t.Type}
		for _, k := range relKeys {
			if v, ok := p[k]; ok {
				ed.Values = append(ed.Values, attvalue{k, flat(v)})
			}
		}
		d.Graph.Edges = append(d.Graph.Edges, ed)
	}
	io.WriteString(w, xml.Header)
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(d); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func (g *Graph) writeDOT(w io.Writer) error {
	q := strconv.Quote
	fmt.Fprintln(w, "digraph bcgraph {")
	fmt.Fprintln(w, "  node [shape=box, style=rounded];")
	labels := map[string][]*Entity{}
	for _, e := range g.Entities {
		labels[e.Label] = append(labels[e.Label], e)
	}
	counts := map[string]int{}
	for l, es := range labels {
		counts[l] = len(es)
	}
	for _, l := range SortedLabels(counts) {
		fmt.Fprintf(w, "  // %s\n", l)
		es := labels[l]
		sort.Slice(es, func(i, j int) bool { return es[i].ID < es[j].ID })
		for _, e := range es {
			fmt.Fprintf(w, "  %s [label=%s, class=%s];\n", q(e.ID), q(e.Name), q(e.Label))
		}
	}
	for _, t := range g.Ties {
		style := ""
		if t.Reference {
			style = ", style=dashed"
		}
		label := t.Type
		if !t.Date.IsZero() {
			label += " " + t.Date.String()
		}
		fmt.Fprintf(w, "  %s -> %s [label=%s%s];\n", q(t.From), q(t.To), q(label), style)
	}
	_, err := fmt.Fprintln(w, "}")
	return err
}
