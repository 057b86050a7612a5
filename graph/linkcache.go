package graph

import (
	"context"
	"sync"
)

// linkData is the entity-level link graph of one window in compact form,
// with its measures once computed: built once per Graph and window and
// shared by EntityCentrality, EntityPageRank and Hubs (a server answering
// hubs and centrality on one window pays for Brandes once).
type linkData struct {
	ids      []string
	partners map[string]map[string]bool
	links    map[string]int
	c        *csr

	mu    sync.Mutex // held while computing, so concurrent callers wait for one result
	bet   []float64  // nil until computed
	pr    []float64
	store MeasureStore // for the open window, when the Graph has one
}

// MeasureStore keeps the whole dataset's entity betweenness and PageRank
// between processes, so that a command on a large dataset seen before
// need not run Brandes again (seconds at 100 times the book). The
// loader's --seeds cache implements it. LoadMeasures returns the values
// saved for the link graph of exactly these node ids, in this order.
type MeasureStore interface {
	LoadMeasures(ids []string) (bet, pr []float64, ok bool)
	SaveMeasures(ids []string, bet, pr []float64)
}

// SetMeasureStore gives the Graph a store for its whole-dataset measures.
// The store must hold only values this code computed for this very
// dataset: they are used as they are.
func (g *Graph) SetMeasureStore(s MeasureStore) { g.measureStore = s }

// stored fills bet and pr from the store, when it has them.
func (d *linkData) stored() {
	if d.store == nil || d.bet != nil || d.pr != nil {
		return
	}
	if bet, pr, ok := d.store.LoadMeasures(d.ids); ok && len(bet) == len(d.ids) && len(pr) == len(d.ids) {
		d.bet, d.pr = bet, pr
	}
}

// linkCache holds a Graph's linkData by window; safe for concurrent use,
// and small: a caller asking for arbitrary windows replaces entries rather
// than growing it without bound.
type linkCache struct {
	mu   sync.Mutex
	data map[Window]*linkData
}

const maxCachedWindows = 16

func (g *Graph) linkData(w Window) *linkData {
	g.linkCache.mu.Lock()
	d := g.linkCache.data[w]
	g.linkCache.mu.Unlock()
	if d != nil {
		return d
	}
	ids, edges, partners, links := g.LinkGraph(w)
	d = &linkData{ids: ids, partners: partners, links: links, c: csrOf(ids, edges)}
	if w.Open() {
		d.store = g.measureStore
	}
	g.linkCache.mu.Lock()
	defer g.linkCache.mu.Unlock()
	if prev := g.linkCache.data[w]; prev != nil {
		return prev
	}
	if g.linkCache.data == nil || len(g.linkCache.data) >= maxCachedWindows {
		g.linkCache.data = map[Window]*linkData{}
	}
	g.linkCache.data[w] = d
	return d
}

// measures returns betweenness and PageRank by node, computing them on
// first use; a cancelled computation is not kept.
func (d *linkData) measures(ctx context.Context) (bet, pr []float64, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.stored()
	if d.bet != nil && d.pr != nil {
		return d.bet, d.pr, nil
	}
	if d.bet == nil {
		b, err := betweenness(ctx, d.c)
		if err != nil {
			return nil, nil, err
		}
		d.bet = b
	}
	if d.pr == nil {
		d.pr = pageRank(d.c)
	}
	if d.store != nil {
		d.store.SaveMeasures(d.ids, d.bet, d.pr)
	}
	return d.bet, d.pr, nil
}

// pageRank returns PageRank by node, computing it on first use.
func (d *linkData) pageRank() []float64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.stored()
	if d.pr == nil {
		d.pr = pageRank(d.c)
	}
	return d.pr
}
