package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/branchbot/branchbot/config"
)

// noEnv is an empty environment.
func noEnv(string) string { return "" }

// TestCheckConfig pins what check-config prints and how it fails: the
// summary line for a good file, every problem as FILE:LINE: key: message
// (an error, exit status 1) for a bad one, and a usage error without a file.
func TestCheckConfig(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"check-config", "../../config.example.yaml"}, noEnv, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	want := `../../config.example.yaml: ok (branch "市生态环境局机关党支部", time zone Asia/Shanghai, secretaries: 1, database branchbot.db, polling mode)` + "\n"
	if out.String() != want {
		t.Errorf("check-config printed %q, want %q", out.String(), want)
	}

	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("branch:\n  name: b\n  secretaries: [1]\n  timezon: Asia/Shanghai\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := run(context.Background(), []string{"check-config", bad}, noEnv, io.Discard, io.Discard)
	var ce *config.Error
	var u usageError
	if !errors.As(err, &ce) || errors.As(err, &u) {
		t.Fatalf("check-config on a bad file: %v (%T), want a *config.Error", err, err)
	}
	if want := bad + `:4: branch.timezon: unknown key (did you mean "timezone"?)`; err.Error() != want {
		t.Errorf("check-config error %q, want %q", err, want)
	}

	if err := run(context.Background(), []string{"check-config"}, noEnv, io.Discard, io.Discard); !errors.As(err, &u) {
		t.Errorf("check-config without a file: %v, want a usage error", err)
	}
}

// TestDemoFlags checks the demo's command line without running the
// simulation.
func TestDemoFlags(t *testing.T) {
	for _, args := range [][]string{{"-member", "0"}, {"-member", "31"}, {"-seed", "x"}, {"extra"}} {
		var u usageError
		if err := run(context.Background(), append([]string{"demo"}, args...), noEnv, io.Discard, io.Discard); !errors.As(err, &u) {
			t.Errorf("demo %s: %v, want a usage error", strings.Join(args, " "), err)
		}
	}
}

// TestBotOptionsFromConfig checks that the wiring passes configured
// values on to the bot.
func TestBotOptionsFromConfig(t *testing.T) {
	cfg, err := config.Parse("c.yaml", []byte("branch: {name: b, secretaries: [1]}\ntelegram: {send_workers: 5}\n"), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	o := botOptions(cfg, "token", nil, slog.New(slog.DiscardHandler))
	if o.SendWorkers != 5 {
		t.Errorf("bot options: %d send workers, want 5", o.SendWorkers)
	}
	if o.Study != nil || o.DefaultStudyMinute != 7*60+45 {
		t.Errorf("bot options without a handbook: study %v, default minute %d; want none, 07:45", o.Study, o.DefaultStudyMinute)
	}
}
