package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// auditHeader is the first row of `branchbot audit` output.
var auditHeader = []string{"seq", "time", "actor_tg", "actor_id", "actor_name", "action", "detail", "refused"}

// writeAuditCSV writes the whole audit log in tx as CSV to w, oldest entry
// first, and returns how many entries it wrote. Times are UTC (RFC 3339);
// actor_name is the member's name now, empty for the system and strangers.
func writeAuditCSV(w io.Writer, tx *store.Tx) (int, error) {
	cw := csv.NewWriter(w)
	if err := cw.Write(auditHeader); err != nil {
		return 0, err
	}
	names := map[int64]string{}
	n := 0
	err := tx.ForEachAudit(func(e branchbot.AuditEntry) error {
		name, ok := names[e.ActorID]
		if !ok && e.ActorID != 0 {
			if m, err := tx.Member(e.ActorID); err == nil {
				name = m.Name
			}
			names[e.ActorID] = name
		}
		n++
		return cw.Write([]string{
			strconv.FormatUint(e.Seq, 10),
			e.Time.UTC().Format(time.RFC3339),
			strconv.FormatInt(e.ActorTG, 10),
			strconv.FormatInt(e.ActorID, 10),
			name,
			e.Action,
			e.Detail,
			strconv.FormatBool(e.Refused),
		})
	})
	if err != nil {
		return 0, err
	}
	cw.Flush()
	return n, cw.Error()
}

// exportAudit writes the audit log of db to path as CSV: to a temporary
// file beside it, fsynced and renamed over path, so path holds either its
// old contents or the whole log.
func exportAudit(db *store.DB, path string) (int, error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, filepath.Base(path)+".tmp-*")
	if err != nil {
		return 0, fmt.Errorf("audit: %w", err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	var n int
	bw := bufio.NewWriter(tmp)
	err = db.View(func(tx *store.Tx) error {
		n, err = writeAuditCSV(bw, tx)
		return err
	})
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return 0, fmt.Errorf("audit: write %s: %w", path, err)
	}
	return n, nil
}

// auditCommand is `branchbot audit -o FILE [-config FILE]`: the whole audit
// log as CSV, through the running bot if there is one, else straight from
// the database, opened read-only.
func auditCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("audit", stderr)
	out := fs.String("o", "", "CSV file to write (required)")
	path := fs.String("config", "config.yaml", "configuration file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usageError{"audit: -o FILE is required"}
	}
	target, err := filepath.Abs(*out)
	if err != nil {
		return err
	}
	cfg, err := LoadConfig(*path, getenv)
	if err != nil {
		return err
	}
	if same, _ := sameFile(target, cfg.Storage.Path); same {
		return usageError{"audit: -o must not be the database itself"}
	}
	n, err := auditViaBot(ctx, cfg.Storage.Path, target)
	if errors.Is(err, errNoBot) {
		db, oerr := store.Open(cfg.Storage.Path, store.Options{LockTimeout: 3 * time.Second, Now: time.Now, ReadOnly: true})
		if errors.Is(oerr, store.ErrLocked) {
			return fmt.Errorf("audit: a branchbot holds %s but did not answer on its admin socket %s (it may be starting up): try again in a moment", cfg.Storage.Path, adminSocketPath(cfg.Storage.Path))
		}
		if oerr != nil {
			return oerr
		}
		defer db.Close()
		n, err = exportAudit(db, target)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "audit: wrote %d entries to %s\n", n, target)
	return nil
}

// auditViaBot asks the running bot to write the CSV.
func auditViaBot(ctx context.Context, dbPath, target string) (int, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", adminSocketPath(dbPath))
	if err != nil {
		if errors.Is(err, syscall.ENOENT) || errors.Is(err, syscall.ECONNREFUSED) {
			return 0, errNoBot
		}
		return 0, fmt.Errorf("audit: admin socket: %w", err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Minute))
	fmt.Fprintf(conn, "audit %s\n", target)
	reply, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return 0, fmt.Errorf("audit: the running bot did not answer: %w", err)
	}
	var n int
	if _, err := fmt.Sscanf(reply, "ok %d", &n); err != nil {
		return 0, fmt.Errorf("audit: %s", strings.TrimPrefix(strings.TrimSpace(reply), "error "))
	}
	return n, nil
}
