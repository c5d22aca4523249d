// Command branchbot runs a branch's Telegram bot: daily study prompts,
// meetings, talks and notices. See README.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/branchbot/branchbot/bot"
	"github.com/branchbot/branchbot/config"
	"github.com/branchbot/branchbot/demo"
	"github.com/branchbot/branchbot/schedule"
	"github.com/branchbot/branchbot/store"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// commit may be set at build time with -ldflags "-X main.commit=…", for
// builds without the repository's history (a Docker build); otherwise
// the commit comes from the build's VCS stamp.
var commit string

// fullVersion is version with, when the binary was built from a git
// checkout, the commit and its time: "dev (74a5530, 2026-11-26T03:02:51Z)",
// "+modified" for uncommitted changes.
func fullVersion() string {
	v, rev, at := buildInfo()
	switch {
	case rev == "":
		return v
	case at == "": // a commit given with -ldflags
		return fmt.Sprintf("%s (%s)", v, rev)
	}
	return fmt.Sprintf("%s (%s, %s)", v, rev, at)
}

// buildInfo returns the version (set with -ldflags, else the module's
// version when built with go install module@version, else "dev") and,
// when the build recorded it, the commit ("74a5530", "+modified" for
// uncommitted changes) and its time.
func buildInfo() (ver, rev, at string) {
	ver = version
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ver, commit, ""
	}
	if ver == "dev" && info.Main.Version != "" && info.Main.Version != "(devel)" {
		ver = info.Main.Version
	}
	var modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "+modified"
			}
		}
	}
	if rev == "" {
		return ver, commit, ""
	}
	return ver, rev[:min(7, len(rev))] + modified, at
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitStatus(err, os.Stderr))
}

// exitStatus prints err (once) and returns the process's exit status: 0
// on success or after -h, 2 for a mistake on the command line, 1 for any
// other error.
func exitStatus(err error, stderr io.Writer) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return 0
	}
	fmt.Fprintln(stderr, "branchbot:", err)
	var u usageError
	if errors.As(err, &u) {
		return 2
	}
	var e exitError
	if errors.As(err, &e) {
		return e.code
	}
	return 1
}

// usageError is a mistake on the command line (exit status 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// usage lists every subcommand with every flag it takes; TestUsageListsEveryFlag
// holds it to the flag sets.
const usage = `usage:
  branchbot [run] [-config FILE]      run the bot (default config: config.yaml)
  branchbot check-config FILE         validate a configuration file and exit
  branchbot backup -o FILE [-config FILE]
                                      write a consistent copy of the database, also while the bot runs
  branchbot restore FILE [-config FILE]
                                      put a backup in place of the database, while no bot runs
  branchbot audit -o FILE [-lang zh|en] [-config FILE]
                                      export the whole audit log as CSV (branch's zone), also while the bot runs
  branchbot ledger -o FILE.xlsx [-period YYYY-MM|YYYY-Qn] [-lang zh|en] [-config FILE]
                                      export the branch's ledger (台账) as an Excel workbook, also while the bot runs
  branchbot calendar -o FILE [-config FILE]
                                      export the upcoming meetings as an .ics file, while no bot runs
  branchbot demo [-seed N] [-member K] [-v]
                                      run the bot against a simulated Telegram, no token needed
  branchbot healthcheck [-url URL] [-timeout D]
                                      ask a running bot's /healthz; exit status 0 when healthy
  branchbot version                   print the version
`

// synopsis returns the line of usage for the subcommand cmd.
func synopsis(cmd string) string {
	name := cmd
	if cmd == "run" {
		name = "[run]"
	}
	for _, line := range strings.Split(usage, "\n") {
		f := strings.Fields(line)
		if len(f) > 1 && f[0] == "branchbot" && f[1] == name {
			if i := strings.Index(line, "   "); i > 0 {
				line = line[:i]
			}
			return strings.TrimSpace(line)
		}
	}
	return "branchbot " + cmd
}

// run is the whole program; main only supplies the process's environment.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd := "run"
	if len(args) > 0 && (args[0] == "" || args[0][0] != '-') {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "run":
		return runBot(ctx, args, getenv, stderr)
	case "check-config":
		return checkConfig(args, getenv, stdout, stderr)
	case "backup":
		return runExport(ctx, exports["backup"], args, getenv, stdout, stderr)
	case "restore":
		return runRestore(ctx, args, getenv, stdout, stderr)
	case "audit":
		return runExport(ctx, exports["audit"], args, getenv, stdout, stderr)
	case "calendar":
		return runExport(ctx, exports["calendar"], args, getenv, stdout, stderr)
	case "ledger":
		return runExport(ctx, exports["ledger"], args, getenv, stdout, stderr)
	case "demo":
		return runDemo(ctx, args, stdout, stderr)
	case "healthcheck":
		return runHealthcheck(ctx, args, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "branchbot", fullVersion())
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	if looksLikeConfigFile(cmd) {
		return usageError{fmt.Sprintf("unknown command %q (did you mean: branchbot run -config %s?)", cmd, shellQuote(cmd))}
	}
	return usageError{fmt.Sprintf("unknown command %q", cmd)}
}

// looksLikeConfigFile reports whether a command-line word names a YAML
// file rather than a subcommand or a flag value.
func looksLikeConfigFile(s string) bool {
	ext := strings.ToLower(filepath.Ext(s))
	return ext == ".yaml" || ext == ".yml"
}

// newFlags returns the flag set of a subcommand. Its output is where
// parseFlags prints the subcommand's usage.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseFlags parses the arguments of a subcommand. On a mistake it prints
// the subcommand's usage and returns a usageError that main prints once;
// for -h it prints the usage and returns flag.ErrHelp (exit status 0).
func parseFlags(fs *flag.FlagSet, args []string) error {
	// The flag package prints its error and then the usage; keep it
	// quiet and print each once here and in main.
	out := fs.Output()
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	fs.SetOutput(out)
	if errors.Is(err, flag.ErrHelp) {
		printFlags(fs)
		return flag.ErrHelp
	}
	if err != nil {
		printFlags(fs)
		return usageError{fs.Name() + ": " + err.Error()}
	}
	if fs.NArg() == 0 {
		return nil
	}
	msg := fmt.Sprintf("%s: unexpected argument %q", fs.Name(), fs.Arg(0))
	if fs.Lookup("config") != nil && fs.NArg() == 1 {
		// "branchbot run config.yaml": the file was meant for -config.
		given := args[:len(args)-1]
		if n := len(given); n > 0 && given[n-1] == "--" {
			given = given[:n-1]
		}
		hint := append([]string{"branchbot", fs.Name()}, given...)
		hint = append(hint, "-config", fs.Arg(0))
		for i := 2; i < len(hint); i++ {
			hint[i] = shellQuote(hint[i])
		}
		msg += " (did you mean: " + strings.Join(hint, " ") + "?)"
	}
	printFlags(fs)
	return usageError{msg}
}

// printFlags prints a subcommand's usage line and its flags.
func printFlags(fs *flag.FlagSet) {
	fmt.Fprintf(fs.Output(), "usage: %s\n", synopsis(fs.Name()))
	fs.PrintDefaults()
}

var shellSafeRE = regexp.MustCompile(`^[A-Za-z0-9_./:=@%+,-]+$`)

// shellQuote quotes s for a POSIX shell if it needs it.
func shellQuote(s string) string {
	if shellSafeRE.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// checkConfig validates a configuration file: the summary on stdout,
// warnings on stderr (exit status 0), problems as the error.
func checkConfig(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 1 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
		fmt.Fprintf(stderr, "usage: %s\n", synopsis("check-config"))
		return flag.ErrHelp
	}
	if len(args) == 2 && (args[0] == "-config" || args[0] == "--config") {
		return usageError{"check-config takes the file without -config (did you mean: branchbot check-config " + shellQuote(args[1]) + "?)"}
	}
	if len(args) != 1 {
		return usageError{"check-config takes one argument: the configuration file"}
	}
	cfg, err := loadConfig(args[0], getenv)
	if err != nil {
		return err
	}
	for _, w := range cfg.Warnings() {
		fmt.Fprintln(stderr, w)
	}
	fmt.Fprintf(stdout, "%s: ok (branch %q, time zone %s, secretaries: %d, database %s, %s mode)\n",
		args[0], cfg.Branch.Name, cfg.Branch.Timezone, len(cfg.Branch.Secretaries), cfg.Storage.Path, cfg.Telegram.Mode)
	fmt.Fprintln(stdout, quizSummary(cfg)) // quiz_check.go
	return nil
}

// runDemo runs the demo with the same wiring as runBot.
func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("demo", stderr)
	seed := fs.Uint64("seed", 1, "seed for the simulated members' behaviour")
	show := fs.Int("member", 3, "which member's chat to print (1-30)")
	verbose := fs.Bool("v", false, "log the bot's own messages to stderr")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *show < 1 || *show > demo.Members {
		return usageError{"demo: -member must be from 1 to 30"}
	}
	level := slog.LevelError
	if *verbose {
		level = slog.LevelInfo
	}
	return demo.Run(ctx, demo.Options{
		Seed:             *seed,
		Member:           *show,
		Logger:           slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level})),
		BotOptions:       botOptions,
		SchedulerOptions: schedOptions,
	}, stdout)
}

func newLogger(cfg *config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.Log.SlogLevel()}
	if cfg.Log.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func openStore(s config.StorageConfig) (*store.DB, error) {
	return store.Open(s.Path, store.Options{LockTimeout: 3 * time.Second, Now: time.Now, KeepFailed: s.KeepFailed.Duration()})
}

func runBot(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	fs := newFlags("run", stderr)
	path := fs.String("config", "config.yaml", "configuration file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(*path, getenv)
	if err != nil {
		return err
	}
	log := newLogger(cfg, stderr)
	for _, w := range cfg.Warnings() {
		log.Warn("config", "warning", w.String())
	}
	token, err := cfg.Token(getenv, os.ReadFile)
	if err != nil {
		return err
	}
	db, err := openStore(cfg.Storage)
	if err != nil {
		return err
	}
	defer db.Close()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	admin, err := listenAdmin(ctx, db, cfg, log.With("component", "admin"))
	if err != nil {
		return err
	}
	defer admin.Close()

	// The scheduled backups report through the bot, so their status is
	// given to the ops server once both exist (WatchBackups).
	srv, err := listenOps(cfg, db, log)
	if err != nil {
		return err
	}
	if srv != nil {
		defer srv.Close()
	}
	bo := botOptions(cfg, token, db, log)
	if srv != nil {
		bo.Observer = srv.Metrics()
	}
	b, err := bot.New(bo)
	if err != nil {
		return err
	}
	log.Info("starting", "version", fullVersion(), "branch", cfg.Branch.Name, "database", db.Path(), "mode", cfg.Telegram.Mode)
	so := schedOptions(cfg, db, time.Now, b, log)
	if srv != nil {
		so.Observer = srv.Metrics()
	}
	sched, err := schedule.New(so)
	if err != nil {
		return err
	}
	if studyRules(cfg) == nil {
		log.Info("daily study is off: study.handbook is not set")
	}
	backups, err := newBackups(cfg, db, b, log)
	if err != nil {
		return err
	}
	runs := []func(context.Context) error{b.Run, sched.Run}
	if backups != nil {
		runs = append(runs, backups.Run)
	} else {
		log.Info("scheduled backups are off: backup.enabled is false")
	}
	if srv != nil {
		if backups != nil {
			srv.WatchBackups(backups)
		}
		runs = append(runs, srv.Run)
	}
	err = runAll(ctx, runs...)
	log.Info("stopped")
	return err
}

// runAll runs each function until ctx ends or one of them fails, then
// cancels the rest and waits for all of them.
func runAll(ctx context.Context, fns ...func(context.Context) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, len(fns))
	for _, fn := range fns {
		go func() { errc <- fn(ctx) }()
	}
	var first error
	for range fns {
		if err := <-errc; err != nil && first == nil {
			first = err
			cancel()
		}
	}
	return first
}
