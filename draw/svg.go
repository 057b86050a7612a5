package draw

import (
	"fmt"
	"html"
	"io"
	"math"
	"sort"
	"strings"
	"unicode/utf8"
)

// Options shape a rendering.
type Options struct {
	// Title is drawn at the top, and names the picture for screen readers.
	Title string
	// Href, if set, links each node to a page (serve's entity page); a
	// standalone file links nowhere and keeps the full name on hover.
	Href func(id string) string
}

// Geometry, in pixels. Labels are at most graph.MaxShortName characters.
const (
	radius     = 10.0
	charWidth  = 6.8 // 12px sans-serif, a generous average
	sparseGap  = 92.0
	denseGap   = 30.0
	sparseCol  = 210.0
	denseCol   = 300.0
	margin     = 24.0
	titleSpace = 34.0
	legendLine = 22.0
)

// dense is when a column holds more nodes than fit with labels under them.
const denseRows = 6

type placed struct {
	Node
	x, y   float64
	anchor string // where the label goes: "below", "left", "right"
}

// SVG writes the drawing as one self-contained SVG document: no script, no
// external resource. Every text is escaped.
func SVG(w io.Writer, g Graph, opt Options) error {
	l := layout(g)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" font-family="Helvetica, Arial, sans-serif" font-size="12" role="img" aria-label="%s">`+"\n",
		l.width, l.height, l.width, l.height, esc(opt.Title))
	if opt.Title != "" {
		fmt.Fprintf(&b, "<title>%s</title>\n", esc(opt.Title))
	}
	b.WriteString(`<defs>` +
		`<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555555"/></marker>` +
		`<marker id="arrow-ref" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#AAAAAA"/></marker>` +
		"</defs>\n")
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="#FFFFFF"/>`+"\n")
	if opt.Title != "" {
		fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" font-size="15" font-weight="bold" fill="#222222">%s</text>`+"\n", margin, margin+6, esc(opt.Title))
	}
	b.WriteString(`<g class="edges">` + "\n")
	for _, e := range g.Edges {
		from, to := l.at[e.From], l.at[e.To]
		if from == nil || to == nil {
			continue
		}
		writeEdge(&b, e, from, to, l)
	}
	b.WriteString("</g>\n<g class=\"nodes\">\n")
	for _, n := range l.nodes {
		writeNode(&b, n, opt)
	}
	b.WriteString("</g>\n")
	writeLegend(&b, g, l)
	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

type geometry struct {
	nodes         []*placed
	at            map[string]*placed
	dense         bool
	width, height float64
	legendTop     float64
}

// layout places the nodes: columns left to right, each column's nodes
// stacked in row order and centred on the tallest column.
func layout(g Graph) geometry {
	cols := map[int][]*placed{}
	maxCol, tallest := 0, 0
	for _, n := range g.Nodes {
		p := &placed{Node: n}
		cols[n.Col] = append(cols[n.Col], p)
		maxCol = max(maxCol, n.Col)
	}
	for _, c := range cols {
		sort.SliceStable(c, func(i, j int) bool { return c[i].Row < c[j].Row })
		tallest = max(tallest, len(c))
	}
	l := geometry{at: map[string]*placed{}, dense: tallest > denseRows}
	gap, colW := sparseGap, sparseCol
	if l.dense {
		gap, colW = denseGap, denseCol
	}
	// Room for the labels: those under a node spread both ways, those beside
	// it one way.
	labelW := func(p *placed) float64 { return float64(utf8.RuneCountInString(p.Short))*charWidth + 14 }
	leftPad, rightPad := 60.0, 60.0
	for c := 0; c <= maxCol; c++ {
		for _, p := range cols[c] {
			switch {
			case !l.dense || len(cols[c]) == 1:
				p.anchor = "below"
			case c == 0 && maxCol > 0:
				p.anchor = "left"
			default:
				p.anchor = "right"
			}
			if p.anchor == "left" {
				leftPad = max(leftPad, labelW(p)+radius)
			}
			if c == 0 && p.anchor == "below" {
				leftPad = max(leftPad, labelW(p)/2)
			}
			if c == maxCol {
				if p.anchor == "right" {
					rightPad = max(rightPad, labelW(p)+radius)
				} else {
					rightPad = max(rightPad, labelW(p)/2)
				}
			}
		}
	}
	top := margin + titleSpace
	colH := float64(max(tallest-1, 0)) * gap
	for c := 0; c <= maxCol; c++ {
		n := len(cols[c])
		y0 := top + 16 + (colH-float64(max(n-1, 0))*gap)/2
		for i, p := range cols[c] {
			p.x = margin + leftPad + float64(c)*colW
			p.y = y0 + float64(i)*gap
			l.nodes = append(l.nodes, p)
			l.at[p.ID] = p
		}
	}
	l.width = margin*2 + leftPad + float64(maxCol)*colW + rightPad
	l.legendTop = top + 16 + colH + 44
	items := len(g.Legend) + 2
	if g.anyInferred() {
		items++
	}
	perLine := max(1, int((l.width-2*margin)/150))
	lines := (items + perLine - 1) / perLine
	l.height = l.legendTop + float64(lines)*legendLine + margin
	return l
}

func writeNode(b *strings.Builder, n *placed, opt Options) {
	fill, border := colorOf(n.Label)
	href := ""
	if opt.Href != nil {
		href = opt.Href(n.ID)
	}
	fmt.Fprintf(b, `<g class="node" data-id="%s">`, esc(n.ID))
	if href != "" {
		fmt.Fprintf(b, `<a href="%s">`, esc(href))
	}
	fmt.Fprintf(b, `<title>%s (%s)</title>`, esc(n.Name), esc(Humanize(n.Label)))
	fmt.Fprintf(b, `<circle cx="%.1f" cy="%.1f" r="%.0f" fill="%s" stroke="%s" stroke-width="2"/>`, n.x, n.y, radius, fill, border)
	x, y, anchor := n.x, n.y+radius+15, "middle"
	switch n.anchor {
	case "left":
		x, y, anchor = n.x-radius-6, n.y+4, "end"
	case "right":
		x, y, anchor = n.x+radius+6, n.y+4, "start"
	}
	fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="%s" fill="#111111" stroke="#FFFFFF" stroke-width="3" paint-order="stroke">%s</text>`, x, y, anchor, esc(n.Short))
	if href != "" {
		b.WriteString("</a>")
	}
	b.WriteString("</g>\n")
}

func writeEdge(b *strings.Builder, e Edge, from, to *placed, l geometry) {
	stroke, marker, dash := "#555555", "arrow", ""
	switch {
	case e.Reference:
		stroke, marker, dash = "#AAAAAA", "arrow-ref", ` stroke-dasharray="6 4"`
	case e.Inferred:
		dash = ` stroke-dasharray="2 3"`
	}
	// Shorten the line to the circles' edges.
	dx, dy := to.x-from.x, to.y-from.y
	d := math.Hypot(dx, dy)
	if d == 0 {
		return
	}
	ux, uy := dx/d, dy/d
	x1, y1 := from.x+ux*radius, from.y+uy*radius
	x2, y2 := to.x-ux*(radius+1), to.y-uy*(radius+1)
	title := fmt.Sprintf("%s %s %s", from.Name, Verb(e.Type), to.Name)
	if e.Date != "" {
		title += ", " + e.Date
	}
	if e.Status != "" {
		title += ", " + e.Status
	}
	if e.Reference {
		title += " (reference geography, not stated in the book)"
	}
	if e.Inferred {
		title += " (inferred by the curator, not the book's words)"
	}
	if e.Count > 1 {
		title += fmt.Sprintf(" (stated %d times)", e.Count)
	}
	kind := "book"
	switch {
	case e.Reference:
		kind = "reference"
	case e.Inferred:
		kind = "inferred"
	}
	fmt.Fprintf(b, `<g class="edge %s" data-type="%s"><title>%s</title>`, kind, esc(e.Type), esc(title))
	if from.Col == to.Col {
		// Same column (a longer path's detour): an arc to the right.
		cx := max(from.x, to.x) + math.Abs(dy)/2 + 30
		fmt.Fprintf(b, `<path d="M%.1f,%.1f Q%.1f,%.1f %.1f,%.1f" fill="none" stroke="%s" stroke-width="1.6"%s marker-end="url(#%s)"/>`,
			from.x+radius, from.y, cx, (from.y+to.y)/2, to.x+radius, to.y, stroke, dash, marker)
	} else {
		fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="1.6"%s marker-end="url(#%s)"/>`,
			x1, y1, x2, y2, stroke, dash, marker)
	}
	caption := e.Caption
	if caption == "" {
		caption = Verb(e.Type)
		if e.Date != "" {
			caption += " · " + e.Date
		}
		if l.dense {
			caption = e.Date
		}
	}
	if caption != "" {
		tx, ty, anchor := (from.x+to.x)/2, (from.y+to.y)/2-5, "middle"
		if l.dense {
			// Edges fan out of one node: each caption goes by the end that
			// sits in a crowded column, where there is room for it.
			outer, inner := to, from
			if from.anchor != "below" && (to.anchor == "below" || from.Col > to.Col) {
				outer, inner = from, to
			}
			if outer.x > inner.x {
				tx, ty, anchor = outer.x-radius-6, outer.y-4, "end"
			} else {
				tx, ty, anchor = outer.x+radius+6, outer.y-4, "start"
			}
		}
		fill := "#333333"
		if e.Reference {
			fill = "#888888"
		}
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" text-anchor="%s" font-size="10" fill="%s" stroke="#FFFFFF" stroke-width="3" paint-order="stroke">%s</text>`,
			tx, ty, anchor, fill, esc(caption))
	}
	b.WriteString("</g>\n")
}

func writeLegend(b *strings.Builder, g Graph, l geometry) {
	b.WriteString(`<g class="legend" font-size="11">` + "\n")
	x, y := margin, l.legendTop
	next := func() {
		x += 150
		if x+140 > l.width-margin {
			x, y = margin, y+legendLine
		}
	}
	for _, label := range g.Legend {
		fill, border := colorOf(label)
		fmt.Fprintf(b, `<circle cx="%.1f" cy="%.1f" r="6" fill="%s" stroke="%s" stroke-width="1.5"/><text x="%.1f" y="%.1f" fill="#333333">%s</text>`+"\n",
			x+6, y, fill, border, x+16, y+4, esc(Humanize(label)))
		next()
	}
	fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#555555" stroke-width="1.6"/><text x="%.1f" y="%.1f" fill="#333333">stated in the book</text>`+"\n",
		x, y, x+24, y, x+30, y+4)
	next()
	fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#AAAAAA" stroke-width="1.6" stroke-dasharray="6 4"/><text x="%.1f" y="%.1f" fill="#333333">reference geography</text>`+"\n",
		x, y, x+24, y, x+30, y+4)
	if g.anyInferred() {
		next()
		fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#555555" stroke-width="1.6" stroke-dasharray="2 3"/><text x="%.1f" y="%.1f" fill="#333333">inferred by the curator</text>`+"\n",
			x, y, x+24, y, x+30, y+4)
	}
	b.WriteString("</g>\n")
}

// anyInferred reports whether an edge rests only on inferred ties: the
// legend then explains the dotted line.
func (g Graph) anyInferred() bool {
	for _, e := range g.Edges {
		if e.Inferred {
			return true
		}
	}
	return false
}

// esc escapes text for SVG (XML): the dataset's quotes hold quotes and
// ampersands.
func esc(s string) string { return html.EscapeString(s) }

// Humanize spells a label for a reader: GovernmentBody → Government body.
func Humanize(label string) string {
	var b strings.Builder
	for i, r := range label {
		if i > 0 && r >= 'A' && r <= 'Z' {
			b.WriteByte(' ')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}
