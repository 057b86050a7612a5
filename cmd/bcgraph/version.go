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
			g, err := dataset(c, 0, 0, "no arguments")
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
