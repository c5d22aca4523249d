//go:build unix

package store

import (
	"errors"
	"os"
	"syscall"
)

// lockFile takes the lock bbolt takes on a database it opens for writing
// (flock, exclusive) on the open file f, without waiting: ErrLocked if a
// bot, or any process reading the file, holds it. Closing f releases it.
func lockFile(f *os.File) error {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return ErrLocked
	}
	return err
}
