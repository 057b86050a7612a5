package loader

import (
	"context"
	"fmt"
	"math"
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
	real, big := replicated(t, 3)
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

// Entity betweenness is written at load for every size: a dataset twenty
// times the book's (a link graph of more than 5,000 entities, where loads
// once wrote PageRank alone) gets it on every linked entity, as centrality
// computes it.
func TestEntityBetweennessIsWrittenAtEverySize(t *testing.T) {
	_, big := replicated(t, 20)
	rows, err := big.EntityCentrality(context.Background(), graph.Window{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) <= 5000 {
		t.Fatalf("the link graph has %d entities: too few to tell", len(rows))
	}
	m, err := analyse(context.Background(), big)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		props := map[string]any{}
		m.apply(r.Entity.ID, props)
		if got, ok := props["betweenness"].(float64); !ok || got != r.Betweenness {
			t.Fatalf("%s: betweenness %v written, centrality gives %v", r.Entity.ID, props["betweenness"], r.Betweenness)
		}
	}
}

// Row hashes hold the measures to the last bit — they are bit-identical on
// every run — so two loads of one dataset measure the same hashes, and a
// measure one bit off is a change.
func TestRowHashesHoldMeasuresToTheLastBit(t *testing.T) {
	hashes := func() map[string]string {
		g, err := Embedded() // a graph of its own: nothing measured is shared
		if err != nil {
			t.Fatal(err)
		}
		p := NewPlan(g)
		if err := p.Measure(context.Background()); err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, rs := range p.Nodes {
			for _, r := range rs {
				out[r.ID] = r.Hash
			}
		}
		return out
	}
	first, second := hashes(), hashes()
	for id, h := range first {
		if second[id] != h {
			t.Errorf("%s: hash %s, then %s", id, h, second[id])
		}
	}
	pr := 0.123456789012345
	a := Row{ID: "a", Label: graph.LabelProvince, Props: map[string]any{"pagerank": pr}}
	b := Row{ID: "a", Label: graph.LabelProvince, Props: map[string]any{"pagerank": math.Nextafter(pr, 1)}}
	if rowHash(a) == rowHash(b) {
		t.Error("a PageRank one bit off hashes the same")
	}
}

// replicated returns the embedded dataset and copies of it tied together
// (graph.Replicate).
func replicated(tb testing.TB, copies int) (real, big *graph.Graph) {
	tb.Helper()
	real, err := Embedded()
	if err != nil {
		tb.Fatal(err)
	}
	big, err = graph.Replicate(real, copies, 1)
	if err != nil {
		tb.Fatal(err)
	}
	return real, big
}
