package loader

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
)

// Config says where Neo4j is. It comes from NEO4J_URI, NEO4J_USERNAME and
// NEO4J_PASSWORD, as Neo4j's own tools read them, and from flags.
type Config struct {
	URI      string
	Username string
	Password string
	Database string // empty: the server's default database
}

// ConfigFromEnv reads the standard Neo4j variables.
func ConfigFromEnv() Config {
	return Config{
		URI:      os.Getenv("NEO4J_URI"),
		Username: os.Getenv("NEO4J_USERNAME"),
		Password: os.Getenv("NEO4J_PASSWORD"),
		Database: os.Getenv("NEO4J_DATABASE"),
	}
}

// Address is the URI without any user information, safe to print.
func (c Config) Address() string {
	u, err := url.Parse(c.URI)
	if err != nil || u.Host == "" {
		return "(unparsable NEO4J_URI)"
	}
	u.User = nil
	return u.String()
}

// Kinds of connection failure, each with its own exit code in the CLI.
var (
	ErrUnreachable     = errors.New("neo4j unreachable")
	ErrUnauthorized    = errors.New("neo4j refused the credentials")
	ErrUnknownDatabase = errors.New("no such neo4j database")
	ErrNotNeo4j5       = errors.New("not a neo4j 5 server")
	ErrMisconfigured   = errors.New("neo4j connection misconfigured")
)

// ConnError is a connection failure with what the user should do about it.
// It never carries the password.
type ConnError struct {
	Kind error
	Msg  string
}

func (e *ConnError) Error() string { return e.Msg }
func (e *ConnError) Unwrap() error { return e.Kind }

// Connect opens a driver and checks, in order, that the server answers, that
// it accepts the credentials, that the database exists, and that it is Neo4j 5.
// bolt://, neo4j:// and neo4j+s:// (Aura, clusters) all work.
func Connect(ctx context.Context, cfg Config) (neo4j.DriverWithContext, error) {
	addr := cfg.Address()
	if cfg.URI == "" {
		return nil, &ConnError{ErrMisconfigured, "NEO4J_URI is not set: set it (and NEO4J_USERNAME, NEO4J_PASSWORD) or pass --uri, e.g. bolt://localhost:7687"}
	}
	d, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.Username, cfg.Password, ""), func(c *config.Config) {
		c.SocketConnectTimeout = 5 * time.Second
		c.ConnectionAcquisitionTimeout = 15 * time.Second
	})
	if err != nil {
		return nil, &ConnError{ErrMisconfigured, fmt.Sprintf("NEO4J_URI %s is not a Neo4j URI (want bolt://, neo4j://, neo4j+s:// …): %v", addr, scrub(err, cfg))}
	}
	vctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := d.VerifyConnectivity(vctx); err != nil {
		d.Close(ctx)
		return nil, classify(err, cfg)
	}
	res, err := neo4j.ExecuteQuery(vctx, d, "CALL dbms.components() YIELD versions, edition RETURN versions[0] AS version, edition",
		nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(cfg.Database), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		d.Close(ctx)
		return nil, classify(err, cfg)
	}
	version := ""
	if len(res.Records) > 0 {
		v, _ := res.Records[0].Get("version")
		version = fmt.Sprint(v)
	}
	if !strings.HasPrefix(version, "5.") {
		d.Close(ctx)
		return nil, &ConnError{ErrNotNeo4j5, fmt.Sprintf("the server at %s is Neo4j %s; bcgraph needs Neo4j 5 (5.26 LTS recommended)", addr, orUnknown(version))}
	}
	return d, nil
}

func orUnknown(s string) string {
	if s == "" {
		return "of unknown version"
	}
	return s
}

// classify turns a driver error into a ConnError that says which and how to fix it.
func classify(err error, cfg Config) error {
	addr := cfg.Address()
	var nerr *neo4j.Neo4jError
	if errors.As(err, &nerr) {
		switch {
		case nerr.Code == "Neo.ClientError.Security.Unauthorized" || nerr.Code == "Neo.ClientError.Security.AuthenticationRateLimit":
			return &ConnError{ErrUnauthorized, fmt.Sprintf("Neo4j at %s refused user %q: check NEO4J_USERNAME and NEO4J_PASSWORD", addr, cfg.Username)}
		case nerr.Code == "Neo.ClientError.Database.DatabaseNotFound":
			return &ConnError{ErrUnknownDatabase, fmt.Sprintf("Neo4j at %s has no database %q: check --database (SHOW DATABASES lists them)", addr, cfg.Database)}
		}
		return &ConnError{ErrUnreachable, fmt.Sprintf("Neo4j at %s: %s", addr, scrub(err, cfg))}
	}
	msg := scrub(err, cfg)
	if strings.Contains(msg, "responded HTTP") || strings.Contains(msg, "handshake") || strings.Contains(msg, "protocol") {
		return &ConnError{ErrNotNeo4j5, fmt.Sprintf("the server at %s does not speak Bolt as Neo4j 5 does (is NEO4J_URI the Bolt port, usually 7687?): %s", addr, msg)}
	}
	return &ConnError{ErrUnreachable, fmt.Sprintf("cannot reach Neo4j at %s (%s): start one (docker run -p 7687:7687 -e NEO4J_AUTH=neo4j/secret neo4j:5.26, or integration/neo4j/start.sh) or set NEO4J_URI", addr, msg)}
}

// scrub removes the password from an error message, whatever the driver put in it.
func scrub(err error, cfg Config) string {
	msg := err.Error()
	if cfg.Password != "" {
		msg = strings.ReplaceAll(msg, cfg.Password, "****")
	}
	return msg
}
