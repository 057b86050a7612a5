package main

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/urfave/cli/v2"
)

// buildVersion is set by a release build:
//
//	go build -ldflags "-X main.buildVersion=v1.2.3" ./cmd/bcgraph
var buildVersion string

// version is the release's version, else the module version 'go install'
// records, else the VCS revision 'go build' records, else "devel".
func version() string {
	if buildVersion != "" {
		return buildVersion
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "+dirty"
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev != "" {
		return "devel-" + rev + modified
	}
	return "devel"
}

type versionOptions struct {
	IO iostreams
	source
}

func newVersionCommand(f *factory, runF func(context.Context, *versionOptions) error) *cli.Command {
	opts := &versionOptions{IO: f.IO}
	return &cli.Command{
		Name:  "version",
		Usage: "print bcgraph's version and the dataset it embeds",
		Flags: []cli.Flag{seedsFlag()},
		Action: func(c *cli.Context) error {
			if err := nargs(c, 0, 0, "no arguments"); err != nil {
				return err
			}
			opts.source = f.source(c)
			return runOr(c, runF, runVersion, opts)
		},
	}
}

func runVersion(_ context.Context, opts *versionOptions) error {
	g, err := opts.Dataset()
	if err != nil {
		return err
	}
	s := g.Count()
	_, err = fmt.Fprintf(opts.IO.Out, "bcgraph version %s (dataset: %s, %s, %s)\n", version(),
		plural(s.Entities, "entity"), plural(s.Ties, "tie"), plural(s.Sources, "source"))
	return err
}
