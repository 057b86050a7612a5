package main

// neo4jError is a Neo4j failure with its own exit code (see README).
type neo4jError struct {
	code int
	msg  string
}

func (e *neo4jError) Error() string { return e.msg }
