package graph

import (
	"context"
	"errors"
	"fmt"
	"sort"
)

// ErrUnknownSource means a number names none of the book's footnotes.
var ErrUnknownSource = errors.New("no such footnote")

// SourceFacts is one footnote with every fact in the dataset that cites it.
type SourceFacts struct {
	Source   *Source
	Ties     []*Tie    // in SortTies order
	Entities []*Entity // agreements, events… whose own evidence cites it, by id
}

// SourceCount is a footnote and how many facts cite it.
type SourceCount struct {
	Source *Source
	Facts  int
}

// Source returns footnote n and the facts that cite it.
func (g *Graph) Source(ctx context.Context, n int) (SourceFacts, error) {
	s := g.Sources[n]
	if s == nil {
		return SourceFacts{}, fmt.Errorf("footnote %d: %w (the book has %d)", n, ErrUnknownSource, len(g.Sources))
	}
	if err := ctx.Err(); err != nil {
		return SourceFacts{}, err
	}
	out := SourceFacts{Source: s}
	for _, t := range g.Ties {
		if containsInt(t.AllFootnotes(), n) {
			out.Ties = append(out.Ties, t)
		}
	}
	for _, e := range g.Entities {
		if containsInt(e.AllFootnotes(), n) {
			out.Entities = append(out.Entities, e)
		}
	}
	SortTies(out.Ties)
	sort.Slice(out.Entities, func(i, j int) bool { return out.Entities[i].ID < out.Entities[j].ID })
	return out, nil
}

// SourceList returns every footnote, by number, with how many facts cite it.
func (g *Graph) SourceList(ctx context.Context) ([]SourceCount, error) {
	count := map[int]int{}
	for _, t := range g.Ties {
		for _, n := range dedupeInts(t.AllFootnotes()) {
			count[n]++
		}
	}
	for _, e := range g.Entities {
		for _, n := range dedupeInts(e.AllFootnotes()) {
			count[n]++
		}
	}
	out := make([]SourceCount, 0, len(g.Sources))
	for _, s := range g.Sources {
		out = append(out, SourceCount{s, count[s.N]})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Source.N < out[j].Source.N })
	return out, ctx.Err()
}

func containsInt(list []int, n int) bool {
	for _, x := range list {
		if x == n {
			return true
		}
	}
	return false
}

func dedupeInts(list []int) []int {
	var out []int
	for _, x := range list {
		if !containsInt(out, x) {
			out = append(out, x)
		}
	}
	return out
}
