// Command gen writes the graphs bench/peers.sh measures bcgraph and its
// peers on: copies of the embedded dataset made by graph.Replicate, as a
// --seeds folder and as edge lists every tool reads alike (links.tsv, the
// link graph; ties.tsv, every tie; chains.tsv, every tie with what the path
// rule needs). With -time it
// instead times bcgraph's in-process analyses on a seeds folder (the numbers
// a Go benchmark gives, printed as JSON for the script).
//
//	go run ./bench/gen -out DIR -copies 10,37,100
//	go run ./bench/gen -time DIR/x100/seeds -from bntu-c0 -to gansu-c99
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/bcgraph/bcgraph/graph"
	"github.com/bcgraph/bcgraph/loader"
)

func main() {
	out := flag.String("out", "", "write xN/ folders (seeds/, links.tsv, ties.tsv) under `DIR`")
	copies := flag.String("copies", "10,37,100", "comma-separated replica counts")
	timeDir := flag.String("time", "", "time the in-process analyses on the seeds folder `DIR`")
	from := flag.String("from", "bntu-c0", "path source for -time")
	to := flag.String("to", "gansu-c99", "path target for -time")
	flag.Parse()
	var err error
	switch {
	case *out != "":
		err = generate(*out, *copies)
	case *timeDir != "":
		err = timeAnalyses(*timeDir, *from, *to)
	default:
		err = fmt.Errorf("give -out or -time (see -help)")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func generate(dir, copies string) error {
	real, err := loader.Embedded()
	if err != nil {
		return err
	}
	for _, c := range strings.Split(copies, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(c))
		if err != nil || n < 1 {
			return fmt.Errorf("bad -copies entry %q", c)
		}
		g, err := graph.Replicate(real, n, 1)
		if err != nil {
			return fmt.Errorf("replicate x%d: %w", n, err)
		}
		d := filepath.Join(dir, fmt.Sprintf("x%d", n))
		if err := writeSeeds(filepath.Join(d, "seeds"), g); err != nil {
			return err
		}
		ids, edges, _, _ := g.LinkGraph(graph.Window{})
		if err := writeEdges(filepath.Join(d, "links.tsv"), ids, edges); err != nil {
			return err
		}
		// Communities and paths run on every tie, DefaultExcluded left out
		// (a replica's countries are belarus-cN and china-cN, which it does
		// not name, so there they stay in, as in bcgraph's own benchmarks).
		tids, tedges := tieGraph(g, func(id string) bool { return contains(graph.DefaultExcluded(), id) })
		if err := writeEdges(filepath.Join(d, "ties.tsv"), tids, tedges); err != nil {
			return err
		}
		if err := writeSteps(filepath.Join(d, "chains.tsv"), g, func(id string) bool { return contains(graph.DefaultExcluded(), id) }); err != nil {
			return err
		}
		fmt.Printf("x%d: %d entities, %d ties; link graph %d nodes, %d edges\n", n, len(g.Entities), len(g.Ties), len(ids), len(edges))
	}
	return nil
}

// tieGraph is the undirected simple graph of every tie whose ends are not
// excluded, as Communities and Paths see it; nodes without ties are left out.
func tieGraph(g *graph.Graph, excluded func(string) bool) ([]string, [][2]string) {
	seen := map[[2]string]bool{}
	deg := map[string]int{}
	var edges [][2]string
	for _, t := range g.Ties {
		a, b := t.From, t.To
		if a == b || excluded(a) || excluded(b) {
			continue
		}
		if b < a {
			a, b = b, a
		}
		if k := [2]string{a, b}; !seen[k] {
			seen[k] = true
			edges = append(edges, k)
			deg[a]++
			deg[b]++
		}
	}
	var ids []string
	for _, e := range g.Entities {
		if deg[e.ID] > 0 {
			ids = append(ids, e.ID)
		}
	}
	return ids, edges
}

// writeSteps writes what the path rule needs to know of every tie whose
// ends are not excluded: "node\tID" lines for every entity with one, then
// "A\tB\tup" where A lies in, was held in or is part of place B (a placing
// tie, see graph.Graph.Placing) and "A\tB\tcross" for any other tie, each
// once. A peer builds the (entity, phase) graph of chains.go from it.
func writeSteps(path string, g *graph.Graph, excluded func(string) bool) error {
	seen := map[[3]string]bool{}
	has := map[string]bool{}
	var b strings.Builder
	var lines []string
	for _, t := range g.Ties {
		x, y := t.From, t.To
		if x == y || excluded(x) || excluded(y) {
			continue
		}
		kind := "up"
		if !g.Placing(t) {
			kind = "cross"
			if y < x {
				x, y = y, x
			}
		}
		if k := [3]string{x, y, kind}; !seen[k] {
			seen[k] = true
			has[x], has[y] = true, true
			lines = append(lines, x+"\t"+y+"\t"+kind+"\n")
		}
	}
	for _, e := range g.Entities {
		if has[e.ID] {
			fmt.Fprintf(&b, "node\t%s\n", e.ID)
		}
	}
	for _, l := range lines {
		b.WriteString(l)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// writeEdges writes "node\tID" lines for every node, then "A\tB" per edge.
func writeEdges(path string, ids []string, edges [][2]string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	var b strings.Builder
	for _, id := range ids {
		fmt.Fprintf(&b, "node\t%s\n", id)
	}
	for _, e := range edges {
		fmt.Fprintf(&b, "%s\t%s\n", e[0], e[1])
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

type entityDoc struct {
	ID        string   `yaml:"id"`
	Label     string   `yaml:"label"`
	Name      string   `yaml:"name"`
	Country   string   `yaml:"country,omitempty"`
	Aliases   []string `yaml:"aliases,omitempty"`
	Ambiguous []string `yaml:"ambiguous,omitempty"`
	RU        string   `yaml:"ru,omitempty"`
	ZH        string   `yaml:"zh,omitempty"`
	In        string   `yaml:"in,omitempty"`
	Date      string   `yaml:"date,omitempty"`
	Status    string   `yaml:"status,omitempty"`
	Footnotes []int    `yaml:"footnotes,omitempty,flow"`
	Quote     string   `yaml:"quote,omitempty"`
	Note      string   `yaml:"note,omitempty"`
}

type tieDoc struct {
	Type      string `yaml:"type"`
	From      string `yaml:"from"`
	To        string `yaml:"to"`
	Date      string `yaml:"date,omitempty"`
	Status    string `yaml:"status,omitempty"`
	Role      string `yaml:"role,omitempty"`
	Footnotes []int  `yaml:"footnotes,omitempty,flow"`
	Reference bool   `yaml:"reference,omitempty"`
	Quote     string `yaml:"quote,omitempty"`
	Note      string `yaml:"note,omitempty"`
}

type sourceDoc struct {
	N       int    `yaml:"n"`
	Chapter int    `yaml:"chapter,omitempty"`
	Title   string `yaml:"title"`
	Author  string `yaml:"author,omitempty"`
	Year    int    `yaml:"year,omitempty"`
	URL     string `yaml:"url,omitempty"`
}

type fileDoc struct {
	Chapter  int         `yaml:"chapter,omitempty"`
	Entities []entityDoc `yaml:"entities,omitempty"`
	Ties     []tieDoc    `yaml:"ties,omitempty"`
	Sources  []sourceDoc `yaml:"sources,omitempty"`
}

// writeSeeds writes g as seed YAML, one file per chapter (chapter 0, the
// places and organizations, in entities.yaml), reference ties left to `in`.
func writeSeeds(dir string, g *graph.Graph) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	files := map[int]*fileDoc{}
	file := func(ch int) *fileDoc {
		if files[ch] == nil {
			files[ch] = &fileDoc{Chapter: ch}
		}
		return files[ch]
	}
	for _, e := range g.Entities {
		f := file(e.Chapter)
		f.Entities = append(f.Entities, entityDoc{e.ID, e.Label, e.Name, e.Country, e.Aliases, e.Ambiguous, e.RU, e.ZH, e.In,
			e.Date.String(), e.Status, e.Footnotes, e.Quote, e.Note})
	}
	for _, t := range g.Ties {
		if t.Reference && t.Quote == "" && g.Entity(t.From).In == t.To {
			continue // derived again from in
		}
		f := file(t.Chapter)
		f.Ties = append(f.Ties, tieDoc{t.Type, t.From, t.To, t.Date.String(), t.Status, t.Role, t.Footnotes, t.Reference, t.Quote, t.Note})
	}
	var srcs []sourceDoc
	for _, s := range g.Sources {
		srcs = append(srcs, sourceDoc{s.N, s.Chapter, s.Title, s.Author, s.Year, s.URL})
	}
	sort.Slice(srcs, func(i, j int) bool { return srcs[i].N < srcs[j].N })
	write := func(name string, doc any) error {
		data, err := yaml.Marshal(doc)
		if err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
		return os.WriteFile(filepath.Join(dir, name), data, 0o644)
	}
	if err := write("sources.yaml", fileDoc{Sources: srcs}); err != nil {
		return err
	}
	for ch, f := range files {
		name := fmt.Sprintf("ch%d.yaml", ch)
		if ch == 0 {
			name = "entities.yaml"
		}
		if err := write(name, f); err != nil {
			return err
		}
	}
	return nil
}

// timeAnalyses prints, as JSON, the in-process time of each analysis on
// the dataset in dir: the best of a few runs after a warm-up, as a Go
// benchmark would report it.
func timeAnalyses(dir, from, to string) error {
	ctx := context.Background()
	g, err := loader.ReadDir(dir)
	if err != nil {
		return err
	}
	best := func(runs int, f func() error) (float64, error) {
		if err := f(); err != nil { // warm-up: caches, page faults
			return 0, err
		}
		b := -1.0
		for i := 0; i < runs; i++ {
			start := time.Now()
			if err := f(); err != nil {
				return 0, err
			}
			if s := time.Since(start).Seconds(); b < 0 || s < b {
				b = s
			}
		}
		return b, nil
	}
	res := map[string]any{}
	opt := graph.PathOptions{Exclude: graph.DefaultExcluded()}
	var all, yen []graph.Path
	t, err := best(5, func() (err error) { all, err = g.Paths(ctx, from, to, opt); return err })
	if err != nil {
		return fmt.Errorf("all shortest paths: %w", err)
	}
	res["all_shortest_s"], res["all_shortest"] = t, pathIDs(all)
	opt.K = 5
	t, err = best(5, func() (err error) { yen, err = g.Paths(ctx, from, to, opt); return err })
	if err != nil {
		return fmt.Errorf("yen: %w", err)
	}
	res["yen5_s"], res["yen5"] = t, pathIDs(yen)
	var q float64
	var comms []graph.Community
	t, err = best(3, func() (err error) { comms, q, err = g.Communities(ctx, graph.CommunitySeed); return err })
	if err != nil {
		return fmt.Errorf("louvain: %w", err)
	}
	res["louvain_s"], res["louvain_q"], res["louvain_communities"] = t, q, len(comms)
	return json.NewEncoder(os.Stdout).Encode(res)
}

func pathIDs(ps []graph.Path) [][]string {
	out := [][]string{}
	for _, p := range ps {
		var ids []string
		for _, n := range p.Nodes {
			ids = append(ids, n.ID)
		}
		out = append(out, ids)
	}
	return out
}
