package loader

import (
	"context"
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
