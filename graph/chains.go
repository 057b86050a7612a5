package graph

// The rule that makes a path mean cooperation. A tie that places something
// (Graph.Placing: LOCATED_IN, HELD_IN, PART_OF a place) may only roll an end
// of a path up to its place: a chain may first descend from its start into
// what lies in it, then cross by cooperation (any other tie, either way),
// then climb from what it reached to its end's place — or only descend, or
// only climb. It never joins two things through a place they share:
// "BNTU → Minsk ← Council of Ministers → Gansu" is not a chain, while
// "… → Lanzhou University → Lanzhou → Gansu" ends one. The Cypher twin
// (queries/path.cypher) writes the same rule as three quantified path patterns.
//
// The searches (bfs.go, yen.go) run over states (entity, phase), numbered
// entity<<2 | phase: a breadth-first search over them finds exactly the
// shortest chains the rule admits.

// phase is how far along the rule a chain is.
type phase uint8

const (
	atStart   phase = iota // no tie yet
	descended              // only descents so far
	crossed                // at least one cooperation tie
	climbing               // climbing to the end's place
	phases                 // how many there are: a state is entity<<2 | phase
)

// move is one way a tie can be followed.
type move uint8

const (
	down  move = iota // from a place into what lies in it
	cross             // cooperation, either way
	up                // from a thing to its place
)

// reverse is the move that follows the same tie the other way.
func (m move) reverse() move { return up - m }

// nextPhase[p][m] is the phase move m leads to from phase p, or -1 where
// the rule forbids it. The phase reached depends on the move alone, and
// phases never go back: down, cross and up lead to descended, crossed and
// climbing.
var nextPhase = [phases][3]int8{
	atStart:   {down: int8(descended), cross: int8(crossed), up: int8(climbing)},
	descended: {down: int8(descended), cross: int8(crossed), up: -1},
	crossed:   {down: -1, cross: int8(crossed), up: int8(climbing)},
	climbing:  {down: -1, cross: -1, up: int8(climbing)},
}

// phaseSet is a set of phases, one bit each.
type phaseSet uint8

const anyPhase phaseSet = 1<<phases - 1

func (s phaseSet) has(p int8) bool { return p >= 0 && s&(1<<p) != 0 }

// moveOf is how a path that goes from one end of t to the other follows it.
func (g *Graph) moveOf(t *Tie, from string) move {
	switch {
	case !g.Placing(t):
		return cross
	case t.From == from:
		return up
	}
	return down
}

// Follows reports whether a path keeps the rule above with the ties it shows.
func (g *Graph) Follows(p Path) bool {
	ph := int8(atStart)
	for i, t := range p.Ties {
		if ph = nextPhase[ph][g.moveOf(t, p.Nodes[i].ID)]; ph < 0 {
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
