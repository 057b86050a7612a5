// Package loader adapts the outside world to the graph: it reads and validates
// the seed files, finds the book for quote checks, and writes the graph to Neo4j.
package loader

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/bcgraph/bcgraph/graph"
	"github.com/bcgraph/bcgraph/seeds"
)

type entityDoc struct {
	ID        string   `yaml:"id"`
	Label     string   `yaml:"label"`
	Name      string   `yaml:"name"`
	Country   string   `yaml:"country"`
	Aliases   []string `yaml:"aliases"`
	Ambiguous []string `yaml:"ambiguous"`
	RU        string   `yaml:"ru"`
	ZH        string   `yaml:"zh"`
	In        string   `yaml:"in"`
	Date      string   `yaml:"date"`
	Status    string   `yaml:"status"`
	Footnotes []int    `yaml:"footnotes"`
	Quote     string   `yaml:"quote"`
	Note      string   `yaml:"note"`
}

type tieDoc struct {
	ID        string `yaml:"id"`
	Type      string `yaml:"type"`
	From      string `yaml:"from"`
	To        string `yaml:"to"`
	Date      string `yaml:"date"`
	Status    string `yaml:"status"`
	Role      string `yaml:"role"`
	Footnotes []int  `yaml:"footnotes"`
	Reference bool   `yaml:"reference"`
	Quote     string `yaml:"quote"`
	Note      string `yaml:"note"`
}

type sourceDoc struct {
	N       int    `yaml:"n"`
	Chapter int    `yaml:"chapter"`
	Title   string `yaml:"title"`
	Author  string `yaml:"author"`
	Year    int    `yaml:"year"`
	URL     string `yaml:"url"`
}

var (
	entityFields = []string{"id", "label", "name", "country", "aliases", "ambiguous", "ru", "zh", "in", "date", "status", "footnotes", "quote", "note"}
	tieFields    = []string{"id", "type", "from", "to", "date", "status", "role", "footnotes", "reference", "quote", "note"}
	sourceFields = []string{"n", "chapter", "title", "author", "year", "url"}
	fileFields   = []string{"chapter", "title", "entities", "ties", "sources"}
)

// Embedded reads the dataset compiled into the binary: from its snapshot when
// the snapshot matches the embedded YAML, else from the YAML itself.
func Embedded() (*graph.Graph, error) {
	if g, ok := embeddedSnapshot(); ok {
		return g, nil
	}
	return Read(seeds.Files, "seeds")
}

// ReadDir reads the seed files in a directory on disk, such as a user's own
// additions passed with --seeds.
func ReadDir(dir string) (*graph.Graph, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("read seeds: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("read seeds: %s is not a directory", dir)
	}
	return readDirCached(dir)
}

// Read parses every *.yaml file of fsys strictly and builds the graph. name is
// how positions refer to the directory. All problems, parse and validation
// alike, come back together in a *graph.ValidationError.
func Read(fsys fs.FS, name string) (*graph.Graph, error) {
	s, problems, err := parseAll(fsys, name)
	if err != nil {
		return nil, err
	}
	return build(s.Entities, s.Ties, s.Sources, problems)
}

// build validates parsed facts into a graph, joining parse problems and
// validation problems into one *graph.ValidationError.
func build(entities []*graph.Entity, ties []*graph.Tie, sources []*graph.Source, problems []graph.Problem) (*graph.Graph, error) {
	g, err := graph.New(entities, ties, sources)
	var verr *graph.ValidationError
	switch {
	case err == nil && len(problems) == 0:
		return g, nil
	case err == nil:
		return nil, &graph.ValidationError{Problems: problems}
	case errors.As(err, &verr):
		return nil, &graph.ValidationError{Problems: append(problems, verr.Problems...)}
	}
	return nil, err
}

// yamlFiles lists the seed files of fsys in a stable order.
func yamlFiles(fsys fs.FS, name string) ([]string, error) {
	files, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, fmt.Errorf("read seeds %s: %w", name, err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("read seeds %s: no *.yaml files", name)
	}
	sort.Strings(files)
	return files, nil
}

// parseAll parses every seed file strictly, without validating across files.
func parseAll(fsys fs.FS, name string) (snapshot, []graph.Problem, error) {
	files, err := yamlFiles(fsys, name)
	if err != nil {
		return snapshot{}, nil, err
	}
	// Files parse in parallel (YAML parsing is most of a command's start-up);
	// results are joined in file order so ids and positions stay stable.
	type parsed struct {
		r        reader
		entities []*graph.Entity
		ties     []*graph.Tie
		sources  []*graph.Source
		err      error
	}
	results := make([]parsed, len(files))
	var wg sync.WaitGroup
	for i, f := range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := &results[i]
			data, err := fs.ReadFile(fsys, f)
			if err != nil {
				p.err = fmt.Errorf("read seeds %s: %w", f, err)
				return
			}
			p.r.file = path.Join(filepath.ToSlash(name), f)
			p.entities, p.ties, p.sources = p.r.parse(data)
		}()
	}
	wg.Wait()
	var (
		problems []graph.Problem
		entities []*graph.Entity
		ties     []*graph.Tie
		sources  []*graph.Source
	)
	for _, p := range results {
		if p.err != nil {
			return snapshot{}, nil, p.err
		}
		problems = append(problems, p.r.problems...)
		entities, ties, sources = append(entities, p.entities...), append(ties, p.ties...), append(sources, p.sources...)
	}
	return snapshot{Entities: entities, Ties: ties, Sources: sources}, problems, nil
}

type reader struct {
	file     string
	problems []graph.Problem
}

func (r *reader) problem(line int, format string, args ...any) {
	r.problems = append(r.problems, graph.Problem{Pos: graph.Pos{File: r.file, Line: line}, Msg: fmt.Sprintf(format, args...)})
}

// strict reports every mapping key of n that is not in allowed.
func (r *reader) strict(n *yaml.Node, what string, allowed []string) bool {
	if n.Kind != yaml.MappingNode {
		r.problem(n.Line, "%s must be a mapping", what)
		return false
	}
	ok := true
	for i := 0; i < len(n.Content); i += 2 {
		k := n.Content[i]
		found := false
		for _, a := range allowed {
			if k.Value == a {
				found = true
			}
		}
		if !found {
			r.problem(k.Line, "unknown field %q in %s (allowed: %s)", k.Value, what, strings.Join(allowed, ", "))
			ok = false
		}
	}
	return ok
}

func (r *reader) decode(n *yaml.Node, what string, v any) bool {
	if err := n.Decode(v); err != nil {
		msg := err.Error()
		var te *yaml.TypeError
		if errors.As(err, &te) {
			msg = strings.Join(te.Errors, "; ")
		}
		r.problem(n.Line, "%s: %s", what, strings.TrimPrefix(msg, "yaml: "))
		return false
	}
	return true
}

func (r *reader) parse(data []byte) ([]*graph.Entity, []*graph.Tie, []*graph.Source) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line := 0
		fmt.Sscanf(strings.TrimPrefix(err.Error(), "yaml: "), "line %d:", &line)
		r.problem(line, "%s", strings.TrimPrefix(err.Error(), "yaml: "))
		return nil, nil, nil
	}
	if len(doc.Content) == 0 {
		r.problem(1, "empty seed file")
		return nil, nil, nil
	}
	root := doc.Content[0]
	if !r.strict(root, "seed file", fileFields) {
		return nil, nil, nil
	}
	chapter := 0
	var entities []*graph.Entity
	var ties []*graph.Tie
	var sources []*graph.Source
	for i := 0; i < len(root.Content); i += 2 {
		if root.Content[i].Value == "chapter" {
			r.decode(root.Content[i+1], "chapter", &chapter)
		}
	}
	for i := 0; i < len(root.Content); i += 2 {
		key, val := root.Content[i].Value, root.Content[i+1]
		items := val.Content
		if key == "chapter" || key == "title" {
			continue
		}
		if val.Kind != yaml.SequenceNode {
			if val.Tag != "!!null" {
				r.problem(val.Line, "%s must be a list", key)
			}
			continue
		}
		for _, item := range items {
			switch key {
			case "entities":
				if e := r.entity(item, chapter); e != nil {
					entities = append(entities, e)
				}
			case "ties":
				if t := r.tie(item, chapter); t != nil {
					ties = append(ties, t)
				}
			case "sources":
				if s := r.source(item); s != nil {
					sources = append(sources, s)
				}
			}
		}
	}
	return entities, ties, sources
}

func (r *reader) date(line int, what, s string) graph.Date {
	d, err := graph.ParseDate(s)
	if err != nil {
		r.problem(line, "%s: %v", what, err)
	}
	return d
}

func (r *reader) entity(n *yaml.Node, chapter int) *graph.Entity {
	var d entityDoc
	if !r.strict(n, "entity", entityFields) || !r.decode(n, "entity", &d) {
		return nil
	}
	what := fmt.Sprintf("entity %q", d.ID)
	if d.ID == "" {
		r.problem(n.Line, "entity without an id")
		return nil
	}
	e := &graph.Entity{
		ID: d.ID, Label: d.Label, Name: d.Name, Country: d.Country,
		Aliases: d.Aliases, Ambiguous: d.Ambiguous, RU: d.RU, ZH: d.ZH, In: d.In,
		Date: r.date(n.Line, what, d.Date), Status: d.Status, Note: d.Note,
		Evidence: graph.Evidence{Chapter: chapter, Footnotes: d.Footnotes, Quote: strings.TrimSpace(d.Quote)},
		Pos:      graph.Pos{File: r.file, Line: n.Line},
	}
	return e
}

func (r *reader) tie(n *yaml.Node, chapter int) *graph.Tie {
	var d tieDoc
	if !r.strict(n, "tie", tieFields) || !r.decode(n, "tie", &d) {
		return nil
	}
	what := fmt.Sprintf("tie %s -%s-> %s", d.From, d.Type, d.To)
	return &graph.Tie{
		ID: d.ID, Type: d.Type, From: d.From, To: d.To,
		Date: r.date(n.Line, what, d.Date), Status: d.Status, Role: d.Role,
		Reference: d.Reference, Note: d.Note,
		Evidence: graph.Evidence{Chapter: chapter, Footnotes: d.Footnotes, Quote: strings.TrimSpace(d.Quote)},
		Pos:      graph.Pos{File: r.file, Line: n.Line},
	}
}

func (r *reader) source(n *yaml.Node) *graph.Source {
	var d sourceDoc
	if !r.strict(n, "source", sourceFields) || !r.decode(n, "source", &d) {
		return nil
	}
	if d.N <= 0 {
		r.problem(n.Line, "source without a footnote number n")
		return nil
	}
	return &graph.Source{N: d.N, Chapter: d.Chapter, Title: d.Title, Author: d.Author, Year: d.Year, URL: d.URL,
		Pos: graph.Pos{File: r.file, Line: n.Line}}
}
