package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// BackupSet is a directory of dated backups of one database, each named
// STEM-YYYY-MM-DDTHHMM.db by the time it was taken, read in a time zone
// (the branch's): branch-2026-12-04T0330.db for branch.db. Files of other
// names in the directory are not the set's, and are left alone.
type BackupSet struct {
	// Dir is the directory the backups are written to.
	Dir string
	// Stem begins every backup's name: the database file's name
	// without its extension.
	Stem string
	// Loc is the zone of the times in the names.
	Loc *time.Location
}

// NewBackupSet returns the set of backups of the database at dbPath kept
// in dir, named by their time in loc.
func NewBackupSet(dir, dbPath string, loc *time.Location) BackupSet {
	base := filepath.Base(dbPath)
	return BackupSet{Dir: dir, Stem: strings.TrimSuffix(base, filepath.Ext(base)), Loc: loc}
}

// backupTimeLayout is the time in a backup's name, to the minute.
const backupTimeLayout = "2006-01-02T1504"

// BackupFile is one backup of a BackupSet.
type BackupFile struct {
	Path string
	// Time is the time in its name, to the minute.
	Time time.Time
}

// PathFor is the name of the backup taken at t.
func (s BackupSet) PathFor(t time.Time) string {
	return filepath.Join(s.Dir, s.Stem+"-"+t.In(s.Loc).Format(backupTimeLayout)+".db")
}

// List returns the set's backups, oldest first. A directory that does not
// exist holds none.
func (s BackupSet) List() ([]BackupFile, error) {
	entries, err := os.ReadDir(s.Dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("store: list backups: %w", err)
	}
	var out []BackupFile
	for _, e := range entries {
		mid, ok := strings.CutPrefix(e.Name(), s.Stem+"-")
		if !ok || !e.Type().IsRegular() {
			continue
		}
		if mid, ok = strings.CutSuffix(mid, ".db"); !ok {
			continue
		}
		t, err := time.ParseInLocation(backupTimeLayout, mid, s.Loc)
		if err != nil {
			continue
		}
		out = append(out, BackupFile{Path: filepath.Join(s.Dir, e.Name()), Time: t})
	}
	slices.SortFunc(out, func(a, b BackupFile) int { return a.Time.Compare(b.Time) })
	return out, nil
}

// RemoveTemps deletes the temporary files a backup of the set left in the
// directory when it was cut short (a crash, a full disk): those named as
// the set's own, STEM-YYYY-MM-DDTHHMM.db.tmp-*. It returns the paths it
// deleted; no other file is touched. Call it only while no backup of the
// set is being written.
func (s BackupSet) RemoveTemps() ([]string, error) {
	entries, err := os.ReadDir(s.Dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("store: remove backup temp files: %w", err)
	}
	var gone []string
	for _, e := range entries {
		mid, ok := strings.CutPrefix(e.Name(), s.Stem+"-")
		if !ok || !e.Type().IsRegular() {
			continue
		}
		stamp, rest, ok := strings.Cut(mid, ".db.tmp-")
		if !ok || rest == "" {
			continue
		}
		if _, err := time.ParseInLocation(backupTimeLayout, stamp, s.Loc); err != nil {
			continue
		}
		p := filepath.Join(s.Dir, e.Name())
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return gone, fmt.Errorf("store: remove backup temp files: %w", err)
		}
		gone = append(gone, p)
	}
	return gone, nil
}

// Prune deletes the oldest backups beyond the newest keep, and returns
// the paths it deleted.
func (s BackupSet) Prune(keep int) ([]string, error) {
	all, err := s.List()
	if err != nil || len(all) <= keep {
		return nil, err
	}
	var gone []string
	for _, b := range all[:len(all)-max(keep, 0)] {
		if err := os.Remove(b.Path); err != nil {
			return gone, fmt.Errorf("store: prune backups: %w", err)
		}
		gone = append(gone, b.Path)
	}
	return gone, nil
}

// BackupInto writes a backup taken at at into the set through
// BackupVerified, creating the directory if need be (readable by the
// owner only, like the database), and returns it with its size in bytes.
func (db *DB) BackupInto(s BackupSet, at time.Time) (BackupFile, int64, error) {
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return BackupFile{}, 0, fmt.Errorf("store: backup: %w", err)
	}
	f := BackupFile{Path: s.PathFor(at), Time: at}
	n, err := db.BackupVerified(f.Path)
	if err != nil {
		return BackupFile{}, 0, err
	}
	return f, n, nil
}
