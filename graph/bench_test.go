package graph_test

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/bcgraph/bcgraph/graph"
)

// synthetic returns a graph 100 times the real dataset: 100 renamed copies of
// it, each copy's organizations tied to random organizations of other copies
// so that the copies form one connected network, as a larger corpus would.
var synthetic = sync.OnceValues(func() (*graph.Graph, error) {
	real, err := realGraph()
	if err != nil {
		return nil, err
	}
	const copies = 100
	rng := rand.New(rand.NewPCG(1, 2))
	var es []*graph.Entity
	var ts []*graph.Tie
	var orgs []string
	for c := 0; c < copies; c++ {
		sfx := fmt.Sprintf("-c%d", c)
		for _, e := range real.Entities {
			x := *e
			x.ID, x.Name = e.ID+sfx, e.Name+sfx
			x.Aliases, x.Ambiguous, x.RU, x.ZH = nil, nil, "", ""
			if e.In != "" {
				x.In = e.In + sfx
			}
			es = append(es, &x)
			if !graph.IsPlace(e.Label) && !graph.IsOccasion(e.Label) {
				orgs = append(orgs, x.ID)
			}
		}
		for _, t := range real.Ties {
			if t.Reference {
				continue // re-derived from In
			}
			x := *t
			x.ID, x.From, x.To = "", t.From+sfx, t.To+sfx
			ts = append(ts, &x)
		}
	}
	for i := 0; i < len(orgs)/10; i++ {
		a, b := orgs[rng.IntN(len(orgs))], orgs[rng.IntN(len(orgs))]
		if a != b {
			ts = append(ts, &graph.Tie{Type: graph.CooperatesWith, From: a, To: b, Evidence: graph.Evidence{Quote: "synthetic", Chapter: 1}})
		}
	}
	srcs := make([]*graph.Source, 0, len(real.Sources))
	for _, s := range real.Sources {
		srcs = append(srcs, s)
	}
	return graph.New(es, ts, srcs)
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
					if _, err := g.Paths(from, to, graph.PathOptions{K: k, Exclude: graph.DefaultExcluded}); err != nil {
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
				g.ProvinceCentrality(graph.Window{})
			}
		})
		b.Run(name+"/entity", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				g.EntityCentrality(graph.Window{}, nil)
			}
		})
	}
}

func BenchmarkCommunities(b *testing.B) {
	for _, name := range []string{"real", "x100"} {
		g := benchGraphs(b)[name]
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				g.Communities(graph.CommunitySeed)
			}
		})
	}
}
