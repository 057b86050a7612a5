package main

import (
	"errors"

	"github.com/urfave/cli/v2"

	"github.com/bcgraph/bcgraph/graph"
	"github.com/bcgraph/bcgraph/queries"
)

// backend answers the analyses either in process on the dataset (embedded,
// the default) or with their Cypher twins on Neo4j (--backend neo4j). Both
// return the same structures, rendered by the same code.
type backend struct {
	paths    func(from, to string, opt graph.PathOptions) ([]graph.Path, error)
	partners func(id string, w graph.Window, rollup bool) ([]graph.Partner, error)
	province func(w graph.Window) ([]graph.CentralityRow, error)
	timeline func(id string, w graph.Window) ([]graph.TimelineItem, error)
	hubs     func(w graph.Window, limit int) ([]graph.CentralityRow, error)
	stats    func() (graph.Stats, error)
	close    func()
}

func backendFlags() []cli.Flag {
	return append([]cli.Flag{&cli.StringFlag{
		Name:     "backend",
		Value:    "embedded",
		Usage:    "`BACKEND`: embedded (in process, no database) or neo4j (the canned Cypher on the database 'bcgraph load' filled)",
		Category: "Neo4j",
	}}, neo4jFlags()...)
}

func newBackend(c *cli.Context, g *graph.Graph) (*backend, error) {
	switch c.String("backend") {
	case "embedded":
		return &backend{
			paths: g.Paths,
			partners: func(id string, w graph.Window, rollup bool) ([]graph.Partner, error) {
				return g.Partners(id, w, rollup), nil
			},
			province: func(w graph.Window) ([]graph.CentralityRow, error) { return g.ProvinceCentrality(w), nil },
			timeline: func(id string, w graph.Window) ([]graph.TimelineItem, error) { return g.Timeline(id, w), nil },
			hubs: func(w graph.Window, limit int) ([]graph.CentralityRow, error) {
				rows := g.Hubs(w)
				if limit > 0 && len(rows) > limit {
					rows = rows[:limit]
				}
				return rows, nil
			},
			stats: func() (graph.Stats, error) { return g.Stats(), nil },
			close: func() {},
		}, nil
	case "neo4j":
		ctx := c.Context
		d, cfg, err := connect(ctx, c)
		if err != nil {
			return nil, err
		}
		db := cfg.Database
		wrap := func(err error) error {
			if err == nil || errors.Is(err, graph.ErrNoPath) {
				return err
			}
			if errors.Is(err, queries.ErrEmbeddedOnly) {
				return usagef("%v (drop --backend neo4j)", err)
			}
			return &neo4jError{exitNeo4jFailed, err.Error()}
		}
		return &backend{
			paths: func(from, to string, opt graph.PathOptions) ([]graph.Path, error) {
				ps, err := queries.Paths(ctx, d, db, from, to, opt)
				return ps, wrap(err)
			},
			partners: func(id string, w graph.Window, rollup bool) ([]graph.Partner, error) {
				ps, err := queries.Partners(ctx, d, db, id, w, rollup)
				return ps, wrap(err)
			},
			province: func(w graph.Window) ([]graph.CentralityRow, error) {
				rows, err := queries.ProvinceCentrality(ctx, d, db, w)
				return rows, wrap(err)
			},
			timeline: func(id string, w graph.Window) ([]graph.TimelineItem, error) {
				items, err := queries.Timeline(ctx, d, db, id, w)
				return items, wrap(err)
			},
			hubs: func(w graph.Window, limit int) ([]graph.CentralityRow, error) {
				rows, err := queries.Hubs(ctx, d, db, w, limit)
				return rows, wrap(err)
			},
			stats: func() (graph.Stats, error) {
				s, err := queries.Stats(ctx, d, db)
				// Footnotes are not loaded into Neo4j; the count is the dataset's.
				s.Sources = len(g.Sources)
				return s, wrap(err)
			},
			close: func() { d.Close(ctx) },
		}, nil
	}
	return nil, usagef("unknown --backend %q (want embedded or neo4j)", c.String("backend"))
}
