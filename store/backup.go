package store

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Backup writes a consistent copy of the database to path while the
// database stays in use (see WriteFile for how the file is written).
func (db *DB) Backup(path string) (int64, error) {
	n, err := db.WriteFile(path, func(w io.Writer, tx *Tx) (int64, error) {
		return tx.tx.WriteTo(w)
	})
	if err != nil {
		return 0, fmt.Errorf("store: backup: %w", err)
	}
	return n, nil
}

// BackupVerified is Backup with the copy checked by Verify before it
// takes path's name: a copy that fails the checks is removed, and path is
// left as it was.
func (db *DB) BackupVerified(path string) (int64, error) {
	n, err := db.writeFile(path, func(w io.Writer, tx *Tx) (int64, error) {
		return tx.tx.WriteTo(w)
	}, func(tmp string) error {
		_, err := Verify(tmp, 0)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: backup: %w", err)
	}
	return n, nil
}

// WriteFile writes what write makes of one consistent read-only
// transaction to path: to a temporary file beside path, fsynced, renamed
// over path, and the directory fsynced, so path holds either its old
// contents or the whole new ones. The count write returns is passed on.
func (db *DB) WriteFile(path string, write func(w io.Writer, tx *Tx) (int64, error)) (int64, error) {
	return db.writeFile(path, write, nil)
}

// writeFile is WriteFile with check, if not nil, run on the temporary
// file, written and closed, before it is renamed.
func (db *DB) writeFile(path string, write func(w io.Writer, tx *Tx) (int64, error), check func(tmp string) error) (int64, error) {
	// Renaming a file over the live database would leave the bot writing
	// to an unlinked file, and every later write would be lost.
	if same, err := sameFile(path, db.path); err != nil || same {
		if err == nil {
			err = errors.New("that is the database itself")
		}
		return 0, fmt.Errorf("write %s: %w", path, err)
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, filepath.Base(path)+".tmp-*")
	if err != nil {
		return 0, fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	var n int64
	bw := bufio.NewWriterSize(tmp, 1<<16)
	err = db.View(func(tx *Tx) error {
		n, err = write(bw, tx)
		return err
	})
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil && check != nil {
		err = check(tmp.Name())
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err == nil {
		err = syncDir(dir)
	}
	if err != nil {
		return 0, fmt.Errorf("write %s: %w", path, err)
	}
	return n, nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// sameFile reports whether path names the file at db, which exists.
func sameFile(path, db string) (bool, error) {
	a, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	b, err := os.Stat(db)
	if err != nil {
		return false, err
	}
	return os.SameFile(a, b), nil
}
