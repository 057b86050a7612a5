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
// The same rows check {{bookOnly}} against Tie.FromBook.
func TestWindowFragmentIsWindowAdmits(t *testing.T) {
	d := driver(t)
	ctx := context.Background()
	cypher, err := queries.Compose(`UNWIND $ties AS r RETURN r.i AS i, {{window "r"}} AS admitted, {{bookOnly "r"}} AS kept`)
	if err != nil {
		t.Fatal(err)
	}
	var ties []*graph.Tie
	var rows []any
	for _, ref := range []bool{false, true} {
		// [year, end]: single years and ranges ("in 2014–2016")
		for _, span := range [][2]int{{0, 0}, {2014, 0}, {2015, 0}, {2016, 0}, {2020, 0}, {2013, 2014}, {2014, 2016}, {2016, 2017}, {2021, 2022}} {
			for _, inferred := range []bool{false, true} {
				if ref && inferred {
					continue // validate forbids it
				}
				tie := &graph.Tie{Reference: ref, Inferred: inferred, Date: graph.Date{Year: span[0]}, End: graph.Date{Year: span[1]}}
				row := map[string]any{"i": int64(len(ties)), "reference": ref, "year": nil}
				if span[0] != 0 {
					row["year"] = int64(span[0])
				}
				if span[1] != 0 {
					row["year_end"] = int64(span[1])
				}
				if inferred { // written only when true, as the loader does
					row["inferred"] = true
				}
				ties, rows = append(ties, tie), append(rows, row)
			}
		}
	}
	for _, w := range []graph.Window{{}, {Since: 2015}, {Until: 2015}, {Since: 2015, Until: 2016}, {Since: 2021}} {
		params := map[string]any{"ties": rows, "since": nil, "until": nil, "bookOnly": true}
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
			kept, _, err3 := neo4j.GetRecordValue[bool](r, "kept")
			if err1 != nil || err2 != nil || err3 != nil {
				t.Fatal(err1, err2, err3)
			}
			tie := ties[i]
			if want := w.Admits(tie); got != want {
				t.Errorf("window %+v, tie reference=%v dated %s: cypher %v, Go %v", w, tie.Reference, tie.DateText(), got, want)
			}
			if want := tie.FromBook(); kept != want {
				t.Errorf("bookOnly, tie reference=%v inferred=%v: cypher keeps it %v, Go %v", tie.Reference, tie.Inferred, kept, want)
			}
		}
	}
}
