package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/branchbot/branchbot/store"
)

// The admin socket lets `branchbot backup` ask the running bot for a copy
// of its database: bbolt's file lock keeps a second process out, so the
// process holding the file makes the copy. The socket lives beside the
// database (FILE.sock) and only its owner may connect.

// adminSocketPath is FILE.sock beside the database, or, when that path is
// too long for a Unix socket (108 bytes on Linux), a name in the temporary
// directory derived from the database's absolute path.
func adminSocketPath(dbPath string) string {
	p := dbPath + ".sock"
	if len(p) < 100 {
		return p
	}
	abs, err := filepath.Abs(dbPath)
	if err != nil {
		abs = dbPath
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(os.TempDir(), fmt.Sprintf("branchbot-%x.sock", sum[:8]))
}

type adminServer struct {
	ln   net.Listener
	path string
	wg   sync.WaitGroup
}

// listenAdmin starts the admin socket. A stale socket left by a killed
// process is replaced; the database lock already proves no other bot runs.
func listenAdmin(ctx context.Context, db *store.DB, log *slog.Logger) (*adminServer, error) {
	path := adminSocketPath(db.Path())
	_ = os.Remove(path)
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("admin socket %s: %w", path, err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("admin socket %s: %w", path, err)
	}
	s := &adminServer{ln: ln, path: path}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				defer conn.Close()
				_ = conn.SetDeadline(time.Now().Add(10 * time.Minute))
				serveAdmin(ctx, conn, db, log)
			}()
		}
	}()
	return s, nil
}

// Close stops the socket and waits for requests in progress.
func (s *adminServer) Close() error {
	err := s.ln.Close()
	s.wg.Wait()
	_ = os.Remove(s.path)
	return err
}

// serveAdmin answers one request line: "backup ABSOLUTE-PATH" or "audit
// ABSOLUTE-PATH" (the audit log as CSV).
func serveAdmin(_ context.Context, conn net.Conn, db *store.DB, log *slog.Logger) {
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return
	}
	verb, arg, _ := strings.Cut(strings.TrimSpace(line), " ")
	switch verb {
	case "backup":
		if !filepath.IsAbs(arg) {
			fmt.Fprintln(conn, "error backup path must be absolute")
			return
		}
		n, err := db.Backup(arg)
		if err != nil {
			log.Error("backup failed", "path", arg, "err", err)
			fmt.Fprintln(conn, "error", err)
			return
		}
		log.Info("backup written", "path", arg, "bytes", n)
		fmt.Fprintln(conn, "ok", n)
	case "audit":
		if !filepath.IsAbs(arg) {
			fmt.Fprintln(conn, "error audit path must be absolute")
			return
		}
		n, err := exportAudit(db, arg)
		if err != nil {
			log.Error("audit export failed", "path", arg, "err", err)
			fmt.Fprintln(conn, "error", err)
			return
		}
		log.Info("audit log exported", "path", arg, "entries", n)
		fmt.Fprintln(conn, "ok", n)
	default:
		fmt.Fprintln(conn, "error unknown request")
	}
}

// backup writes a copy of the database: through the running bot if there
// is one, else straight from the file.
func backup(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := newFlags("backup", os.Stderr)
	out := fs.String("o", "", "file to write the copy to (required)")
	path := fs.String("config", "config.yaml", "configuration file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usageError{"backup: -o FILE is required"}
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
		return usageError{"backup: -o must not be the database itself"}
	}
	n, err := backupViaBot(ctx, cfg.Storage.Path, target)
	if errors.Is(err, errNoBot) {
		db, oerr := openStore(cfg.Storage.Path)
		if errors.Is(oerr, store.ErrLocked) {
			return fmt.Errorf("backup: a branchbot holds %s but did not answer on its admin socket %s (it may be starting up): try again in a moment", cfg.Storage.Path, adminSocketPath(cfg.Storage.Path))
		}
		if oerr != nil {
			return oerr
		}
		defer db.Close()
		n, err = db.Backup(target)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup: wrote %d bytes to %s\n", n, target)
	return nil
}

var errNoBot = errors.New("no running bot")

func backupViaBot(ctx context.Context, dbPath, target string) (int64, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", adminSocketPath(dbPath))
	if err != nil {
		if errors.Is(err, syscall.ENOENT) || errors.Is(err, syscall.ECONNREFUSED) {
			return 0, errNoBot
		}
		return 0, fmt.Errorf("backup: admin socket: %w", err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Minute))
	fmt.Fprintf(conn, "backup %s\n", target)
	reply, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return 0, fmt.Errorf("backup: the running bot did not answer: %w", err)
	}
	var n int64
	if _, err := fmt.Sscanf(reply, "ok %d", &n); err != nil {
		return 0, fmt.Errorf("backup: %s", strings.TrimPrefix(strings.TrimSpace(reply), "error "))
	}
	return n, nil
}

func sameFile(a, b string) (bool, error) {
	ia, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	ib, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(ia, ib), nil
}
