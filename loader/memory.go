package loader

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// txMemoryLimit is the most memory the server lets one transaction use, in
// bytes, and the setting that sets it; 0 when no limit is configured and
// the heap's size is unknown. It reads SHOW SETTINGS (the per-transaction,
// per-database and server-wide limits) and, where none is set, the heap's
// maximum from JMX: a transaction cannot outgrow the heap either.
func txMemoryLimit(ctx context.Context, d neo4j.DriverWithContext, database string) (int64, string) {
	var limit int64
	setting := ""
	res, err := neo4j.ExecuteQuery(ctx, d, `SHOW SETTINGS YIELD name, value
WHERE name IN ['db.memory.transaction.max', 'db.memory.transaction.total.max', 'dbms.memory.transaction.total.max']
RETURN name, value`, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(database),
		neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(StatementTimeout)))
	if err == nil {
		for _, r := range res.Records {
			name, _ := r.Get("name")
			value, _ := r.Get("value")
			v, _ := value.(string)
			if n := parseBytes(v); n > 0 && (limit == 0 || n < limit) {
				limit, setting = n, fmt.Sprint(name)
			}
		}
	}
	if limit > 0 {
		return limit, setting
	}
	res, err = neo4j.ExecuteQuery(ctx, d, "CALL dbms.queryJmx('java.lang:type=Memory') YIELD attributes RETURN attributes.HeapMemoryUsage.value.properties.max AS max",
		nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(database),
		neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(StatementTimeout)))
	if err == nil && len(res.Records) > 0 {
		if n, ok := res.Records[0].Values[0].(int64); ok && n > 0 {
			return n, "the server's heap (server.memory.heap.max_size)"
		}
	}
	return 0, ""
}

// parseBytes reads Neo4j's byte sizes: "0B", "512.00KiB", "2.00GiB", "1g".
func parseBytes(s string) int64 {
	s = strings.TrimSpace(s)
	units := []struct {
		suffix string
		mult   float64
	}{{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"t", 1 << 40}, {"g", 1 << 30}, {"m", 1 << 20}, {"k", 1 << 10}, {"B", 1}}
	for _, u := range units {
		if strings.HasSuffix(strings.ToLower(s), strings.ToLower(u.suffix)) {
			f, err := strconv.ParseFloat(strings.TrimSpace(s[:len(s)-len(u.suffix)]), 64)
			if err != nil {
				return 0
			}
			return int64(f * u.mult)
		}
	}
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

// formatBytes prints a size the way people read it.
func formatBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// memorySampler watches the server's estimate of the load transaction's
// heap (SHOW TRANSACTIONS, estimatedUsedHeapMemory), found by the metadata
// the transaction carries, from a second session, and keeps the peak.
type memorySampler struct {
	d        neo4j.DriverWithContext
	database string
	run      string
	mu       sync.Mutex
	peak     int64
	stop     chan struct{}
	done     chan struct{}
}

// sampleEvery is how often the sampler asks; the load asks once more
// right before it commits.
const sampleEvery = 2 * time.Second

func startSampler(ctx context.Context, d neo4j.DriverWithContext, database, run string) *memorySampler {
	s := &memorySampler{d: d, database: database, run: run, stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(s.done)
		// Not often: SHOW TRANSACTIONS counts every lock a transaction
		// holds, and a load holds one per node and relationship it wrote.
		// Asked ten times a second, it took a fifth of the server's time
		// on a load a hundred times the book's.
		t := time.NewTicker(sampleEvery)
		defer t.Stop()
		for {
			select {
			case <-s.stop:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				s.sample(ctx)
			}
		}
	}()
	return s
}

// sample asks once; the load also calls it right before committing, when
// the transaction holds everything it will write.
func (s *memorySampler) sample(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	res, err := neo4j.ExecuteQuery(ctx, s.d, `SHOW TRANSACTIONS YIELD metaData, estimatedUsedHeapMemory
WHERE metaData.bcgraph_load = $run RETURN max(estimatedUsedHeapMemory) AS heap`, map[string]any{"run": s.run},
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.database),
		neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(5*time.Second)))
	if err != nil || len(res.Records) == 0 {
		return
	}
	if n, ok := res.Records[0].Values[0].(int64); ok {
		s.mu.Lock()
		s.peak = max(s.peak, n)
		s.mu.Unlock()
	}
}

func (s *memorySampler) finish() int64 {
	close(s.stop)
	<-s.done
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.peak
}
