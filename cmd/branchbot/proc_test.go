package main

// Helpers for the tests that run the real branchbot binary as a child
// process against telegramtest: building it, writing its configuration,
// starting, signalling and reaping it.

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/branchbot/branchbot/telegramtest"
)

// buildChildBinary builds cmd/branchbot into a temporary directory of t
// and returns the executable's path. The binary is built without -race
// even when the test runs with it: it only has to behave like production.
func buildChildBinary(t *testing.T) string {
	t.Helper()
	goCmd, err := exec.LookPath("go")
	if err != nil {
		// go test puts GOROOT/bin first in PATH, but a test binary run by
		// hand may not have it.
		//lint:ignore SA1019 only a fallback for test binaries run outside go test.
		goCmd = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	bin := filepath.Join(t.TempDir(), "branchbot")
	start := time.Now()
	cmd := exec.Command(goCmd, "build", "-o", bin, "github.com/branchbot/branchbot/cmd/branchbot")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	t.Logf("built %s in %s", bin, time.Since(start).Round(time.Millisecond))
	return bin
}

// childConfig is what writeChildConfig puts in a configuration file.
type childConfig struct {
	APIURL      string
	DBPath      string
	Secretaries []int64
	Limits      telegramtest.Limits // only the three rates are used
}

// writeChildConfig writes a configuration file into dir and returns its
// path. Logging is at warn level, so a child's stderr holds only what went
// wrong.
func writeChildConfig(t *testing.T, dir string, c childConfig) string {
	t.Helper()
	ids := make([]string, len(c.Secretaries))
	for i, id := range c.Secretaries {
		ids[i] = strconv.FormatInt(id, 10)
	}
	yaml := fmt.Sprintf(`telegram:
  api_url: %s
  poll_timeout: 1s
  limits:
    global_per_second: %v
    per_chat_per_second: %v
    per_group_per_minute: %v
branch:
  name: 崩溃测试支部
  secretaries: [%s]
storage:
  path: %s
log:
  level: warn
`, strconv.Quote(c.APIURL), c.Limits.GlobalPerSecond, c.Limits.PerChatPerSecond, c.Limits.PerGroupPerMinute,
		strings.Join(ids, ", "), strconv.Quote(c.DBPath))
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// childEnv is the test's environment without any BRANCHBOT_ variable of
// the host, plus the bot token.
func childEnv(token string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "BRANCHBOT_") {
			env = append(env, kv)
		}
	}
	return append(env, "BRANCHBOT_TOKEN="+token)
}

// childOutput is a bytes.Buffer safe for a writer and readers at once.
type childOutput struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *childOutput) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *childOutput) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// childProc is a running (or finished) branchbot process.
type childProc struct {
	name   string
	cmd    *exec.Cmd
	stdout childOutput
	stderr childOutput
	done   chan struct{} // closed once the process was reaped
	state  *os.ProcessState
}

// startChildProc starts bin with args and env. The process is killed, if
// still running, when the test ends; its output is logged if the test
// failed.
func startChildProc(t *testing.T, name, bin string, env []string, args ...string) *childProc {
	t.Helper()
	p := &childProc{name: name, done: make(chan struct{})}
	p.cmd = exec.Command(bin, args...)
	p.cmd.Env = env
	p.cmd.Stdout = &p.stdout
	p.cmd.Stderr = &p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("%s: start: %v", name, err)
	}
	go func() {
		_ = p.cmd.Wait() // the outcome is in ProcessState
		p.state = p.cmd.ProcessState
		close(p.done)
	}()
	t.Cleanup(func() {
		if !p.exited() {
			_ = p.cmd.Process.Kill()
			<-p.done
		}
		if t.Failed() {
			if out := strings.TrimSpace(p.stderr.String()); out != "" {
				t.Logf("%s (pid %d, %s) stderr:\n%s", p.name, p.cmd.Process.Pid, p.state, out)
			}
		}
	})
	return p
}

// exited reports whether the process has ended and been reaped.
func (p *childProc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// signal sends sig to the process unless it has already been reaped.
func (p *childProc) signal(sig syscall.Signal) {
	if !p.exited() {
		_ = p.cmd.Process.Signal(sig)
	}
}

// wait waits up to d for the process to end. It returns the exit code (-1
// when a signal ended it) and whether the process ended in time.
func (p *childProc) wait(d time.Duration) (code int, ok bool) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-p.done:
		return p.state.ExitCode(), true
	case <-t.C:
		return 0, false
	}
}

// kill ends the process with SIGKILL and waits until it is reaped. It
// reports false if the process had already exited on its own.
func (p *childProc) kill() (wasRunning bool) {
	wasRunning = !p.exited()
	p.signal(syscall.SIGKILL)
	<-p.done
	return wasRunning && p.state.ExitCode() == -1
}

// pollUntil polls cond every few milliseconds until it holds or d has
// passed, and reports whether it held.
func pollUntil(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
}
