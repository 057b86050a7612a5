package loader

import (
	"testing"

	"github.com/bcgraph/bcgraph/graph"
)

// BenchmarkNewPlan measures what a load computes in the client before it
// connects, on the real dataset and on one 100 times its size.
func BenchmarkNewPlan(b *testing.B) {
	real, err := Embedded()
	if err != nil {
		b.Fatal(err)
	}
	big, err := graph.Replicate(real, 100, 1)
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		g    *graph.Graph
	}{{"real", real}, {"x100", big}} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				NewPlan(tc.g)
			}
		})
	}
}
