package graph

import (
	"fmt"
	"math/rand/v2"
)

// Replicate builds a larger graph for benchmarks and load tests: copies of g
// with suffixed ids and names (aliases dropped so names stay unique), every
// copy's organizations tied to random organizations of other copies so that
// the whole forms one network, as a larger corpus would. The same seed gives
// the same graph.
func Replicate(g *Graph, copies int, seed uint64) (*Graph, error) {
	rng := rand.New(rand.NewPCG(seed, seed+1))
	var es []*Entity
	var ts []*Tie
	var orgs []string
	for c := 0; c < copies; c++ {
		sfx := fmt.Sprintf("-c%d", c)
		for _, e := range g.Entities {
			x := *e
			x.ID, x.Name = e.ID+sfx, e.Name+sfx
			x.Aliases, x.Ambiguous, x.RU, x.ZH = nil, nil, "", ""
			if e.In != "" {
				x.In = e.In + sfx
			}
			es = append(es, &x)
			if !IsPlace(e.Label) && !IsOccasion(e.Label) {
				orgs = append(orgs, x.ID)
			}
		}
		for _, t := range g.Ties {
			if t.Reference {
				continue // derived again from In
			}
			x := *t
			x.ID, x.From, x.To = "", t.From+sfx, t.To+sfx
			ts = append(ts, &x)
		}
	}
	for i := 0; i < len(orgs)/10; i++ {
		a, b := orgs[rng.IntN(len(orgs))], orgs[rng.IntN(len(orgs))]
		if a != b {
			ts = append(ts, &Tie{Type: CooperatesWith, From: a, To: b, Evidence: Evidence{Quote: "synthetic", Chapter: 1}})
		}
	}
	srcs := make([]*Source, 0, len(g.Sources))
	for _, s := range g.Sources {
		srcs = append(srcs, s)
	}
	return New(es, ts, srcs)
}
