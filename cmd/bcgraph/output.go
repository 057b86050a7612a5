package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/bcgraph/bcgraph/graph"
)

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
}

func entityOut(e *graph.Entity) entityJSON {
	return entityJSON{ID: e.ID, Name: e.Name, Labels: []string{e.Label}, Aliases: e.Aliases, Country: e.Country}
}

func nodeRef(e *graph.Entity) nodeRefJSON {
	return nodeRefJSON{ID: e.ID, Name: e.Name, Labels: []string{e.Label}}
}

func relOut(t *graph.Tie) relJSON {
	return relJSON{ID: t.ID, Type: t.Type, From: t.From, To: t.To, Date: t.Date.String(), Status: t.Status,
		Role: t.Role, Quote: t.Quote, Footnote: t.Footnotes, Chapter: t.Chapter, Reference: t.Reference}
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

// evidence renders a tie's provenance on one line: date, status, footnotes, quote.
func evidence(g *graph.Graph, t *graph.Tie) string {
	if t.Reference {
		return "reference geography (not stated in the book)"
	}
	var parts []string
	if len(t.Footnotes) > 0 {
		parts = append(parts, "fn "+footnotes(t.Footnotes))
	}
	if t.Chapter > 0 {
		parts = append(parts, fmt.Sprintf("ch. %d", t.Chapter))
	}
	return fmt.Sprintf("%q (%s)", t.Quote, strings.Join(parts, ", "))
}

func footnotes(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = fmt.Sprint(n)
	}
	return strings.Join(s, ",")
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
