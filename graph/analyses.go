package graph

import (
	"context"
	"errors"
)

// Analyses answers bcgraph's questions. *Graph answers them in process; the
// Neo4j engine in package queries answers them with Cypher on the database
// 'bcgraph load' filled. Both give the same answer to the same question —
// the integration tests run every method of this interface on both — so the
// commands and the web pages render either without knowing which it was.
//
// Ids name entities (resolve a user's words with Graph.Resolve first). An
// answer that is empty is not an error; a question that cannot have an answer
// is, with one of the kinds below.
type Analyses interface {
	// Paths returns the shortest chains of ties between two entities.
	Paths(ctx context.Context, from, to string, opt PathOptions) ([]Path, error)
	// Partners returns an entity's direct counterparts with every link to each.
	Partners(ctx context.Context, id string, opt PartnerOptions) ([]Partner, error)
	// ProvinceCentrality ranks every Chinese province on the province–region projection.
	ProvinceCentrality(ctx context.Context, w Window) ([]CentralityRow, error)
	// Timeline lists dated agreements and events, for everything (id "") or one entity.
	Timeline(ctx context.Context, id string, w Window) ([]TimelineItem, error)
	// Hubs ranks organizations by distinct counterparts, then links.
	Hubs(ctx context.Context, opt HubOptions) ([]CentralityRow, error)
	// Stats counts what the engine holds.
	Stats(ctx context.Context) (Stats, error)
	// Facts lists the ties a filter admits: who supplies what, which
	// agreements are only planned…
	Facts(ctx context.Context, f TieFilter) ([]*Tie, error)
}

// The kinds of error an engine returns for a question without an answer.
// They survive wrapping: test with errors.Is.
var (
	// ErrNoPath means the two entities are not connected within the limits.
	ErrNoPath = errors.New("no path")
	// ErrUnknownEntity means an id names no entity.
	ErrUnknownEntity = errors.New("unknown entity")
	// ErrUnsupported means an engine does not offer an option (e.g. Yen's
	// k shortest paths in Cypher).
	ErrUnsupported = errors.New("not supported by this engine")
)

// PartnerOptions shape a partners query.
type PartnerOptions struct {
	Window Window
	// Rollup counts the links of everything located in the entity (for a
	// region: its cities, districts and organizations) and leaves out
	// counterparts inside it.
	Rollup bool
}

// HubOptions shape a hubs query.
type HubOptions struct {
	Window Window
	Limit  int // 0: every row
}

var _ Analyses = (*Graph)(nil)
