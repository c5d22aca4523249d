package store_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// TestBackupWhileWriting takes backups while another goroutine keeps
// adding members: each copy must open, pass Open's checks, and hold a
// prefix of the writes in which every transaction is whole.
func TestBackupWhileWriting(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	backups := t.TempDir()

	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		written int // members committed so far
		werr    error
	)
	stop := make(chan struct{})
	stopped := make(chan struct{})
	progress := make(chan struct{}, 1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(stopped)
		for i := 1; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			err := db.Update(func(tx *store.Tx) error {
				m := &branchbot.Member{Name: fmt.Sprintf("党员%d", i), TelegramID: int64(10000 + i), Role: branchbot.RoleMember}
				if err := tx.CreateMember(m); err != nil {
					return err
				}
				if _, err := tx.Enqueue(&branchbot.Outgoing{Key: fmt.Sprint("welcome/", i), ChatID: m.ChatID(), Text: "欢迎"}); err != nil {
					return err
				}
				if err := tx.Audit(branchbot.AuditEntry{ActorTG: m.TelegramID, Action: "join"}); err != nil {
					return err
				}
				return tx.SetLastUpdateID(int64(i))
			})
			mu.Lock()
			if err != nil {
				werr = err
				mu.Unlock()
				return
			}
			written = i
			mu.Unlock()
			select {
			case progress <- struct{}{}:
			default:
			}
		}
	}()
	defer func() {
		close(stop)
		wg.Wait()
		if werr != nil {
			t.Errorf("writer: %v", werr)
		}
	}()

	for round := range 3 {
		for range 10 { // let the writer get ahead between backups
			select {
			case <-progress:
			case <-stopped:
				t.Fatal("the writer stopped")
			}
		}
		path := filepath.Join(backups, "copy.db") // the same name every round: replaced
		n, err := db.Backup(path)
		if err != nil {
			t.Fatalf("round %d: Backup: %v", round, err)
		}
		mu.Lock()
		// The writer records its count just after each commit, so the
		// copy may hold one member more than it has counted yet.
		after := written + 1
		mu.Unlock()
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if n != info.Size() {
			t.Errorf("round %d: Backup reported %d bytes, the file has %d", round, n, info.Size())
		}
		checkPrefix(t, path, after)
	}

	names, err := os.ReadDir(backups)
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 1 || names[0].Name() != "copy.db" {
		var got []string
		for _, e := range names {
			got = append(got, e.Name())
		}
		t.Errorf("backup directory holds %v, want only copy.db: a temporary file was left behind", got)
	}
}

// checkPrefix opens a backup and checks that it holds members 1..k for
// some k ≤ most, each with their index entry, message, audit entry and
// update id: whole transactions, in order, none missing.
func checkPrefix(t *testing.T, path string, most int) {
	t.Helper()
	copyDB, err := store.Open(path, store.Options{Now: newClock().Now, LockTimeout: 200 * time.Millisecond, ReadOnly: true})
	if err != nil {
		t.Fatalf("the backup does not open: %v", err)
	}
	defer copyDB.Close()
	view(t, copyDB, func(tx *store.Tx) error {
		ms, err := tx.Members()
		if err != nil {
			return err
		}
		k := len(ms)
		if k == 0 || k > most {
			t.Errorf("backup holds %d members, want 1..%d", k, most)
		}
		for i, m := range ms {
			if m.ID != int64(i+1) {
				t.Fatalf("backup member %d has id %d: not a prefix", i, m.ID)
			}
			if got, err := tx.MemberByTelegramID(m.TelegramID); err != nil || got.ID != m.ID {
				t.Errorf("backup index for member %d: %v, %v", m.ID, got, err)
			}
		}
		queued, _ := tx.OutboxStats()
		audit, err := tx.LatestAudit(1 << 20)
		if err != nil {
			return err
		}
		if queued != k || len(audit) != k || tx.LastUpdateID() != int64(k) {
			t.Errorf("backup: %d members but %d messages, %d audit entries, last update %d", k, queued, len(audit), tx.LastUpdateID())
		}
		return nil
	})
}

func TestBackupReplacesExistingFile(t *testing.T) {
	db := newDB(t)
	createMembers(t, db, "张三", "李四")
	path := filepath.Join(t.TempDir(), "old-backup.db")
	writeFile(t, path, []byte("an old, damaged backup"))
	if _, err := db.Backup(path); err != nil {
		t.Fatal(err)
	}
	copyDB := openAt(t, path)
	view(t, copyDB, func(tx *store.Tx) error {
		ms, err := tx.Members()
		if err == nil && len(ms) != 2 {
			t.Errorf("backup holds %d members, want 2", len(ms))
		}
		return err
	})
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("backup file: %v, %v; want mode 0600", info.Mode(), err)
	}
}

func TestBackupRefusals(t *testing.T) {
	db := newDB(t)
	createMembers(t, db, "张三")
	dir := filepath.Dir(db.Path())

	tests := []struct {
		name string
		path string
	}{
		{"the database itself", db.Path()},
		{"the database by another name", filepath.Join(dir, ".", filepath.Base(db.Path()))},
		{"a missing directory", filepath.Join(dir, "no", "such", "dir", "copy.db")},
		{"a directory", dir},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := os.ReadDir(dir)
			if _, err := db.Backup(tt.path); err == nil {
				t.Fatalf("Backup(%s) succeeded", tt.path)
			}
			after, _ := os.ReadDir(dir)
			if !slices.EqualFunc(before, after, func(a, b os.DirEntry) bool { return a.Name() == b.Name() }) {
				t.Errorf("Backup left files behind: %v → %v", before, after)
			}
		})
	}

	// The database is still whole and in use.
	createMembers(t, db, "李四")
	path := db.Path()
	db.Close()
	view(t, openAt(t, path), func(tx *store.Tx) error {
		ms, err := tx.Members()
		if err == nil && len(ms) != 2 {
			t.Errorf("%d members after the refused backups, want 2", len(ms))
		}
		return err
	})
}
