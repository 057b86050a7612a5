package draw

import (
	"html/template"
	"io"
	"strings"
)

// Source is one footnote an answer cites, as a document lists it.
type Source struct {
	N      int
	Title  string
	Author string
	Year   int
	URL    string
	Href   string // a page about the footnote (serve's source page), if any
}

// Document is a standalone HTML page: a drawing and the sources it cites,
// with its CSS inline and nothing fetched from anywhere.
type Document struct {
	Title   string
	Summary string // one line under the title
	Picture Graph
	Sources []Source
}

// WriteHTML renders the document. The drawing's nodes link nowhere: the file
// stands alone (hovering shows each full name).
func WriteHTML(w io.Writer, d Document) error {
	var svg strings.Builder
	if err := SVG(&svg, d.Picture, Options{Title: d.Title}); err != nil {
		return err
	}
	return documentTemplate.Execute(w, struct {
		Document
		SVG template.HTML
		CSS template.CSS
	}{d, template.HTML(svg.String()), template.CSS(CSS)})
}

// CSS is the style of bcgraph's pages: the standalone documents and serve's.
const CSS = `
body { font-family: Helvetica, Arial, sans-serif; color: #222; margin: 0 auto; max-width: 1200px; padding: 0 1.5em 3em; line-height: 1.45; }
h1 { font-size: 1.5em; margin: 1em 0 .2em; }
h2 { font-size: 1.15em; margin: 1.6em 0 .4em; border-bottom: 1px solid #ddd; padding-bottom: .2em; }
.summary { color: #555; margin: 0 0 1em; }
.picture { overflow-x: auto; border: 1px solid #e4e4e4; border-radius: 4px; background: #fff; }
.picture svg { display: block; }
ol.sources li, ul.facts li { margin: .35em 0; }
.quote { color: #333; }
.meta { color: #666; font-size: .92em; }
.ref { color: #888; font-style: italic; }
a { color: #165A8A; }
nav { margin: 1em 0; padding: .6em 0; border-bottom: 1px solid #ddd; }
nav a, nav form { margin-right: 1.2em; }
form.inline { display: inline; }
form label { margin-right: .8em; white-space: nowrap; display: inline-block; margin-bottom: .3em; }
input[type=text], input[type=number] { padding: .25em .4em; }
table { border-collapse: collapse; }
td, th { padding: .25em .7em; text-align: left; border-bottom: 1px solid #eee; vertical-align: top; }
th { font-weight: bold; }
.error { border-left: 4px solid #D62728; padding: .4em 1em; background: #fff5f5; }
.dot { display: inline-block; width: .8em; height: .8em; border-radius: 50%; vertical-align: baseline; margin-right: .3em; }
`

var documentTemplate = template.Must(template.New("doc").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{.Title}}</title>
<style>{{.CSS}}</style>
</head>
<body>
<h1>{{.Title}}</h1>
{{with .Summary}}<p class="summary">{{.}}</p>{{end}}
<div class="picture">{{.SVG}}</div>
{{with .Sources}}<h2>Sources</h2>
<ol class="sources">{{range .}}
<li value="{{.N}}">{{template "source" .}}</li>{{end}}
</ol>{{end}}
<p class="meta">From <em>Belarus – China: a vector of trust</em> (B. Zalessky, 2020), footnotes as numbered in the book. Drawn by bcgraph.</p>
</body>
</html>
{{define "source"}}{{if .Href}}<a href="{{.Href}}">{{.Title}}</a>{{else}}{{.Title}}{{end}}{{with .Author}} / {{.}}{{end}}{{with .Year}} ({{.}}){{end}}{{with .URL}} <a href="{{.}}">{{.}}</a>{{end}}{{end}}
`))

// SourceTemplate is the template that renders one Source, for pages that
// list sources the same way.
func SourceTemplate() *template.Template { return documentTemplate.Lookup("source") }
