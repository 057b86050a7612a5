package main

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/bcgraph/bcgraph/graph"
)

// vsFlag's value: a second period to compare with, "2016:2020", "2016:" or ":2015".
func parsePeriod(s string) (graph.Window, error) {
	lo, hi, ok := strings.Cut(s, ":")
	if !ok {
		return graph.Window{}, usagef("--vs %q: want SINCE:UNTIL, e.g. 2016:2020 (either side may be empty)", s)
	}
	var w graph.Window
	for _, b := range []struct {
		text string
		to   *int
	}{{lo, &w.Since}, {hi, &w.Until}} {
		if b.text == "" {
			continue
		}
		y, err := strconv.Atoi(b.text)
		if err != nil || y < 1900 || y > 2100 {
			return w, usagef("--vs %q: %q is not a year (1900-2100)", s, b.text)
		}
		*b.to = y
	}
	if w.Since != 0 && w.Until != 0 && w.Since > w.Until {
		return w, usagef("--vs %q: %d is after %d: no year can match", s, w.Since, w.Until)
	}
	return w, nil
}

// periodName writes a window for a column heading: "2010–2015", "from 2016", "all years".
func periodName(w graph.Window) string {
	switch {
	case w.Open():
		return "all years"
	case w.Until == 0:
		return fmt.Sprintf("from %d", w.Since)
	case w.Since == 0:
		return fmt.Sprintf("until %d", w.Until)
	case w.Since == w.Until:
		return fmt.Sprint(w.Since)
	}
	return fmt.Sprintf("%d–%d", w.Since, w.Until)
}

type periodJSON struct {
	Since int `json:"since,omitempty"`
	Until int `json:"until,omitempty"`
}

func periodOut(w graph.Window) periodJSON { return periodJSON{w.Since, w.Until} }

// signed writes a change with its sign: "+3", "-1", "0".
func signed(n int) string {
	if n > 0 {
		return fmt.Sprintf("+%d", n)
	}
	return fmt.Sprint(n)
}

// partnersChange is one entity's counterparts in two periods side by side.
type partnersChange struct {
	entity       *graph.Entity
	first, later graph.Window
	rows         []partnerChangeRow
}

type partnerChangeRow struct {
	partner *graph.Entity
	country string
	links   [2]int
}

func newPartnersChange(e *graph.Entity, first, later graph.Window, a, b []graph.Partner) partnersChange {
	pc := partnersChange{entity: e, first: first, later: later}
	index := map[string]int{}
	for i, ps := range [][]graph.Partner{a, b} {
		for _, p := range ps {
			j, ok := index[p.Entity.ID]
			if !ok {
				j = len(pc.rows)
				index[p.Entity.ID] = j
				pc.rows = append(pc.rows, partnerChangeRow{partner: p.Entity, country: p.Country})
			}
			pc.rows[j].links[i] = len(p.Links)
		}
	}
	sort.SliceStable(pc.rows, func(i, j int) bool {
		ri, rj := pc.rows[i], pc.rows[j]
		if ri.country != rj.country {
			return ri.country < rj.country
		}
		if ri.links[1] != rj.links[1] {
			return ri.links[1] > rj.links[1]
		}
		return ri.partner.Name < rj.partner.Name
	})
	return pc
}

func (r partnerChangeRow) change() string {
	switch {
	case r.links[0] == 0:
		return "new"
	case r.links[1] == 0:
		return "gone"
	}
	return signed(r.links[1] - r.links[0])
}

func (a partnersChange) empty() error {
	if len(a.rows) == 0 {
		return &noResult{fmt.Sprintf("%s has no counterparts in either period", a.entity.Name)}
	}
	return nil
}

type partnersChangeJSON struct {
	Entity   entityJSON          `json:"entity"`
	Periods  [2]periodJSON       `json:"periods"`
	Partners []partnerChangeJSON `json:"partners"`
}

type partnerChangeJSON struct {
	nodeRefJSON
	Country string `json:"country,omitempty"`
	Links   [2]int `json:"links"` // links in each period
	Change  string `json:"change"`
}

func (a partnersChange) json() any {
	out := partnersChangeJSON{Entity: entityOut(a.entity), Periods: [2]periodJSON{periodOut(a.first), periodOut(a.later)}, Partners: []partnerChangeJSON{}}
	for _, r := range a.rows {
		out.Partners = append(out.Partners, partnerChangeJSON{nodeRef(r.partner), r.country, r.links, r.change()})
	}
	return out
}

func (a partnersChange) text(w io.Writer) error {
	fmt.Fprintf(w, "counterparts of %s, %s against %s (links in each period)\n\n", a.entity.Name, periodName(a.first), periodName(a.later))
	t := newTable(w, "COUNTERPART", "LABEL", "COUNTRY", periodName(a.first), periodName(a.later), "CHANGE")
	for _, r := range a.rows {
		t.row(r.partner.Name, r.partner.Label, orDash(r.country), fmt.Sprint(r.links[0]), fmt.Sprint(r.links[1]), r.change())
	}
	return t.flush()
}
