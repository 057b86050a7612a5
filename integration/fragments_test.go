package integration

import (
	"context"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/bcgraph/bcgraph/graph"
	"github.com/bcgraph/bcgraph/queries"
)

// TestWindowFragmentIsWindowAdmits evaluates the Cypher year window on the
// real server for every kind of tie and window, and requires graph.Window.Admits'
// verdict: the rule is written once in Go and once as its Cypher fragment.
func TestWindowFragmentIsWindowAdmits(t *testing.T) {
	d := driver(t)
	ctx := context.Background()
	cypher, err := queries.Compose(`UNWIND $ties AS r RETURN r.i AS i, {{window "r"}} AS admitted`)
	if err != nil {
		t.Fatal(err)
	}
	var ties []*graph.Tie
	var rows []any
	for _, ref := range []bool{false, true} {
		for _, year := range []int{0, 2014, 2015, 2016, 2020} {
			tie := &graph.Tie{Reference: ref, Date: graph.Date{Year: year}}
			row := map[string]any{"i": int64(len(ties)), "reference": ref, "year": nil}
			if year != 0 {
				row["year"] = int64(year)
			}
			ties, rows = append(ties, tie), append(rows, row)
		}
	}
	for _, w := range []graph.Window{{}, {Since: 2015}, {Until: 2015}, {Since: 2015, Until: 2016}, {Since: 2021}} {
		params := map[string]any{"ties": rows, "since": nil, "until": nil}
		if w.Since != 0 {
			params["since"] = int64(w.Since)
		}
		if w.Until != 0 {
			params["until"] = int64(w.Until)
		}
		res, err := neo4j.ExecuteQuery(ctx, d, cypher, params, neo4j.EagerResultTransformer)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Records) != len(ties) {
			t.Fatalf("%d rows for %d ties", len(res.Records), len(ties))
		}
		for _, r := range res.Records {
			i, _, err1 := neo4j.GetRecordValue[int64](r, "i")
			got, _, err2 := neo4j.GetRecordValue[bool](r, "admitted")
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			tie := ties[i]
			if want := w.Admits(tie); got != want {
				t.Errorf("window %+v, tie reference=%v year=%d: cypher %v, Go %v", w, tie.Reference, tie.Date.Year, got, want)
			}
		}
	}
}
