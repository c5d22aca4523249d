//go:build !unix

package store

import (
	"errors"
	"os"
)

// lockFile is only written for Unix systems, where branchbot runs.
func lockFile(*os.File) error {
	return errors.New("restoring is supported on Unix systems only")
}
