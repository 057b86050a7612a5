package loader

import (
	"bytes"
	"errors"
	"io/fs"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/bcgraph/bcgraph/graph"
	"github.com/bcgraph/bcgraph/seeds"
)

// FuzzReadSeeds feeds arbitrary bytes to the reader as one seed file, seeded
// with every real seed file and the shapes that once broke it (testdata/fuzz).
// Whatever the input, reading must not panic or hang, must give the same
// answer twice, and must either build a graph or list a bounded number of
// one-line problems, each at a real line of the file.
func FuzzReadSeeds(f *testing.F) {
	files, err := fs.Glob(seeds.Files, "*.yaml")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		data, err := fs.ReadFile(seeds.Files, name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		f.Add(excerpt(data, 3))
	}
	f.Add([]byte(places + "---\n" + places))
	f.Add([]byte(places + "- id: x\n  in: x\n  name: &n X\n  label: *n\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{"x.yaml": &fstest.MapFile{Data: data}}
		g, err := Read(fsys, "f")
		g2, err2 := Read(fsys, "f")
		if (err == nil) != (err2 == nil) || (err != nil && err.Error() != err2.Error()) {
			t.Fatalf("two reads differ: %v, then %v", err, err2)
		}
		if err == nil {
			if !reflect.DeepEqual(g.Entities, g2.Entities) || !reflect.DeepEqual(g.Ties, g2.Ties) {
				t.Fatal("two reads give different graphs")
			}
			checkValidGraph(t, g)
			return
		}
		var verr *graph.ValidationError
		if !errors.As(err, &verr) {
			t.Fatalf("Read = %v, want a *graph.ValidationError", err)
		}
		if n := len(verr.Problems); n == 0 || n > maxProblems+1 {
			t.Fatalf("%d problems listed; want 1 to %d", n, maxProblems+1)
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		for _, p := range verr.Problems {
			if p.Pos.File != "f/x.yaml" || p.Pos.Line < 1 || p.Pos.Line > lines {
				t.Errorf("problem at %s, want f/x.yaml:1 to %d: %s", p.Pos, lines, p.Msg)
			}
			if s := p.String(); strings.ContainsAny(p.Msg, "\n\r") || len(s) > 1000 || !utf8.ValidString(s) || p.Msg == "" {
				t.Errorf("problem is not one readable line of UTF-8 under 1000 bytes: %.300q", s)
			}
		}
	})
}

// excerpt keeps the first n items of each top-level list of a seed file: a
// small real file, which the fuzzer mutates far faster than a whole one.
func excerpt(data []byte, n int) []byte {
	var out []byte
	items := 0
	for _, line := range bytes.SplitAfter(data, []byte("\n")) {
		switch {
		case bytes.HasPrefix(line, []byte("- ")):
			items++
		case len(line) > 0 && line[0] != ' ' && line[0] != '#':
			items = 0 // a top-level key starts the next list
		}
		if items <= n {
			out = append(out, line...)
		}
	}
	return out
}

// checkValidGraph checks what validation promises of a graph it accepted:
// every end and footnote resolves, and every location chain ends.
func checkValidGraph(t *testing.T, g *graph.Graph) {
	t.Helper()
	for _, tie := range g.Ties {
		if g.Entity(tie.From) == nil || g.Entity(tie.To) == nil {
			t.Fatalf("accepted tie %s has an unknown end", tie.ID)
		}
		for _, n := range tie.Footnotes {
			if g.Sources[n] == nil {
				t.Fatalf("accepted tie %s cites missing footnote %d", tie.ID, n)
			}
		}
	}
	for _, e := range g.Entities {
		// LocationChain stops where it would revisit an ancestor; without a
		// cycle it stops only at an entity placed nowhere.
		top := e
		if chain := g.LocationChain(e.ID); len(chain) > 0 {
			top = chain[len(chain)-1]
		}
		if p := g.Parent(top.ID); p != "" {
			t.Fatalf("accepted graph places %s within itself (its chain loops at %s -> %s)", e.ID, top.ID, p)
		}
	}
}
