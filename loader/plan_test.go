package loader

import (
	"context"
	"fmt"
	"testing"

	"github.com/bcgraph/bcgraph/graph"
)

func benchPlanGraphs(b *testing.B) []struct {
	name string
	g    *graph.Graph
} {
	real, err := Embedded()
	if err != nil {
		b.Fatal(err)
	}
	big, err := graph.Replicate(real, 100, 1)
	if err != nil {
		b.Fatal(err)
	}
	return []struct {
		name string
		g    *graph.Graph
	}{{"real", real}, {"x100", big}}
}

// BenchmarkNewPlan measures what every load computes in the client before
// it connects: the rows of the dataset's facts and its fingerprint.
func BenchmarkNewPlan(b *testing.B) {
	for _, tc := range benchPlanGraphs(b) {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				NewPlan(tc.g)
			}
		})
	}
}

// BenchmarkMeasure measures what a load that has something to write adds:
// the analyses written on nodes, and every row's hash.
func BenchmarkMeasure(b *testing.B) {
	for _, tc := range benchPlanGraphs(b) {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if err := NewPlan(tc.g).Measure(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// Every property a load writes is in the vocabulary its owned-keys mask is
// drawn from (keyMask panics otherwise), on the real dataset and a larger one.
func TestEveryPropertyIsAnOwnedKey(t *testing.T) {
	real, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	big, err := graph.Replicate(real, 3, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range []*graph.Graph{real, big} {
		p := NewPlan(g)
		if err := p.Measure(context.Background()); err != nil {
			t.Fatal(err)
		}
		for _, rows := range []map[string][]Row{p.Nodes, p.Rels} {
			for _, rs := range rows {
				for _, r := range rs {
					if hash, keys := unstamp(r.stamp()); hash != r.Hash || keys != r.keyMask() || r.Hash == "" {
						t.Fatalf("%s: stamp %q reads back as %q %d", r.ID, r.stamp(), hash, keys)
					}
				}
			}
		}
	}
}

// A reload removes the owned keys the dataset dropped, and only those.
func TestDroppedListsOnlyOwnedKeysTheRowLost(t *testing.T) {
	before := Row{Props: map[string]any{"id": "a", "name": "A", "zh": "甲", "note": "curator's"}}
	after := Row{Props: map[string]any{"id": "a", "name": "A (renamed)"}}
	if got := fmt.Sprint(after.dropped(before.keyMask())); got != "[zh note]" {
		t.Errorf("dropped = %s, want [zh note]", got)
	}
	// Written before bcgraph recorded its keys: every key earlier versions wrote is bcgraph's.
	if _, keys := unstamp("0123abcd"); keys != legacyKeys {
		t.Errorf("a bare hash owns %b, want the legacy keys", keys)
	}
	// The legacy keys are the first 32 of ownedKeys (those earlier versions wrote).
	if got := len(after.dropped(legacyKeys)); got != 32-2 {
		t.Errorf("a legacy node drops %d keys, want all the legacy keys but id and name", got)
	}
}

// The fingerprint names the dataset: the same facts give the same one, any
// change another.
func TestFingerprintFollowsTheDataset(t *testing.T) {
	real, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	again, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if DatasetFingerprint(real) != DatasetFingerprint(again) {
		t.Error("one dataset, two fingerprints")
	}
	var es []*graph.Entity
	for _, e := range real.Entities {
		x := *e
		es = append(es, &x)
	}
	var ts []*graph.Tie
	for _, tie := range real.Ties {
		if !tie.Reference {
			x := *tie
			ts = append(ts, &x)
		}
	}
	es[0].Name += " (changed)"
	var srcs []*graph.Source
	for _, s := range real.Sources {
		srcs = append(srcs, s)
	}
	changed, err := graph.New(es, ts, srcs)
	if err != nil {
		t.Fatal(err)
	}
	if DatasetFingerprint(changed) == DatasetFingerprint(real) {
		t.Error("a renamed entity left the fingerprint as it was")
	}
}
