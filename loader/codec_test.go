package loader

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/bcgraph/bcgraph/graph"
	"github.com/bcgraph/bcgraph/seeds"
)

// TestCodecCoversEveryField fails when a field is added to the facts
// without the snapshot codec learning it: the field would silently vanish
// from every snapshot.
func TestCodecCoversEveryField(t *testing.T) {
	want := map[reflect.Type]string{
		reflect.TypeOf(graph.Entity{}):   "ID Label Name Country Aliases Ambiguous RU ZH In Date End Approx Status Note Evidence Also Inferred Pos",
		reflect.TypeOf(graph.Tie{}):      "ID Type From To Date End Approx Status Role Reference Note Evidence Also Inferred Pos",
		reflect.TypeOf(graph.Source{}):   "N Chapter Title Author Year URL Pos",
		reflect.TypeOf(graph.Date{}):     "Year Month Day",
		reflect.TypeOf(graph.Evidence{}): "Chapter Footnotes Quote",
		reflect.TypeOf(graph.Pos{}):      "File Line",
	}
	for typ, fields := range want {
		var got []string
		for i := 0; i < typ.NumField(); i++ {
			got = append(got, typ.Field(i).Name)
		}
		if strings.Join(got, " ") != fields {
			t.Errorf("%s has fields %v; the codec writes %s: teach encodeFacts and decodeFacts the change", typ, got, fields)
		}
	}
}

func TestCodecRoundTripsTheFactsExactly(t *testing.T) {
	real, err := Read(seeds.Files, "seeds")
	if err != nil {
		t.Fatal(err)
	}
	x10, err := graph.Replicate(real, 10, 1)
	if err != nil {
		t.Fatal(err)
	}
	for name, g := range map[string]*graph.Graph{"real": real, "x10": x10} {
		t.Run(name, func(t *testing.T) {
			back, ok := restore(snapshotOf("h", g), "h")
			if !ok {
				t.Fatal("restore refused its own snapshot")
			}
			if !reflect.DeepEqual(back.Entities, g.Entities) || !reflect.DeepEqual(back.Ties, g.Ties) || !reflect.DeepEqual(back.Sources, g.Sources) {
				t.Fatal("facts changed on the way through the codec")
			}
		})
	}
}

// The real dataset may not use every field yet; this one does.
func TestCodecRoundTripsRangesRestatementsAndInference(t *testing.T) {
	ev := func(ch int, q string, fn ...int) graph.Evidence {
		return graph.Evidence{Chapter: ch, Quote: q, Footnotes: fn}
	}
	es := []*graph.Entity{
		{ID: "a", Label: graph.LabelCompany, Name: "A", Evidence: ev(1, "A"), Also: []graph.Evidence{ev(2, "A again", 2)}},
		{ID: "b", Label: graph.LabelCompany, Name: "B", Date: graph.Date{Year: 1999}, Approx: true, Evidence: ev(1, "B")},
	}
	ts := []*graph.Tie{{Type: graph.CooperatesWith, From: "a", To: "b", Date: graph.Date{Year: 2014}, End: graph.Date{Year: 2015, Month: 6},
		Inferred: true, Note: "the book names no party", Evidence: ev(1, "q", 1), Also: []graph.Evidence{ev(3, "r", 2), ev(4, "s")}}}
	srcs := []*graph.Source{{N: 1, Chapter: 1, Title: "one"}, {N: 2, Chapter: 2, Title: "two"}}
	g, err := graph.New(es, ts, srcs)
	if err != nil {
		t.Fatal(err)
	}
	back, ok := restore(snapshotOf("h", g), "h")
	if !ok {
		t.Fatal("restore refused its own snapshot")
	}
	if !reflect.DeepEqual(back.Entities, g.Entities) || !reflect.DeepEqual(back.Ties, g.Ties) {
		t.Fatalf("facts changed on the way through the codec:\n%+v\n%+v", back.Ties[0], g.Ties[0])
	}
}

func TestCodecRefusesDamagedSnapshots(t *testing.T) {
	good := seeds.Snapshot
	hash := seedsHash(seeds.Files)
	if _, ok := restore(good, hash); !ok {
		t.Fatal("the embedded snapshot does not restore")
	}
	if _, ok := restore(good, "another hash"); ok {
		t.Error("a snapshot restored under another hash")
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 300; i++ {
		cut := rng.IntN(len(good))
		if _, ok := restore(good[:cut], hash); ok {
			t.Fatalf("a snapshot cut at %d of %d bytes restored", cut, len(good))
		}
		// A flipped byte may still decode (a different letter in a quote);
		// what must not happen is a panic or a runaway allocation.
		bad := append([]byte(nil), good...)
		bad[rng.IntN(len(bad))] ^= byte(1 + rng.IntN(255))
		restore(bad, hash)
	}
}

// seedDir copies the mini dataset of cmd/bcgraph's tests into a fresh
// directory, and points the user cache at another.
func seedDir(t *testing.T) string {
	t.Helper()
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	src := filepath.Join("..", "cmd", "bcgraph", "testdata", "mini")
	dir := t.TempDir()
	files, err := filepath.Glob(filepath.Join(src, "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("mini dataset: %v", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func cacheFiles(t *testing.T) []string {
	t.Helper()
	base, err := os.UserCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(base, "bcgraph", "*.snapshot"))
	return files
}

func TestSeedsFolderIsParsedOnceThenReadFromTheCache(t *testing.T) {
	dir, first, cache := cachedFolder(t)
	// Swap the cached facts for a marker graph under the same hash: a
	// second read that returns the marker came from the cache.
	data, _ := os.ReadFile(cache)
	hash, _, _, _, _, err := decodeFacts(data)
	if err != nil {
		t.Fatal(err)
	}
	marker := &graph.Entity{ID: "from-the-cache", Label: graph.LabelOrganization, Name: "From the cache"}
	os.WriteFile(cache, encodeFacts(hash, []*graph.Entity{marker}, nil, nil), 0o644)
	second, err := ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if second.Entity("from-the-cache") == nil {
		t.Fatal("the second read parsed the YAML again instead of using the cache")
	}
	// A damaged cache is ignored and rewritten.
	os.WriteFile(cache, []byte("not a snapshot"), 0o644)
	third, err := ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(third.Entities, first.Entities) || !reflect.DeepEqual(third.Ties, first.Ties) {
		t.Fatal("reading past a damaged cache gave another graph")
	}
	if data, _ := os.ReadFile(cache); string(data) == "not a snapshot" {
		t.Error("the damaged cache file was not rewritten")
	}
}

func TestEditedSeedsAreParsedAgainAndBadOnesNeverCached(t *testing.T) {
	dir := seedDir(t)
	if _, err := ReadDir(dir); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "places.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(data), "entities:\n", "entities:\n- id: edited-place\n  label: City\n  name: Edited Place\n", 1)
	if edited == string(data) {
		t.Fatal("places.yaml has no entities list to edit")
	}
	os.WriteFile(path, []byte(edited), 0o644)
	g, err := ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if g.Entity("edited-place") == nil {
		t.Fatal("an edited seed file was answered from the cache of the old one")
	}
	before := len(cacheFiles(t))
	os.WriteFile(path, []byte(edited+"- id: Bad Id\n  label: City\n  name: Bad\n"), 0o644)
	if _, err := ReadDir(dir); err == nil {
		t.Fatal("a dataset with a bad id read without error")
	}
	if after := len(cacheFiles(t)); after != before {
		t.Errorf("a dataset with problems was cached (%d cache files, %d before)", after, before)
	}
}

// cachedFolder reads a new seeds folder through the cache and returns the
// folder, its graph and its one cache file.
func cachedFolder(t *testing.T) (dir string, g *graph.Graph, cache string) {
	t.Helper()
	dir = seedDir(t)
	g, err := ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := cacheFiles(t)
	if len(files) != 1 {
		t.Fatalf("cache files: %v", files)
	}
	return dir, g, files[0]
}

func TestFingerprintOfACachedFolderIsKeptBesideItsCache(t *testing.T) {
	dir, g, cache := cachedFolder(t)
	want := NewPlan(g).Fingerprint
	if got := DatasetFingerprint(g); got != want {
		t.Fatalf("fingerprint %s, NewPlan's %s", got, want)
	}
	kept, err := os.ReadFile(cache + fingerprintExt)
	if err != nil || Fingerprint(kept) != want {
		t.Fatalf("beside the cache: %q (%v), want %s", kept, err, want)
	}
	// A later command reads it from there: plant another, valid one.
	planted := Fingerprint(strings.Repeat("ab", 16))
	os.WriteFile(cache+fingerprintExt, []byte(planted), 0o644)
	again, err := ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := DatasetFingerprint(again); got != planted {
		t.Fatalf("second command's fingerprint %s: worked out again instead of read", got)
	}
	// One that is not a fingerprint is worked out again and replaced.
	os.WriteFile(cache+fingerprintExt, []byte("garbage"), 0o644)
	if got := DatasetFingerprint(again); got != want {
		t.Fatalf("after a damaged file: %s, want %s", got, want)
	}
	if kept, _ := os.ReadFile(cache + fingerprintExt); Fingerprint(kept) != want {
		t.Fatalf("the damaged file was not replaced: %q", kept)
	}
}

func TestEntityMeasuresOfACachedFolderAreKeptBesideItsCache(t *testing.T) {
	dir, g, cache := cachedFolder(t)
	ctx := context.Background()
	computed, err := g.EntityCentrality(ctx, graph.Window{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	store := measureFile(cache + measuresExt)
	ids := make([]string, len(computed))
	for i, r := range computed {
		ids[i] = r.Entity.ID
	}
	bet, pr, ok := store.LoadMeasures(ids)
	if !ok {
		t.Fatal("no measures beside the cache after computing them")
	}
	for i, r := range computed {
		// Bit for bit: the file keeps float64 bits.
		if bet[i] != r.Betweenness || pr[i] != r.PageRank {
			t.Fatalf("%s: kept %v/%v, computed %v/%v", ids[i], bet[i], pr[i], r.Betweenness, r.PageRank)
		}
	}
	if _, _, ok := store.LoadMeasures(append(slices.Clone(ids[1:]), ids[0])); ok {
		t.Error("measures kept for one list of ids were returned for another")
	}
	// The next command on the folder reads them: plant others.
	planted := slices.Clone(bet)
	for i := range planted {
		planted[i] += 1000
	}
	store.SaveMeasures(ids, planted, pr)
	again, err := ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := again.EntityCentrality(ctx, graph.Window{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if r.Betweenness != planted[i] {
			t.Fatalf("%s: betweenness %v, the kept value is %v", r.Entity.ID, r.Betweenness, planted[i])
		}
	}
	// A damaged file is ignored: the measures are computed again.
	os.WriteFile(string(store), []byte(measuresMagic+"short"), 0o644)
	third, _ := ReadDir(dir)
	rows, err = third.EntityCentrality(ctx, graph.Window{}, nil)
	if err != nil || rows[0].Betweenness != computed[0].Betweenness {
		t.Fatalf("after a damaged file: %v, %v", rows[0].Betweenness, err)
	}
}
