package loader

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

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

// A small valid dataset for cases to break: two places and a tie between them.
const (
	places   = "entities:\n- id: minsk\n  label: City\n  name: Minsk\n- id: gansu\n  label: Province\n  name: Gansu\n  country: CN\n"
	chapter1 = "chapter: 1\nties:\n- type: TWINNED_WITH\n  from: minsk\n  to: gansu\n  quote: q\n"
)

func mapFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, content := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(content)}
	}
	return fsys
}

// TestReadNamesFileAndLineOfEveryProblem: each wanted line is a substring of
// one problem; count, when set, is how many problems there must be in all, so
// that a case also proves its problem is reported once, without a cascade.
func TestReadNamesFileAndLineOfEveryProblem(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  []string
		count int
	}{
		{
			name:  "unknown field",
			files: map[string]string{"a.yaml": "entities:\n- id: minsk\n  label: City\n  name: Minsk\n  populaton: 2000000\n"},
			want:  []string{`my/a.yaml:5: unknown field "populaton" in entity`},
			count: 1,
		},
		{
			name:  "malformed yaml",
			files: map[string]string{"b.yaml": "entities:\n- id: minsk\n  label: [City\n"},
			want:  []string{"my/b.yaml:2: YAML: did not find expected ',' or ']'"},
			count: 1,
		},
		{
			name:  "wrong type",
			files: map[string]string{"c.yaml": places + "ties:\n- type: PARTY_TO\n  from: minsk\n  to: gansu\n  footnotes: twelve\n  quote: q\n"},
			want:  []string{`my/c.yaml:13: tie minsk -PARTY_TO-> gansu: footnotes must be a list, not "twelve"`},
			count: 1,
		},
		{
			name: "bad date and dangling end, reported together",
			files: map[string]string{
				"d.yaml": "entities:\n- id: a\n  label: City\n  name: A\nties:\n- type: VISITED\n  from: a\n  to: b\n  date: \"2019-13\"\n  quote: q\n",
			},
			want:  []string{`my/d.yaml:9: tie a -VISITED-> b: date "2019-13": month out of range`, `my/d.yaml:6: tie a -VISITED-> b: "b" is not a known entity`},
			count: 2,
		},
		{
			name:  "unknown top-level key",
			files: map[string]string{"e.yaml": "entitys: []\n"},
			want:  []string{`my/e.yaml:1: unknown field "entitys" in seed file`},
			count: 1,
		},
		{
			name:  "a .yml file is not read, and says so",
			files: map[string]string{"places.yaml": places, "extra.yml": "entities:\n- id: x\n"},
			want:  []string{"my/extra.yml:1: seed files end in .yaml: rename this one to extra.yaml (it was not read)"},
			count: 1,
		},
		{
			name:  "an upper-case .YAML is not read, and says so",
			files: map[string]string{"places.yaml": places, "CH1.YAML": chapter1},
			want:  []string{"my/CH1.YAML:1: seed files end in .yaml: rename this one to CH1.yaml"},
			count: 1,
		},
		{
			name:  "a second document after ---",
			files: map[string]string{"places.yaml": places + "---\nentities:\n- id: lost\n  label: City\n  name: Lost\n"},
			want:  []string{"my/places.yaml:9: a second YAML document starts here (after ---): a seed file holds one document"},
			count: 1,
		},
		{
			name:  "an empty second document",
			files: map[string]string{"places.yaml": places + "---\n"},
			want:  []string{"my/places.yaml:9: a second YAML document starts here"},
			count: 1,
		},
		{
			name:  "a file of only --- is empty, at its only line",
			files: map[string]string{"places.yaml": places, "empty.yaml": "---"},
			want:  []string{"my/empty.yaml:1: empty seed file"},
			count: 1,
		},
		{
			name:  "a leading --- is one document",
			files: map[string]string{"places.yaml": "---\n" + places},
		},
		{
			name:  "chapter twice at the top",
			files: map[string]string{"places.yaml": places, "ch1.yaml": chapter1 + "chapter: 2\n"},
			want:  []string{`my/ch1.yaml:7: duplicate field "chapter" in seed file (first at line 1)`},
			count: 1,
		},
		{
			name:  "a list twice at the top",
			files: map[string]string{"places.yaml": places + "entities: []\n"},
			want:  []string{`my/places.yaml:9: duplicate field "entities" in seed file (first at line 1)`},
			count: 1,
		},
		{
			name: "a second list at the top is not read, and what it defines is not missed elsewhere",
			files: map[string]string{"places.yaml": "entities:\n- id: minsk\n  label: City\n  name: Minsk\nentities:\n- id: gansu\n  label: Province\n  name: Gansu\n",
				"ch1.yaml": chapter1},
			want:  []string{`my/places.yaml:5: duplicate field "entities" in seed file (first at line 1)`},
			count: 1,
		},
		{
			name:  "a field twice in an entity",
			files: map[string]string{"places.yaml": places + "- id: brest\n  label: City\n  name: Brest\n  name: Brest-Litovsk\n"},
			want:  []string{`my/places.yaml:12: duplicate field "name" in entity (first at line 11)`},
			count: 1,
		},
		{
			name:  "a field twice in a tie",
			files: map[string]string{"places.yaml": places, "ch1.yaml": chapter1 + "  to: minsk\n"},
			want:  []string{`my/ch1.yaml:7: duplicate field "to" in tie (first at line 5)`},
			count: 1,
		},
		{
			name:  "a field twice in a source",
			files: map[string]string{"places.yaml": places, "sources.yaml": "sources:\n- n: 1\n  chapter: 1\n  title: T\n  n: 2\n"},
			want:  []string{`my/sources.yaml:5: duplicate field "n" in source (first at line 2)`},
			count: 1,
		},
		{
			name:  "a negative chapter",
			files: map[string]string{"places.yaml": places, "ch1.yaml": strings.Replace(chapter1, "chapter: 1", "chapter: -1", 1)},
			want:  []string{"my/ch1.yaml:1: chapter -1: the book has chapters 1 to 5"},
			count: 1,
		},
		{
			name:  "chapter zero",
			files: map[string]string{"places.yaml": places, "ch1.yaml": strings.Replace(chapter1, "chapter: 1", "chapter: 0", 1)},
			want:  []string{"my/ch1.yaml:1: chapter 0: the book has chapters 1 to 5"},
			count: 1,
		},
		{
			name:  "a chapter past the last",
			files: map[string]string{"places.yaml": places, "ch1.yaml": strings.Replace(chapter1, "chapter: 1", "chapter: 6", 1)},
			want:  []string{"my/ch1.yaml:1: chapter 6: the book has chapters 1 to 5"},
			count: 1,
		},
		{
			name:  "a chapter that is no number",
			files: map[string]string{"places.yaml": places, "ch1.yaml": strings.Replace(chapter1, "chapter: 1", "chapter: one", 1)},
			want:  []string{`my/ch1.yaml:1: chapter: want a whole number, not "one"`},
			count: 1,
		},
		{
			name:  "a chapter left empty",
			files: map[string]string{"places.yaml": places, "ch1.yaml": strings.Replace(chapter1, "chapter: 1", "chapter:", 1)},
			want:  []string{"my/ch1.yaml:1: chapter 0: the book has chapters 1 to 5"},
			count: 1,
		},
		{
			name:  "a source dated after the book",
			files: map[string]string{"places.yaml": places, "sources.yaml": "sources:\n- n: 1\n  chapter: 1\n  title: T\n  year: 2031\n"},
			want:  []string{"my/sources.yaml:2: source 1 is dated 2031; the book (2020) cites only sources from 1900 to 2020"},
			count: 1,
		},
		{
			name:  "a footnote number twice",
			files: map[string]string{"places.yaml": places, "sources.yaml": "sources:\n- n: 1\n  chapter: 1\n  title: T\n- n: 1\n  chapter: 1\n  title: U\n"},
			want:  []string{"my/sources.yaml:5: duplicate footnote 1 (first defined at my/sources.yaml:2)"},
			count: 1,
		},
		{
			name:  "the same tie twice",
			files: map[string]string{"places.yaml": places, "ch1.yaml": chapter1 + strings.TrimPrefix(chapter1, "chapter: 1\nties:\n")},
			want:  []string{"my/ch1.yaml:7: tie minsk -TWINNED_WITH-> gansu repeats the tie at my/ch1.yaml:3"},
			count: 1,
		},
		{
			name: "a cycle of in:",
			files: map[string]string{"places.yaml": "entities:\n- id: minsk\n  label: City\n  name: Minsk\n  in: belarus\n" +
				"- id: belarus\n  label: Country\n  name: Belarus\n  in: minsk\n"},
			want:  []string{"my/places.yaml:2: location cycle: minsk -in-> belarus -in-> minsk"},
			count: 1,
		},
		{
			name:  "a 100 KB id",
			files: map[string]string{"places.yaml": places + "- id: " + strings.Repeat("x", 100<<10) + "\n  label: City\n  name: X\n"},
			want:  []string{"my/places.yaml:9: entity \"" + strings.Repeat("x", 60) + "… (102400 bytes)\": id is 102400 bytes long; at most 100"},
			count: 1,
		},
		{
			name:  "a 100 KB date is not echoed",
			files: map[string]string{"places.yaml": places, "ch1.yaml": chapter1 + "  date: " + strings.Repeat("2", 100<<10) + "\n"},
			want:  []string{"my/ch1.yaml:7: tie minsk -TWINNED_WITH-> gansu: date \"" + strings.Repeat("2", 60) + "… (102400 bytes)\": want YYYY"},
			count: 1,
		},
		{
			name:  "a 100 KB explicit tie id",
			files: map[string]string{"places.yaml": places, "ch1.yaml": chapter1 + "  id: " + strings.Repeat("t", 100<<10) + "\n"},
			want:  []string{"my/ch1.yaml:7: tie minsk -TWINNED_WITH-> gansu: id is 102400 bytes long; at most 264"},
			count: 1,
		},
		{
			name:  "invalid UTF-8: its line and column, and no cascade from the file it spoils",
			files: map[string]string{"places.yaml": strings.Replace(places, "name: Gansu", "name: Gan\xffsu", 1), "ch1.yaml": chapter1},
			want:  []string{"my/places.yaml:7: column 12: invalid UTF-8 (byte 0xff): seed files must be UTF-8"},
			count: 1,
		},
		{
			name:  "a control character: its line and column, and no cascade",
			files: map[string]string{"places.yaml": strings.Replace(places, "name: Minsk", "name: Min\x07sk", 1), "ch1.yaml": chapter1},
			want:  []string{"my/places.yaml:4: column 12: control character U+0007 is not allowed in YAML"},
			count: 1,
		},
		{
			name:  "a syntax error spoils its file without a cascade",
			files: map[string]string{"places.yaml": places + "- id: [broken\n", "ch1.yaml": chapter1},
			want:  []string{"my/places.yaml:"},
			count: 1,
		},
		{
			name:  "an alias is refused where it is used",
			files: map[string]string{"places.yaml": places + "- id: brest\n  label: &city City\n  name: Brest\n- id: pinsk\n  label: *city\n  name: Pinsk\n"},
			want:  []string{"my/places.yaml:13: entity \"pinsk\": label: YAML aliases (*city) are not allowed in seed files"},
			count: 1,
		},
		{
			name:  "an unknown alias is found on its line",
			files: map[string]string{"places.yaml": places + "- id: brest\n  label: *nothing\n"},
			want:  []string{"my/places.yaml:10: YAML: unknown anchor 'nothing' referenced"},
			count: 1,
		},
		{
			name:  "a date range, approximate date, restatement and inference are read",
			files: map[string]string{"places.yaml": places, "ch1.yaml": "chapter: 1\nties:\n- type: TWINNED_WITH\n  from: minsk\n  to: gansu\n  date: 2014/2015-06\n  approx: true\n  quote: q\n  also:\n  - chapter: 3\n    quote: r\n  inferred: true\n  note: the book pairs them by word order\n"},
		},
		{
			name:  "a range that ends before it starts",
			files: map[string]string{"places.yaml": places, "ch1.yaml": "chapter: 1\nties:\n- type: TWINNED_WITH\n  from: minsk\n  to: gansu\n  date: 2015/2014\n  quote: q\n"},
			want:  []string{`my/ch1.yaml:6: tie minsk -TWINNED_WITH-> gansu: date "2015/2014": the range must end after it starts`},
			count: 1,
		},
		{
			name:  "a range with one end",
			files: map[string]string{"places.yaml": places, "ch1.yaml": "chapter: 1\nties:\n- type: TWINNED_WITH\n  from: minsk\n  to: gansu\n  date: 2015/\n  quote: q\n"},
			want:  []string{`my/ch1.yaml:6: tie minsk -TWINNED_WITH-> gansu: date "2015/": a range needs both ends`},
			count: 1,
		},
		{
			name:  "inferred without a note",
			files: map[string]string{"places.yaml": places, "ch1.yaml": chapter1 + "  inferred: true\n"},
			want:  []string{`my/ch1.yaml:3: tie minsk -TWINNED_WITH-> gansu is inferred but has no note`},
			count: 1,
		},
		{
			name:  "approx without a date",
			files: map[string]string{"places.yaml": places, "ch1.yaml": chapter1 + "  approx: true\n"},
			want:  []string{`my/ch1.yaml:3: tie minsk -TWINNED_WITH-> gansu is marked approx but has no date`},
			count: 1,
		},
		{
			name:  "a restatement without a quote, with an unknown field",
			files: map[string]string{"places.yaml": places, "ch1.yaml": chapter1 + "  also:\n  - footnotes: [1]\n    page: 4\n"},
			want: []string{`my/ch1.yaml:9: unknown field "page" in tie minsk -TWINNED_WITH-> gansu: also`,
				`my/ch1.yaml:3: tie minsk -TWINNED_WITH-> gansu: also: statement 1 has no quote`,
				`my/ch1.yaml:3: tie minsk -TWINNED_WITH-> gansu: also: statement 1 cites footnote 1, which is not in the sources`},
			count: 3,
		},
		{
			name:  "SIGNED_AT from a place",
			files: map[string]string{"places.yaml": places, "ch1.yaml": "chapter: 1\nties:\n- type: SIGNED_AT\n  from: minsk\n  to: gansu\n  quote: q\n"},
			want:  []string{`my/ch1.yaml:3: tie minsk -SIGNED_AT-> gansu: SIGNED_AT goes from an Agreement or Program to the Event it was signed at, not from a City to a Province`},
			count: 1,
		},
		{
			name:  "an entity that is a list",
			files: map[string]string{"places.yaml": places + "- [brest, City]\n"},
			want:  []string{"my/places.yaml:9: entity must be a mapping of field: value, not a list"},
			count: 1,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read(mapFS(tc.files), "my")
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatalf("Read = %v, want no problem", err)
				}
				return
			}
			got := problemsOf(t, err)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("problems lack %q; got:\n%.3000s", w, got)
				}
			}
			if n := strings.Count(got, "\n") + 1; tc.count > 0 && n != tc.count {
				t.Errorf("got %d problems, want %d:\n%.3000s", n, tc.count, got)
			}
		})
	}
}

// TestReadListsAtMostAHundredProblems: a file of a thousand bad entities gets
// the first hundred problems and a count of the rest, not a thousand lines.
func TestReadListsAtMostAHundredProblems(t *testing.T) {
	var b strings.Builder
	b.WriteString("entities:\n")
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&b, "- id: e%d\n  label: Planet\n  name: E%d\n", i, i)
	}
	_, err := Read(mapFS(map[string]string{"a.yaml": b.String()}), "my")
	var verr *graph.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("Read = %v, want a *graph.ValidationError", err)
	}
	if n := len(verr.Problems); n != maxProblems+1 {
		t.Fatalf("got %d problems, want %d listed and one counting the rest", n, maxProblems)
	}
	if last := verr.Problems[maxProblems].String(); last != "my/a.yaml:302: … and 900 more problems from here on, not listed (a list stops at 100)" {
		t.Errorf("last problem = %q", last)
	}
}

// TestReadIgnoresFilesThatAreNotSeedFiles: a seed folder may hold notes, the
// snapshot, editors' hidden files and subfolders beside the *.yaml.
func TestReadIgnoresFilesThatAreNotSeedFiles(t *testing.T) {
	fsys := mapFS(map[string]string{
		"places.yaml": places, "ch1.yaml": chapter1,
		"README.md": "# notes\n", "dataset.snapshot": "\x00\xff", "seeds.go": "package seeds\n",
		".#ch1.yaml": "a lock file", ".ch1.yaml.swp": "\x00", "old/ch1.yaml": "broken: [",
	})
	g, err := Read(fsys, "my")
	if err != nil {
		t.Fatalf("Read = %v", err)
	}
	if len(g.Entities) != 2 || len(g.Ties) != 1 {
		t.Fatalf("read %d entities and %d ties, want 2 and 1", len(g.Entities), len(g.Ties))
	}
}

// growingFS serves one file that Stat calls small but whose reads never end,
// like a device behind a file that changed after Stat; sizes, when set, are
// what Stat reports for each file, with no data behind them.
type growingFS struct{ sizes map[string]int64 }

type fakeInfo struct {
	name string
	size int64
}

func (i fakeInfo) Name() string       { return i.name }
func (i fakeInfo) Size() int64        { return i.size }
func (i fakeInfo) Mode() fs.FileMode  { return 0o644 }
func (i fakeInfo) ModTime() time.Time { return time.Time{} }
func (i fakeInfo) IsDir() bool        { return false }
func (i fakeInfo) Sys() any           { return nil }

type endless struct{ info fakeInfo }

func (e endless) Stat() (fs.FileInfo, error) { return e.info, nil }
func (e endless) Close() error               { return nil }
func (e endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = '#'
	}
	return len(p), nil
}

func (g growingFS) Open(name string) (fs.File, error) {
	if name == "." {
		return nil, fs.ErrInvalid // fs.ReadDir uses ReadDir below
	}
	size, ok := g.sizes[name]
	if !ok {
		return nil, fs.ErrNotExist
	}
	return endless{fakeInfo{name, size}}, nil
}

func (g growingFS) ReadDir(string) ([]fs.DirEntry, error) {
	var out []fs.DirEntry
	for name, size := range g.sizes {
		out = append(out, fs.FileInfoToDirEntry(fakeInfo{name, size}))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

func TestReadRefusesWhatCouldHangOrNeverEnd(t *testing.T) {
	nine := map[string]int64{}
	for i := 0; i < 9; i++ {
		nine[fmt.Sprintf("ch%d.yaml", i)] = MaxSeedFileSize
	}
	for _, tc := range []struct {
		name string
		fsys fs.FS
		kind error
		want string
	}{
		{"a named pipe", fstest.MapFS{"x.yaml": {Mode: fs.ModeNamedPipe}}, ErrNotRegular,
			"read seeds my/x.yaml: not a regular file (a named pipe): seed files must be regular files"},
		{"a device", fstest.MapFS{"z.yaml": {Mode: fs.ModeDevice | fs.ModeCharDevice}}, ErrNotRegular,
			"read seeds my/z.yaml: not a regular file (a device): seed files must be regular files"},
		{"a socket", fstest.MapFS{"s.yaml": {Mode: fs.ModeSocket}}, ErrNotRegular,
			"read seeds my/s.yaml: not a regular file (a socket): seed files must be regular files"},
		{"a folder named .yaml", fstest.MapFS{"d.yaml/ch1.yaml": {Data: []byte(chapter1)}}, ErrNotRegular,
			"read seeds my/d.yaml: not a regular file (a directory): seed files must be regular files"},
		{"a file over 8 MiB", fstest.MapFS{"big.yaml": {Data: make([]byte, MaxSeedFileSize+1)}}, ErrTooLarge,
			"read seeds my/big.yaml: too large: 8.0 MiB, a seed file may hold at most 8 MiB"},
		{"a file that grows past 8 MiB after Stat", growingFS{map[string]int64{"a.yaml": 10}}, ErrTooLarge,
			"read seeds my/a.yaml: too large: a seed file may hold at most 8 MiB"},
		{"files over 64 MiB together", growingFS{nine}, ErrTooLarge,
			"read seeds my: too large: the seed files hold 72 MiB together, at most 64 MiB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			done := make(chan error, 1)
			go func() { _, err := Read(tc.fsys, "my"); done <- err }()
			var err error
			select {
			case err = <-done:
			case <-time.After(20 * time.Second):
				t.Fatal("Read did not return within 20 s")
			}
			if !errors.Is(err, tc.kind) || err.Error() != tc.want {
				t.Fatalf("Read = %v, want %q (wrapping %v)", err, tc.want, tc.kind)
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
	book := bookText(t, "quotes")
	g, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range g.CheckQuotes(book) {
		t.Error(p)
	}
}

// TestEmbeddedDatasetHasNoWarnings keeps validate's warnings from coming
// back: a restated fact as a second tie, a tie citing the footnote of
// another fact of its paragraph.
func TestEmbeddedDatasetHasNoWarnings(t *testing.T) {
	g, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range g.LikelyDuplicates() {
		t.Error(p)
	}
	for _, p := range g.CheckFootnotes(bookText(t, "footnotes")) {
		t.Error(p)
	}
}

// bookText is the book, for a test that checks what (quotes, footnotes)
// against it: wherever it is beside the project; in CI, where it always
// is, a missing book fails the test instead of skipping it.
func bookText(t *testing.T, what string) string {
	t.Helper()
	path, err := FindBook()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI must check %s against the book: %v", what, err)
		}
		t.Skipf("book not found (%v): set BCGRAPH_BOOK to check %s", err, what)
	}
	book, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(book)
}
