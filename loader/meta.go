package loader

import (
	"context"
	"errors"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// metaLabel marks the one node where a load records what it loaded: the
// dataset's fingerprint, set only once a load is complete. It is bcgraph's
// own label, beside Bcgraph, so that analyses over :Bcgraph never see it.
const metaLabel = "BcgraphMeta"

const metaID = "bcgraph"

// What CheckLoaded finds wrong with a database.
var (
	ErrNotLoaded = errors.New("no bcgraph data in the database")
	ErrStale     = errors.New("the database holds another bcgraph dataset")
)

// CheckLoaded reports whether the database holds exactly the dataset with
// fingerprint want, as a complete load left it. Otherwise it returns a
// *Error wrapping ErrNotLoaded (nothing bcgraph wrote is there) or
// ErrStale (another dataset, one an older bcgraph wrote, or a --batched load
// that did not finish), whose message says to run bcgraph load.
func CheckLoaded(ctx context.Context, d neo4j.DriverWithContext, database string, want Fingerprint) error {
	res, err := neo4j.ExecuteQuery(ctx, d, fmt.Sprintf(`OPTIONAL MATCH (m:%s {id: $id})
WITH m, m.fingerprint AS fingerprint, m.loading AS loading
OPTIONAL MATCH (n:%s) WITH fingerprint, loading, m IS NOT NULL AS meta, n LIMIT 1
RETURN fingerprint, loading, meta, n IS NOT NULL AS data`, metaLabel, MarkerLabel),
		map[string]any{"id": metaID}, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(database),
		neo4j.ExecuteQueryWithReadersRouting(), neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(StatementTimeout)))
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("check what the database holds: %w", ctx.Err())
		}
		return fmt.Errorf("check what the database holds: %w", err)
	}
	where := "the database"
	if database != "" {
		where = fmt.Sprintf("database %q", database)
	}
	rec := res.Records[0].AsMap()
	got, _ := rec["fingerprint"].(string)
	loading, _ := rec["loading"].(bool)
	meta, _ := rec["meta"].(bool)
	data, _ := rec["data"].(bool)
	switch {
	case !meta && !data:
		return &Error{ErrNotLoaded, fmt.Sprintf("%s holds no bcgraph data: run bcgraph load first (with the same --seeds, if any)", where)}
	case !meta:
		return &Error{ErrStale, fmt.Sprintf("%s holds bcgraph data an older bcgraph loaded: run bcgraph load to bring it up to date", where)}
	case loading && got == "":
		return &Error{ErrStale, fmt.Sprintf("%s holds an unfinished load (an interrupted bcgraph load --batched): run bcgraph load again to complete it", where)}
	case got == "" && !data:
		return &Error{ErrNotLoaded, fmt.Sprintf("%s holds no bcgraph data: run bcgraph load first (with the same --seeds, if any)", where)}
	case got != string(want):
		return &Error{ErrStale, fmt.Sprintf("%s holds another dataset than this one (or one an older bcgraph loaded): run bcgraph load (with the same --seeds, if any) to replace it", where)}
	}
	return nil
}
