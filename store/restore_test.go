package store_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/branchbot/branchbot/store"
)

// TestRestore puts a backup in place of a database, keeping the old one,
// and refuses, changing nothing, a damaged or too new backup and a
// database held by another process.
func TestRestore(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "branch.db")
	db := openAt(t, path)
	createMembers(t, db, "张三", "李四")
	backup := filepath.Join(t.TempDir(), "backup.db")
	if _, err := db.BackupVerified(backup); err != nil {
		t.Fatal(err)
	}
	createMembers(t, db, "王五") // after the backup

	// Held by an open database (a running bot).
	before := stateOf(t, path)
	if _, err := store.Restore(backup, path, path+".kept"); !errors.Is(err, store.ErrLocked) {
		t.Errorf("restore while held: %v, want ErrLocked", err)
	}
	db.Close()
	assertUnchanged(t, path, before)

	whole, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	tooNew := filepath.Join(t.TempDir(), "new.db")
	if err := os.WriteFile(tooNew, whole, 0o600); err != nil {
		t.Fatal(err)
	}
	setSchema(t, tooNew, store.SchemaVersion+1)
	for _, c := range []struct {
		name    string
		content []byte
		want    error
	}{
		{"truncated", whole[:len(whole)/2], store.ErrCorrupt},
		{"empty", nil, store.ErrCorrupt},
		{"not a database", []byte("SQLite format 3\x00" + string(make([]byte, 8000))), store.ErrCorrupt},
	} {
		t.Run(c.name, func(t *testing.T) {
			bad := filepath.Join(t.TempDir(), "bad.db")
			if err := os.WriteFile(bad, c.content, 0o600); err != nil {
				t.Fatal(err)
			}
			if _, err := store.Restore(bad, path, path+".kept"); !errors.Is(err, c.want) {
				t.Errorf("restore: %v, want %v", err, c.want)
			}
		})
	}
	if _, err := store.Restore(tooNew, path, path+".kept"); !errors.Is(err, store.ErrTooNew) {
		t.Errorf("restore of a newer schema: %v, want ErrTooNew", err)
	}
	assertUnchanged(t, path, before)
	if names := dirNames(t, dir); !slices.Equal(names, []string{"branch.db"}) {
		t.Errorf("refused restores left %q", names)
	}

	res, err := store.Restore(backup, path, path+".kept")
	if err != nil {
		t.Fatal(err)
	}
	if res.Kept != path+".kept" || res.Bytes != int64(len(whole)) || res.Schema != store.SchemaVersion {
		t.Errorf("result %+v", res)
	}
	assertUnchanged(t, path+".kept", before)
	if names := dirNames(t, dir); !slices.Equal(names, []string{"branch.db", "branch.db.kept"}) {
		t.Errorf("directory holds %q", names)
	}
	db = openAt(t, path)
	if ms := memberNames(t, db); !slices.Equal(ms, []string{"张三", "李四"}) {
		t.Errorf("restored members %q", ms)
	}
	db.Close()
	// The kept name is never overwritten.
	if _, err := store.Restore(backup, path, path+".kept"); !errors.Is(err, os.ErrExist) {
		t.Errorf("restore over a kept name: %v", err)
	}
	// Into a place with no database yet: nothing to keep.
	fresh := filepath.Join(t.TempDir(), "fresh.db")
	if res, err := store.Restore(backup, fresh, fresh+".kept"); err != nil || res.Kept != "" {
		t.Errorf("restore into an empty place: %+v %v", res, err)
	}
	if _, err := store.Verify(fresh, time.Second); err != nil {
		t.Error(err)
	}
}

// TestBackupSet: backups are named by their time in the branch's zone;
// List sees only the set's own files, Prune deletes the oldest.
func TestBackupSet(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	db := newDB(t)
	set := store.NewBackupSet(filepath.Join(t.TempDir(), "backups"), filepath.Join("x", "branch.db"), loc)
	if all, err := set.List(); err != nil || len(all) != 0 {
		t.Fatalf("a missing directory: %v %v", all, err)
	}
	at := time.Date(2026, 12, 3, 19, 30, 12, 0, time.UTC)
	for i := range 4 {
		if _, _, err := db.BackupInto(set, at.Add(time.Duration(i)*24*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	for _, other := range []string{"branch-latest.db", "other-2026-12-01T0330.db", "branch-2026-12-01T0330.db.tmp-1", "notes.txt"} {
		if err := os.WriteFile(filepath.Join(set.Dir, other), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	gone, err := set.Prune(2)
	if err != nil || len(gone) != 2 || filepath.Base(gone[0]) != "branch-2026-12-04T0330.db" {
		t.Errorf("pruned %q %v", gone, err)
	}
	all, err := set.List()
	if err != nil || len(all) != 2 {
		t.Fatalf("left %v %v", all, err)
	}
	if want := time.Date(2026, 12, 7, 3, 30, 0, 0, loc); !all[1].Time.Equal(want) || filepath.Base(all[1].Path) != "branch-2026-12-07T0330.db" {
		t.Errorf("newest %+v, want %s", all[1], want)
	}
	if n := len(dirNames(t, set.Dir)); n != 6 {
		t.Errorf("%d files left, want the 2 backups and the 4 others", n)
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func memberNames(t *testing.T, db *store.DB) []string {
	t.Helper()
	var names []string
	view(t, db, func(tx *store.Tx) error {
		ms, err := tx.Members()
		for _, m := range ms {
			names = append(names, m.Name)
		}
		return err
	})
	return names
}
