package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
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
	want := `../../config.example.yaml: ok (branch "市生态环境局机关党支部", time zone Asia/Shanghai, secretaries: 1, database branchbot.db, polling mode)` + "\n" +
		"quiz bank ../../quiz_bank.example.yaml: 59 questions over 22 sections (single 27, multiple 14, truefalse 18)\n"
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

// TestBotOptionsMeetings checks that the meetings section reaches the
// bot: the kinds in order with an override, leave approval and sign-in.
func TestBotOptionsMeetings(t *testing.T) {
	yaml := "branch: {name: b, secretaries: [1]}\nmeetings:\n  leave_approval: true\n  checkin_before: 10m\n  checkin_after: 20m\n  checkin_code: true\n" +
		"  kinds:\n    retreat: {name_zh: 集中学习, name_en: retreat, length: 4h}\n    lesson: {reminders: [48h]}\n"
	cfg, err := config.Parse("c.yaml", []byte(yaml), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	m := botOptions(cfg, "token", nil, slog.New(slog.DiscardHandler)).Meetings
	if !m.LeaveApproval || !m.CheckinCode || m.CheckinBefore != 10*time.Minute || m.CheckinAfter != 20*time.Minute {
		t.Errorf("meetings options %+v, want approval, code, 10m before, 20m after", m)
	}
	if len(m.Kinds) != 8 || m.Kinds[0].Kind != branchbot.MeetingThemedDay || m.Kinds[7].Kind != "retreat" || m.Kinds[7].Length != 4*time.Hour {
		t.Fatalf("kinds %+v, want the 7 defaults then retreat of 4h", m.Kinds)
	}
	if r := m.Kinds[1].Reminders; len(r) != 1 || r[0] != 48*time.Hour {
		t.Errorf("lesson reminders %v, want [48h]", r)
	}
}

// TestCheckConfigWarnings checks that check-config prints warnings on
// stderr as FILE:LINE: key: warning: message and still succeeds.
func TestCheckConfigWarnings(t *testing.T) {
	dir := t.TempDir()
	hb, err := os.ReadFile("../../handbook.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "handbook.yaml"), hb, 0o600); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "config.yaml")
	data := "branch: {name: b, secretaries: [1]}\nstudy:\n  handbook: handbook.yaml\nquiet_hours:\n  from: \"21:00\"\n  to: \"08:00\"\n"
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	err = run(context.Background(), []string{"check-config", path}, noEnv, &out, &errOut)
	if err != nil || exitStatus(err, io.Discard) != 0 {
		t.Fatalf("check-config with warnings: %v, want success", err)
	}
	want := path + `:5: quiet_hours: warning: 21:00 to 08:00 covers the default study.prompt time 07:45 ("45 7 * * *"): prompts at 07:45 wait until 08:00
` + path + `:5: quiet_hours: warning: 21:00 to 08:00 covers the default study.nudge time 21:00 ("0 21 * * *"): nudges at 21:00 are held back until 08:00
`
	if errOut.String() != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", errOut.String(), want)
	}
	if !strings.HasPrefix(out.String(), path+": ok (") {
		t.Errorf("stdout %q, want the summary", out.String())
	}
}

// TestConfigFileAsArgument checks the hint for a configuration file given
// where the command line wants -config (or, for check-config, the other
// way round).
func TestConfigFileAsArgument(t *testing.T) {
	tests := []struct {
		args []string
		hint string
	}{
		{[]string{"run", "config.yaml"}, "did you mean: branchbot run -config config.yaml?"},
		{[]string{"config.yaml"}, "did you mean: branchbot run -config config.yaml?"},
		{[]string{"/etc/branchbot/branch.yml"}, "did you mean: branchbot run -config /etc/branchbot/branch.yml?"},
		{[]string{"run", "--", "my config.yaml"}, "did you mean: branchbot run -config 'my config.yaml'?"},
		{[]string{"backup", "-o", "copy.db", "config.yaml"}, "did you mean: branchbot backup -o copy.db -config config.yaml?"},
		{[]string{"audit", "-o", "audit.csv", "c.yaml"}, "did you mean: branchbot audit -o audit.csv -config c.yaml?"},
		{[]string{"check-config", "-config", "config.yaml"}, "did you mean: branchbot check-config config.yaml?"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			err := run(context.Background(), tt.args, noEnv, io.Discard, io.Discard)
			var u usageError
			if !errors.As(err, &u) {
				t.Fatalf("%v (%T), want a usage error", err, err)
			}
			if !strings.Contains(err.Error(), tt.hint) {
				t.Errorf("error %q lacks the hint %q", err, tt.hint)
			}
		})
	}
	// A word that is neither a command nor a file gets no hint.
	if err := run(context.Background(), []string{"strat"}, noEnv, io.Discard, io.Discard); strings.Contains(fmt.Sprint(err), "did you mean") {
		t.Errorf("unknown command: %v", err)
	}
}

// TestFlagErrorPrintedOnce runs a bad flag through run and exitStatus,
// as main does, and counts how often the mistake reaches stderr.
func TestFlagErrorPrintedOnce(t *testing.T) {
	for _, args := range [][]string{
		{"demo", "-nope"},
		{"demo", "-seed", "x"},
		{"run", "-config"},
		{"backup", "-x"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			var stderr bytes.Buffer
			err := run(context.Background(), args, noEnv, io.Discard, &stderr)
			if code := exitStatus(err, &stderr); code != 2 {
				t.Errorf("exit status %d, want 2", code)
			}
			var u usageError
			if !errors.As(err, &u) {
				t.Fatalf("%v, want a usage error", err)
			}
			// The flag package's own message, such as "flag provided but
			// not defined: -nope", without the subcommand's prefix.
			msg := strings.TrimPrefix(u.msg, args[0]+": ")
			if n := strings.Count(stderr.String(), msg); n != 1 {
				t.Errorf("%q printed %d times:\n%s", msg, n, stderr.String())
			}
			if n := strings.Count(stderr.String(), "usage: "+synopsis(args[0])+"\n"); n != 1 {
				t.Errorf("usage printed %d times:\n%s", n, stderr.String())
			}
		})
	}

	// -h shows the flags and is not a mistake.
	var stderr bytes.Buffer
	err := run(context.Background(), []string{"demo", "-h"}, noEnv, io.Discard, &stderr)
	if code := exitStatus(err, io.Discard); code != 0 {
		t.Errorf("demo -h: exit status %d (%v), want 0", code, err)
	}
	if !strings.Contains(stderr.String(), "-member int") {
		t.Errorf("demo -h printed:\n%s", stderr.String())
	}
	stderr.Reset()
	err = run(context.Background(), []string{"check-config", "-h"}, noEnv, io.Discard, &stderr)
	if code := exitStatus(err, io.Discard); code != 0 || stderr.String() != "usage: branchbot check-config FILE\n" {
		t.Errorf("check-config -h: exit status %d (%v), printed %q", code, err, stderr.String())
	}
}

// TestUsageListsEveryFlag holds the usage text to the flag sets: every
// flag a subcommand defines (as its -h lists them) is on its usage line.
func TestUsageListsEveryFlag(t *testing.T) {
	flagLine := regexp.MustCompile(`(?m)^  -(\w+)`)
	for _, cmd := range []string{"run", "backup", "restore", "audit", "demo", "healthcheck"} {
		var help bytes.Buffer
		if err := run(context.Background(), []string{cmd, "-h"}, noEnv, io.Discard, &help); !errors.Is(err, flag.ErrHelp) {
			t.Fatalf("%s -h: %v", cmd, err)
		}
		flags := flagLine.FindAllStringSubmatch(help.String(), -1)
		if len(flags) == 0 {
			t.Fatalf("%s -h lists no flags:\n%s", cmd, help.String())
		}
		line := synopsis(cmd)
		if !strings.HasPrefix(line, "branchbot ") || !strings.Contains(usage, line) {
			t.Fatalf("no usage line for %s", cmd)
		}
		for _, f := range flags {
			if !regexp.MustCompile(`[ \[]-` + f[1] + `[ \]]`).MatchString(line + " ") {
				t.Errorf("usage line %q lacks -%s", line, f[1])
			}
		}
	}
}

// TestVersionCommitFromLdflags: a binary built without the repository's
// history (a Docker build) shows the commit given with -X main.commit.
func TestVersionCommitFromLdflags(t *testing.T) {
	if _, rev, _ := buildInfo(); rev != "" {
		t.Skip("this test binary carries a VCS stamp")
	}
	defer func(v, c string) { version, commit = v, c }(version, commit)
	version, commit = "v1.2.3", "abc1234"
	if got, want := fullVersion(), "v1.2.3 (abc1234)"; got != want {
		t.Errorf("fullVersion() = %q, want %q", got, want)
	}
	if _, rev, _ := buildInfo(); rev != "abc1234" {
		t.Errorf("build info commit %q, want abc1234", rev)
	}
}
