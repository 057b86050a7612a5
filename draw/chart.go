package draw

import (
	"fmt"
	"io"
	"strings"
)

// Bar is one row of a ranked bar chart.
type Bar struct {
	Label string // drawn left of the bar
	Title string // on hover
	Value float64
	Text  string // the value as printed at the bar's end
	Href  string
	Color string // "" for the default
}

// Bars writes a horizontal bar chart, one row per bar, in the given order.
func Bars(w io.Writer, bars []Bar, title string) error {
	const (
		rowH   = 22.0
		labelW = 170.0
		barW   = 460.0
		textW  = 70.0
	)
	maxV := 0.0
	for _, b := range bars {
		maxV = max(maxV, b.Value)
	}
	h := margin*2 + titleSpace + rowH*float64(len(bars))
	width := margin*2 + labelW + barW + textW
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" font-family="Helvetica, Arial, sans-serif" font-size="12" role="img" aria-label="%s">`+"\n",
		width, h, width, h, esc(title))
	fmt.Fprintf(&b, "<title>%s</title>\n", esc(title))
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="#FFFFFF"/><text x="%.0f" y="%.0f" font-size="15" font-weight="bold" fill="#222222">%s</text>`+"\n", margin, margin+6, esc(title))
	for i, bar := range bars {
		y := margin + titleSpace + rowH*float64(i)
		length := 0.0
		if maxV > 0 {
			length = barW * bar.Value / maxV
		}
		color := bar.Color
		if color == "" {
			color = Colors["Province"][0]
		}
		b.WriteString(`<g class="bar">`)
		if bar.Href != "" {
			fmt.Fprintf(&b, `<a href="%s">`, esc(bar.Href))
		}
		fmt.Fprintf(&b, `<title>%s</title>`, esc(bar.Title))
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="end" fill="#111111">%s</text>`, margin+labelW-8, y+14, esc(bar.Label))
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`, margin+labelW, y+3, max(length, 1), rowH-6, color)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" fill="#333333">%s</text>`, margin+labelW+max(length, 1)+6, y+14, esc(bar.Text))
		if bar.Href != "" {
			b.WriteString(`</a>`)
		}
		b.WriteString("</g>\n")
	}
	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// Year is one column of a chart by year: counts by kind, stacked.
type Year struct {
	Year   int
	Counts []int // one per kind, in the order of Kinds
	Href   string
}

// Years writes a column chart of counts by year, stacked by kind (kinds
// are labels: their colours are the drawings'), with a legend.
func Years(w io.Writer, years []Year, kinds []string, title string) error {
	const (
		colW   = 34.0
		chartH = 180.0
		axisH  = 24.0
	)
	maxV := 0
	for _, y := range years {
		sum := 0
		for _, c := range y.Counts {
			sum += c
		}
		maxV = max(maxV, sum)
	}
	width := max(margin*2+colW*float64(len(years)), 360)
	h := margin*2 + titleSpace + chartH + axisH + legendLine
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" font-family="Helvetica, Arial, sans-serif" font-size="11" role="img" aria-label="%s">`+"\n",
		width, h, width, h, esc(title))
	fmt.Fprintf(&b, "<title>%s</title>\n", esc(title))
	fmt.Fprintf(&b, `<rect width="100%%" height="100%%" fill="#FFFFFF"/><text x="%.0f" y="%.0f" font-size="15" font-weight="bold" fill="#222222">%s</text>`+"\n", margin, margin+6, esc(title))
	base := margin + titleSpace + chartH
	for i, y := range years {
		x := margin + colW*float64(i)
		b.WriteString(`<g class="year">`)
		if y.Href != "" {
			fmt.Fprintf(&b, `<a href="%s">`, esc(y.Href))
		}
		var parts []string
		top, sum := base, 0
		for k, c := range y.Counts {
			sum += c
			if c > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", c, strings.ToLower(Humanize(kinds[k]))))
			}
		}
		fmt.Fprintf(&b, `<title>%d: %s</title>`, y.Year, esc(strings.Join(parts, ", ")))
		for k, c := range y.Counts {
			if c == 0 || maxV == 0 {
				continue
			}
			hh := chartH * float64(c) / float64(maxV)
			top -= hh
			fill, _ := colorOf(kinds[k])
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" stroke="#FFFFFF" stroke-width="0.5"/>`, x+3, top, colW-6, hh, fill)
		}
		if sum > 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" fill="#333333">%d</text>`, x+colW/2, top-4, sum)
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" fill="#333333">%d</text>`, x+colW/2, base+15, y.Year)
		if y.Href != "" {
			b.WriteString(`</a>`)
		}
		b.WriteString("</g>\n")
	}
	x := margin
	for _, k := range kinds {
		fill, border := colorOf(k)
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="12" height="12" fill="%s" stroke="%s"/><text x="%.1f" y="%.1f" fill="#333333">%s</text>`+"\n",
			x, base+axisH+4, fill, border, x+16, base+axisH+14, esc(Humanize(k)))
		x += 110
	}
	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}
