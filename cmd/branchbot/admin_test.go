package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/branchbot/branchbot/store"
)

// openAdminDB opens a fresh database at path for the admin socket tests.
func openAdminDB(t *testing.T, path string) *store.DB {
	t.Helper()
	db, err := store.Open(path, store.Options{Now: time.Now, LockTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func startAdmin(t *testing.T, db *store.DB, check peerCheck) *adminServer {
	t.Helper()
	admin, err := listenAdminWith(context.Background(), db, nil, slog.New(slog.DiscardHandler), check)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	return admin
}

// longDBPath is a database path too long for its socket to sit beside it.
func longDBPath(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), strings.Repeat("d", 60), strings.Repeat("e", 40))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "branch.db")
}

func mode(t *testing.T, path string) fs.FileMode {
	t.Helper()
	fi, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode()
}

func TestAdminSocketBesideTheDatabase(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "branch.db")
	// A stale socket of a killed bot holds the name.
	stale, err := net.Listen("unix", dbPath+".sock")
	if err != nil {
		t.Fatal(err)
	}
	stale.(*net.UnixListener).SetUnlinkOnClose(false)
	stale.Close()

	admin := startAdmin(t, openAdminDB(t, dbPath), sameUser)
	if admin.path != dbPath+".sock" {
		t.Fatalf("socket at %s, want beside the database", admin.path)
	}
	if m := mode(t, admin.path); m.Type() != fs.ModeSocket || m.Perm() != 0o600 {
		t.Errorf("socket mode %v, want an owner-only socket", m)
	}
	out := filepath.Join(t.TempDir(), "copy.db")
	if n, err := askBot(context.Background(), dbPath, "backup", out); err != nil || n == 0 {
		t.Fatalf("backup through the socket: %d, %v", n, err)
	}
	if err := admin.Close(); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "branch.db" {
			t.Errorf("left beside the database: %s", e.Name())
		}
	}
}

func TestAdminSocketLongPathInPrivateDir(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	dbPath := longDBPath(t)
	admin := startAdmin(t, openAdminDB(t, dbPath), sameUser)
	if filepath.Dir(admin.path) != privateSocketDir() {
		t.Fatalf("socket at %s, want it in %s", admin.path, privateSocketDir())
	}
	if m := mode(t, privateSocketDir()); !m.IsDir() || m.Perm() != 0o700 {
		t.Errorf("directory mode %v, want 0700", m)
	}
	if m := mode(t, admin.path); m.Perm() != 0o600 {
		t.Errorf("socket mode %v", m)
	}
	out := filepath.Join(t.TempDir(), "copy.db")
	if _, err := askBot(context.Background(), dbPath, "backup", out); err != nil {
		t.Fatal(err)
	}
}

// TestAdminSocketSquattedDirRefused checks that a directory another user
// could have made first under the private directory's name is refused
// before anything is created in it.
func TestAdminSocketSquattedDirRefused(t *testing.T) {
	cases := map[string]func(t *testing.T, dir string){
		"open to others": func(t *testing.T, dir string) {
			if err := os.Mkdir(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(dir, 0o777); err != nil {
				t.Fatal(err)
			}
		},
		"a link": func(t *testing.T, dir string) {
			target := t.TempDir()
			if err := os.Symlink(target, dir); err != nil {
				t.Fatal(err)
			}
		},
		"a file": func(t *testing.T, dir string) {
			if err := os.WriteFile(dir, nil, 0o600); err != nil {
				t.Fatal(err)
			}
		},
	}
	if os.Getuid() == 0 {
		cases["another user's"] = func(t *testing.T, dir string) {
			if err := os.Mkdir(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.Chown(dir, 4242, 4242); err != nil {
				t.Fatal(err)
			}
		}
	}
	for name, squat := range cases {
		t.Run(name, func(t *testing.T) {
			t.Setenv("TMPDIR", t.TempDir())
			dir := privateSocketDir()
			squat(t, dir)
			db := openAdminDB(t, longDBPath(t))
			_, err := listenAdminWith(context.Background(), db, nil, slog.New(slog.DiscardHandler), sameUser)
			if err == nil || !strings.Contains(err.Error(), dir) {
				t.Fatalf("listen = %v, want a refusal naming %s", err, dir)
			}
			if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
				if entries, _ := os.ReadDir(dir); len(entries) != 0 {
					t.Errorf("created in the squatted directory: %v", entries)
				}
			}
		})
	}
}

// TestAdminClientRefusesOtherUsersServer stands a process that is not the
// bot on the socket's name: a client that only checked the answer would
// report a backup that was never written.
func TestAdminClientRefusesOtherUsersServer(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "branch.db")
	ln, err := net.Listen("unix", adminSocketPath(dbPath))
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			fmt.Fprintln(c, "ok 4096")
			c.Close()
		}
	}()
	otherUser := func(*net.UnixConn) error { return fmt.Errorf("%w (uid 4242)", errPeer) }
	out := filepath.Join(t.TempDir(), "copy.db")
	n, err := askBotWith(context.Background(), dbPath, "backup", out, otherUser)
	if !errors.Is(err, errPeer) {
		t.Fatalf("backup = %d, %v; want a refusal", n, err)
	}
	// The real check lets this process's own listener through.
	if n, err := askBot(context.Background(), dbPath, "backup", out); err != nil || n != 4096 {
		t.Errorf("same user: %d, %v", n, err)
	}
}

// TestAdminServerRefusesOtherUsersClient: a client of another user is
// answered with an error and nothing is written.
func TestAdminServerRefusesOtherUsersClient(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "branch.db")
	var asked int
	startAdmin(t, openAdminDB(t, dbPath), func(c *net.UnixConn) error {
		asked++
		if err := sameUser(c); err != nil {
			t.Errorf("the real check refuses this process: %v", err)
		}
		return fmt.Errorf("%w (uid 4242)", errPeer)
	})
	out := filepath.Join(t.TempDir(), "copy.db")
	n, err := askBot(context.Background(), dbPath, "backup", out)
	if err == nil || !strings.Contains(err.Error(), "another user") || asked != 1 {
		t.Errorf("backup = %d, %v (checked %d times)", n, err, asked)
	}
	if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the backup was written: %v", err)
	}
}

// TestAdminIdleClientDoesNotHoldClose: a client that connects and says
// nothing must not keep the bot from stopping.
func TestAdminIdleClientDoesNotHoldClose(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "branch.db")
	admin := startAdmin(t, openAdminDB(t, dbPath), sameUser)
	var conns []net.Conn
	for range 3 {
		c, err := net.Dial("unix", admin.path)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns = append(conns, c)
	}
	fmt.Fprint(conns[0], "backup /half-a-line") // and never the newline
	done := make(chan error, 1)
	go func() { done <- admin.Close() }()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("Close waits for idle clients")
	}
	if _, err := os.Stat(admin.path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("socket left behind: %v", err)
	}
}
