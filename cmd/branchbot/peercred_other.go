//go:build !linux

package main

import (
	"errors"
	"net"
)

// peerUID cannot tell who is at the other end of c outside Linux, so the
// admin socket talks to nobody there: backup and audit need the bot
// stopped.
func peerUID(*net.UnixConn) (int, error) {
	return 0, errors.New("the admin socket checks its peer's user with SO_PEERCRED, which only Linux has")
}
