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
