package main

import (
	"context"

	"github.com/urfave/cli/v2"

	"github.com/bcgraph/bcgraph/graph"
)

type hubsOptions struct {
	answering
	Query graph.HubOptions
}

func newHubsCommand(f *factory, runF func(context.Context, *hubsOptions) error) *cli.Command {
	opts := &hubsOptions{}
	return &cli.Command{
		Name:  "hubs",
		Usage: "the most connected organizations (distinct counterparts, then links)",
		Description: "Organizations only: places, agreements, events and programs are left out of the rows\n" +
			"(agreements and events still connect their parties). Betweenness and PageRank are computed\n" +
			"as in 'bcgraph centrality --level entity'.\n\n" +
			"Examples:\n   bcgraph hubs\n   bcgraph hubs --limit 5 --json",
		Flags: flags([]cli.Flag{seedsFlag(), jsonFlag(), sinceFlag(), untilFlag(), limitFlag(20)}, backendFlags()),
		Action: func(c *cli.Context) error {
			if err := nargs(c, 0, 0, "no arguments"); err != nil {
				return err
			}
			w, err := window(c)
			if err != nil {
				return err
			}
			if c.Int("limit") < 0 {
				return usagef("--limit must not be negative")
			}
			opts.answering = f.answering(c)

			opts.Query = graph.HubOptions{Window: w, Limit: c.Int("limit")}
			return runOr(c, runF, runHubs, opts)
		},
	}
}

func runHubs(ctx context.Context, opts *hubsOptions) error {
	eng, err := opts.Engine(ctx)
	if err != nil {
		return err
	}
	rows, err := eng.Hubs(ctx, opts.Query)
	if err != nil {
		return err
	}
	return opts.Output.print(rankingAnswer{"entity", rows})
}
