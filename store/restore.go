package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// RestoreResult says what Restore did.
type RestoreResult struct {
	// Bytes is the size of the restored database.
	Bytes int64
	// Schema is the backup's schema version; the next Open brings an
	// older one up to date.
	Schema uint64
	// Kept is where the database that was in place is kept; empty when
	// there was none.
	Kept string
}

// Restore puts the backup at src in the place of the database at path,
// keeping the file that was there under the name kept:
//
//   - it takes the database's lock as a bot does, without waiting, and
//     holds it to the end, so no bot starts meanwhile (ErrLocked if a
//     process holds the file);
//   - it checks src as Open checks a file (Verify: ErrCorrupt, ErrTooNew);
//   - it copies src to a temporary file beside path, fsynced, and checks
//     the copy too;
//   - it keeps the old file as kept (a hard link, or a copy), then
//     renames the copy over path and fsyncs the directory.
//
// path holds either the old database or the whole backup at every moment,
// and on any failure it is left as it was, with nothing left behind. The
// old file need not be a usable database: a damaged one is what a restore
// is often for.
func Restore(src, path, kept string) (RestoreResult, error) {
	var res RestoreResult
	fail := func(err error) (RestoreResult, error) {
		return RestoreResult{}, fmt.Errorf("store: restore %s: %w", src, err)
	}
	same, err := sameFile(src, path)
	if errors.Is(err, os.ErrNotExist) {
		err = nil // no database yet
	}
	if err != nil || same {
		if err == nil {
			err = errors.New("that is the database itself")
		}
		return fail(err)
	}
	// The lock is on the file in place; a missing one is made, empty, to
	// hold it, and removed again if the restore fails.
	cur, err := os.OpenFile(path, os.O_RDONLY, 0)
	created := false
	if errors.Is(err, os.ErrNotExist) {
		cur, err = os.OpenFile(path, os.O_RDONLY|os.O_CREATE|os.O_EXCL, 0o600)
		created = err == nil
	}
	if err != nil {
		return fail(err)
	}
	defer cur.Close()
	done := false
	defer func() {
		if created && !done {
			os.Remove(path)
		}
	}()
	if err := lockFile(cur); err != nil {
		return fail(fmt.Errorf("%s: %w", path, err))
	}
	if res.Schema, err = Verify(src, 0); err != nil {
		return fail(err)
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, filepath.Base(path)+".restore-*")
	if err != nil {
		return fail(err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	res.Bytes, err = copyInto(tmp, src)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fail(err)
	}
	if _, err := Verify(tmp.Name(), 0); err != nil {
		return fail(fmt.Errorf("the copy in %s: %w", dir, err))
	}
	if !created {
		if err := keep(path, kept); err != nil {
			return fail(err)
		}
		res.Kept = kept
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		if res.Kept != "" {
			os.Remove(kept)
		}
		return fail(err)
	}
	done = true
	if err := syncDir(dir); err != nil {
		return res, fmt.Errorf("store: restore %s: restored, but the directory could not be synced: %w", src, err)
	}
	return res, nil
}

// copyInto copies the file at src to f and fsyncs f.
func copyInto(f *os.File, src string) (int64, error) {
	in, err := os.Open(src)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	n, err := io.Copy(f, in)
	if err == nil {
		err = f.Sync()
	}
	return n, err
}

// keep gives the file at path the second name kept: a hard link, which
// costs nothing and cannot be torn, or, where the file system has none, a
// fsynced copy. A name already taken is refused.
func keep(path, kept string) error {
	if err := os.Link(path, kept); err == nil || errors.Is(err, os.ErrExist) {
		return err
	}
	f, err := os.OpenFile(kept, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = copyInto(f, path)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(kept)
	}
	return err
}
