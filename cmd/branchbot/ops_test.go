package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/branchbot/branchbot/telegramtest"
)

// TestVersionAndOpsEndpoints builds the real binary with a version set by
// -ldflags, checks `branchbot version`, then runs the bot with ops.listen
// on a free loopback port and reads /healthz and /metrics from it as an
// operator's curl would.
func TestVersionAndOpsEndpoints(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := filepath.Join(t.TempDir(), "branchbot")
	build := exec.Command("go", "build", "-ldflags", "-X main.version=v9.9.9-test", "-o", bin, "github.com/branchbot/branchbot/cmd/branchbot")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatalf("branchbot version: %v", err)
	}
	m := regexp.MustCompile(`^branchbot v9\.9\.9-test(?: \(([0-9a-f]{7})(\+modified)?, \S+\))?\n$`).FindStringSubmatch(string(out))
	if m == nil {
		t.Fatalf("branchbot version printed %q, want v9.9.9-test and the commit if recorded", out)
	}
	commit := m[1] + m[2]
	if head, err := exec.Command("git", "rev-parse", "HEAD").Output(); err == nil && m[1] != "" && !strings.HasPrefix(string(head), m[1]) {
		t.Errorf("version shows commit %s, HEAD is %s", m[1], head)
	}

	srv := telegramtest.NewServer(t)
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeChildConfig(t, dir, childConfig{
		APIURL:      srv.URL(),
		DBPath:      filepath.Join(dir, "branch.db"),
		Secretaries: []int64{1001},
		Limits:      childLimits,
	})
	addr := freeLoopbackPort(t)
	appendFile(t, cfg, "ops:\n  listen: "+addr+"\n  health:\n    poll_stale: 30s\n")
	p := startChildProc(t, "branchbot", bin, childEnv(srv.Token()), "run", "-config", cfg)
	base := "http://" + addr

	if !pollUntil(15*time.Second, func() bool {
		code, body := curl(base + "/healthz")
		return code == http.StatusOK && body == "ok\n"
	}) {
		code, body := curl(base + "/healthz")
		t.Fatalf("/healthz never answered 200 ok; last %d %q", code, body)
	}
	secretary := telegramtest.User{ID: 1001, FirstName: "书记"}
	srv.SendText(secretary, secretary.ID, "/help")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := srv.WaitMessage(ctx, secretary.ID, func(m telegramtest.Message) bool { return m.FromBot }); err != nil {
		t.Fatalf("no answer to /help: %v", err)
	}
	var metrics string
	if !pollUntil(10*time.Second, func() bool {
		_, metrics = curl(base + "/metrics")
		// The secretary's /help may go out in more than one part.
		return strings.Contains(metrics, `branchbot_updates_handled_total{kind="command"} 1`) &&
			regexp.MustCompile(`branchbot_messages_sent_total\{edit="false",kind="reply"\} [1-9]`).MatchString(metrics) &&
			strings.Contains(metrics, "branchbot_outbox_queued 0\n")
	}) {
		t.Fatalf("/metrics never counted the command and its reply:\n%s", metrics)
	}
	for _, want := range []string{
		`branchbot_build_info{commit="` + commit + `",goversion="go`,
		`version="v9.9.9-test"} 1`,
		`branchbot_telegram_responses_total{code="200",method="getUpdates"}`,
		"branchbot_last_poll_success_timestamp_seconds ",
		"branchbot_outbox_queued 0",
		"branchbot_database_size_bytes ",
		"branchbot_healthy 1",
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %q:\n%s", want, metrics)
		}
	}

	if !regexp.MustCompile(`(?m)^branchbot_schedule_tick_seconds_count [1-9]`).MatchString(metrics) {
		t.Error("/metrics shows no Tick (the one at start-up)")
	}

	p.signal(syscall.SIGTERM)
	if code, ok := p.wait(10 * time.Second); !ok || code != 0 {
		t.Fatalf("after SIGTERM: exit %d, ended %v", code, ok)
	}
	if code, _ := curl(base + "/healthz"); code != 0 {
		t.Errorf("/healthz still answers %d after the bot stopped", code)
	}
}

// freeLoopbackPort returns 127.0.0.1:PORT for a port free a moment ago.
func freeLoopbackPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func appendFile(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// curl GETs url; code is 0 when nothing answered.
func curl(url string) (code int, body string) {
	c := &http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get(url)
	if err != nil {
		return 0, ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
