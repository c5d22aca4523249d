package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/branchbot/branchbot/telegramtest"
)

// TestRejectedTokenExits runs the real binary with a token the Bot API
// rejects (401): it exits at once with status 1 and a message on stderr
// naming the cause, without the token.
func TestRejectedTokenExits(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	srv := telegramtest.NewServer(t)
	defer srv.Close()
	bin := buildChildBinary(t)
	dir := t.TempDir()
	cfg := writeChildConfig(t, dir, childConfig{
		APIURL:      srv.URL(),
		DBPath:      filepath.Join(dir, "branch.db"),
		Secretaries: []int64{1001},
		Limits:      childLimits,
	})
	const token = "654321:revoked-SECRET-token"
	p := startChildProc(t, "branchbot", bin, childEnv(token), "run", "-config", cfg)
	code, ok := p.wait(10 * time.Second)
	if !ok {
		t.Fatal("still running 10 s after its token was rejected")
	}
	stderr := p.stderr.String()
	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	if !strings.Contains(stderr, "branchbot: ") || !strings.Contains(stderr, "401 Unauthorized") || !strings.Contains(stderr, "revoked or mistyped") {
		t.Errorf("stderr does not name the cause:\n%s", stderr)
	}
	if strings.Contains(stderr, token) || strings.Contains(stderr, "SECRET") {
		t.Errorf("stderr shows the token:\n%s", stderr)
	}
}
