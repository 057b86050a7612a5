package loader

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"io/fs"

	"github.com/bcgraph/bcgraph/graph"
)

// snapshot is the parsed (not yet validated) dataset, gob-encoded into
// seeds/dataset.gob so that a command does not parse YAML on every start:
// YAML parsing was two thirds of a command's time. The YAML stays the source
// of truth: a snapshot whose hash does not match the embedded YAML is ignored.
type snapshot struct {
	Hash     string
	Entities []*graph.Entity
	Ties     []*graph.Tie
	Sources  []*graph.Source
}

// seedsHash fingerprints every seed file, names and contents.
func seedsHash(fsys fs.FS) string {
	files, _, err := seedFiles(fsys, "seeds")
	if err != nil {
		return ""
	}
	h := sha256.New()
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return ""
		}
		fmt.Fprintf(h, "%s\x00%d\x00", f, len(data))
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// EncodeSnapshot parses the seed files of fsys and returns their snapshot.
// It refuses a dataset with problems: a snapshot is only ever of valid data.
func EncodeSnapshot(fsys fs.FS, name string) ([]byte, error) {
	p, err := parseAll(fsys, name)
	if err != nil {
		return nil, err
	}
	if _, err := build(p); err != nil {
		return nil, err
	}
	// build assigned ids and added reference ties; parse again for pristine facts.
	p, _ = parseAll(fsys, name)
	s := p.snapshot
	s.Hash = seedsHash(fsys)
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(s); err != nil {
		return nil, fmt.Errorf("encode snapshot: %w", err)
	}
	return buf.Bytes(), nil
}

func decodeSnapshot(data []byte) (snapshot, error) {
	var s snapshot
	if len(data) == 0 {
		return s, fmt.Errorf("empty snapshot")
	}
	err := gob.NewDecoder(bytes.NewReader(data)).Decode(&s)
	return s, err
}
