package main

import (
	"fmt"

	"github.com/urfave/cli/v2"
)

func versionCommand() *cli.Command {
	return &cli.Command{
		Name:  "version",
		Usage: "print bcgraph's version and the dataset it embeds",
		Action: func(c *cli.Context) error {
			if err := args(c, 0, 0, "no arguments"); err != nil {
				return err
			}
			g, err := loadGraph(c)
			if err != nil {
				return err
			}
			s := g.Stats()
			fmt.Fprintf(c.App.Writer, "bcgraph %s (dataset: %s, %s, %s)\n", version,
				plural(s.Entities, "entity"), plural(s.Ties, "tie"), plural(s.Sources, "source"))
			return nil
		},
	}
}
