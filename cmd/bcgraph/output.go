package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/urfave/cli/v2"

	"github.com/bcgraph/bcgraph/draw"
	"github.com/bcgraph/bcgraph/graph"
)

// output is how an answer is printed: the one place that knows the formats.
// Every command hands its answer to print; the web pages will render the same
// answers.
type output struct {
	w      io.Writer
	format string // formatTable, formatJSON, formatSVG or formatHTML
	// browse, when set (--browse), prints a Neo4j Browser link to the
	// answer's Cypher instead of the answer.
	browse func(cypher string) error
	// deliver, when set, is handed the answer instead of printing it: serve
	// renders the answers of the run functions as pages.
	deliver func(a answer) error
	// href links drawn nodes to pages (serve's entity pages); nil in files.
	href func(id string) string
}

const (
	formatTable = "table"
	formatJSON  = "json"
	formatSVG   = "svg"  // the answer drawn, one SVG document
	formatHTML  = "html" // the drawing and the sources it cites, one HTML page
)

// drawable is an answer that can be drawn: path, show and partners.
type drawable interface{ picture() picture }

// picture is an answer as a drawing, with what a page says around it.
type picture struct {
	title   string
	summary string
	graph   draw.Graph
	sources []sourceJSON
}

func (p picture) document() draw.Document {
	d := draw.Document{Title: p.title, Summary: p.summary, Picture: p.graph}
	for _, s := range p.sources {
		d.Sources = append(d.Sources, draw.Source{N: s.N, Title: s.Title, Author: s.Author, Year: s.Year, URL: s.URL})
	}
	return d
}

// answer is what a command found, printable in every format.
type answer interface {
	// text writes the answer for a person.
	text(w io.Writer) error
	// json returns the answer's documented JSON shape.
	json() any
}

// emptyAnswer is an answer that can be empty; empty returns the noResult to
// exit with, or nil.
type emptyAnswer interface{ empty() error }

// browsable is an answer Neo4j Browser can draw.
type browsable interface{ cypher() string }

// print writes a in the chosen format. An empty answer is then reported
// (exit 1) whatever the format: the exit code never depends on --json, and
// the JSON of an empty answer is still printed for scripts.
func (o output) print(a answer) error {
	if e, ok := a.(emptyAnswer); ok && o.browse != nil {
		if err := e.empty(); err != nil {
			return err
		}
	}
	var err error
	switch {
	case o.deliver != nil:
		err = o.deliver(a)
	case o.browse != nil:
		b, ok := a.(browsable)
		if !ok {
			return usagef("this answer cannot be shown in Neo4j Browser")
		}
		err = o.browse(b.cypher())
	case o.format == formatJSON:
		err = writeJSON(o.w, a.json())
	case o.format == formatSVG || o.format == formatHTML:
		d, ok := a.(drawable)
		if !ok {
			return usagef("this answer cannot be drawn (--format %s draws path, show and partners answers, without --vs)", o.format)
		}
		p := d.picture()
		if o.format == formatSVG {
			err = draw.SVG(o.w, p.graph, draw.Options{Title: p.title, Href: o.href})
		} else {
			err = draw.WriteHTML(o.w, p.document())
		}
	default:
		err = a.text(o.w)
	}
	if err != nil {
		return err
	}
	if e, ok := a.(emptyAnswer); ok {
		return e.empty()
	}
	return nil
}

func jsonFlag() cli.Flag {
	return &cli.BoolFlag{
		Name:     "json",
		Usage:    "print JSON (a stable, documented shape) instead of a table",
		Category: "Output",
	}
}

// formatFlag is --format on the commands whose answers can be drawn.
func formatFlag() cli.Flag {
	return &cli.StringFlag{
		Name:     "format",
		Value:    formatTable,
		Usage:    "`FORMAT`: table, json (as --json), svg (the answer drawn) or html (the drawing with its sources, one self-contained page)",
		Category: "Output",
	}
}

// checkFormat rejects an unknown --format, and --json or --browse beside a
// drawing.
func checkFormat(c *cli.Context) error {
	f := c.String("format")
	switch f {
	case formatTable, formatJSON, formatSVG, formatHTML:
	default:
		return usagef("unknown --format %q (want table, json, svg or html)", f)
	}
	if c.Bool("json") && f != formatTable && f != formatJSON {
		return usagef("--json and --format %s ask for two formats; give one", f)
	}
	if c.Bool("browse") && f != formatTable {
		return usagef("--browse prints a Neo4j Browser link; it takes no --format")
	}
	return nil
}

// outputOf reads the output flags of a command.
func outputOf(c *cli.Context, io iostreams) output {
	o := output{w: io.Out, format: formatTable}
	switch f := c.String("format"); f {
	case formatJSON, formatSVG, formatHTML: // sources' own --format values are not the output's
		o.format = f
	}
	if c.Bool("json") {
		o.format = formatJSON
	}
	if c.Bool("browse") {
		link := browserLink(c)
		o.browse = func(cypher string) error { return link.print(c.Context, io.Out, cypher) }
	}
	return o
}

// citations collects the footnotes an answer uses, in first-use order.
type citations struct {
	seen map[int]bool
	ns   []int
}

func (c *citations) add(ns []int) {
	if c.seen == nil {
		c.seen = map[int]bool{}
	}
	for _, n := range ns {
		if !c.seen[n] {
			c.seen[n] = true
			c.ns = append(c.ns, n)
		}
	}
}

// sorted returns the footnote numbers in order: a reader looks a number up.
func (c *citations) sorted() []int {
	ns := append([]int(nil), c.ns...)
	sort.Ints(ns)
	return ns
}

// write prints the "sources:" block that ends an answer.
func (c *citations) write(w io.Writer, g *graph.Graph) {
	if len(c.ns) == 0 {
		return
	}
	fmt.Fprintln(w, "\nsources:")
	for _, n := range c.sorted() {
		fmt.Fprintf(w, "  %s\n", sourceLine(g, n))
	}
}

// sources returns the JSON of the cited footnotes.
func (c *citations) sources(g *graph.Graph) []sourceJSON {
	out := []sourceJSON{}
	for _, n := range c.sorted() {
		if s := g.Sources[n]; s != nil {
			out = append(out, sourceJSON{s.N, s.Title, s.Author, s.Year, s.URL})
		}
	}
	return out
}

type sourceJSON struct {
	N      int    `json:"n"`
	Title  string `json:"title"`
	Author string `json:"author,omitempty"`
	Year   int    `json:"year,omitempty"`
	URL    string `json:"url,omitempty"`
}

// The JSON shapes every command shares. Field names are a contract that
// scripts rely on; the README documents them.

type entityJSON struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Labels  []string `json:"labels"`
	Aliases []string `json:"aliases,omitempty"`
	Country string   `json:"country,omitempty"`
}

type nodeRefJSON struct {
	ID     string   `json:"id"`
	Name   string   `json:"name"`
	Labels []string `json:"labels"`
}

type relJSON struct {
	ID        string `json:"id,omitempty"`
	Type      string `json:"type"`
	From      string `json:"from"`
	To        string `json:"to"`
	Date      string `json:"date,omitempty"`
	Status    string `json:"status,omitempty"`
	Role      string `json:"role,omitempty"`
	Quote     string `json:"quote,omitempty"`
	Footnote  []int  `json:"footnote,omitempty"`
	Chapter   int    `json:"chapter,omitempty"`
	Reference bool   `json:"reference"`
	// Also lists the book's later statements of the same fact.
	Also []evidenceJSON `json:"also,omitempty"`
	// Inferred marks the curator's reading; InferredNote says what the book says.
	Inferred     bool   `json:"inferred,omitempty"`
	InferredNote string `json:"inferred_note,omitempty"`
	Approx       bool   `json:"approx,omitempty"`
}

func entityOut(e *graph.Entity) entityJSON {
	return entityJSON{ID: e.ID, Name: e.Name, Labels: []string{e.Label}, Aliases: e.Aliases, Country: e.Country}
}

func nodeRef(e *graph.Entity) nodeRefJSON {
	return nodeRefJSON{ID: e.ID, Name: e.Name, Labels: []string{e.Label}}
}

func relOut(t *graph.Tie) relJSON {
	out := relJSON{ID: t.ID, Type: t.Type, From: t.From, To: t.To, Date: t.DateSpan(), Approx: t.Approx, Status: t.Status,
		Role: t.Role, Quote: graph.NormalizeQuote(t.Quote), Footnote: t.Footnotes, Chapter: t.Chapter, Reference: t.Reference,
		Inferred: t.Inferred}
	if t.Inferred {
		out.InferredNote = t.Note
	}
	for _, ev := range t.Also {
		out.Also = append(out.Also, evidenceOut(ev))
	}
	return out
}

// evidenceJSON is one statement of a fact in the book.
type evidenceJSON struct {
	Quote    string `json:"quote"`
	Footnote []int  `json:"footnote,omitempty"`
	Chapter  int    `json:"chapter,omitempty"`
}

func evidenceOut(ev graph.Evidence) evidenceJSON {
	return evidenceJSON{Quote: graph.NormalizeQuote(ev.Quote), Footnote: ev.Footnotes, Chapter: ev.Chapter}
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// table writes aligned columns; the first row is the header.
type table struct {
	tw *tabwriter.Writer
}

func newTable(w io.Writer, header ...string) *table {
	t := &table{tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)}
	t.row(header...)
	return t
}

func (t *table) row(cells ...string) {
	for i, c := range cells {
		cells[i] = strings.ReplaceAll(c, "\t", " ")
	}
	fmt.Fprintln(t.tw, strings.Join(cells, "\t"))
}

func (t *table) flush() error { return t.tw.Flush() }

// evidence renders a tie's provenance on one line: each quote as the book
// prints it with its footnotes and chapter, the first statement first, and
// what the curator inferred when the book does not say it in so many words.
func evidence(t *graph.Tie) string {
	if t.Reference {
		return "reference geography (not stated in the book)"
	}
	return statements(t.Quotes(), t.Inferred, t.Note)
}

// statements renders every statement of a fact, "; also " between them,
// and " — inferred: NOTE" when the fact is the curator's reading.
func statements(evs []graph.Evidence, inferred bool, note string) string {
	parts := make([]string, 0, len(evs))
	for _, ev := range evs {
		parts = append(parts, quoted(ev))
	}
	out := strings.Join(parts, "; also ")
	if inferred {
		out = strings.TrimSpace(out + " — inferred: " + note)
	}
	return out
}

// quoted renders evidence as “quote” (fn 12, ch. 2): the book's text, with
// typographic quotation marks so that quotes inside it need no escaping.
func quoted(ev graph.Evidence) string {
	var parts []string
	if len(ev.Footnotes) > 0 {
		parts = append(parts, "fn "+graph.FootnoteList(ev.Footnotes))
	}
	if ev.Chapter > 0 {
		parts = append(parts, fmt.Sprintf("ch. %d", ev.Chapter))
	}
	out := "“" + graph.NormalizeQuote(ev.Quote) + "”"
	if len(parts) > 0 {
		out += " (" + strings.Join(parts, ", ") + ")"
	}
	return out
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// sourceLine cites a footnote's news report.
func sourceLine(g *graph.Graph, n int) string {
	s := g.Sources[n]
	if s == nil {
		return fmt.Sprintf("[%d] (unknown footnote)", n)
	}
	line := fmt.Sprintf("[%d] %s", n, s.Title)
	if s.Author != "" {
		line += " / " + s.Author
	}
	if s.Year != 0 {
		line += fmt.Sprintf(" (%d)", s.Year)
	}
	if s.URL != "" {
		line += " " + s.URL
	}
	return line
}

func round(v float64, places int) float64 {
	p := 1.0
	for i := 0; i < places; i++ {
		p *= 10
	}
	if v < 0 {
		return -float64(int64(-v*p+0.5)) / p
	}
	return float64(int64(v*p+0.5)) / p
}

// writeFact prints a tie as a fact: "From -TYPE-> To  (role)  [date status]",
// then the book's words on the next line.
func writeFact(w io.Writer, g *graph.Graph, t *graph.Tie) {
	line := fmt.Sprintf("%s -%s-> %s", g.Entity(t.From).Name, t.Type, g.Entity(t.To).Name)
	if t.Role != "" {
		line += "  (" + t.Role + ")"
	}
	if meta := strings.TrimSpace(t.DateText() + " " + t.Status); meta != "" {
		line += "  [" + meta + "]"
	}
	fmt.Fprintf(w, "\n%s\n    %s\n", line, evidence(t))
}
