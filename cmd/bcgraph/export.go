package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/bcgraph/bcgraph/graph"
)

type exportOptions struct {
	IO iostreams
	source
	Format string // one of graph.ExportFormats()
	Out    string // a file (a directory for csv); "" for stdout
}

func newExportCommand(f *factory, runF func(context.Context, *exportOptions) error) *cli.Command {
	opts := &exportOptions{IO: f.IO}
	return &cli.Command{
		Name:  "export",
		Usage: "write the whole graph as json, graphml, gexf, dot or csv",
		Description: "json: {\"nodes\":[{id,name,labels,aliases,country,props}],\"rels\":[{id,type,from,to,props}]} (see README).\n" +
			"csv: the node and relationship files 'neo4j-admin database import' accepts; with --out DIR\n" +
			"they are written as DIR/nodes.csv and DIR/rels.csv, else both go to stdout, a blank line between.\n\n" +
			"Examples:\n   bcgraph export --format json > bcgraph.json\n   bcgraph export --format csv --out import/",
		Flags: []cli.Flag{seedsFlag(),
			&cli.StringFlag{Name: "format", Value: "json", Usage: "`FORMAT`: " + strings.Join(graph.ExportFormats(), ", ")},
			&cli.StringFlag{Name: "out", Usage: "write to `PATH` (a directory for csv) instead of stdout"},
		},
		Action: func(c *cli.Context) error {
			if err := nargs(c, 0, 0, "no arguments"); err != nil {
				return err
			}
			opts.source, opts.Format, opts.Out = f.source(c), c.String("format"), c.String("out")
			if !contains(graph.ExportFormats(), opts.Format) {
				return usagef("unknown format %q (want one of %s)", opts.Format, strings.Join(graph.ExportFormats(), ", "))
			}
			return runOr(c, runF, runExport, opts)
		},
	}
}

func runExport(_ context.Context, opts *exportOptions) error {
	g, err := opts.Dataset()
	if err != nil {
		return err
	}
	switch {
	case opts.Out == "":
		return g.WriteExport(opts.IO.Out, opts.Format)
	case opts.Format == "csv":
		return exportCSVDir(g, opts.Out)
	}
	return writeFile(opts.Out, func(f *os.File) error { return g.WriteExport(f, opts.Format) })
}

func exportCSVDir(g *graph.Graph, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return &writeError{fmt.Errorf("export: %w", err)}
	}
	if err := writeFile(filepath.Join(dir, "nodes.csv"), func(f *os.File) error { return g.WriteCSVNodes(f) }); err != nil {
		return err
	}
	return writeFile(filepath.Join(dir, "rels.csv"), func(f *os.File) error { return g.WriteCSVRels(f) })
}

// writeFile creates path and writes it with write, reporting a failure to
// create, write or close it.
func writeFile(path string, write func(*os.File) error) error {
	f, err := os.Create(path)
	if err != nil {
		return &writeError{fmt.Errorf("export: %w", err)}
	}
	if err := write(f); err != nil {
		f.Close()
		return &writeError{fmt.Errorf("export %s: %w", path, err)}
	}
	if err := f.Close(); err != nil {
		return &writeError{fmt.Errorf("export %s: %w", path, err)}
	}
	return nil
}
