package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/branchbot/branchbot/config"
	"github.com/branchbot/branchbot/store"
)

// An export writes something from the database to a file named with -o:
// through the running bot, which holds the database's lock, over its admin
// socket; straight from the file, opened read-only, when no bot runs.
// `branchbot backup`, `branchbot audit` and `branchbot calendar` are
// exports.
type export struct {
	name  string // the subcommand, and the admin socket's request
	usage string // what -o receives
	unit  string // what the count it reports counts
	write func(db *store.DB, cfg *config.Config, target string) (int64, error)
}

var exports = map[string]export{
	"backup": {name: "backup", usage: "file to write the copy of the database to (required)", unit: "bytes",
		write: func(db *store.DB, _ *config.Config, target string) (int64, error) { return db.BackupVerified(target) }},
	"audit": {name: "audit", usage: "CSV file to write the audit log to (required)", unit: "entries",
		write: func(db *store.DB, _ *config.Config, target string) (int64, error) {
			n, err := exportAudit(db, target)
			return int64(n), err
		}},
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
	if err := parseFlags(fs, args); err != nil {
		return err
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
	n, err := askBot(ctx, cfg.Storage.Path, e.name, target)
	if errors.Is(err, errNoBot) {
		db, oerr := store.Open(cfg.Storage.Path, store.Options{LockTimeout: 3 * time.Second, Now: time.Now, ReadOnly: true})
		if errors.Is(oerr, store.ErrLocked) {
			return fmt.Errorf("%s: a branchbot holds %s but did not answer on its admin socket %s (it may be starting up): try again in a moment", e.name, cfg.Storage.Path, adminSocketPath(cfg.Storage.Path))
		}
		if oerr != nil {
			return oerr
		}
		defer db.Close()
		n, err = e.write(db, cfg, target)
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
