package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os/exec"
	"runtime"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/bcgraph/bcgraph/graph"
	"github.com/bcgraph/bcgraph/loader"
	"github.com/bcgraph/bcgraph/queries"
)

// browseFlags are added to the commands whose answer can be shown in Browser.
func browseFlags() []cli.Flag {
	return []cli.Flag{
		&cli.BoolFlag{Name: "browse", Usage: "print a Neo4j Browser URL with the answer's Cypher prefilled, instead of the answer", Category: "Neo4j Browser"},
		&cli.BoolFlag{Name: "open", Usage: "with --browse: open the URL in the default web browser", Category: "Neo4j Browser"},
		&cli.StringFlag{Name: "browser-url", EnvVars: []string{"NEO4J_BROWSER_URL"}, Usage: "Neo4j Browser's `URL` (default: http://HOST:7474/browser/ for NEO4J_URI's host, browser.neo4j.io for Aura)", Category: "Neo4j Browser"},
	}
}

// browserLinker makes Neo4j Browser links to the configured database.
type browserLinker struct {
	cfg  loader.Config
	base string // --browser-url / NEO4J_BROWSER_URL; "" to derive it
	open bool   // --open: also open the link
}

func browserLink(c *cli.Context) browserLinker {
	return browserLinker{cfg: neo4jConfig(c), base: c.String("browser-url"), open: c.Bool("open")}
}

// url is Browser's address with the database to connect to and the Cypher
// to prefill (cmd=edit). Credentials are never part of it.
func (l browserLinker) url(cypher string) (string, error) {
	cfg := l.cfg
	if cfg.URI == "" {
		cfg.URI = "neo4j://localhost:7687"
	}
	u, err := url.Parse(cfg.URI)
	if err != nil || u.Host == "" {
		return "", usagef("NEO4J_URI %q is not a URI", cfg.Address())
	}
	base := l.base
	if base == "" {
		switch {
		case strings.HasSuffix(u.Hostname(), ".databases.neo4j.io"):
			base = "https://browser.neo4j.io/"
		default:
			base = "http://" + net.JoinHostPort(u.Hostname(), "7474") + "/browser/"
		}
	}
	b, err := url.Parse(base)
	if err != nil {
		return "", usagef("--browser-url %q is not a URL", base)
	}
	db := cfg.Database
	if db == "" {
		db = "neo4j"
	}
	q := url.Values{}
	q.Set("dbms", cfg.Address())
	q.Set("db", db)
	if cypher != "" {
		q.Set("cmd", "edit")
		q.Set("arg", cypher)
	}
	b.RawQuery = q.Encode()
	return b.String(), nil
}

// print prints (and with --open, opens) the Browser link for cypher.
func (l browserLinker) print(w io.Writer, cypher string) error {
	link, err := l.url(cypher)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintln(w, link); err != nil {
		return err
	}
	if l.open {
		return openURL(link)
	}
	return nil
}

func openURL(link string) error {
	opener := "xdg-open"
	if runtime.GOOS == "darwin" {
		opener = "open"
	}
	if err := exec.Command(opener, link).Start(); err != nil {
		return fmt.Errorf("open %s: %w (copy the URL above into a browser)", opener, err)
	}
	return nil
}

// pathsCypher matches exactly the paths of an answer, tie by tie.
func pathsCypher(paths []graph.Path) string {
	var b strings.Builder
	var names []string
	for i, p := range paths {
		name := fmt.Sprintf("p%d", i+1)
		names = append(names, name)
		fmt.Fprintf(&b, "MATCH %s = (:Bcgraph {id: %s})", name, queries.Quote(p.Nodes[0].ID))
		for j, t := range p.Ties {
			fmt.Fprintf(&b, "-[:%s {id: %s}]-(:Bcgraph {id: %s})", t.Type, queries.Quote(t.ID), queries.Quote(p.Nodes[j+1].ID))
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "RETURN %s", strings.Join(names, ", "))
	return b.String()
}

func showCypher(e *graph.Entity) string {
	return fmt.Sprintf("MATCH (e:Bcgraph {id: %s})-[r]-(o:Bcgraph)\nRETURN e, r, o", queries.Quote(e.ID))
}

func partnersCypher(ps []graph.Partner) string {
	var ids []string
	for _, p := range ps {
		for _, l := range p.Links {
			for _, t := range l.Ties {
				ids = append(ids, queries.Quote(t.ID))
			}
		}
	}
	return fmt.Sprintf("MATCH (a:Bcgraph)-[r]->(b:Bcgraph)\nWHERE r.id IN [%s]\nRETURN a, r, b", strings.Join(ids, ", "))
}

type browseOptions struct {
	IO                      iostreams
	Link                    browserLinker
	Cypher                  string
	Style, Guide, GuideHTML bool
	Listen                  string
}

func newBrowseCommand(f *factory, runF func(context.Context, *browseOptions) error) *cli.Command {
	opts := &browseOptions{IO: f.IO}
	return &cli.Command{
		Name:      "browse",
		Usage:     "Neo4j Browser: its URL for the configured database, bcgraph's style and guide",
		ArgsUsage: "[CYPHER]",
		Description: "Without options, prints Browser's URL connected to NEO4J_URI's database, with CYPHER prefilled\n" +
			"if given. --style prints the GraSS style (paste it after :style in Browser). --guide serves the\n" +
			"guide on loopback and prints the :play command that opens it; --guide-html prints the guide.\n" +
			"Commands path, show and partners take --browse to print the URL of their answer.\n\n" +
			"Examples:\n   bcgraph path BNTU Gansu --browse\n   bcgraph browse --open\n   bcgraph browse --style\n   bcgraph browse --guide",
		Flags: flags([]cli.Flag{
			&cli.BoolFlag{Name: "style", Usage: "print the Browser style (GraSS)"},
			&cli.BoolFlag{Name: "guide", Usage: "serve the Browser guide on 127.0.0.1 until interrupted"},
			&cli.BoolFlag{Name: "guide-html", Usage: "print the Browser guide's HTML"},
			&cli.StringFlag{Name: "listen", Value: "127.0.0.1:8765", Usage: "with --guide: serve on `ADDR`"},
		}, browseFlags()[1:], neo4jFlags()),
		Action: func(c *cli.Context) error {
			if err := nargs(c, 0, 1, "at most one CYPHER statement"); err != nil {
				return err
			}
			opts.Link, opts.Cypher = browserLink(c), c.Args().First()
			opts.Style, opts.Guide, opts.GuideHTML, opts.Listen = c.Bool("style"), c.Bool("guide"), c.Bool("guide-html"), c.String("listen")
			return runOr(c, runF, runBrowse, opts)
		},
	}
}

func runBrowse(ctx context.Context, opts *browseOptions) error {
	switch {
	case opts.Style:
		_, err := io.WriteString(opts.IO.Out, queries.Style)
		return err
	case opts.GuideHTML:
		_, err := io.WriteString(opts.IO.Out, queries.Guide)
		return err
	case opts.Guide:
		return serveGuide(ctx, opts.IO, opts.Listen)
	}
	return opts.Link.print(opts.IO.Out, opts.Cypher)
}

// serveGuide serves the guide where Browser's :play can fetch it (Browser
// allows localhost by default: browser.remote_content_hostname_whitelist).
func serveGuide(ctx context.Context, streams iostreams, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("guide: %w", err)
	}
	if host, _, err := net.SplitHostPort(ln.Addr().String()); err == nil {
		if ip := net.ParseIP(host); ip != nil && !ip.IsLoopback() {
			fmt.Fprintf(streams.Err, "bcgraph: warning: serving on %s exposes the guide beyond this machine\n", ln.Addr())
		}
	}
	srv := &http.Server{Handler: queries.GuideHandler()}
	host := strings.Replace(ln.Addr().String(), "127.0.0.1", "localhost", 1)
	fmt.Fprintf(streams.Out, "In Neo4j Browser, run:\n  :play http://%s/guide.html\n(serving until interrupted)\n", host)
	go func() { <-ctx.Done(); srv.Close() }()
	if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
		return err
	}
	return ctx.Err()
}
