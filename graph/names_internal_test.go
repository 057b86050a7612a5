package graph

import (
	"maps"
	"math/rand/v2"
	"strconv"
	"testing"
)

func TestNormalizeASCIIAgreesWithTheUnicodePath(t *testing.T) {
	var inputs []string
	for a := 0; a < 128; a++ {
		for _, b := range []byte{'a', 'Z', '7', ' ', '.', '\'', '-', 0} {
			inputs = append(inputs, string([]byte{byte(a), b}), string([]byte{b, byte(a), 'x'}))
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 5000; i++ {
		b := make([]byte, rng.IntN(20))
		for j := range b {
			b[j] = byte(rng.IntN(128))
		}
		inputs = append(inputs, string(b))
	}
	inputs = append(inputs, "B.N.T.U.", "  Mogilev   Region ", "O'Neill's", "Grodno-Region", "")
	for _, s := range inputs {
		if got, want := normalizeASCII(s), normalizeRunes(s); got != want {
			t.Errorf("normalizeASCII(%q) = %q, normalizeRunes %q", s, got, want)
		}
	}
}

func TestExactNamesScanAgreesWithTheIndex(t *testing.T) {
	g := fixtureNames(t)
	var queries []string
	for _, e := range g.Entities {
		queries = append(queries, e.ID, e.Name, "x"+e.Name)
		queries = append(queries, e.Names()...)
	}
	queries = append(queries, "", "...", "Nowhere")
	key := func(es []nameEntry) map[string]bool {
		m := map[string]bool{}
		for _, en := range es {
			m[en.e.ID+"|"+en.name+"|"+en.key+"|"+strconv.FormatBool(en.ambiguous)] = true
		}
		return m
	}
	for _, q := range queries {
		g.scans.Store(0)
		scanned := key(g.exactNames(q))
		g.scans.Store(100)
		indexed := key(g.exactNames(q))
		if !maps.Equal(scanned, indexed) {
			t.Errorf("exact names of %q: scan %v, index %v", q, scanned, indexed)
		}
	}
}

func fixtureNames(t *testing.T) *Graph {
	t.Helper()
	es := []*Entity{
		{ID: "great-stone-park", Label: LabelIndustrialPark, Name: "Great Stone Industrial Park", Aliases: []string{"Great Stone", "GS"}, Ambiguous: []string{"Great Stone"}},
		{ID: "great-stone-fund", Label: LabelFund, Name: "Great Stone Fund", Aliases: []string{"Great Stone"}, Ambiguous: []string{"Great Stone"}},
		{ID: "bntu", Label: LabelUniversity, Name: "Belarusian National Technical University", Aliases: []string{"BNTU", "B.N.T.U."}, RU: "БНТУ", ZH: "白俄罗斯国立技术大学"},
		{ID: "dots", Label: LabelOrganization, Name: "Dots", Aliases: []string{"..."}},
	}
	g, err := New(es, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return g
}
