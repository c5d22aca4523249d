package store

import (
	"errors"
	"fmt"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Errors returned by Open. Check them with errors.Is.
var (
	// ErrLocked means another process holds the database file.
	ErrLocked = errors.New("database is in use by another process")
	// ErrCorrupt means the file is not a usable branchbot database. The
	// file is left as it was.
	ErrCorrupt = errors.New("database file is damaged or not a branchbot database")
	// ErrTooNew means the file was written by a newer branchbot.
	ErrTooNew = errors.New("database was written by a newer version of branchbot")
)

// Options tune Open.
type Options struct {
	// LockTimeout is how long Open waits for another process to release
	// the file. Default 3 s.
	LockTimeout time.Duration
	// Now is the clock for the times the store records. Required.
	Now func() time.Time
	// ReadOnly opens the file without the right to change it, for the
	// commands that export from a stopped bot's database. It still waits
	// for a running bot's lock.
	ReadOnly bool
	// KeepFailed is how long a message stays in the failed list (see
	// FailOutgoing). Default DefaultKeepFailed.
	KeepFailed time.Duration
	// MaxFailed is how many messages the failed list keeps at most, the
	// most recent. Default DefaultMaxFailed.
	MaxFailed int
	// NoSync skips the fsync of each commit: for a simulation (branchbot
	// demo), whose file is thrown away after it, never for a branch's
	// records, which a crash could then lose.
	NoSync bool
}

// InitialMmapSize returns the size Open maps a file of size bytes with at
// first: for a large file, room to double. A commit that grows the file
// past its mapping maps it again, which first copies every page the
// transaction has touched out of the old mapping; for a large branch's
// morning fan-out that copy was a tenth of the commit. A small file keeps
// bbolt's own mapping, which grows it a power of two at a time. The
// mapping is address space, not memory.
func InitialMmapSize(size int64) int {
	const large = 16 << 20 // bbolt's allocation step: larger files grow by it
	if size < large {
		return 0
	}
	return int(min(2*size, 1<<40))
}

// DB is an open branchbot database.
type DB struct {
	bolt   *bolt.DB
	path   string
	now    func() time.Time
	failed failedBounds
}

// Open opens the database at path, creating it if it does not exist. An
// existing file is checked before anything is written to it.
func Open(path string, opts Options) (*DB, error) {
	if opts.Now == nil {
		return nil, errors.New("store: open: Options.Now is required")
	}
	if opts.LockTimeout <= 0 {
		opts.LockTimeout = 3 * time.Second
	}
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if opts.ReadOnly {
			return nil, fmt.Errorf("store: open %s: %w", path, err)
		}
	case err != nil:
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	case info.IsDir():
		return nil, fmt.Errorf("store: open %s: is a directory", path)
	case info.Size() == 0:
		return nil, fmt.Errorf("store: open %s: %w: the file is empty (move it away to start a new database)", path, ErrCorrupt)
	default:
		if err := precheck(path, opts.LockTimeout); err != nil {
			return nil, err
		}
	}

	bo := &bolt.Options{Timeout: opts.LockTimeout, ReadOnly: opts.ReadOnly, NoSync: opts.NoSync}
	if info != nil {
		bo.InitialMmapSize = InitialMmapSize(info.Size())
	}
	bdb, err := openBolt(path, bo)
	if err != nil {
		return nil, err
	}
	db := &DB{bolt: bdb, path: path, now: opts.Now, failed: newFailedBounds(opts)}
	if !opts.ReadOnly {
		if err := db.migrate(); err != nil {
			_ = bdb.Close()
			return nil, err
		}
	} else if err := db.checkSchema(); err != nil {
		_ = bdb.Close()
		return nil, err
	}
	return db, nil
}

// precheck validates an existing file without the right to write it,
// holding a shared lock so a running bot's writes cannot move pages under
// the checks: the meta pages, the file size they promise, every page the
// tree reaches (read without the memory map), bbolt's own consistency
// check, and that every value decodes.
func precheck(path string, timeout time.Duration) error {
	bdb, err := openBolt(path, &bolt.Options{Timeout: timeout, ReadOnly: true})
	if err != nil {
		if !errors.Is(err, ErrLocked) && !errors.Is(err, ErrCorrupt) {
			// bbolt says "file size too small" and the like for
			// files that are not databases at all.
			if cerr := checkFile(path); cerr != nil {
				return fmt.Errorf("store: open %s: %w: %v", path, ErrCorrupt, cerr)
			}
		}
		return err
	}
	defer bdb.Close()
	if err := checkFile(path); err != nil {
		return fmt.Errorf("store: open %s: %w: %v", path, ErrCorrupt, err)
	}
	if err := checkTree(bdb); err != nil {
		return fmt.Errorf("store: open %s: %w: %v", path, ErrCorrupt, err)
	}
	if err := checkValues(bdb); err != nil {
		return fmt.Errorf("store: open %s: %w: %v", path, ErrCorrupt, err)
	}
	return nil
}

func openBolt(path string, o *bolt.Options) (db *bolt.DB, err error) {
	defer func() {
		if r := recover(); r != nil {
			db, err = nil, fmt.Errorf("store: open %s: %w: %v", path, ErrCorrupt, r)
		}
	}()
	db, err = bolt.Open(path, 0o600, o)
	switch {
	case err == nil:
		return db, nil
	case errors.Is(err, berrors.ErrTimeout):
		return nil, fmt.Errorf("store: open %s: %w (gave up after %s; stop the other branchbot first)", path, ErrLocked, o.Timeout)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum), errors.Is(err, berrors.ErrVersionMismatch):
		return nil, fmt.Errorf("store: open %s: %w: %v", path, ErrCorrupt, err)
	default:
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
}

// Close closes the database.
func (db *DB) Close() error {
	if err := db.bolt.Close(); err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return nil
}

// Path is the file the database lives in.
func (db *DB) Path() string { return db.path }

// Update runs fn in a read-write transaction, committed if fn returns nil.
func (db *DB) Update(fn func(*Tx) error) error {
	return db.bolt.Update(func(btx *bolt.Tx) error {
		return fn(&Tx{tx: btx, now: db.now().UTC(), failed: db.failed})
	})
}

// View runs fn in a read-only transaction.
func (db *DB) View(fn func(*Tx) error) error {
	return db.bolt.View(func(btx *bolt.Tx) error {
		return fn(&Tx{tx: btx, now: db.now().UTC(), failed: db.failed})
	})
}

// Batch runs fn in a read-write transaction that may be shared with other
// concurrent Batch calls. fn may run more than once, so it must be
// idempotent and must not talk to the outside world.
func (db *DB) Batch(fn func(*Tx) error) error {
	return db.bolt.Batch(func(btx *bolt.Tx) error {
		return fn(&Tx{tx: btx, now: db.now().UTC(), failed: db.failed})
	})
}

// Tx is a transaction on the database.
type Tx struct {
	tx     *bolt.Tx
	now    time.Time
	failed failedBounds
	// touched are the broadcasts whose delivery counts changed.
	touched []int64
}

// Now is the time the transaction started, in UTC.
func (tx *Tx) Now() time.Time { return tx.now }

// ErrNameTaken means another member already has that name.
var ErrNameTaken = errors.New("a member with this name already exists")
