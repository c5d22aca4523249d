package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/config"
	"github.com/branchbot/branchbot/store"
)

// An export writes something from the database to a file named with -o:
// through the running bot, which holds the database's lock, over its admin
// socket; straight from the file, opened read-only, when no bot runs.
// `branchbot backup`, `branchbot audit`, `branchbot calendar` and
// `branchbot ledger` are exports.
type export struct {
	name  string // the subcommand, and the admin socket's request
	usage string // what -o receives
	unit  string // what the count it reports counts
	write func(db *store.DB, cfg *config.Config, target string) (int64, error)
	// params are the flags of an export that takes more than -o; its
	// writeWith receives their values (also through the admin socket).
	params    []exportParam
	writeWith func(db *store.DB, cfg *config.Config, target string, opts url.Values) (int64, error)
	check     func(opts url.Values) error // refuses values of params before any work
}

// exportParam is a flag of an export besides -o and -config.
type exportParam struct{ name, value, usage string }

// run carries out the export into target with the values of its params.
func (e export) run(db *store.DB, cfg *config.Config, target string, opts url.Values) (int64, error) {
	if e.writeWith != nil {
		return e.writeWith(db, cfg, target, opts)
	}
	return e.write(db, cfg, target)
}

var exports = map[string]export{
	"backup": {name: "backup", usage: "file to write the copy of the database to (required)", unit: "bytes",
		write: func(db *store.DB, _ *config.Config, target string) (int64, error) { return db.BackupVerified(target) }},
	"audit": {name: "audit", usage: "CSV file to write the audit log to (required)", unit: "entries",
		params: []exportParam{{"lang", "zh", "language of the headings and entries: zh or en"}},
		check: func(opts url.Values) error {
			if _, ok := branchbot.ParseLang(opts.Get("lang")); !ok {
				return fmt.Errorf("-lang %q: want zh or en", opts.Get("lang"))
			}
			return nil
		},
		writeWith: func(db *store.DB, cfg *config.Config, target string, opts url.Values) (int64, error) {
			n, err := exportAudit(db, cfg, target, opts.Get("lang"))
			return int64(n), err
		}},
	"ledger": ledgerExport,
	"calendar": {name: "calendar", usage: ".ics file to write the upcoming meetings to (required)", unit: "meetings",
		write: func(db *store.DB, cfg *config.Config, target string) (int64, error) {
			n, err := exportCalendar(db, cfg, target, time.Now())
			return int64(n), err
		}},
}

// runExport is the command line of an export.
func runExport(ctx context.Context, e export, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags(e.name, stderr)
	out := fs.String("o", "", e.usage)
	path := fs.String("config", "config.yaml", "configuration file")
	vals := make([]*string, len(e.params))
	for i, p := range e.params {
		vals[i] = fs.String(p.name, p.value, p.usage)
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	opts := url.Values{}
	for i, p := range e.params {
		opts.Set(p.name, *vals[i])
	}
	if *out == "" {
		return usageError{e.name + ": -o FILE is required"}
	}
	target, err := filepath.Abs(*out)
	if err != nil {
		return err
	}
	cfg, err := loadConfig(*path, getenv)
	if err != nil {
		return err
	}
	if same, _ := sameFile(target, cfg.Storage.Path); same {
		return usageError{e.name + ": -o must not be the database itself"}
	}
	if e.check != nil {
		if err := e.check(opts); err != nil {
			return usageError{e.name + ": " + err.Error()}
		}
	}
	n, err := askBotParams(ctx, cfg.Storage.Path, e.name, target, opts)
	if errors.Is(err, errNoBot) {
		db, oerr := store.Open(cfg.Storage.Path, store.Options{LockTimeout: 3 * time.Second, Now: time.Now, ReadOnly: true})
		if errors.Is(oerr, store.ErrLocked) {
			return fmt.Errorf("%s: a branchbot holds %s but did not answer on its admin socket %s (it may be starting up): try again in a moment", e.name, cfg.Storage.Path, adminSocketPath(cfg.Storage.Path))
		}
		if oerr != nil {
			return oerr
		}
		defer db.Close()
		n, err = e.run(db, cfg, target, opts)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: wrote %d %s to %s\n", e.name, n, e.unit, target)
	return nil
}

// errNoBot means no bot answers on the database's admin socket.
var errNoBot = errors.New("no running bot")

// askBot asks the running bot to carry out request verb into target.
func askBot(ctx context.Context, dbPath, verb, target string) (int64, error) {
	return askBotWith(ctx, dbPath, verb, target, sameUser)
}

// askBotParams is askBot with the values of the export's params.
func askBotParams(ctx context.Context, dbPath, verb, target string, opts url.Values) (int64, error) {
	if len(opts) > 0 {
		// "ledger period=2026-12&lang=zh /abs/path": the path is absolute,
		// so the parameters cannot be mistaken for it.
		target = opts.Encode() + " " + target
	}
	return askBotWith(ctx, dbPath, verb, target, sameUser)
}

// askBotWith is askBot talking only to a server that passes check: a
// process of another user listening on the socket's name is not the bot,
// and would report success while writing nothing.
func askBotWith(ctx context.Context, dbPath, verb, target string, check peerCheck) (int64, error) {
	var d net.Dialer
	path := adminSocketPath(dbPath)
	conn, err := d.DialContext(ctx, "unix", path)
	if err != nil {
		if errors.Is(err, syscall.ENOENT) || errors.Is(err, syscall.ECONNREFUSED) {
			return 0, errNoBot
		}
		return 0, fmt.Errorf("%s: admin socket: %w", verb, err)
	}
	defer conn.Close()
	if err := check(conn.(*net.UnixConn)); err != nil {
		return 0, fmt.Errorf("%s: refusing the admin socket %s: %w", verb, path, err)
	}
	_ = conn.SetDeadline(time.Now().Add(10 * time.Minute))
	fmt.Fprintf(conn, "%s %s\n", verb, target)
	reply, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return 0, fmt.Errorf("%s: the running bot did not answer: %w", verb, err)
	}
	var n int64
	if _, err := fmt.Sscanf(reply, "ok %d", &n); err != nil {
		return 0, fmt.Errorf("%s: %s", verb, strings.TrimPrefix(strings.TrimSpace(reply), "error "))
	}
	return n, nil
}
