package graph

import (
	"context"
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/graph/community"
)

// Reference checks against gonum, the implementation bcgraph used before
// its own, for the external tests (which can read the embedded dataset).

// orderedOf presents a csr as the ordered gonum graph bcgraph used to run
// gonum's algorithms on.
func orderedOf(c *csr) *ordered {
	o := newOrdered(c.nodes())
	for v := 0; v < c.nodes(); v++ {
		for _, w := range c.neighbours(int32(v)) {
			if int32(v) < w {
				o.addEdge(int64(v), int64(w))
			}
		}
	}
	o.sort()
	return o
}

// CompareLouvainWithGonum partitions g's community graph both ways and
// reports the first difference, and both modularities.
func CompareLouvainWithGonum(g *Graph, seed int64) (ours, theirs float64, diff error) {
	c, _ := g.communityGraph()
	mine, err := louvain(context.Background(), c, 1, uint64(seed))
	if err != nil {
		return 0, 0, err
	}
	o := orderedOf(c)
	reduced := community.Modularize(o, 1, rand.NewPCG(uint64(seed), 0))
	comms := reduced.Communities()
	theirs = community.Q(o, comms, 1)
	ours = modularity(c, mine, 1)
	// Same partition: every gonum community is exactly one of ours.
	seen := map[int32]bool{}
	total := 0
	for i, cm := range comms {
		label := mine[cm[0].ID()]
		if seen[label] {
			return ours, theirs, fmt.Errorf("gonum community %d has members our community %d already gave to another", i, label)
		}
		seen[label] = true
		for _, n := range cm {
			if mine[n.ID()] != label {
				return ours, theirs, fmt.Errorf("node %d: gonum puts it with node %d, we do not", n.ID(), cm[0].ID())
			}
		}
		total += len(cm)
	}
	if total != c.nodes() {
		return ours, theirs, fmt.Errorf("gonum partitioned %d of %d nodes", total, c.nodes())
	}
	return ours, theirs, nil
}
