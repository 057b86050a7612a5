package graph

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
)

// Two independent readings of the path rule, to hold the compact searches
// (bfs.go, yen.go) to: the search Paths ran before them — a breadth-first
// search over (entity, phase) in maps, straight over the ties — and a
// brute-force walk through every loopless chain up to a length.

// oracleNext is the rule as chains.go first wrote it, a switch rather than
// a table.
func oracleNext(p phase, m move) (phase, bool) {
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

type oracleStep struct {
	to  int // index of the entity reached
	tie *Tie
	m   move
}

// oracleSteps is every way each entity can be left under opt's filters,
// parallel ties each a step of their own.
func oracleSteps(g *Graph, from, to string, opt PathOptions) ([]string, map[string]int, [][]oracleStep) {
	admit, excluded := admitted(opt), excludedBy(opt.Exclude)
	ids := make([]string, len(g.Entities))
	index := make(map[string]int, len(g.Entities))
	for i, e := range g.Entities {
		ids[i], index[e.ID] = e.ID, i
	}
	passes := func(i int) bool {
		e := g.Entities[i]
		return e.ID == from || e.ID == to || !excluded(e)
	}
	steps := make([][]oracleStep, len(g.Entities))
	for _, t := range g.Ties {
		a, okA := index[t.From]
		b, okB := index[t.To]
		if !admit(t) || !okA || !okB || a == b || !passes(a) || !passes(b) {
			continue
		}
		if g.Placing(t) {
			steps[a] = append(steps[a], oracleStep{b, t, up})
			steps[b] = append(steps[b], oracleStep{a, t, down})
		} else {
			steps[a] = append(steps[a], oracleStep{b, t, cross})
			steps[b] = append(steps[b], oracleStep{a, t, cross})
		}
	}
	return ids, index, steps
}

// grouped collects chains by their entities, each hop with every tie the
// chains of that sequence use; paths then shows PreferTie's pick per hop.
type grouped struct {
	order []string
	nodes map[string][]int
	ties  map[string][][]*Tie
}

func (gr *grouped) add(nodes []int, ties []*Tie) {
	key := fmt.Sprint(nodes)
	if gr.nodes == nil {
		gr.nodes, gr.ties = map[string][]int{}, map[string][][]*Tie{}
	}
	if gr.nodes[key] == nil {
		gr.order = append(gr.order, key)
		gr.nodes[key] = slices.Clone(nodes)
		gr.ties[key] = make([][]*Tie, len(ties))
	}
	for i, t := range ties {
		gr.ties[key][i] = append(gr.ties[key][i], t)
	}
}

func (gr *grouped) paths(g *Graph) []Path {
	var out []Path
	for _, key := range gr.order {
		p := Path{}
		for _, n := range gr.nodes[key] {
			p.Nodes = append(p.Nodes, g.Entities[n])
		}
		for _, options := range gr.ties[key] {
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
	SortPaths(out)
	return out
}

// oracleShortest is the search Paths ran before the compact one, as it was:
// breadth-first over (entity, phase) states in maps, remembering every way
// each state was first reached, then every shortest chain walked back.
func oracleShortest(g *Graph, from, to string, opt PathOptions) []Path {
	_, index, steps := oracleSteps(g, from, to, opt)
	type state struct {
		node int
		ph   phase
	}
	type arrival struct {
		from state
		tie  *Tie
	}
	dist := map[state]int{}
	preds := map[state][]arrival{}
	start, target := state{index[from], atStart}, index[to]
	dist[start] = 0
	frontier := []state{start}
	var found []state
	for len(frontier) > 0 && len(found) == 0 {
		var next []state
		for _, s := range frontier {
			for _, st := range steps[s.node] {
				ph, ok := oracleNext(s.ph, st.m)
				if !ok {
					continue
				}
				n := state{st.to, ph}
				d, seen := dist[n]
				if !seen {
					dist[n] = dist[s] + 1
					next = append(next, n)
					if n.node == target {
						found = append(found, n)
					}
				} else if d != dist[s]+1 {
					continue
				}
				preds[n] = append(preds[n], arrival{s, st.tie})
			}
		}
		frontier = next
	}
	var gr grouped
	var walk func(s state, nodes []int, ties []*Tie)
	walk = func(s state, nodes []int, ties []*Tie) {
		if s == start {
			n := []int{s.node}
			var ts []*Tie
			for i := len(nodes) - 1; i >= 0; i-- {
				n = append(n, nodes[i])
				ts = append(ts, ties[i])
			}
			gr.add(n, ts)
			return
		}
		for _, a := range preds[s] {
			walk(a.from, append(nodes, s.node), append(ties, a.tie))
		}
	}
	for _, f := range found {
		walk(f, nil, nil)
	}
	out := gr.paths(g)
	if len(out) > 0 && opt.MaxHops > 0 && out[0].Hops() > opt.MaxHops {
		return nil
	}
	return out
}

// oracleLoopless is every loopless chain from one entity to another of at
// most maxHops ties that keeps the rule, found by walking all of them.
func oracleLoopless(g *Graph, from, to string, opt PathOptions, maxHops int) []Path {
	_, index, steps := oracleSteps(g, from, to, opt)
	a, b := index[from], index[to]
	// Hops to b ignoring the rule and direction: a bound that prunes
	// walks which cannot arrive in time.
	far := make([]int, len(steps))
	for i := range far {
		far[i] = -1
	}
	far[b] = 0
	for queue := []int{b}; len(queue) > 0; queue = queue[1:] {
		for _, st := range steps[queue[0]] {
			if far[st.to] < 0 {
				far[st.to] = far[queue[0]] + 1
				queue = append(queue, st.to)
			}
		}
	}
	var gr grouped
	on := make([]bool, len(steps))
	nodes, ties := []int{a}, []*Tie{}
	var dfs func(x int, ph phase)
	dfs = func(x int, ph phase) {
		if x == b {
			gr.add(nodes, ties)
			return
		}
		for _, st := range steps[x] {
			if on[st.to] || far[st.to] < 0 || len(ties)+1+far[st.to] > maxHops {
				continue
			}
			next, ok := oracleNext(ph, st.m)
			if !ok {
				continue
			}
			on[st.to] = true
			nodes, ties = append(nodes, st.to), append(ties, st.tie)
			dfs(st.to, next)
			nodes, ties = nodes[:len(nodes)-1], ties[:len(ties)-1]
			on[st.to] = false
		}
	}
	on[a] = true
	dfs(a, atStart)
	return gr.paths(g)
}

func renderPath(p Path) string {
	var b strings.Builder
	for i, n := range p.Nodes {
		if i > 0 {
			fmt.Fprintf(&b, " -[%s]- ", p.Ties[i-1].ID)
		}
		b.WriteString(n.ID)
	}
	return b.String()
}

func renderPaths(ps []Path) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = renderPath(p)
	}
	return out
}

// randomPathOptions draws what a user may ask: hubs in or out, an entity
// or a label excluded, a window, book ties only, a hop limit.
func randomPathOptions(g *Graph, rng *rand.Rand) PathOptions {
	var opt PathOptions
	switch rng.IntN(5) {
	case 0: // --include-countries
	case 1:
		opt.Exclude = append(DefaultExcluded(), g.Entities[rng.IntN(len(g.Entities))].Label)
	case 2:
		opt.Exclude = append(DefaultExcluded(), g.Entities[rng.IntN(len(g.Entities))].ID)
	default:
		opt.Exclude = DefaultExcluded()
	}
	if rng.IntN(4) == 0 {
		opt.Window.Since = 2005 + rng.IntN(14)
	}
	if rng.IntN(4) == 0 {
		opt.Window.Until = 2012 + rng.IntN(9)
	}
	opt.BookOnly = rng.IntN(4) == 0
	if rng.IntN(4) == 0 {
		opt.MaxHops = 1 + rng.IntN(5)
	}
	return opt
}

// PathComparison counts what ComparePathsWithOracle compared.
type PathComparison struct {
	Queries   int // compared
	Answered  int // of which with at least one path
	Alternate int // of which all-shortest answers with more than one path
	Longer    int // of which k-shortest answers with paths of more than one length
}

// ComparePathsWithOracle puts random queries to Paths — random ends, random
// options — and to the two oracles above: all shortest paths must be the
// old search's, chain for chain and tie for tie; the k shortest (k from 1
// to 8, at most 4 hops, so that every chain can be walked) must be as many
// and as long as the shortest loopless chains, each one of them with the
// same ties, and hold every chain shorter than the longest. It reports the
// first difference.
func ComparePathsWithOracle(g *Graph, queries int, seed uint64) (PathComparison, error) {
	rng := rand.New(rand.NewPCG(seed, seed))
	var c PathComparison
	for q := 0; q < queries; q++ {
		opt := randomPathOptions(g, rng)
		yen := rng.IntN(2) == 0
		if yen {
			opt.K = 1 + rng.IntN(8)
			if opt.MaxHops == 0 || opt.MaxHops > 4 {
				opt.MaxHops = 2 + rng.IntN(3)
			}
		}
		// Most random pairs have no chain between them: half the time the
		// far end is a few random ties away instead.
		from, to := g.Entities[rng.IntN(len(g.Entities))].ID, g.Entities[rng.IntN(len(g.Entities))].ID
		if rng.IntN(2) == 0 {
			to = from
			for walk := 1 + rng.IntN(4); walk > 0; walk-- {
				if ts := g.TiesOf(to); len(ts) > 0 {
					to = ts[rng.IntN(len(ts))].Other(to)
				}
			}
		}
		if from == to {
			continue
		}
		var want []Path
		if yen {
			want = oracleLoopless(g, from, to, opt, opt.MaxHops)
		} else {
			want = oracleShortest(g, from, to, opt)
		}
		got, err := g.Paths(context.Background(), from, to, opt)
		if err != nil && !errors.Is(err, ErrNoPath) {
			return c, err
		}
		c.Queries++
		where := fmt.Sprintf("%s to %s, %+v", from, to, opt)
		if errors.Is(err, ErrNoPath) != (len(want) == 0) {
			return c, fmt.Errorf("%s: Paths gives %v (%v), the oracle %d paths", where, renderPaths(got), err, len(want))
		}
		if len(want) > 0 {
			c.Answered++
		}
		if opt.K == 0 {
			if g, w := renderPaths(got), renderPaths(want); !slices.Equal(g, w) {
				return c, fmt.Errorf("%s:\n  Paths  %q\n  oracle %q", where, g, w)
			}
			if len(want) > 1 {
				c.Alternate++
			}
			continue
		}
		if err := sameKShortest(got, want, opt.K); err != nil {
			return c, fmt.Errorf("%s: %w", where, err)
		}
		if len(got) > 1 && got[0].Hops() != got[len(got)-1].Hops() {
			c.Longer++
		}
	}
	return c, nil
}

// sameKShortest checks k shortest paths against every loopless chain (as
// long as the longest of them at least), both in SortPaths' order.
func sameKShortest(got, all []Path, k int) error {
	want := min(k, len(all))
	if len(got) != want {
		return fmt.Errorf("%d paths, want %d of the %d chains %q", len(got), want, len(all), renderPaths(all))
	}
	if want == 0 {
		return nil
	}
	every := map[string]bool{}
	for _, p := range all {
		every[renderPath(p)] = true
	}
	mine := map[string]bool{}
	for i, p := range got {
		r := renderPath(p)
		if !every[r] {
			return fmt.Errorf("path %q is not among the chains %q", r, renderPaths(all))
		}
		if mine[r] {
			return fmt.Errorf("path %q twice", r)
		}
		mine[r] = true
		if p.Hops() != all[i].Hops() {
			return fmt.Errorf("path %d has %d hops, the %dth shortest chain %d", i+1, p.Hops(), i+1, all[i].Hops())
		}
	}
	longest := got[len(got)-1].Hops()
	for _, p := range all {
		if r := renderPath(p); p.Hops() < longest && !mine[r] {
			return fmt.Errorf("chain %q is shorter than the longest path, yet missing", r)
		}
	}
	return nil
}
