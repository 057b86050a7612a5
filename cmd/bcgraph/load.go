package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/bcgraph/bcgraph/loader"
)

type loadOptions struct {
	IO iostreams
	source
	Neo4j             loader.Config
	DryRun, Wipe, Yes bool
	Batched           bool
}

func newLoadCommand(f *factory, runF func(context.Context, *loadOptions) error) *cli.Command {
	opts := &loadOptions{IO: f.IO}
	return &cli.Command{
		Name:  "load",
		Usage: "write the dataset into Neo4j: only what changed, in one transaction (or --batched), never touching the user's data",
		Description: "Connects with NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD (or the flags). Reads what bcgraph wrote\n" +
			"before (a fingerprint of the dataset, then ids and hashes), compares in the client and writes only\n" +
			"what changed — creates, updates, relabels, deletes — in one transaction: a load that fails leaves\n" +
			"the database as it was, and loading twice changes nothing. bcgraph owns only the properties it\n" +
			"writes (a user's own properties, labels and relationships survive) and constrains only its own\n" +
			"labels (Bcgraph, BcgraphMeta, BcgraphSource). It also writes the analyses (pagerank, betweenness,\n" +
			"community…), each node's caption for Browser, the book's footnotes with CITES, and the full-text\n" +
			"indexes 'bcgraph search' reads. A dataset too large for one transaction on the server's settings is\n" +
			"refused before writing: --batched commits batch by batch and converges on the next run. --wipe\n" +
			"deletes what bcgraph loaded, inside the same transaction.\n\n" +
			"Exit codes: 3 unreachable, 4 bad credentials, 5 unknown database, 6 not Neo4j 5,\n" +
			"7 misconfigured (no or bad NEO4J_URI), 8 the load itself failed, 10 rate-limited logins.\n\n" +
			"Examples:\n   NEO4J_URI=bolt://localhost:7687 NEO4J_PASSWORD=secret bcgraph load\n" +
			"   bcgraph load --dry-run\n   bcgraph load --wipe --yes --database bcgraph",
		Flags: flags([]cli.Flag{seedsFlag(),
			&cli.BoolFlag{Name: "dry-run", Usage: "print what would be written, connect to nothing"},
			&cli.BoolFlag{Name: "wipe", Usage: "first delete everything bcgraph loaded (asks unless --yes)"},
			&cli.BoolFlag{Name: "yes", Usage: "do not ask before --wipe"},
			&cli.BoolFlag{Name: "batched", Usage: "commit each batch of rows on its own, for datasets too large for one transaction (resumable: the next load completes an interrupted one)"},
		}, neo4jFlags()),
		Action: func(c *cli.Context) error {
			if err := nargs(c, 0, 0, "no arguments"); err != nil {
				return err
			}
			opts.source, opts.Neo4j = f.source(c), neo4jConfig(c)
			opts.DryRun, opts.Wipe, opts.Yes, opts.Batched = c.Bool("dry-run"), c.Bool("wipe"), c.Bool("yes"), c.Bool("batched")
			return runOr(c, runF, func(ctx context.Context, opts *loadOptions) error { return runLoad(ctx, f, opts) }, opts)
		},
	}
}

func runLoad(ctx context.Context, f *factory, opts *loadOptions) error {
	g, err := opts.Dataset()
	if err != nil {
		return err
	}
	out := opts.IO.Out
	if opts.DryRun {
		plan := loader.NewPlan(g)
		if err := ctx.Err(); err != nil {
			return err
		}
		return printPlan(out, plan)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	d, err := f.connect(ctx, opts.Neo4j)
	if err != nil {
		return err
	}
	cfg := opts.Neo4j
	where := cfg.Address()
	if cfg.Database != "" {
		where += " (database " + cfg.Database + ")"
	}
	if opts.Wipe {
		if !opts.Yes {
			ok, err := confirm(opts.IO.Err, opts.IO.In, fmt.Sprintf("Delete every node bcgraph loaded into %s? [y/N] ", where))
			if err != nil {
				return err
			}
			if !ok {
				return &noResult{"wipe cancelled; nothing changed"}
			}
		}
	}
	start := time.Now()
	tty := isTerminal(opts.IO.Err)
	progress := func(done, total int) {
		if tty && time.Since(start) > time.Second {
			fmt.Fprintf(opts.IO.Err, "\rloading: batch %d of %d", done, total)
			if done == total {
				fmt.Fprintln(opts.IO.Err)
			}
		}
	}
	// The wipe happens inside the load's transaction: a load that fails keeps it all.
	s, err := loader.LoadGraph(ctx, d, cfg.Database, g, loader.LoadOptions{Wipe: opts.Wipe, Batched: opts.Batched, Progress: progress})
	if err != nil {
		return &neo4jError{exitNeo4jFailed, err}
	}
	fmt.Fprintf(out, "loaded into %s in %s\n", where, s.Elapsed.Round(time.Millisecond))
	fmt.Fprintf(out, "  nodes:         %d created, %d updated, %d unchanged, %d deleted\n", s.Nodes.Created, s.Nodes.Updated, s.Nodes.Unchanged, s.Nodes.Deleted)
	fmt.Fprintf(out, "  relationships: %d created, %d updated, %d unchanged, %d deleted\n", s.Rels.Created, s.Rels.Updated, s.Rels.Unchanged, s.Rels.Deleted)
	if s.PeakTxMemory > 0 {
		fmt.Fprintf(out, "  transaction memory: peak %.1f MiB (the server allows %s), %d transaction(s)\n",
			float64(s.PeakTxMemory)/(1<<20), limitText(s.TxMemoryLimit), s.Transactions)
	}
	for _, w := range s.Warnings {
		fmt.Fprintf(opts.IO.Err, "warning: %s\n", w)
	}
	if !s.Changed() {
		fmt.Fprintln(out, "nothing changed: the database already held this dataset")
	}
	return nil
}

func printPlan(w io.Writer, p loader.Plan) error {
	fmt.Fprintln(w, "dry run: nothing is written. A load would run:")
	fmt.Fprintln(w, "\nschema (idempotent):")
	for _, s := range p.Schema {
		fmt.Fprintf(w, "  %s\n", s)
	}
	fmt.Fprintf(w, "\nthen, in one transaction, batches of %d rows:\n", loader.BatchSize)
	t := newTable(w, "  NODES", "ROWS")
	total := 0
	for _, l := range sortedMapKeys(p.Nodes) {
		t.row("  :"+loader.MarkerLabel+":"+l, fmt.Sprint(len(p.Nodes[l])))
		total += len(p.Nodes[l])
	}
	t.row("  total", fmt.Sprint(total))
	if err := t.flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	t = newTable(w, "  RELATIONSHIPS", "ROWS")
	total = 0
	for _, typ := range sortedMapKeys(p.Rels) {
		t.row("  :"+typ, fmt.Sprint(len(p.Rels[typ])))
		total += len(p.Rels[typ])
	}
	t.row("  total", fmt.Sprint(total))
	if err := t.flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, "\nand delete bcgraph nodes and relationships the dataset no longer has.")
	return err
}

func limitText(n int64) string {
	if n <= 0 {
		return "no known limit"
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}

// isTerminal reports whether w is a terminal: progress is for people, not logs.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func sortedMapKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// confirm asks a yes/no question on the terminal; with no terminal to ask,
// it refuses rather than guess.
func confirm(w io.Writer, in *os.File, question string) (bool, error) {
	if in == nil || !term.IsTerminal(int(in.Fd())) {
		return false, usagef("--wipe needs confirmation: run it in a terminal or add --yes")
	}
	fmt.Fprint(w, question)
	line, _ := bufio.NewReader(in).ReadString('\n')
	return strings.EqualFold(strings.TrimSpace(line), "y") || strings.EqualFold(strings.TrimSpace(line), "yes"), nil
}
