package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/branchbot/branchbot/config"
	"github.com/branchbot/branchbot/store"
)

// The admin socket lets `branchbot backup` and `branchbot audit` ask the
// running bot for a copy of its database or its audit log: bbolt's file
// lock keeps a second process out, so the process holding the file does
// the work. Only the user the bot runs as may use it: the socket is made
// in a directory nobody else can enter (see adminsock.go) and both ends
// check the other's user id with SO_PEERCRED.

// adminReadTimeout bounds how long a client may take to send its one
// request line; a client that connects and says nothing is dropped.
const adminReadTimeout = 5 * time.Second

type adminServer struct {
	ln    net.Listener
	path  string
	cfg   *config.Config // what exports need of the configuration (the calendar's)
	check peerCheck
	log   *slog.Logger
	wg    sync.WaitGroup

	mu     sync.Mutex
	closed bool
	conns  map[net.Conn]struct{}
}

// listenAdmin starts the admin socket, accepting only clients of the
// user the bot runs as. A stale socket left by a killed process is
// replaced; the database lock already proves no other bot runs.
func listenAdmin(ctx context.Context, db *store.DB, cfg *config.Config, log *slog.Logger) (*adminServer, error) {
	return listenAdminWith(ctx, db, cfg, log, sameUser)
}

// listenAdminWith is listenAdmin with the check made of every client.
func listenAdminWith(ctx context.Context, db *store.DB, cfg *config.Config, log *slog.Logger, check peerCheck) (*adminServer, error) {
	path := adminSocketPath(db.Path())
	ln, err := listenPrivate(path)
	if err != nil {
		return nil, fmt.Errorf("admin socket %s: %w", path, err)
	}
	s := &adminServer{ln: ln, path: path, cfg: cfg, check: check, log: log, conns: map[net.Conn]struct{}{}}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			if !s.track(conn) {
				conn.Close()
				return
			}
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				defer s.untrack(conn)
				s.serve(ctx, conn, db)
			}()
		}
	}()
	return s, nil
}

// track records an open connection; it reports false once Close began.
func (s *adminServer) track(c net.Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.conns[c] = struct{}{}
	return true
}

func (s *adminServer) untrack(c net.Conn) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
	c.Close()
}

// Close stops the socket, drops every connection (a request being carried
// out finishes writing its file, but nobody waits on a silent or slow
// client) and waits for the handlers.
func (s *adminServer) Close() error {
	err := s.ln.Close()
	s.mu.Lock()
	s.closed = true
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
	removeSocket(s.path)
	return err
}

// serve checks the client and answers its request.
func (s *adminServer) serve(ctx context.Context, conn net.Conn, db *store.DB) {
	uc, ok := conn.(*net.UnixConn)
	if !ok {
		return
	}
	if err := s.check(uc); err != nil {
		s.log.Warn("admin socket: client refused", "err", err)
		fmt.Fprintln(conn, "error", err)
		return
	}
	_ = conn.SetReadDeadline(time.Now().Add(adminReadTimeout))
	_ = conn.SetWriteDeadline(time.Now().Add(10 * time.Minute))
	serveAdmin(ctx, conn, db, s.cfg, s.log)
}

// serveAdmin answers one request line: "backup ABSOLUTE-PATH", "audit
// ABSOLUTE-PATH" (the audit log as CSV) or "calendar ABSOLUTE-PATH"; an
// export with parameters has them between, URL-encoded: "ledger
// period=2026-12&lang=zh ABSOLUTE-PATH".
func serveAdmin(_ context.Context, conn net.Conn, db *store.DB, cfg *config.Config, log *slog.Logger) {
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return
	}
	verb, arg, _ := strings.Cut(strings.TrimSpace(line), " ")
	var opts url.Values
	if q, path, found := strings.Cut(arg, " "); found && !filepath.IsAbs(arg) {
		if opts, err = url.ParseQuery(q); err != nil {
			fmt.Fprintf(conn, "error %s: bad parameters\n", verb)
			return
		}
		arg = path
	}
	e, ok := exports[verb]
	switch {
	case !ok:
		fmt.Fprintln(conn, "error unknown request")
		return
	case !filepath.IsAbs(arg):
		fmt.Fprintf(conn, "error %s path must be absolute\n", verb)
		return
	}
	n, err := e.run(db, cfg, arg, opts)
	if err != nil {
		log.Error(verb+" failed", "path", arg, "err", err)
		fmt.Fprintln(conn, "error", err)
		return
	}
	log.Info(verb+" written", "path", arg, e.unit, n)
	fmt.Fprintln(conn, "ok", n)
}

// errPeer means the other end of the admin socket runs as another user.
var errPeer = errors.New("the other end of the admin socket runs as another user")

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
