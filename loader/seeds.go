// Package loader adapts the outside world to the graph: it reads and validates
// the seed files, finds the book for quote checks, and writes the graph to Neo4j.
package loader

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/bcgraph/bcgraph/graph"
	"github.com/bcgraph/bcgraph/seeds"
)

// Limits on a seed folder (see README, "Reading rules"). The real dataset is
// 68 KB in its largest file and 330 KB in all; a dataset a hundred times
// larger still fits. They keep a hostile or mistaken folder (a link to
// /dev/zero, a log file renamed .yaml) from exhausting memory.
const (
	MaxSeedFileSize  = 8 << 20  // bytes in one seed file
	MaxSeedTotalSize = 64 << 20 // bytes in all seed files together
)

// maxProblems is how many problems a ValidationError from Read lists; the
// rest are counted in one last problem. Past a hundred, more lines only bury
// the first cause.
const maxProblems = 100

var (
	// ErrNotRegular means a seed file is a directory, FIFO, device or socket:
	// reading one could block forever or never end.
	ErrNotRegular = errors.New("not a regular file")
	// ErrTooLarge means a seed file, or the seed files together, exceed
	// MaxSeedFileSize or MaxSeedTotalSize.
	ErrTooLarge = errors.New("too large")
)

var (
	entityFields = []string{"id", "label", "name", "country", "aliases", "ambiguous", "ru", "zh", "in", "date", "approx", "status", "footnotes", "quote", "also", "inferred", "note"}
	tieFields    = []string{"id", "type", "from", "to", "date", "approx", "status", "role", "footnotes", "reference", "quote", "also", "inferred", "note"}
	alsoFields   = []string{"chapter", "footnotes", "quote"}
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

// Read parses every *.yaml file at the top of fsys strictly and builds the
// graph. name is how positions refer to the directory. Problems in the data,
// parse and validation alike, come back together in a *graph.ValidationError;
// a seed file that cannot be read safely (not a regular file, too large) is a
// plain error wrapping ErrNotRegular or ErrTooLarge.
func Read(fsys fs.FS, name string) (*graph.Graph, error) {
	p, err := parseAll(fsys, name)
	if err != nil {
		return nil, err
	}
	return build(p)
}

// parsed is the dataset as read, before validation across files.
type parsed struct {
	snapshot
	problems []graph.Problem
	// whole is false when some file could not be read as a whole (broken
	// syntax or encoding, a second document, too many problems): checks
	// across files would then report its consequences, such as every
	// reference to what it defines, rather than causes.
	whole bool
}

// build validates parsed facts into a graph, joining parse problems and
// validation problems into one *graph.ValidationError.
func build(p parsed) (*graph.Graph, error) {
	problems := p.problems
	if !p.whole {
		return nil, validationError(problems)
	}
	g, err := graph.New(p.Entities, p.Ties, p.Sources)
	var verr *graph.ValidationError
	switch {
	case err == nil && len(problems) == 0:
		return g, nil
	case err == nil:
		return nil, validationError(problems)
	case errors.As(err, &verr):
		return nil, validationError(append(problems, verr.Problems...))
	}
	return nil, err
}

// validationError sorts problems by position and lists the first
// maxProblems, counting the rest in one last problem placed where they start.
func validationError(ps []graph.Problem) *graph.ValidationError {
	ps = append([]graph.Problem(nil), ps...)
	graph.SortProblems(ps)
	total := len(ps)
	if len(ps) > maxProblems {
		rest := len(ps) - maxProblems
		ps = append(ps[:maxProblems], graph.Problem{Pos: ps[maxProblems].Pos,
			Msg: fmt.Sprintf("… and %d more problems from here on, not listed (a list stops at %d)", rest, maxProblems)})
	}
	return &graph.ValidationError{Problems: ps, Total: total}
}

// seedFiles lists the seed files of fsys in a stable order: every *.yaml at
// its top, hidden files (editors' lock and swap files) aside. A file that was
// meant as a seed file but is spelt otherwise (.yml, .YAML) is a problem, not
// silently skipped; anything else (README, dataset.snapshot) is not the dataset's
// and is left alone.
func seedFiles(fsys fs.FS, name string) ([]string, []graph.Problem, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, nil, fmt.Errorf("read seeds %s: %w", name, err)
	}
	var files []string
	var problems []graph.Problem
	for _, e := range entries { // fs.ReadDir sorts by name
		f := e.Name()
		ext := path.Ext(f)
		switch {
		case strings.HasPrefix(f, "."):
		case ext == ".yaml":
			files = append(files, f)
		case strings.EqualFold(ext, ".yaml") || strings.EqualFold(ext, ".yml"):
			problems = append(problems, graph.Problem{Pos: graph.Pos{File: seedPath(name, f), Line: 1},
				Msg: fmt.Sprintf("seed files end in .yaml: rename this one to %s (it was not read)", strings.TrimSuffix(f, ext)+".yaml")})
		}
	}
	if len(files) == 0 && len(problems) == 0 {
		return nil, nil, fmt.Errorf("read seeds %s: no *.yaml files", name)
	}
	return files, problems, nil
}

func seedPath(dir, file string) string { return path.Join(filepath.ToSlash(dir), file) }

// readSeeds reads every seed file, refusing anything but regular files (a
// FIFO would block, a device never end) and anything over the size limits.
// Each file is examined with Stat before it is opened, since opening a FIFO
// already blocks; links are followed, so a seed file may live elsewhere.
func readSeeds(fsys fs.FS, name string, files []string) ([][]byte, error) {
	total := int64(0)
	for _, f := range files {
		info, err := fs.Stat(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("read seeds %s: %w", seedPath(name, f), err)
		}
		if err := seedFileOK(info); err != nil {
			return nil, fmt.Errorf("read seeds %s: %w", seedPath(name, f), err)
		}
		total += info.Size()
	}
	if total > MaxSeedTotalSize {
		return nil, fmt.Errorf("read seeds %s: %w: the seed files hold %s together, at most %s", name, ErrTooLarge, mib(total), mib(MaxSeedTotalSize))
	}
	datas := make([][]byte, len(files))
	total = 0
	for i, f := range files {
		data, err := readSeed(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("read seeds %s: %w", seedPath(name, f), err)
		}
		// Files may have grown since they were examined.
		if total += int64(len(data)); total > MaxSeedTotalSize {
			return nil, fmt.Errorf("read seeds %s: %w: the seed files hold over %s together", name, ErrTooLarge, mib(MaxSeedTotalSize))
		}
		datas[i] = data
	}
	return datas, nil
}

func seedFileOK(info fs.FileInfo) error {
	if !info.Mode().IsRegular() {
		return fmt.Errorf("%w (%s): seed files must be regular files", ErrNotRegular, fileKind(info.Mode()))
	}
	if info.Size() > MaxSeedFileSize {
		return fmt.Errorf("%w: %s, a seed file may hold at most %s", ErrTooLarge, mib(info.Size()), mib(MaxSeedFileSize))
	}
	return nil
}

func readSeed(fsys fs.FS, f string) ([]byte, error) {
	file, _, err := openSeed(fsys, f)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, MaxSeedFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxSeedFileSize {
		return nil, fmt.Errorf("%w: a seed file may hold at most %s", ErrTooLarge, mib(MaxSeedFileSize))
	}
	return data, nil
}

// openSeed opens a seed file that is a regular file within the size limit,
// examined before it is opened (opening a FIFO already blocks) and again
// once open (it may have been replaced meanwhile).
func openSeed(fsys fs.FS, f string) (fs.File, fs.FileInfo, error) {
	info, err := fs.Stat(fsys, f)
	if err == nil {
		err = seedFileOK(info)
	}
	if err != nil {
		return nil, nil, err
	}
	file, err := fsys.Open(f)
	if err != nil {
		return nil, nil, err
	}
	info, err = file.Stat()
	if err == nil {
		err = seedFileOK(info)
	}
	if err != nil {
		file.Close()
		return nil, nil, err
	}
	return file, info, nil
}

func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a plain file: " + m.Type().String()
}

func mib(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}

// parseAll parses every seed file strictly, without validating across files.
func parseAll(fsys fs.FS, name string) (parsed, error) {
	files, problems, err := seedFiles(fsys, name)
	if err != nil {
		return parsed{}, err
	}
	datas, err := readSeeds(fsys, name, files)
	if err != nil {
		return parsed{}, err
	}
	// Files parse in parallel (YAML parsing is most of a command's start-up);
	// results are joined in file order so ids and positions stay stable.
	type result struct {
		r        reader
		entities []*graph.Entity
		ties     []*graph.Tie
		sources  []*graph.Source
	}
	results := make([]result, len(files))
	var wg sync.WaitGroup
	slots := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, f := range files {
		wg.Add(1)
		slots <- struct{}{}
		go func() {
			defer func() { <-slots; wg.Done() }()
			p := &results[i]
			p.r.file = seedPath(name, f)
			p.entities, p.ties, p.sources = p.r.parse(datas[i])
		}()
	}
	wg.Wait()
	out := parsed{problems: problems, whole: true}
	for _, p := range results {
		out.problems = append(out.problems, p.r.problems...)
		out.whole = out.whole && !p.r.lost
		out.Entities = append(out.Entities, p.entities...)
		out.Ties = append(out.Ties, p.ties...)
		out.Sources = append(out.Sources, p.sources...)
	}
	return out, nil
}

// reader parses one seed file. It decodes the YAML node tree itself rather
// than through yaml.v3's struct decoding, which compares every pair of keys
// in a mapping (quadratic in a hostile file) and expands aliases.
type reader struct {
	file     string
	lines    int // in the file, so that no problem points past its end
	problems []graph.Problem
	// lost is set when facts of the file may be missing from what parse
	// returned, so that checks across files would mislead.
	lost bool
	// repeated counts keys written twice in a mapping; the second is dropped.
	repeated int
}

// full reports whether the file has had as many problems as are worth
// reading; parsing stops there.
func (r *reader) full() bool { return len(r.problems) > maxProblems }

func (r *reader) problem(line int, format string, args ...any) {
	if r.full() {
		return
	}
	// yaml.v3 places some errors at the line after the last, or names none.
	line = max(1, min(line, r.lines))
	r.problems = append(r.problems, graph.Problem{Pos: graph.Pos{File: r.file, Line: line}, Msg: fmt.Sprintf(format, args...)})
	if r.full() {
		r.problems[maxProblems] = graph.Problem{Pos: graph.Pos{File: r.file, Line: line},
			Msg: fmt.Sprintf("too many problems (%d): the rest of this file was not checked", maxProblems)}
		r.lost = true
	}
}

// badText finds the first byte that cannot be in a seed file: invalid UTF-8,
// or a control character YAML forbids. yaml.v3 reports both without a line,
// and then nothing of the file is read.
func badText(data []byte) (line, col int, msg string) {
	line, col = 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return line, col, fmt.Sprintf("invalid UTF-8 (byte 0x%02x): seed files must be UTF-8", data[i])
		case r == '\n':
			line, col = line+1, 0
		case i == 0 && r == '\uFEFF': // a byte order mark is allowed first
		case !yamlPrintable(r):
			return line, col, fmt.Sprintf("control character %U is not allowed in YAML", r)
		}
		i += size
		col++
	}
	return 0, 0, ""
}

// yamlPrintable is YAML 1.2's set of characters a stream may hold.
func yamlPrintable(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0x7E) || r == 0x85 ||
		(r >= 0xA0 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// syntax reports a YAML syntax error at the line it names.
func (r *reader) syntax(err error, data []byte) {
	msg := err.Error()
	line := 1
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
		// "unknown anchor 'x' referenced" names no line: find the alias.
		if anchor, ok := strings.CutPrefix(msg, "unknown anchor '"); ok {
			anchor = strings.TrimSuffix(anchor, "' referenced")
			if i := bytes.Index(data, []byte("*"+anchor)); i >= 0 {
				line = bytes.Count(data[:i], []byte("\n")) + 1
			}
		}
	}
	r.problem(line, "YAML: %s", graph.Clip(msg))
	r.lost = true
}

func (r *reader) parse(data []byte) ([]*graph.Entity, []*graph.Tie, []*graph.Source) {
	r.lines = bytes.Count(data, []byte("\n")) + 1
	if line, col, msg := badText(data); msg != "" {
		r.problem(line, "column %d: %s", col, msg)
		r.lost = true
		return nil, nil, nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			r.problem(1, "empty seed file")
		} else {
			r.syntax(err, data)
		}
		return nil, nil, nil
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF):
	case err != nil:
		r.syntax(err, data)
	default:
		// yaml.v3 would silently drop it; a seed file holds one document.
		r.problem(next.Line, "a second YAML document starts here (after ---): a seed file holds one document; remove the --- or move what follows to a file of its own")
		r.lost = true
	}
	if len(doc.Content) == 0 || doc.Content[0].ShortTag() == "!!null" { // nothing, or only "---"
		r.problem(1, "empty seed file")
		return nil, nil, nil
	}
	root := r.fields(doc.Content[0], "seed file", fileFields)
	if root == nil {
		r.lost = true
		return nil, nil, nil
	}
	if r.repeated > 0 {
		r.lost = true // a second entities: or ties: list is not read
	}
	chapter := 0
	if v := root["chapter"]; v != nil {
		if c, ok := r.number(v, "chapter"); ok {
			if c < 1 || c > graph.BookChapters {
				r.problem(v.Line, "chapter %d: the book has chapters 1 to %d", c, graph.BookChapters)
			} else {
				chapter = c
			}
		}
	}
	r.text(root["title"], "title")
	var entities []*graph.Entity
	var ties []*graph.Tie
	var sources []*graph.Source
	for _, key := range []string{"entities", "ties", "sources"} {
		for _, item := range r.list(root[key], key) {
			if r.full() {
				return entities, ties, sources
			}
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

// fields returns the value of each allowed key of a mapping (the first, when
// a key is written twice), reporting unknown and repeated keys. It returns
// nil if n is not a mapping.
func (r *reader) fields(n *yaml.Node, what string, allowed []string) map[string]*yaml.Node {
	if n.Kind != yaml.MappingNode {
		r.problem(n.Line, "%s must be a mapping of field: value, not %s", what, kindOf(n))
		return nil
	}
	out := make(map[string]*yaml.Node, len(allowed))
	first := make(map[string]int, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind != yaml.ScalarNode {
			r.problem(k.Line, "%s: a field name must be plain text, not %s", what, kindOf(k))
			continue
		}
		if line, dup := first[k.Value]; dup {
			r.problem(k.Line, "duplicate field %q in %s (first at line %d)", graph.Clip(k.Value), what, line)
			r.repeated++
			continue
		}
		first[k.Value] = k.Line
		known := false
		for _, a := range allowed {
			known = known || k.Value == a
		}
		if !known {
			r.problem(k.Line, "unknown field %q in %s (allowed: %s)", graph.Clip(k.Value), what, strings.Join(allowed, ", "))
			continue
		}
		out[k.Value] = n.Content[i+1]
	}
	return out
}

func kindOf(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	return fmt.Sprintf("%q", graph.Clip(n.Value))
}

// value checks that n is a plain scalar (or absent). Aliases are refused:
// they would let a small file expand into a huge one, and their facts would
// carry the anchor's line.
func (r *reader) value(n *yaml.Node, what, want string) bool {
	switch {
	case n == nil:
		return false
	case n.Kind == yaml.AliasNode:
		r.problem(n.Line, "%s: YAML aliases (*%s) are not allowed in seed files; write the value out", what, graph.Clip(n.Value))
		return false
	case n.Kind != yaml.ScalarNode:
		r.problem(n.Line, "%s: want %s, not %s", what, want, kindOf(n))
		return false
	}
	return n.ShortTag() != "!!null"
}

func (r *reader) text(n *yaml.Node, what string) string {
	if n != nil && n.Kind == yaml.AliasNode && n.Alias != nil && n.Alias.Kind == yaml.ScalarNode {
		// Refused, but its text is used so that the one mistake is not
		// reported again as a missing value.
		r.value(n, what, "text")
		n = n.Alias
	}
	if !r.value(n, what, "text") {
		return ""
	}
	switch n.ShortTag() {
	case "!!str", "!!int", "!!float", "!!bool", "!!timestamp":
		return n.Value
	}
	r.problem(n.Line, "%s: want text, not a value tagged %s", what, graph.Clip(n.Tag))
	return ""
}

func (r *reader) number(n *yaml.Node, what string) (int, bool) {
	if !r.value(n, what, "a whole number") {
		return 0, n != nil && n.Kind == yaml.ScalarNode
	}
	var i int
	if n.ShortTag() == "!!int" && n.Decode(&i) == nil {
		return i, true
	}
	r.problem(n.Line, "%s: want a whole number, not %q", what, graph.Clip(n.Value))
	return 0, false
}

func (r *reader) flag(n *yaml.Node, what string) bool {
	if !r.value(n, what, "true or false") {
		return false
	}
	var b bool
	if n.ShortTag() == "!!bool" && n.Decode(&b) == nil {
		return b
	}
	r.problem(n.Line, "%s: want true or false, not %q", what, graph.Clip(n.Value))
	return false
}

// list returns the items of a sequence; an absent or null value is empty.
func (r *reader) list(n *yaml.Node, what string) []*yaml.Node {
	switch {
	case n == nil || (n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"):
		return nil
	case n.Kind == yaml.AliasNode:
		r.value(n, what, "a list")
		return nil
	case n.Kind != yaml.SequenceNode:
		r.problem(n.Line, "%s must be a list, not %s", what, kindOf(n))
		return nil
	}
	return n.Content
}

func (r *reader) texts(n *yaml.Node, what string) []string {
	var out []string
	for _, item := range r.list(n, what) {
		out = append(out, r.text(item, what))
	}
	return out
}

func (r *reader) footnotes(n *yaml.Node, what string) []int {
	var out []int
	for _, item := range r.list(n, what+": footnotes") {
		if i, ok := r.number(item, what+": footnotes"); ok {
			out = append(out, i)
		}
	}
	return out
}

// dates reads a date or a date range (START/END).
func (r *reader) dates(n *yaml.Node, what string) (start, end graph.Date) {
	s := r.text(n, what+": date")
	if len(s) > len("YYYY-MM-DD/YYYY-MM-DD") {
		r.problem(n.Line, "%s: date %q: want YYYY, YYYY-MM, YYYY-MM-DD or a range START/END", what, graph.Clip(s))
		return graph.Date{}, graph.Date{}
	}
	start, end, err := graph.ParseDates(s)
	if err != nil {
		r.problem(n.Line, "%s: %v", what, err)
	}
	return start, end
}

// also reads the later statements of one fact: each a quote, its footnotes
// and, when not the file's, its chapter.
func (r *reader) also(n *yaml.Node, what string, chapter int) []graph.Evidence {
	var out []graph.Evidence
	for _, item := range r.list(n, what+": also") {
		f := r.fields(item, what+": also", alsoFields)
		if f == nil {
			continue
		}
		ev := graph.Evidence{Chapter: chapter, Footnotes: r.footnotes(f["footnotes"], what+": also"),
			Quote: strings.TrimSpace(r.text(f["quote"], what+": also: quote"))}
		if c, ok := r.number(f["chapter"], what+": also: chapter"); ok {
			ev.Chapter = c
		}
		out = append(out, ev)
	}
	return out
}

func (r *reader) entity(n *yaml.Node, chapter int) *graph.Entity {
	f := r.fields(n, "entity", entityFields)
	if f == nil {
		return nil
	}
	id := r.text(f["id"], "entity id")
	if id == "" {
		r.problem(n.Line, "entity without an id")
		return nil
	}
	what := fmt.Sprintf("entity %q", graph.Clip(id))
	field := func(k string) string { return r.text(f[k], what+": "+k) }
	start, end := r.dates(f["date"], what)
	return &graph.Entity{
		ID: id, Label: field("label"), Name: field("name"), Country: field("country"),
		Aliases: r.texts(f["aliases"], what+": aliases"), Ambiguous: r.texts(f["ambiguous"], what+": ambiguous"),
		RU: field("ru"), ZH: field("zh"), In: field("in"),
		Date: start, End: end, Approx: r.flag(f["approx"], what+": approx"), Status: field("status"), Note: field("note"),
		Evidence: graph.Evidence{Chapter: chapter, Footnotes: r.footnotes(f["footnotes"], what), Quote: strings.TrimSpace(field("quote"))},
		Also:     r.also(f["also"], what, chapter), Inferred: r.flag(f["inferred"], what+": inferred"),
		Pos: graph.Pos{File: r.file, Line: n.Line},
	}
}

func (r *reader) tie(n *yaml.Node, chapter int) *graph.Tie {
	f := r.fields(n, "tie", tieFields)
	if f == nil {
		return nil
	}
	from, typ, to := r.text(f["from"], "tie: from"), r.text(f["type"], "tie: type"), r.text(f["to"], "tie: to")
	what := fmt.Sprintf("tie %s -%s-> %s", graph.Clip(from), graph.Clip(typ), graph.Clip(to))
	field := func(k string) string { return r.text(f[k], what+": "+k) }
	id := field("id")
	if len(id) > graph.MaxTieIDLen {
		r.problem(f["id"].Line, "%s: id is %d bytes long; at most %d", what, len(id), graph.MaxTieIDLen)
	}
	start, end := r.dates(f["date"], what)
	return &graph.Tie{
		ID: id, Type: typ, From: from, To: to,
		Date: start, End: end, Approx: r.flag(f["approx"], what+": approx"), Status: field("status"), Role: field("role"),
		Reference: r.flag(f["reference"], what+": reference"), Note: field("note"),
		Evidence: graph.Evidence{Chapter: chapter, Footnotes: r.footnotes(f["footnotes"], what), Quote: strings.TrimSpace(field("quote"))},
		Also:     r.also(f["also"], what, chapter), Inferred: r.flag(f["inferred"], what+": inferred"),
		Pos: graph.Pos{File: r.file, Line: n.Line},
	}
}

func (r *reader) source(n *yaml.Node) *graph.Source {
	f := r.fields(n, "source", sourceFields)
	if f == nil {
		return nil
	}
	num, _ := r.number(f["n"], "source: n")
	if num <= 0 {
		r.problem(n.Line, "source without a footnote number n")
		return nil
	}
	what := fmt.Sprintf("source %d", num)
	chapter, _ := r.number(f["chapter"], what+": chapter")
	year, _ := r.number(f["year"], what+": year")
	return &graph.Source{N: num, Chapter: chapter, Year: year,
		Title: r.text(f["title"], what+": title"), Author: r.text(f["author"], what+": author"), URL: r.text(f["url"], what+": url"),
		Pos: graph.Pos{File: r.file, Line: n.Line}}
}
