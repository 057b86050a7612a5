package loader

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/bcgraph/bcgraph/seeds"
)

var update = flag.Bool("update", false, "rewrite seeds/dataset.snapshot from the seed YAML")

// TestSnapshotIsCurrent keeps the start-up snapshot in step with the YAML.
// A stale snapshot would only cost speed (Embedded falls back to YAML), but
// CI should notice it.
func TestSnapshotIsCurrent(t *testing.T) {
	data, err := EncodeSnapshot(seeds.Files, "seeds")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("..", "seeds", "dataset.snapshot")
	if *update {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if _, ok := embeddedSnapshot(); !ok {
		t.Fatal("seeds/dataset.snapshot is stale: run go test ./loader -run TestSnapshot -update")
	}
}

func TestSnapshotGivesTheSameGraphAsTheYAML(t *testing.T) {
	fromSnapshot, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	fromYAML, err := Read(seeds.Files, "seeds")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromSnapshot.Entities, fromYAML.Entities) || !reflect.DeepEqual(fromSnapshot.Ties, fromYAML.Ties) || !reflect.DeepEqual(fromSnapshot.Sources, fromYAML.Sources) {
		t.Fatal("the snapshot and the YAML give different graphs")
	}
}

// The decoder hands graph.Restore each tie end's position, read off the
// string table; the paths are built from them. They must be the positions
// the names give.
func TestSnapshotTieEndsAreTheNamedEntities(t *testing.T) {
	_, es, ts, _, ends, err := decodeFacts(seeds.Snapshot)
	if err != nil {
		t.Fatal(err)
	}
	pos := map[string]int32{}
	for i, e := range es {
		pos[e.ID] = int32(i)
	}
	if len(ends) != 2*len(ts) {
		t.Fatalf("%d ends for %d ties", len(ends), len(ts))
	}
	for i, tie := range ts {
		if ends[2*i] != pos[tie.From] || ends[2*i+1] != pos[tie.To] {
			t.Fatalf("tie %s: ends at %d, %d; its entities are at %d, %d", tie.ID, ends[2*i], ends[2*i+1], pos[tie.From], pos[tie.To])
		}
	}
}
