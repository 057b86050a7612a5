package loader

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// A URI that names no server, or a port that cannot exist, is a
// misconfiguration to fix, not a server to start.
func TestConnectCallsABadURIMisconfigured(t *testing.T) {
	for _, uri := range []string{
		"", "bolt://", "neo4j://", "neo4j+s://", "bolt://:7687", "bolt://neo4j:pw@",
		"bolt://127.0.0.1:99999", "bolt://127.0.0.1:0", "bolt://127.0.0.1:65536", "bolt://127.0.0.1:port",
		"http://127.0.0.1:7474", "localhost:7687", "bolt//localhost:7687",
	} {
		t.Run(uri, func(t *testing.T) {
			d, err := Connect(context.Background(), Config{URI: uri, Username: "neo4j", Password: "pw"})
			if err == nil {
				d.Close(context.Background())
				t.Fatal("connected")
			}
			if !errors.Is(err, ErrMisconfigured) || errors.Is(err, ErrUnreachable) {
				t.Errorf("%q: %v; want misconfigured", uri, err)
			}
		})
	}
}

// No password reaches a message or an address: not from the URI's user
// information, not from its query string; and masking touches only the
// credential, so a password of digits leaves the address 127.0.0.1 whole.
func TestSecretsNeverAppearInMessages(t *testing.T) {
	for _, tc := range []struct {
		uri, password string
		secrets       []string // must appear nowhere
	}{
		{"bolt://127.0.0.1:1", "127", nil},
		{"bolt://neo4j:127@127.0.0.1:1", "", []string{":127@", "neo4j:127"}},
		{"bolt://neo4j:127@127.0.0.1:1?password=127", "127", []string{":127@", "password=127", "?"}},
		{"neo4j://127.0.0.1:1?password=1", "1", []string{"password=1", "?"}},
		{"bolt://neo4j:0@127.0.0.1:99999", "", []string{":0@"}},
		{"bolt://u:s3cr3t-Long@127.0.0.1:1?token=s3cr3t-Long", "s3cr3t-Long", []string{"s3cr3t-Long"}},
		{"bolt://u:s3cr3t-Long@[::1", "", []string{"s3cr3t-Long"}},
		{"ftp://u:s3cr3t-Long@127.0.0.1:1", "", []string{"s3cr3t-Long"}},
	} {
		t.Run(tc.uri, func(t *testing.T) {
			cfg := Config{URI: tc.uri, Username: "neo4j", Password: tc.password}
			_, err := Connect(context.Background(), cfg)
			if err == nil {
				t.Fatal("connected")
			}
			for _, text := range []string{err.Error(), cfg.Address()} {
				for _, s := range tc.secrets {
					if strings.Contains(text, s) {
						t.Errorf("%q shows %q", text, s)
					}
				}
				if strings.Contains(text, "*") {
					t.Errorf("%q masks something it should have left out or left alone", text)
				}
			}
			if strings.Contains(tc.uri, "127.0.0.1") && !strings.Contains(err.Error(), "127.0.0.1") {
				t.Errorf("%q lost the address", err)
			}
		})
	}
}

// An interrupt while connecting is an interrupt, not an unreachable server.
func TestConnectReportsAnInterrupt(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Connect(ctx, Config{URI: "bolt://127.0.0.1:1", Username: "neo4j", Password: "pw"})
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrUnreachable) {
		t.Errorf("Connect with a cancelled context: %v", err)
	}
}
