package graph_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/bcgraph/bcgraph/graph"
)

// synthetic is the real dataset 100 times over (see graph.Replicate): a
// link graph of 27,000 nodes.
var synthetic = sync.OnceValues(func() (*graph.Graph, error) {
	real, err := realGraph()
	if err != nil {
		return nil, err
	}
	return graph.Replicate(real, 100, 1)
})

// synthetic10k is the real dataset 37 times over: a link graph of 10,000
// nodes, the smaller size bench/peers.sh compares betweenness at.
var synthetic10k = sync.OnceValues(func() (*graph.Graph, error) {
	real, err := realGraph()
	if err != nil {
		return nil, err
	}
	return graph.Replicate(real, 37, 1)
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

// The figures of issue 12, each also measured against its peers, whole
// process and on the same edge lists, by bench/peers.sh:
//
//	BenchmarkPathBNTUGansu/x100/k=0 and k=5   all shortest paths, Yen k=5
//	BenchmarkCentrality/x37/entity, x100/entity   betweenness at 10k and 27k nodes
//	BenchmarkCommunities/x100                  Louvain
//	loader's BenchmarkEmbedded and BenchmarkRestoreX100   start-up
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
		b.Run(name+"/entity", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				g.EntityCentrality(ctx, graph.Window{}, nil)
			}
		})
		if name == "x100" {
			g10k, err := synthetic10k()
			if err != nil {
				b.Fatal(err)
			}
			b.Run("x37/entity", func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					g10k.EntityCentrality(ctx, graph.Window{}, nil)
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
