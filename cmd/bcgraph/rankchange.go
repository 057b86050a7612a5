package main

import (
	"fmt"
	"io"
	"sort"

	"github.com/bcgraph/bcgraph/graph"
)

// rankChange is a ranking in two periods side by side: who rose, who fell.
type rankChange struct {
	level, by    string
	first, later graph.Window
	rows         []rankChangeRow
}

type rankChangeRow struct {
	entity              *graph.Entity
	first, later        *graph.CentralityRow // nil: no row in that period
	firstRank, lateRank int                  // 1-based; 0 without a row
}

// measure reads the measure the ranking is by.
func measure(r *graph.CentralityRow, by string) float64 {
	if r == nil {
		return 0
	}
	return r.Measure(by)
}

// newRankChange joins two rankings (each already sorted by opts.By), ordered
// by the later period's rank, then the first's; --limit applies to that order.
func newRankChange(opts *centralityOptions, first, later []graph.CentralityRow) rankChange {
	rc := rankChange{level: opts.Level, by: opts.By, first: opts.Window, later: *opts.Vs}
	byID := map[string]*rankChangeRow{}
	var order []*rankChangeRow
	row := func(e *graph.Entity) *rankChangeRow {
		r := byID[e.ID]
		if r == nil {
			r = &rankChangeRow{entity: e}
			byID[e.ID] = r
			order = append(order, r)
		}
		return r
	}
	firstRanks, laterRanks := competitionRanks(first, opts.By), competitionRanks(later, opts.By)
	for i := range first {
		r := row(first[i].Entity)
		r.first, r.firstRank = &first[i], firstRanks[i]
	}
	for i := range later {
		r := row(later[i].Entity)
		r.later, r.lateRank = &later[i], laterRanks[i]
	}
	rank := func(n int) int {
		if n == 0 {
			return 1 << 30
		}
		return n
	}
	sort.SliceStable(order, func(i, j int) bool {
		if a, b := rank(order[i].lateRank), rank(order[j].lateRank); a != b {
			return a < b
		}
		return rank(order[i].firstRank) < rank(order[j].firstRank)
	})
	for _, r := range order {
		if r.firstRank != 0 || r.lateRank != 0 {
			rc.rows = append(rc.rows, *r)
		}
	}
	if opts.Limit > 0 && len(rc.rows) > opts.Limit {
		rc.rows = rc.rows[:opts.Limit]
	}
	return rc
}

// competitionRanks ranks sorted rows "1224": equal values share the best
// rank, so a tie broken by name is no rise or fall. A row whose value is 0
// did not take part in the period and gets no rank (0).
func competitionRanks(rows []graph.CentralityRow, by string) []int {
	ranks := make([]int, len(rows))
	for i := range rows {
		v := measure(&rows[i], by)
		switch {
		case v == 0:
			ranks[i] = 0
		case i > 0 && v == measure(&rows[i-1], by):
			ranks[i] = ranks[i-1]
		default:
			ranks[i] = i + 1
		}
	}
	return ranks
}

// change says how a row moved: "↑3", "↓2", "=", "new", "gone".
func (r rankChangeRow) change() string {
	switch {
	case r.firstRank == 0:
		return "new"
	case r.lateRank == 0:
		return "gone"
	case r.lateRank < r.firstRank:
		return fmt.Sprintf("↑%d", r.firstRank-r.lateRank)
	case r.lateRank > r.firstRank:
		return fmt.Sprintf("↓%d", r.lateRank-r.firstRank)
	}
	return "="
}

type rankChangeJSON struct {
	Level   string              `json:"level"`
	By      string              `json:"by"`
	Periods [2]periodJSON       `json:"periods"`
	Rows    []rankChangeRowJSON `json:"rows"`
}

type rankChangeRowJSON struct {
	nodeRefJSON
	Ranks  [2]int     `json:"ranks"`  // 0: no row in that period
	Values [2]float64 `json:"values"` // of the measure ranked by
	Change string     `json:"change"`
}

func (a rankChange) json() any {
	out := rankChangeJSON{Level: a.level, By: a.by, Periods: [2]periodJSON{periodOut(a.first), periodOut(a.later)}, Rows: []rankChangeRowJSON{}}
	for _, r := range a.rows {
		out.Rows = append(out.Rows, rankChangeRowJSON{nodeRef(r.entity), [2]int{r.firstRank, r.lateRank},
			[2]float64{round(measure(r.first, a.by), 9), round(measure(r.later, a.by), 9)}, r.change()})
	}
	return out
}

func (a rankChange) text(w io.Writer) error {
	fmt.Fprintf(w, "%s, %s against %s\n\n", a.by, periodName(a.first), periodName(a.later))
	t := newTable(w, "NAME", "LABEL", "RANK "+periodName(a.first), a.by, "RANK "+periodName(a.later), a.by, "CHANGE")
	cell := func(rank int, r *graph.CentralityRow) (string, string) {
		if r == nil || rank == 0 {
			return "-", "-"
		}
		v := measure(r, a.by)
		if a.by == "partners" || a.by == "ties" {
			return fmt.Sprint(rank), fmt.Sprint(int(v))
		}
		return fmt.Sprint(rank), fmt.Sprintf("%.4f", v)
	}
	for _, r := range a.rows {
		r1, v1 := cell(r.firstRank, r.first)
		r2, v2 := cell(r.lateRank, r.later)
		t.row(r.entity.Name, r.entity.Label, r1, v1, r2, v2, r.change())
	}
	return t.flush()
}
