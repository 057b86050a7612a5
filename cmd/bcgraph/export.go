package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/bcgraph/bcgraph/graph"
)

func exportCommand() *cli.Command {
	return &cli.Command{
		Name:  "export",
		Usage: "write the whole graph as json, graphml, gexf, dot or csv",
		Description: "json: {\"nodes\":[{id,name,labels,aliases,country,props}],\"rels\":[{id,type,from,to,props}]} (see README).\n" +
			"csv: the node and relationship files 'neo4j-admin database import' accepts; with --out DIR\n" +
			"they are written as DIR/nodes.csv and DIR/rels.csv, else both go to stdout, a blank line between.\n\n" +
			"Examples:\n   bcgraph export --format json > bcgraph.json\n   bcgraph export --format csv --out import/",
		Flags: withDataset(
			&cli.StringFlag{Name: "format", Value: "json", Usage: "`FORMAT`: " + strings.Join(graph.ExportFormats, ", ")},
			&cli.StringFlag{Name: "out", Usage: "write to `PATH` (a directory for csv) instead of stdout"},
		),
		Action: func(c *cli.Context) error {
			if err := args(c, 0, 0, "no arguments"); err != nil {
				return err
			}
			format := c.String("format")
			if !contains(graph.ExportFormats, format) {
				return usagef("unknown format %q (want one of %s)", format, strings.Join(graph.ExportFormats, ", "))
			}
			g, err := loadGraph(c)
			if err != nil {
				return err
			}
			out := c.String("out")
			switch {
			case out == "":
				return g.WriteExport(c.App.Writer, format)
			case format == "csv":
				return exportCSVDir(g, out)
			}
			f, err := os.Create(out)
			if err != nil {
				return fmt.Errorf("export: %w", err)
			}
			if err := g.WriteExport(f, format); err != nil {
				f.Close()
				return fmt.Errorf("export %s: %w", out, err)
			}
			return f.Close()
		},
	}
}

func exportCSVDir(g *graph.Graph, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	for name, write := range map[string]func(*os.File) error{
		"nodes.csv": func(f *os.File) error { return g.WriteCSVNodes(f) },
		"rels.csv":  func(f *os.File) error { return g.WriteCSVRels(f) },
	} {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		if err := write(f); err != nil {
			f.Close()
			return fmt.Errorf("export %s: %w", name, err)
		}
		if err := f.Close(); err != nil {
			return fmt.Errorf("export %s: %w", name, err)
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
