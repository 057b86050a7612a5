package loader

import (
	"errors"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/bcgraph/bcgraph/graph"
)

func problemsOf(t *testing.T, err error) string {
	t.Helper()
	var verr *graph.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("want a *graph.ValidationError, got %v", err)
	}
	var lines []string
	for _, p := range verr.Problems {
		lines = append(lines, p.String())
	}
	return strings.Join(lines, "\n")
}

func TestReadNamesFileAndLineOfEveryProblem(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{
			name:  "unknown field",
			files: map[string]string{"a.yaml": "entities:\n- id: minsk\n  label: City\n  name: Minsk\n  populaton: 2000000\n"},
			want:  []string{`my/a.yaml:5: unknown field "populaton" in entity`},
		},
		{
			name:  "malformed yaml",
			files: map[string]string{"b.yaml": "entities:\n- id: minsk\n  label: [City\n"},
			want:  []string{"my/b.yaml:"},
		},
		{
			name:  "wrong type",
			files: map[string]string{"c.yaml": "chapter: 1\nties:\n- type: PARTY_TO\n  from: a\n  to: b\n  footnotes: twelve\n  quote: q\n"},
			want:  []string{"my/c.yaml:3: tie:"},
		},
		{
			name: "bad date and dangling end, reported together",
			files: map[string]string{
				"d.yaml": "entities:\n- id: a\n  label: City\n  name: A\nties:\n- type: VISITED\n  from: a\n  to: b\n  date: \"2019-13\"\n  quote: q\n",
			},
			want: []string{`my/d.yaml:6: tie a -VISITED-> b: date "2019-13": month out of range`, `my/d.yaml:6: tie a -VISITED-> b: "b" is not a known entity`},
		},
		{
			name:  "unknown top-level key",
			files: map[string]string{"e.yaml": "entitys: []\n"},
			want:  []string{`my/e.yaml:1: unknown field "entitys" in seed file`},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, content := range tc.files {
				fsys[name] = &fstest.MapFile{Data: []byte(content)}
			}
			_, err := Read(fsys, "my")
			got := problemsOf(t, err)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("problems lack %q; got:\n%s", w, got)
				}
			}
		})
	}
}

func TestReadDirRejectsAMissingDirectory(t *testing.T) {
	if _, err := ReadDir("no/such/dir"); err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("ReadDir(missing) = %v, want a not-exist error", err)
	}
}

func TestEmbeddedDatasetIsValid(t *testing.T) {
	g, err := Embedded()
	if err != nil {
		t.Fatalf("embedded dataset: %v", err)
	}
	s := g.Count()
	// The book names on the order of 300 entities and 400+ stated ties; far
	// fewer means seed files went missing from the embed.
	if s.Entities < 300 || s.BookTies < 400 || s.Sources != 122 {
		t.Fatalf("embedded dataset too small: %d entities, %d book ties, %d sources", s.Entities, s.BookTies, s.Sources)
	}
}

// TestEveryQuoteIsVerbatimInTheBook runs wherever the book is beside the
// project; in CI (where it always is) a missing book is a failure, not a skip.
func TestEveryQuoteIsVerbatimInTheBook(t *testing.T) {
	path, err := FindBook()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI must check quotes against the book: %v", err)
		}
		t.Skipf("book not found (%v): set BCGRAPH_BOOK to check quotes", err)
	}
	book, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	g, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range g.CheckQuotes(string(book)) {
		t.Error(p)
	}
}
