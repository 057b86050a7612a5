package queries

import (
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
	want := []string{"centrality", "hubs", "partners", "path", "stats", "timeline"}
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
