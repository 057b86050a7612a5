package graph

import "context"

// The rule that makes a path mean cooperation. A tie that places something
// (Graph.Placing: LOCATED_IN, HELD_IN, PART_OF a place) may only roll an end
// of a path up to its place: a chain may first descend from its start into
// what lies in it, then cross by cooperation (any other tie, either way),
// then climb from what it reached to its end's place — or only descend, or
// only climb. It never joins two things through a place they share:
// "BNTU → Minsk ← Council of Ministers → Gansu" is not a chain, while
// "… → Lanzhou University → Lanzhou → Gansu" ends one. The Cypher twin
// (queries/path.cypher) writes the same rule as three quantified path patterns.

// phase is how far along the rule a chain is.
type phase uint8

const (
	atStart   phase = iota // no tie yet
	descended              // only descents so far
	crossed                // at least one cooperation tie
	climbing               // climbing to the end's place
)

// move is one way a tie can be followed.
type move uint8

const (
	down  move = iota // from a place into what lies in it
	cross             // cooperation, either way
	up                // from a thing to its place
)

// next says which phase a move leads to, or false where the rule forbids it.
func next(p phase, m move) (phase, bool) {
	switch {
	case m == down && (p == atStart || p == descended):
		return descended, true
	case m == cross && p != climbing:
		return crossed, true
	case m == up && (p == atStart || p == crossed || p == climbing):
		return climbing, true
	}
	return 0, false
}

type chainStep struct {
	to  int // index of the entity reached
	tie *Tie
	m   move
}

type chainState struct {
	node int
	ph   phase
}

// chains returns every shortest chain from one entity to another that the
// rule admits, over the ties admit lets through and the entities keep lets
// through (the ends always pass). Parallel ties give one chain per node
// sequence, each hop carrying the tie PreferTie picks among those that
// chains of that sequence use — as Neo4j's answer is grouped in the twin.
func (g *Graph) chains(ctx context.Context, from, to string, admit func(*Tie) bool, keep func(*Entity) bool) ([]Path, error) {
	index := make(map[string]int, len(g.Entities))
	for i, e := range g.Entities {
		index[e.ID] = i
	}
	passes := func(i int) bool {
		e := g.Entities[i]
		return e.ID == from || e.ID == to || keep == nil || keep(e)
	}
	steps := make([][]chainStep, len(g.Entities))
	for _, t := range g.Ties {
		if admit != nil && !admit(t) {
			continue
		}
		a, okA := index[t.From]
		b, okB := index[t.To]
		if !okA || !okB || a == b || !passes(a) || !passes(b) {
			continue
		}
		if g.Placing(t) {
			steps[a] = append(steps[a], chainStep{b, t, up})
			steps[b] = append(steps[b], chainStep{a, t, down})
		} else {
			steps[a] = append(steps[a], chainStep{b, t, cross})
			steps[b] = append(steps[b], chainStep{a, t, cross})
		}
	}
	// Breadth-first over (entity, phase), remembering every way each state
	// was first reached at its distance.
	type arrival struct {
		from chainState
		tie  *Tie
	}
	dist := map[chainState]int{}
	preds := map[chainState][]arrival{}
	start, target := chainState{index[from], atStart}, index[to]
	dist[start] = 0
	frontier := []chainState{start}
	var found []chainState
	for len(frontier) > 0 && len(found) == 0 {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var nextFrontier []chainState
		for _, s := range frontier {
			for _, st := range steps[s.node] {
				ph, ok := next(s.ph, st.m)
				if !ok {
					continue
				}
				n := chainState{st.to, ph}
				d, seen := dist[n]
				if !seen {
					dist[n] = dist[s] + 1
					nextFrontier = append(nextFrontier, n)
					if n.node == target {
						found = append(found, n)
					}
				} else if d != dist[s]+1 {
					continue
				}
				preds[n] = append(preds[n], arrival{s, st.tie})
			}
		}
		frontier = nextFrontier
	}
	// Walk every shortest chain back from the end; group by node sequence.
	type grouped struct {
		nodes []int
		ties  [][]*Tie
	}
	groups := map[string]*grouped{}
	var order []string
	var walk func(s chainState, nodes []int, ties []*Tie)
	walk = func(s chainState, nodes []int, ties []*Tie) {
		if s == start {
			n := make([]int, 0, len(nodes)+1)
			n = append(n, s.node)
			for i := len(nodes) - 1; i >= 0; i-- {
				n = append(n, nodes[i])
			}
			key := make([]byte, 0, 8*len(n))
			for _, x := range n {
				key = append(key, byte(x>>24), byte(x>>16), byte(x>>8), byte(x))
			}
			gr := groups[string(key)]
			if gr == nil {
				gr = &grouped{nodes: n, ties: make([][]*Tie, len(ties))}
				groups[string(key)] = gr
				order = append(order, string(key))
			}
			for i := range ties {
				gr.ties[i] = append(gr.ties[i], ties[len(ties)-1-i])
			}
			return
		}
		for _, a := range preds[s] {
			walk(a.from, append(nodes, s.node), append(ties, a.tie))
		}
	}
	for _, f := range found {
		walk(f, nil, nil)
	}
	out := make([]Path, 0, len(order))
	for _, k := range order {
		gr := groups[k]
		p := Path{}
		for _, n := range gr.nodes {
			p.Nodes = append(p.Nodes, g.Entities[n])
		}
		for _, options := range gr.ties {
			best := options[0]
			for _, t := range options[1:] {
				if PreferTie(t, best) {
					best = t
				}
			}
			p.Ties = append(p.Ties, best)
		}
		out = append(out, p)
	}
	return out, nil
}

// Follows reports whether a path keeps the rule above (for paths found
// without it, such as Yen's k shortest).
func (g *Graph) Follows(p Path) bool {
	ph := atStart
	for i, t := range p.Ties {
		m := cross
		if g.Placing(t) {
			m = up
			if t.To == p.Nodes[i].ID {
				m = down
			}
		}
		var ok bool
		if ph, ok = next(ph, m); !ok {
			return false
		}
	}
	return true
}

// Reference reports whether a path needs reference geography: a tie the
// book does not state.
func (p Path) Reference() bool {
	for _, t := range p.Ties {
		if t.Reference {
			return true
		}
	}
	return false
}

// Inferred reports whether a path rests on a tie the curator inferred.
func (p Path) Inferred() bool {
	for _, t := range p.Ties {
		if t.Inferred {
			return true
		}
	}
	return false
}
