package loader

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
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

// Address is the URI as it is safe to print: scheme, host and port only.
// User information and the query string (where a password may have been
// put) never appear.
func (c Config) Address() string {
	u, err := url.Parse(c.URI)
	if err != nil || u.Host == "" {
		return "(unparsable NEO4J_URI)"
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host}).String()
}

// Kinds of connection failure, each with its own exit code in the CLI.
var (
	ErrUnreachable     = errors.New("neo4j unreachable")
	ErrUnauthorized    = errors.New("neo4j refused the credentials")
	ErrRateLimited     = errors.New("neo4j rate-limited the login")
	ErrUnknownDatabase = errors.New("no such neo4j database")
	ErrNotNeo4j5       = errors.New("not a neo4j 5 server")
	ErrMisconfigured   = errors.New("neo4j connection misconfigured")
)

// Error is a failure of a known Kind (one of the Err… values) with what the
// user should do about it. It never carries the password.
type Error struct {
	Kind error
	Msg  string
}

func (e *Error) Error() string { return e.Msg }
func (e *Error) Unwrap() error { return e.Kind }

// ConnError is a connection failure.
type ConnError = Error

var schemes = map[string]bool{"bolt": true, "bolt+s": true, "bolt+ssc": true, "neo4j": true, "neo4j+s": true, "neo4j+ssc": true}

// target checks the URI before any connection is tried, and returns the URI
// the driver gets (without user information) and the credentials to use:
// the configured ones or, failing a password, those in the URI.
func (c Config) target() (uri, user, password string, err error) {
	if c.URI == "" {
		return "", "", "", &ConnError{ErrMisconfigured, "NEO4J_URI is not set: set it (and NEO4J_USERNAME, NEO4J_PASSWORD) or pass --uri, e.g. bolt://localhost:7687"}
	}
	u, perr := url.Parse(c.URI)
	if perr != nil || !schemes[strings.ToLower(u.Scheme)] {
		return "", "", "", &ConnError{ErrMisconfigured, fmt.Sprintf("NEO4J_URI %s is not a Neo4j URI (want bolt://, neo4j:// or neo4j+s://, then host:port)", c.safeURI())}
	}
	if u.Hostname() == "" {
		return "", "", "", &ConnError{ErrMisconfigured, fmt.Sprintf("NEO4J_URI %s names no host: set it to e.g. %s://localhost:7687", u.Scheme+"://", u.Scheme)}
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return "", "", "", &ConnError{ErrMisconfigured, fmt.Sprintf("NEO4J_URI %s has port %s, out of range (1-65535; Neo4j's Bolt port is usually 7687)", c.Address(), p)}
		}
	}
	user, password = c.Username, c.Password
	if u.User != nil {
		if pw, ok := u.User.Password(); ok && password == "" {
			password = pw
			if name := u.User.Username(); name != "" {
				user = name
			}
		}
		u.User = nil
	}
	return u.String(), user, password, nil
}

// safeURI is the URI for a message about the URI itself: Address when it
// parses, else the text before any user information or query.
func (c Config) safeURI() string {
	if a := c.Address(); !strings.HasPrefix(a, "(") {
		return a
	}
	s := c.URI
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndex(s, "@"); i >= 0 {
		if j := strings.Index(s, "://"); j >= 0 && j < i {
			s = s[:j+3] + s[i+1:]
		} else {
			s = s[i+1:]
		}
	}
	return strconv.Quote(s)
}

// Connect opens a driver and checks, in order, that the server answers, that
// it accepts the credentials, that the database exists, and that it is Neo4j 5.
// bolt://, neo4j:// and neo4j+s:// (Aura, clusters) all work. An interrupt
// (ctx cancelled) is reported as such, wrapping ctx's error, never as a
// server that cannot be reached.
func Connect(ctx context.Context, cfg Config) (neo4j.DriverWithContext, error) {
	addr := cfg.Address()
	uri, user, password, err := cfg.target()
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("connect to Neo4j at %s: %w", addr, err)
	}
	d, err := neo4j.NewDriverWithContext(uri, neo4j.BasicAuth(user, password, ""), func(c *config.Config) {
		c.SocketConnectTimeout = 5 * time.Second
		c.ConnectionAcquisitionTimeout = 15 * time.Second
	})
	if err != nil {
		return nil, &ConnError{ErrMisconfigured, fmt.Sprintf("NEO4J_URI %s is not a Neo4j URI (want bolt://, neo4j://, neo4j+s:// …): %s", addr, cfg.scrub(err))}
	}
	vctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	fail := func(err error) error {
		d.Close(context.WithoutCancel(ctx))
		if ctx.Err() != nil {
			return fmt.Errorf("connect to Neo4j at %s: %w", addr, ctx.Err())
		}
		return classify(err, cfg, user)
	}
	if err := d.VerifyConnectivity(vctx); err != nil {
		return nil, fail(err)
	}
	res, err := neo4j.ExecuteQuery(vctx, d, "CALL dbms.components() YIELD versions, edition RETURN versions[0] AS version, edition",
		nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(cfg.Database), neo4j.ExecuteQueryWithReadersRouting(),
		neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(20*time.Second)))
	if err != nil {
		return nil, fail(err)
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
func classify(err error, cfg Config, user string) error {
	addr := cfg.Address()
	var nerr *neo4j.Neo4jError
	if errors.As(err, &nerr) {
		switch nerr.Code {
		case "Neo.ClientError.Security.AuthenticationRateLimit":
			return &ConnError{ErrRateLimited, fmt.Sprintf("Neo4j at %s is rate-limiting logins for user %q after repeated failed attempts: wait a few seconds (dbms.security.auth_lock_time, 5 s by default) and retry, with the right NEO4J_PASSWORD", addr, user)}
		case "Neo.ClientError.Security.Unauthorized":
			return &ConnError{ErrUnauthorized, fmt.Sprintf("Neo4j at %s refused user %q: check NEO4J_USERNAME and NEO4J_PASSWORD", addr, user)}
		case "Neo.ClientError.Database.DatabaseNotFound":
			return &ConnError{ErrUnknownDatabase, fmt.Sprintf("Neo4j at %s has no database %q: check --database (SHOW DATABASES lists them)", addr, cfg.Database)}
		}
		return &ConnError{ErrUnreachable, fmt.Sprintf("Neo4j at %s: %s", addr, cfg.scrub(err))}
	}
	msg := cfg.scrub(err)
	if strings.Contains(msg, "responded HTTP") || strings.Contains(msg, "handshake") || strings.Contains(msg, "protocol") {
		return &ConnError{ErrNotNeo4j5, fmt.Sprintf("the server at %s does not speak Bolt as Neo4j 5 does (is NEO4J_URI the Bolt port, usually 7687?): %s", addr, msg)}
	}
	return &ConnError{ErrUnreachable, fmt.Sprintf("cannot reach Neo4j at %s (%s): start one (docker run -p 7687:7687 -e NEO4J_AUTH=neo4j/secret neo4j:5.26, or integration/neo4j/start.sh) or set NEO4J_URI", addr, msg)}
}

// scrub makes a driver's message safe to print: wherever the URI appears in
// it (whole, or as the driver rebuilt it), it becomes Address, so that user
// information and query strings go. The password is masked only where it
// stands as a credential (user:password@), never wherever its characters
// happen to occur: a password 127 must leave 127.0.0.1 alone.
func (cfg Config) scrub(err error) string {
	msg := err.Error()
	addr := cfg.Address()
	if cfg.URI != "" {
		msg = strings.ReplaceAll(msg, cfg.URI, addr)
		if u, perr := url.Parse(cfg.URI); perr == nil {
			if u.User != nil {
				msg = strings.ReplaceAll(msg, u.User.String()+"@", "")
			}
			if u.RawQuery != "" {
				msg = strings.ReplaceAll(msg, "?"+u.RawQuery, "")
				msg = strings.ReplaceAll(msg, u.RawQuery, "")
			}
		}
	}
	if cfg.Password != "" {
		msg = strings.ReplaceAll(msg, ":"+cfg.Password+"@", ":****@")
		msg = strings.ReplaceAll(msg, ":"+url.PathEscape(cfg.Password)+"@", ":****@")
	}
	return msg
}
