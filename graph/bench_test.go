package graph_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/bcgraph/bcgraph/graph"
)

// synthetic is the real dataset 100 times over (see graph.Replicate).
var synthetic = sync.OnceValues(func() (*graph.Graph, error) {
	real, err := realGraph()
	if err != nil {
		return nil, err
	}
	return graph.Replicate(real, 100, 1)
})

var realGraph = sync.OnceValues(func() (*graph.Graph, error) {
	return embeddedGraph()
})

func benchGraphs(b *testing.B) map[string]*graph.Graph {
	r, err := realGraph()
	if err != nil {
		b.Fatal(err)
	}
	s, err := synthetic()
	if err != nil {
		b.Fatal(err)
	}
	return map[string]*graph.Graph{"real": r, "x100": s}
}

func BenchmarkPathBNTUGansu(b *testing.B) {
	for _, name := range []string{"real", "x100"} {
		g := benchGraphs(b)[name]
		from, to := "bntu", "gansu"
		if name == "x100" {
			from, to = "bntu-c0", "gansu-c99"
		}
		for _, k := range []int{0, 5} {
			b.Run(fmt.Sprintf("%s/k=%d", name, k), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					if _, err := g.Paths(ctx, from, to, graph.PathOptions{K: k, Exclude: graph.DefaultExcluded()}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

func BenchmarkCentrality(b *testing.B) {
	for _, name := range []string{"real", "x100"} {
		g := benchGraphs(b)[name]
		b.Run(name+"/province", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				g.ProvinceCentrality(ctx, graph.Window{})
			}
		})
		if name == "real" {
			// gonum's betweenness takes over 20 minutes on the 100x link graph
			// (27,000 nodes); its PageRank alone is what scales.
			b.Run(name+"/entity", func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					g.EntityCentrality(ctx, graph.Window{}, nil)
				}
			})
		}
		b.Run(name+"/entity-pagerank", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				g.EntityPageRank(graph.Window{})
			}
		})
	}
}

func BenchmarkCommunities(b *testing.B) {
	for _, name := range []string{"real", "x100"} {
		g := benchGraphs(b)[name]
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				g.Communities(ctx, graph.CommunitySeed)
			}
		})
	}
}
