package store

import (
	"fmt"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Verify checks the database file at path as Open checks a file before
// it uses it, without the right to change it: the meta pages, every page
// the tree reaches, bbolt's own consistency check, every value, the schema
// version and its buckets. A file of an older schema passes (Open brings
// it up to date); one of a newer schema is refused with ErrTooNew, a
// damaged one with ErrCorrupt. It returns the file's schema version.
//
// Verify takes a shared lock on the file for the checks, as a read-only
// Open does: it waits up to timeout (default 3 s) for a process that
// holds the file.
func Verify(path string, timeout time.Duration) (uint64, error) {
	if timeout <= 0 {
		timeout = 3 * time.Second
	}
	if err := checkable(path); err != nil {
		return 0, err
	}
	if err := precheck(path, timeout); err != nil {
		return 0, err
	}
	bdb, err := openBolt(path, &bolt.Options{Timeout: timeout, ReadOnly: true})
	if err != nil {
		return 0, err
	}
	defer bdb.Close()
	var v uint64
	err = bdb.View(func(tx *bolt.Tx) error {
		if meta := tx.Bucket(bMeta); meta != nil {
			v = getUint(meta, kSchema)
		}
		if v == 0 {
			return fmt.Errorf("store: verify %s: %w (it holds no branchbot schema version)", path, ErrCorrupt)
		}
		return nil
	})
	switch {
	case err != nil:
		return 0, err
	case v > SchemaVersion:
		return v, fmt.Errorf("store: verify %s: %w (schema %d, this build knows %d)", path, ErrTooNew, v, SchemaVersion)
	case v == SchemaVersion:
		// An older file gains its buckets when Open migrates it.
		db := &DB{bolt: bdb, path: path}
		if err := db.checkBuckets(); err != nil {
			return v, err
		}
	}
	return v, nil
}

// checkable refuses what is not a file of data at all, as Open does.
func checkable(path string) error {
	info, err := os.Stat(path)
	switch {
	case err != nil:
		return fmt.Errorf("store: verify %s: %w", path, err)
	case !info.Mode().IsRegular():
		return fmt.Errorf("store: verify %s: not a regular file", path)
	case info.Size() == 0:
		return fmt.Errorf("store: verify %s: %w: the file is empty", path, ErrCorrupt)
	}
	return nil
}
