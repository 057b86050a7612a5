package queries

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/template"

	"github.com/bcgraph/bcgraph/graph"
)

// The rules the canned queries share are written once, here, from the Go
// values that the embedded engine uses, and composed into each .cypher file
// when it is read: a .cypher file writes {{window "r"}} where it means "r
// falls in the year window", {{occasions}} for the agreement/event/program
// labels, and so on. 'bcgraph query show' prints the composed text, which is
// plain Cypher ready for Neo4j Browser. TestNoQueryWritesARuleByHand keeps the
// files from spelling a rule out again.
var fragments = template.FuncMap{
	// window is graph.Window.Admits for relationship variable r: reference
	// geography is timeless; with a bound set, undated ties drop out.
	"window": windowOf,
	// bookOnly is Tie.FromBook when $bookOnly is set.
	"bookOnly": bookOnlyOf,
	// windowOpen is graph.Window.Open: no year bound given.
	"windowOpen": func() string { return windowOpen },
	// yearIn is true when the integer expression lies in [$since, $until].
	"yearIn": yearIn,
	// occasions: the labels of nodes whose parties link through them.
	"occasions": func() string { return list(graph.OccasionLabels()) },
	// timelineLabels: the labels a timeline lists.
	"timelineLabels": func() string { return list(graph.TimelineLabels()) },
	// timelineLabelAlternation: the same as a label expression (Agreement|Event),
	// so that a MATCH starts from those labels' nodes, not from every node.
	"timelineLabelAlternation": func() string { return strings.Join(graph.TimelineLabels(), "|") },
	// places: the labels of geographic units.
	"places": func() string { return list(graph.PlaceLabels()) },
	// structural: the tie types that place things and are never cooperation.
	"structural": func() string { return list(graph.StructuralTypes()) },
	// participation: the tie types that make their start a party of an occasion,
	// as a relationship-type alternation for a pattern.
	"participation": func() string { return strings.Join(graph.ParticipationTypes(), "|") },
	// excluded: the trivial hubs left out by default.
	"excluded": func() string { return list(graph.DefaultExcluded()) },
	// tie projects relationship r into the map decode.go's tie reads: all
	// its properties, which the server reads in one pass over the
	// relationship's property chain, where naming seventeen keys looks
	// each up on its own (twice the server's time for 'ties' at 100 times
	// the book).
	"tie": func(r string) string {
		return fmt.Sprintf("%[1]s {.*, type: type(%[1]s), from: startNode(%[1]s).id, to: endNode(%[1]s).id}", r)
	},
	// node projects node n into the map decode.go's entity reads.
	"node": func(n string) string { return fmt.Sprintf("%s {.id, .name, .label}", n) },
	// occasion projects an agreement, event or program with its evidence,
	// into the map decode.go's occasion reads: all its properties, read in
	// one pass, as tie's.
	"occasion": func(o string) string {
		return fmt.Sprintf("%s {.*}", o)
	},
	// entity projects a node with every field the search scores.
	"entity": func(n string) string {
		return fmt.Sprintf("%s {.id, .name, .label, .aliases, .ru, .zh, .quote, .note, .footnote, .chapter, .date_text, .status, "+statementFields+"}", n)
	},
	// placing is graph.Placing for relationship r whose end (the place) is
	// the expression to: a tie that places something rather than cooperates.
	"placing": func(r, to string) string {
		return fmt.Sprintf("(type(%[1]s) IN %[2]s OR (type(%[1]s) = %[3]s AND %[4]s.label IN %[5]s))",
			r, list(graph.PlacingTypes()), Quote(graph.PartOf), to, list(graph.PlaceLabels()))
	},
	// admit is what a path query lets through: the window, and no reference
	// geography with $bookOnly.
	"admit": func(r string) string {
		return fmt.Sprintf("(%[1]s AND %[2]s)", bookOnlyOf(r), windowOf(r))
	},
	// keep is the path's node filter: the ends always, other nodes unless excluded.
	"keep": func(n string) string {
		return fmt.Sprintf("(%[1]s:%[2]s AND (%[1]s.id IN [$from, $to] OR (NOT %[1]s.id IN $exclude AND NOT %[1]s.label IN $excludeLabels)))", n, marker)
	},
	// excludedJSON: the same, as a JSON default in a query's header.
	"excludedJSON": func() (string, error) {
		b, err := json.Marshal(graph.DefaultExcluded())
		return string(b), err
	},
}

// marker is the label on every node bcgraph loads (loader.MarkerLabel): the
// book's footnotes are loaded too, under a label of their own, and a query
// that walks relationships must not wander into them.
const marker = "Bcgraph"

// statementFields are what a fact carries beyond its first evidence (see
// graph.AlsoProps and decode.go's statement).
const statementFields = ".approx, .inferred, .also_quote, .also_chapter, .also_footnote"

const windowOpen = "($since IS NULL AND $until IS NULL)"

// windowOf is Window.Admits: a tie dated over a range (year to year_end)
// is in the window when the two overlap.
func windowOf(r string) string {
	return fmt.Sprintf("(%[2]s OR %[1]s.reference OR (%[1]s.year IS NOT NULL AND ($since IS NULL OR coalesce(%[1]s.year_end, %[1]s.year) >= $since) AND ($until IS NULL OR %[1]s.year <= $until)))",
		r, windowOpen)
}

// bookOnlyOf is Tie.FromBook under $bookOnly: neither reference geography
// nor the curator's inference.
func bookOnlyOf(r string) string {
	return fmt.Sprintf("(NOT $bookOnly OR (NOT %[1]s.reference AND NOT coalesce(%[1]s.inferred, false)))", r)
}

func yearIn(expr string) string {
	return fmt.Sprintf("($since IS NULL OR %[1]s >= $since) AND ($until IS NULL OR %[1]s <= $until)", expr)
}

// list writes strings as a Cypher list literal.
func list(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = Quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// Quote writes s as a Cypher string literal.
func Quote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// Compose expands the fragments in Cypher text, as the canned queries are
// expanded when they are read; tests use it to run a fragment alone.
func Compose(text string) (string, error) { return compose("cypher", text) }

func compose(file, text string) (string, error) {
	t, err := template.New(file).Funcs(fragments).Option("missingkey=error").Parse(text)
	if err != nil {
		return "", fmt.Errorf("query %s: %w", file, err)
	}
	var b strings.Builder
	if err := t.Execute(&b, nil); err != nil {
		return "", fmt.Errorf("query %s: %w", file, err)
	}
	return b.String(), nil
}
