package main

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"syscall"
)

// Where the admin socket lives, and how it is made without ever being
// open to another user.
//
// The socket is FILE.sock beside the database. It is bound inside a fresh
// directory of mode 0700 beside the database, made owner-only there, and
// renamed into place: it is never reachable by anyone else, whatever the
// process's umask, and nothing needs the umask changed (syscall.Umask is
// process-wide, so changing it would race with every other goroutine that
// creates files). The rename also replaces a stale socket of a killed bot
// in one step, and fails, stopping start-up, when someone else's file
// holds the name in a directory they can write to.
//
// When FILE.sock is too long for a Unix socket (108 bytes on Linux), the
// socket goes to a directory of the bot's own user in the temporary
// folder, branchbot-UID, made with mode 0700. A directory of that name
// that is not the user's own and private (another user made it first) is
// refused with a message; nothing is ever created in it.

// maxSocketPath is a little under the 108 bytes of sockaddr_un.sun_path.
const maxSocketPath = 100

// adminSocketPath is where the admin socket of the database at dbPath
// lives.
func adminSocketPath(dbPath string) string {
	if p := dbPath + ".sock"; len(p) < maxSocketPath && len(bindDirPattern(dbPath))+12 < maxSocketPath {
		return p
	}
	abs, err := filepath.Abs(dbPath)
	if err != nil {
		abs = dbPath
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(privateSocketDir(), fmt.Sprintf("%x.sock", sum[:8]))
}

// privateSocketDir is the user's directory for admin sockets of databases
// with long paths.
func privateSocketDir() string {
	return filepath.Join(os.TempDir(), fmt.Sprintf("branchbot-%d", os.Getuid()))
}

// bindDirPattern is the os.MkdirTemp pattern of the directory a socket
// beside the database is bound in; MkdirTemp puts up to ten digits for
// the star.
func bindDirPattern(dbPath string) string {
	return filepath.Join(filepath.Dir(dbPath), ".branchbot-*")
}

// listenPrivate listens on a Unix socket at path that only this user can
// reach from the moment it exists.
func listenPrivate(path string) (net.Listener, error) {
	dir := filepath.Dir(path)
	if dir == privateSocketDir() {
		if err := ensurePrivateDir(dir); err != nil {
			return nil, err
		}
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return listenOwnerOnly(path)
	}
	tmp, err := os.MkdirTemp(dir, filepath.Base(bindDirPattern(path)))
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	ln, err := listenOwnerOnly(filepath.Join(tmp, "s"))
	if err != nil {
		return nil, err
	}
	if err := os.Rename(filepath.Join(tmp, "s"), path); err != nil {
		ln.Close()
		return nil, fmt.Errorf("putting the socket in place: %w", err)
	}
	return ln, nil
}

// listenOwnerOnly listens at path, in a directory only this user can
// enter, and makes the socket owner-only. The socket file is removed by
// Close of the admin server, not by the listener, which would remove the
// name it was bound at.
func listenOwnerOnly(path string) (net.Listener, error) {
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, err
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		_ = os.Remove(path)
		return nil, err
	}
	return ln, nil
}

// ensurePrivateDir makes dir with mode 0700, or checks that the one there
// is a directory (not a link) of this user that nobody else may enter.
func ensurePrivateDir(dir string) error {
	err := os.Mkdir(dir, 0o700)
	if err == nil || !errors.Is(err, fs.ErrExist) {
		return err
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	switch {
	case !fi.IsDir():
		return fmt.Errorf("%s is not a directory: remove it, or give the database a shorter path", dir)
	case !ok || int(st.Uid) != os.Getuid():
		return fmt.Errorf("%s belongs to another user: remove it, or give the database a shorter path", dir)
	case fi.Mode().Perm()&0o077 != 0:
		return fmt.Errorf("%s is open to other users (mode %v): make it 0700, or give the database a shorter path", dir, fi.Mode().Perm())
	}
	return nil
}

// removeSocket removes the socket file of a stopped admin server.
func removeSocket(path string) { _ = os.Remove(path) }

// peerCheck decides whether the process at the other end of a Unix
// socket may be talked to.
type peerCheck func(*net.UnixConn) error

// sameUser accepts a peer that runs as this process's user, as the
// kernel reports it (SO_PEERCRED).
func sameUser(c *net.UnixConn) error {
	uid, err := peerUID(c)
	if err != nil {
		return fmt.Errorf("reading the admin socket's peer: %w", err)
	}
	if uid != os.Getuid() {
		return fmt.Errorf("%w (uid %d, not %d): run the command as the user the bot runs as", errPeer, uid, os.Getuid())
	}
	return nil
}
