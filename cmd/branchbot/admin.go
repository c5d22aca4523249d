package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
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
	e, ok := exports[verb]
	switch {
	case !ok:
		fmt.Fprintln(conn, "error unknown request")
		return
	case !filepath.IsAbs(arg):
		fmt.Fprintf(conn, "error %s path must be absolute\n", verb)
		return
	}
	n, err := e.write(db, arg)
	if err != nil {
		log.Error(verb+" failed", "path", arg, "err", err)
		fmt.Fprintln(conn, "error", err)
		return
	}
	log.Info(verb+" written", "path", arg, e.unit, n)
	fmt.Fprintln(conn, "ok", n)
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
