package loader

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"sync"

	"github.com/bcgraph/bcgraph/graph"
	"github.com/bcgraph/bcgraph/seeds"
)

// A snapshot is a validated dataset's facts as graph.New completed them (tie
// ids assigned, reference geography derived), in the codec of codec.go, so
// that a command neither parses YAML nor validates again: seeds/dataset.snapshot
// for the embedded dataset, a cache file per --seeds folder. The YAML stays
// the source of truth: a snapshot whose hash does not match it is ignored.

// snapshot is parsed, not yet validated, facts: what parseAll returns
// (embedded in parsed).
type snapshot struct {
	Entities []*graph.Entity
	Ties     []*graph.Tie
	Sources  []*graph.Source
}

// embeddedSnapshot restores the embedded dataset from seeds.Snapshot when
// that was made from the embedded YAML.
func embeddedSnapshot() (*graph.Graph, bool) {
	defer quietGC()()
	return restore(seeds.Snapshot, seedsHash(seeds.Files))
}

// quietGC lets the heap grow fourfold before collecting until the returned
// func runs. Reading a dataset allocates a graph that stays live whole;
// collections meanwhile only rescan it (a sixth of a cached 100x start-up).
func quietGC() (restore func()) {
	old := debug.SetGCPercent(400)
	return func() { debug.SetGCPercent(old) }
}

// seedsHash fingerprints every embedded seed file, names and contents.
func seedsHash(fsys fs.FS) string {
	return filesHash(fsys, "seeds", "")
}

// filesHash fingerprints the seed files of fsys; salt goes in first. It
// reads them as Read does (regular files within the size limits only), and
// is "" — no snapshot applies — whenever Read would refuse the folder or
// report a problem with its files (a misnamed seed file), so that a cached
// snapshot never hides what the reader would say.
func filesHash(fsys fs.FS, name, salt string) string {
	files, problems, err := seedFiles(fsys, name)
	if err != nil || len(problems) > 0 {
		return ""
	}
	// Streamed through one buffer, not read whole: a 100x folder is 32 MB,
	// and fresh memory for it cost more than hashing it.
	h := sha256.New()
	h.Write([]byte(salt))
	buf := make([]byte, 256<<10)
	total := int64(0)
	for _, f := range files {
		file, info, err := openSeed(fsys, f)
		if err != nil {
			return ""
		}
		size := info.Size()
		fmt.Fprintf(h, "%s\x00%d\x00", f, size)
		n, err := io.CopyBuffer(h, io.LimitReader(file, size+1), buf)
		file.Close()
		// A file that changed size while read, or one over the limits, is
		// for Read to report.
		if total += n; err != nil || n != size || size > MaxSeedFileSize || total > MaxSeedTotalSize {
			return ""
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// snapshotOf encodes a validated graph.
func snapshotOf(hash string, g *graph.Graph) []byte {
	srcs := make([]*graph.Source, 0, len(g.Sources))
	for _, s := range g.Sources {
		srcs = append(srcs, s)
	}
	sort.Slice(srcs, func(i, j int) bool { return srcs[i].N < srcs[j].N })
	return encodeFacts(hash, g.Entities, g.Ties, srcs)
}

// restore decodes a snapshot whose hash is want; ok is false for any other.
// It runs with the collector off: nearly all it allocates is the graph,
// live until the command ends, so a collection would only scan it.
func restore(data []byte, want string) (g *graph.Graph, ok bool) {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	hash, es, ts, ss, ends, err := decodeFacts(data)
	if err != nil || want == "" || hash != want {
		return nil, false
	}
	return graph.Restore(es, ts, ss, ends), true
}

// EncodeSnapshot parses and validates the seed files of fsys and returns
// their snapshot. It refuses a dataset with problems: a snapshot is only
// ever of valid data, which is what lets a start-up skip validation.
func EncodeSnapshot(fsys fs.FS, name string) ([]byte, error) {
	g, err := Read(fsys, name)
	if err != nil {
		return nil, err
	}
	return snapshotOf(seedsHash(fsys), g), nil
}

// readDirCached reads a --seeds directory through a cache of its
// validated facts: os.UserCacheDir()/bcgraph/<hash>.snapshot. The hash
// covers every seed file's name and contents, the directory's name as given
// (positions in messages carry it) and the running executable (a cache
// skips validation, so only the code that validated it may trust it). A
// second command on the same files then skips YAML parsing and validation,
// nearly all of a 100x dataset's start-up. A cache file that cannot be read
// or decoded is ignored and rewritten; failing to write one costs only speed.
func readDirCached(dir string) (*graph.Graph, error) {
	defer quietGC()()
	fsys := os.DirFS(dir)
	cache := ""
	hash := ""
	if base, err := os.UserCacheDir(); err == nil {
		if exe := executableID(); exe != "" {
			hash = filesHash(fsys, dir, snapshotMagic+"\x00"+exe+"\x00"+dir+"\x00")
		}
		if hash != "" {
			cache = filepath.Join(base, "bcgraph", hash+".snapshot")
			if data, err := os.ReadFile(cache); err == nil {
				if g, ok := restore(data, hash); ok {
					cachedGraphs.Store(g, cache)
					g.SetMeasureStore(measureFile(cache + measuresExt))
					return g, nil
				}
			}
		}
	}
	g, err := Read(fsys, dir)
	if err != nil {
		return nil, err
	}
	if cache != "" {
		// A damaged cache's companions, if any.
		os.Remove(cache + fingerprintExt)
		os.Remove(cache + measuresExt)
		writeAtomic(cache, snapshotOf(hash, g))
		prune(filepath.Dir(cache), maxCacheFiles)
		cachedGraphs.Store(g, cache)
		g.SetMeasureStore(measureFile(cache + measuresExt))
	}
	return g, nil
}

// cachedGraphs maps each graph readDirCached returned to its cache file, so
// that DatasetFingerprint can keep what it works out beside it.
var cachedGraphs sync.Map // *graph.Graph → string

// cachedFrom is the cache file g was read through, if any.
func cachedFrom(g *graph.Graph) (string, bool) {
	path, ok := cachedGraphs.Load(g)
	if !ok {
		return "", false
	}
	return path.(string), true
}

// maxCacheFiles bounds the --seeds cache: the newest are kept.
const maxCacheFiles = 16

// executableID names the running binary by path, size and modification
// time: a rebuilt bcgraph does not trust its predecessor's caches.
func executableID() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	info, err := os.Stat(exe)
	if err != nil {
		return ""
	}
	return fmt.Sprintf("%s\x00%d\x00%d", exe, info.Size(), info.ModTime().UnixNano())
}

// prune removes all but the newest keep snapshots in dir.
func prune(dir string, keep int) {
	files, err := filepath.Glob(filepath.Join(dir, "*.snapshot"))
	if err != nil || len(files) <= keep {
		return
	}
	type aged struct {
		path string
		mod  int64
	}
	var all []aged
	for _, f := range files {
		if info, err := os.Stat(f); err == nil {
			all = append(all, aged{f, info.ModTime().UnixNano()})
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].mod > all[j].mod })
	for _, a := range all[min(keep, len(all)):] {
		os.Remove(a.path)
		os.Remove(a.path + fingerprintExt)
		os.Remove(a.path + measuresExt)
	}
}

// writeAtomic writes data to path through a temporary file and a rename,
// so a concurrent reader sees the old file or the whole new one. Errors
// are dropped: the file is a cache.
func writeAtomic(path string, data []byte) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if werr != nil || cerr != nil || os.Rename(f.Name(), path) != nil {
		os.Remove(f.Name())
	}
}

// measuresExt names the file beside a cache file that keeps the dataset's
// entity betweenness and PageRank (graph.MeasureStore).
const measuresExt = ".measures"

// measureFile is a graph.MeasureStore in one file: a magic line, a hash of
// the link graph's node ids, their count, then every betweenness and every
// PageRank as float64 bits, so that values read back are bit for bit the
// ones computed. It sits beside a cache file, whose name covers the seed
// files and the bcgraph binary that computed them.
type measureFile string

const measuresMagic = "bcgraph-measures-1\n"

func idsHash(ids []string) []byte {
	h := sha256.New()
	for _, id := range ids {
		h.Write([]byte(id))
		h.Write([]byte{0})
	}
	return h.Sum(nil)
}

func (f measureFile) LoadMeasures(ids []string) (bet, pr []float64, ok bool) {
	data, err := os.ReadFile(string(f))
	head := len(measuresMagic) + sha256.Size + 8
	if err != nil || len(data) < head || string(data[:len(measuresMagic)]) != measuresMagic ||
		!bytes.Equal(data[len(measuresMagic):len(measuresMagic)+sha256.Size], idsHash(ids)) {
		return nil, nil, false
	}
	n := binary.LittleEndian.Uint64(data[head-8 : head])
	if n != uint64(len(ids)) || uint64(len(data)-head) != 16*n {
		return nil, nil, false
	}
	vals := make([]float64, 2*n)
	for i := range vals {
		vals[i] = math.Float64frombits(binary.LittleEndian.Uint64(data[head+8*i:]))
	}
	return vals[:n:n], vals[n:], true
}

func (f measureFile) SaveMeasures(ids []string, bet, pr []float64) {
	if len(bet) != len(ids) || len(pr) != len(ids) {
		return
	}
	data := make([]byte, 0, len(measuresMagic)+sha256.Size+8+16*len(ids))
	data = append(data, measuresMagic...)
	data = append(data, idsHash(ids)...)
	data = binary.LittleEndian.AppendUint64(data, uint64(len(ids)))
	for _, vs := range [][]float64{bet, pr} {
		for _, v := range vs {
			data = binary.LittleEndian.AppendUint64(data, math.Float64bits(v))
		}
	}
	writeAtomic(string(f), data)
}
