package main

import (
	"errors"

	"github.com/urfave/cli/v2"

	"github.com/bcgraph/bcgraph/loader"
)

// Exit codes for Neo4j failures, one per cause so scripts can tell them apart.
const (
	exitNeo4jUnreachable = 3
	exitNeo4jAuth        = 4
	exitNeo4jDatabase    = 5
	exitNeo4jVersion     = 6
	exitNeo4jConfig      = 7
	exitNeo4jFailed      = 8 // a query or load failed on a reachable server
	// 9 is exitWrite.
	exitNeo4jRateLimited = 10 // the server refuses logins for a while after failed ones: wait, retry
	exitNeo4jNotLoaded   = 11 // the database holds no bcgraph data, or another dataset: bcgraph load
)

// neo4jError is a Neo4j failure with its exit code. It wraps the failure, so
// its kind (context.Canceled among them) survives.
type neo4jError struct {
	code int
	err  error
}

func (e *neo4jError) Error() string { return e.err.Error() }
func (e *neo4jError) Unwrap() error { return e.err }

// neo4jFlags are the connection flags; each falls back to the variable Neo4j's
// own tools read. The password flag exists for completeness, but the variable
// keeps it out of shell history and process lists.
func neo4jFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "uri", EnvVars: []string{"NEO4J_URI"}, Usage: "Neo4j `URI`: bolt://, neo4j:// or neo4j+s:// (Aura)", Category: "Neo4j"},
		&cli.StringFlag{Name: "username", EnvVars: []string{"NEO4J_USERNAME"}, Value: "neo4j", Usage: "Neo4j `USER`", Category: "Neo4j"},
		&cli.StringFlag{Name: "password", EnvVars: []string{"NEO4J_PASSWORD"}, Usage: "Neo4j `PASSWORD` (prefer the variable)", Category: "Neo4j"},
		&cli.StringFlag{Name: "database", EnvVars: []string{"NEO4J_DATABASE"}, Usage: "`DATABASE` name (default: the server's default)", Category: "Neo4j"},
	}
}

func neo4jConfig(c *cli.Context) loader.Config {
	return loader.Config{URI: c.String("uri"), Username: c.String("username"), Password: c.String("password"), Database: c.String("database")}
}

func neo4jFailure(err error) error {
	code := exitNeo4jFailed
	switch {
	case errors.Is(err, loader.ErrUnreachable):
		code = exitNeo4jUnreachable
	case errors.Is(err, loader.ErrUnauthorized):
		code = exitNeo4jAuth
	case errors.Is(err, loader.ErrUnknownDatabase):
		code = exitNeo4jDatabase
	case errors.Is(err, loader.ErrNotNeo4j5):
		code = exitNeo4jVersion
	case errors.Is(err, loader.ErrMisconfigured):
		code = exitNeo4jConfig
	case errors.Is(err, loader.ErrRateLimited):
		code = exitNeo4jRateLimited
	case errors.Is(err, loader.ErrNotLoaded), errors.Is(err, loader.ErrStale):
		code = exitNeo4jNotLoaded
	}
	return &neo4jError{code, err}
}
