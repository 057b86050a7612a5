// Package queries holds bcgraph's canned Cypher: one .cypher file per
// analysis, each with a header naming it, describing it and listing its
// parameters. The files are embedded, printed by 'bcgraph query show' ready to
// paste into Neo4j Browser, and run by 'bcgraph query run' and --backend neo4j.
package queries

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

//go:embed *.cypher
var files embed.FS

// Param is one parameter a query takes.
type Param struct {
	Name    string
	Type    string // string, int, float, bool or list
	Default string // JSON; empty when the parameter is required
	Doc     string
	// Min and Max bound an int parameter ("in MIN..MAX", either side may be
	// open), so that a bad value is the user's mistake, not the server's error.
	Min, Max *int64
}

// Query is one canned analysis.
type Query struct {
	Name        string
	Description string
	Params      []Param
	Cypher      string // the whole file, header included (comments are valid Cypher), fragments composed
}

// All returns every canned query, sorted by name.
func All() ([]Query, error) {
	names, err := fs.Glob(files, "*.cypher")
	if err != nil {
		return nil, err
	}
	var out []Query
	for _, f := range names {
		data, err := files.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("query %s: %w", f, err)
		}
		text, err := compose(f, string(data))
		if err != nil {
			return nil, err
		}
		q, err := parse(f, text)
		if err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// Get returns the query with the given name.
func Get(name string) (Query, error) {
	all, err := All()
	if err != nil {
		return Query{}, err
	}
	var names []string
	for _, q := range all {
		if q.Name == name {
			return q, nil
		}
		names = append(names, q.Name)
	}
	return Query{}, fmt.Errorf("no canned query %q (there are: %s)", name, strings.Join(names, ", "))
}

func parse(file, text string) (Query, error) {
	q := Query{Cypher: text}
	for i, line := range strings.Split(text, "\n") {
		rest, ok := strings.CutPrefix(line, "// ")
		if !ok {
			break
		}
		key, val, ok := strings.Cut(rest, ": ")
		if !ok {
			continue
		}
		switch key {
		case "name":
			q.Name = val
		case "description":
			q.Description = val
		case "param":
			p, err := parseParam(val)
			if err != nil {
				return q, fmt.Errorf("query %s:%d: %w", file, i+1, err)
			}
			q.Params = append(q.Params, p)
		}
	}
	if q.Name == "" || strings.TrimSuffix(file, ".cypher") != q.Name {
		return q, fmt.Errorf("query %s: header must name it %q", file, strings.TrimSuffix(file, ".cypher"))
	}
	return q, nil
}

// parseParam reads "NAME TYPE [in MIN..MAX] [= DEFAULT] - DOC".
func parseParam(s string) (Param, error) {
	head, doc, _ := strings.Cut(s, " - ")
	var p Param
	p.Doc = strings.TrimSpace(doc)
	decl, def, hasDefault := strings.Cut(head, "=")
	f := strings.Fields(decl)
	if len(f) == 4 && f[1] == "int" && f[2] == "in" {
		lo, hi, ok := strings.Cut(f[3], "..")
		for _, b := range []struct {
			text string
			to   **int64
		}{{lo, &p.Min}, {hi, &p.Max}} {
			if b.text == "" {
				continue
			}
			n, err := strconv.ParseInt(b.text, 10, 64)
			if err != nil || !ok {
				return p, fmt.Errorf("param %q: want a range MIN..MAX", s)
			}
			*b.to = &n
		}
		f = f[:2]
	}
	if len(f) != 2 {
		return p, fmt.Errorf("param %q: want NAME TYPE [in MIN..MAX] [= DEFAULT] - DOC", s)
	}
	p.Name, p.Type = f[0], f[1]
	switch p.Type {
	case "string", "int", "float", "bool", "list":
	default:
		return p, fmt.Errorf("param %s: unknown type %q", p.Name, p.Type)
	}
	if hasDefault {
		p.Default = strings.TrimSpace(def)
		if !json.Valid([]byte(p.Default)) {
			return p, fmt.Errorf("param %s: default %q is not JSON", p.Name, p.Default)
		}
	}
	return p, nil
}

// Range describes an int parameter's bounds, "0..", "1..15".
func (p Param) Range() string {
	var lo, hi string
	if p.Min != nil {
		lo = strconv.FormatInt(*p.Min, 10)
	}
	if p.Max != nil {
		hi = strconv.FormatInt(*p.Max, 10)
	}
	return lo + ".." + hi
}

// Bind turns key=value strings into the query's typed parameters, filling
// defaults. Unknown keys, missing required parameters and values of the
// wrong type are errors that name the parameter.
func (q Query) Bind(given map[string]string) (map[string]any, error) {
	return q.bind(given, false)
}

// bind is Bind; with defaultsOnly it returns just the parameters that have a
// default, for callers that supply the rest typed.
func (q Query) bind(given map[string]string, defaultsOnly bool) (map[string]any, error) {
	params := map[string]any{}
	known := map[string]bool{}
	for _, p := range q.Params {
		known[p.Name] = true
		raw, ok := given[p.Name]
		if !ok {
			if p.Default == "" {
				if defaultsOnly {
					continue
				}
				return nil, fmt.Errorf("query %s needs --param %s=%s (%s)", q.Name, p.Name, strings.ToUpper(p.Type), p.Doc)
			}
			var v any
			json.Unmarshal([]byte(p.Default), &v)
			params[p.Name] = normalizeJSON(v)
			continue
		}
		v, err := convert(p, raw)
		if err != nil {
			return nil, fmt.Errorf("query %s: --param %s: %w", q.Name, p.Name, err)
		}
		params[p.Name] = v
	}
	for k := range given {
		if !known[k] {
			var names []string
			for _, p := range q.Params {
				names = append(names, p.Name)
			}
			return nil, fmt.Errorf("query %s has no parameter %q (it takes: %s)", q.Name, k, strings.Join(names, ", "))
		}
	}
	return params, nil
}

func normalizeJSON(v any) any {
	switch v := v.(type) {
	case float64:
		if v == float64(int64(v)) {
			return int64(v)
		}
	case []any:
		for i := range v {
			v[i] = normalizeJSON(v[i])
		}
	}
	return v
}

func convert(p Param, raw string) (any, error) {
	if raw == "null" {
		return nil, nil
	}
	switch p.Type {
	case "int":
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("want an integer, got %q", raw)
		}
		if (p.Min != nil && n < *p.Min) || (p.Max != nil && n > *p.Max) {
			return nil, fmt.Errorf("%d is out of range (%s)", n, p.Range())
		}
		return n, nil
	case "float":
		return strconv.ParseFloat(raw, 64)
	case "bool":
		return strconv.ParseBool(raw)
	case "list":
		if strings.HasPrefix(raw, "[") {
			var v []any
			if err := json.Unmarshal([]byte(raw), &v); err != nil {
				return nil, fmt.Errorf("want a JSON list or comma-separated values: %w", err)
			}
			return normalizeJSON(v), nil
		}
		var out []any
		for _, s := range strings.Split(raw, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out, nil
	}
	return raw, nil
}

// Timeout bounds every canned query on the server, unless an Engine says
// otherwise, so a pathological search fails with a message instead of
// hanging, and a client that goes away (killed, interrupted, its connection
// lost) never leaves its query running there: the server itself ends the
// transaction when the time is up.
const Timeout = 2 * time.Minute

// ErrTimeout is the kind of error of a query the server stopped at its
// transaction timeout.
var ErrTimeout = errors.New("the server stopped it at its transaction timeout")

// MetadataKey names, in the transaction metadata SHOW TRANSACTIONS lists,
// the canned query a transaction runs.
const MetadataKey = "bcgraph_query"

// readConfig routes a query to a reader of the database, with a timeout and
// the query's name in the transaction's metadata.
func readConfig(database string, timeout time.Duration, name string) []neo4j.ExecuteQueryConfigurationOption {
	return []neo4j.ExecuteQueryConfigurationOption{neo4j.ExecuteQueryWithDatabase(database),
		neo4j.ExecuteQueryWithReadersRouting(), neo4j.ExecuteQueryWithTransactionConfig(
			neo4j.WithTxTimeout(timeout), neo4j.WithTxMetadata(map[string]any{MetadataKey: name}))}
}

// query runs Cypher in a read transaction bounded by the engine's timeout;
// name is what errors and SHOW TRANSACTIONS call it.
func (e *Engine) query(ctx context.Context, name, cypher string, params map[string]any) (*neo4j.EagerResult, error) {
	timeout := e.timeout()
	res, err := neo4j.ExecuteQuery(ctx, e.Driver, cypher, params, neo4j.EagerResultTransformer, readConfig(e.Database, timeout, name)...)
	if err != nil {
		var nerr *neo4j.Neo4jError
		if errors.As(err, &nerr) && strings.HasPrefix(nerr.Code, "Neo.ClientError.Transaction.TransactionTimedOut") {
			err = fmt.Errorf("%w (%s): %w", ErrTimeout, timeout, err)
		}
		return nil, &Error{Query: name, Err: err}
	}
	return res, nil
}

func (e *Engine) timeout() time.Duration {
	if e.Timeout > 0 {
		return e.Timeout
	}
	return Timeout
}

// Run executes a query with bound parameters in a read transaction and
// returns its column names and its records as maps, in order: the raw rows
// 'bcgraph query run' prints.
func (e *Engine) Run(ctx context.Context, q Query, params map[string]any) ([]string, []map[string]any, error) {
	res, err := e.query(ctx, q.Name, q.Cypher, params)
	if err != nil {
		return nil, nil, err
	}
	rows := make([]map[string]any, len(res.Records))
	for i, r := range res.Records {
		rows[i] = r.AsMap()
	}
	return res.Keys, rows, nil
}
