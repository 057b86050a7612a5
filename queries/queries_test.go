package queries

import (
	"io/fs"
	"reflect"
	"strings"
	"testing"
)

func TestEveryQueryFileHasAHeader(t *testing.T) {
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, q := range all {
		names = append(names, q.Name)
		if q.Description == "" {
			t.Errorf("%s has no description", q.Name)
		}
		for _, p := range q.Params {
			if !strings.Contains(q.Cypher, "$"+p.Name) {
				t.Errorf("%s declares %s but never uses $%s", q.Name, p.Name, p.Name)
			}
		}
	}
	want := []string{"centrality", "hubs", "partners", "path", "search", "source", "sources", "stats", "ties", "timeline"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("queries = %v, want %v", names, want)
	}
}

func TestBindTypesDefaultsAndRefusals(t *testing.T) {
	q, err := Get("path")
	if err != nil {
		t.Fatal(err)
	}
	p, err := q.Bind(map[string]string{"from": "bntu", "to": "gansu", "maxHops": "4", "excludeLabels": "City,Program", "since": "null"})
	if err != nil {
		t.Fatal(err)
	}
	if p["maxHops"] != int64(4) || p["bookOnly"] != false || p["since"] != nil {
		t.Errorf("bound %v", p)
	}
	if got := p["excludeLabels"].([]any); len(got) != 2 || got[1] != "Program" {
		t.Errorf("list param = %v", got)
	}
	if ex := p["exclude"].([]any); len(ex) != 2 || ex[0] != "belarus" {
		t.Errorf("default exclude = %v", ex)
	}
	for _, tc := range []struct {
		given map[string]string
		msg   string
	}{
		{map[string]string{"from": "bntu"}, "needs --param to=STRING"},
		{map[string]string{"from": "a", "to": "b", "maxHops": "many"}, "--param maxHops"},
		{map[string]string{"from": "a", "to": "b", "colour": "red"}, `no parameter "colour"`},
	} {
		if _, err := q.Bind(tc.given); err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("Bind(%v) = %v, want an error with %q", tc.given, err, tc.msg)
		}
	}
	if _, err := Get("pagerank"); err == nil || !strings.Contains(err.Error(), "there are: centrality") {
		t.Errorf("Get(unknown) = %v", err)
	}
}

// TestNoQueryWritesARuleByHand: the rules shared with the embedded engine
// (the year window, the label and type lists) come from fragments, never
// spelled out in a .cypher file, so the two engines cannot drift apart.
func TestNoQueryWritesARuleByHand(t *testing.T) {
	names, err := fs.Glob(files, "*.cypher")
	if err != nil {
		t.Fatal(err)
	}
	spelled := []string{"'Agreement'", "'Event'", "'Program'", "'City'", "'LOCATED_IN'", "'HELD_IN'", "PARTY_TO|",
		"'belarus'", ".year >= $since", ".year <= $until", "$since IS NULL AND $until IS NULL"}
	for _, n := range names {
		raw, err := files.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range spelled {
			if strings.Contains(string(raw), s) {
				t.Errorf("%s spells out %s: use the fragment (see fragments.go)", n, s)
			}
		}
	}
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range all {
		if strings.Contains(q.Cypher, "{{") || strings.Contains(q.Cypher, "}}") {
			t.Errorf("%s: composed text still holds a fragment: %s", q.Name, q.Cypher)
		}
	}
}

func TestFragmentsAreWrittenFromTheGoRules(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"{{occasions}}", "['Agreement', 'Event', 'Program']"},
		{"{{structural}}", "['LOCATED_IN', 'PART_OF', 'HELD_IN']"},
		{"{{participation}}", "PARTY_TO|PARTICIPATED_IN|ORGANIZED|IMPLEMENTS"},
		{"{{excluded}}", "['belarus', 'china']"},
		{`{{window "t"}}`, "(($since IS NULL AND $until IS NULL) OR t.reference OR (t.year IS NOT NULL AND ($since IS NULL OR coalesce(t.year_end, t.year) >= $since) AND ($until IS NULL OR t.year <= $until)))"},
		{`{{bookOnly "t"}}`, "(NOT $bookOnly OR (NOT t.reference AND NOT coalesce(t.inferred, false)))"},
	} {
		got, err := Compose(tc.text)
		if err != nil || got != tc.want {
			t.Errorf("Compose(%s) = %q, %v; want %q", tc.text, got, err, tc.want)
		}
	}
	if _, err := Compose("{{nosuchfragment}}"); err == nil {
		t.Error("an unknown fragment composed without error")
	}
}

func TestBindRefusesValuesOutOfRange(t *testing.T) {
	hubs, err := Get("hubs")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		given map[string]string
		msg   string
	}{
		{map[string]string{"limit": "-1"}, "-1 is out of range (0..)"},
		{map[string]string{"since": "20"}, "20 is out of range (1900..2100)"},
		{map[string]string{"limit": "x"}, `want an integer, got "x"`},
	} {
		if _, err := hubs.Bind(tc.given); err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("Bind(%v) = %v, want %q", tc.given, err, tc.msg)
		}
	}
	if p, err := hubs.Bind(map[string]string{"limit": "0", "since": "2016"}); err != nil || p["limit"] != int64(0) {
		t.Errorf("Bind in range = %v, %v", p, err)
	}
}
