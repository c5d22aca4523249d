package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/branchbot/branchbot/store"
)

// The exit statuses of `branchbot restore` when it refuses, besides 1
// (any other failure) and 2 (a mistake on the command line). Whatever
// the status, the database was left as it was.
const (
	exitHeld      = 3 // a running bot, or another process, holds the database
	exitBadBackup = 4 // the backup is damaged, empty or not a branchbot database
	exitTooNew    = 5 // the backup was written by a newer branchbot
)

// exitError is an error with an exit status of its own.
type exitError struct {
	code int
	err  error
}

func (e exitError) Error() string { return e.err.Error() }
func (e exitError) Unwrap() error { return e.err }

// keptLayout is the time in the name the replaced database is kept
// under, in the branch's zone: branch.db.2026-12-04T1930.before-restore.
const keptLayout = "2006-01-02T1504"

// runRestore is `branchbot restore FILE [-config FILE]`: it puts a backup
// in the place of the database while no bot runs (store.Restore), keeping
// the file that was there beside it.
func runRestore(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("restore", stderr)
	path := fs.String("config", "config.yaml", "configuration file")
	// The backup comes first, as the usage writes it, or last.
	var backup string
	if n := len(args); n > 0 && !isFlag(args[0]) {
		backup, args = args[0], args[1:]
	} else if n > 0 && !isFlag(args[n-1]) && (n < 2 || (args[n-2] != "-config" && args[n-2] != "--config")) {
		backup, args = args[n-1], args[:n-1]
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if backup == "" {
		return usageError{"restore: which backup? (branchbot restore FILE [-config FILE])"}
	}
	cfg, err := loadConfig(*path, getenv)
	if err != nil {
		return err
	}
	dbPath := cfg.Storage.Path
	src, err := filepath.Abs(backup)
	if err != nil {
		return err
	}
	if _, err := os.Stat(src); err != nil {
		return exitError{exitBadBackup, fmt.Errorf("restore: %w; nothing was changed", err)}
	}
	if same, _ := sameFile(src, dbPath); same {
		return usageError{"restore: " + backup + " is the database itself; name a backup"}
	}
	// A bot listening on its admin socket holds the database: say so
	// plainly, before the lock says it less clearly.
	var d net.Dialer
	dctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	conn, err := d.DialContext(dctx, "unix", adminSocketPath(dbPath))
	cancel()
	if err == nil {
		conn.Close()
		return exitError{exitHeld, fmt.Errorf("restore: a branchbot is running on %s (its admin socket %s answers): stop it first, then restore; nothing was changed", dbPath, adminSocketPath(dbPath))}
	}
	kept := keptName(dbPath, time.Now().In(cfg.Location()))
	res, err := store.Restore(src, dbPath, kept)
	switch {
	case errors.Is(err, store.ErrLocked):
		return exitError{exitHeld, fmt.Errorf("restore: another process holds %s (a branchbot starting or stopping, or an export): stop it first; nothing was changed", dbPath)}
	case errors.Is(err, store.ErrTooNew):
		return exitError{exitTooNew, fmt.Errorf("restore: %s was written by a newer branchbot than this one (%s): restore it with that version; nothing was changed: %w", backup, fullVersion(), err)}
	case errors.Is(err, store.ErrCorrupt):
		return exitError{exitBadBackup, fmt.Errorf("restore: %s cannot be restored; nothing was changed: %w", backup, err)}
	case err != nil:
		return fmt.Errorf("restore: nothing was changed: %w", err)
	}
	fmt.Fprintf(stdout, "restore: restored %s (%d bytes, schema %d) to %s\n", src, res.Bytes, res.Schema, dbPath)
	if res.Kept != "" {
		fmt.Fprintf(stdout, "restore: the database that was there is kept as %s\n", res.Kept)
	}
	return nil
}

func isFlag(arg string) bool { return len(arg) > 1 && arg[0] == '-' }

// keptName is the name the database at dbPath is kept under when a
// restore replaces it at now: to the minute, or to the second when a
// restore in the same minute took that.
func keptName(dbPath string, now time.Time) string {
	name := dbPath + "." + now.Format(keptLayout) + ".before-restore"
	if _, err := os.Lstat(name); err == nil {
		name = dbPath + "." + now.Format(keptLayout+"05") + ".before-restore"
	}
	return name
}
