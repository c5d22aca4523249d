package store_test

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/store"
	bolt "go.etcd.io/bbolt"
)

// t0 is the fixed start of every test clock.
var t0 = time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)

// newClock is a settable clock for Options.Now, standing at t0.
func newClock() *clocktest.Clock { return clocktest.New(t0) }

// testOptions are the options the tests open with: a fixed clock and a
// short lock timeout, so a lock bug fails fast instead of hanging.
func testOptions(c *clocktest.Clock) store.Options {
	return store.Options{Now: c.Now, LockTimeout: 200 * time.Millisecond}
}

// openAt opens the database at path with a fixed clock and closes it when
// the test ends.
func openAt(tb testing.TB, path string) *store.DB {
	tb.Helper()
	db, err := store.Open(path, testOptions(newClock()))
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { _ = db.Close() })
	return db
}

// newDBClock opens a new database in a fresh directory and returns it with
// its clock.
func newDBClock(tb testing.TB) (*store.DB, *clocktest.Clock) {
	tb.Helper()
	c := newClock()
	db, err := store.Open(filepath.Join(tb.TempDir(), "branch.db"), testOptions(c))
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { _ = db.Close() })
	return db, c
}

// newDB opens a new database in a fresh directory.
func newDB(tb testing.TB) *store.DB {
	tb.Helper()
	return openAt(tb, filepath.Join(tb.TempDir(), "branch.db"))
}

func update(tb testing.TB, db *store.DB, fn func(*store.Tx) error) {
	tb.Helper()
	if err := db.Update(fn); err != nil {
		tb.Fatalf("Update: %v", err)
	}
}

func view(tb testing.TB, db *store.DB, fn func(*store.Tx) error) {
	tb.Helper()
	if err := db.View(fn); err != nil {
		tb.Fatalf("View: %v", err)
	}
}

// createMembers creates one member per name, bound to Telegram ids that
// follow the highest bound so far (1001, 1002, … in a new database), and
// returns them.
func createMembers(tb testing.TB, db *store.DB, names ...string) []*branchbot.Member {
	tb.Helper()
	ms := make([]*branchbot.Member, len(names))
	update(tb, db, func(tx *store.Tx) error {
		next := int64(1001)
		if err := tx.ForEachMember(func(m *branchbot.Member) error {
			next = max(next, m.TelegramID+1)
			return nil
		}); err != nil {
			return err
		}
		for i, name := range names {
			ms[i] = &branchbot.Member{Name: name, TelegramID: next + int64(i), Role: branchbot.RoleMember}
			if err := tx.CreateMember(ms[i]); err != nil {
				return err
			}
		}
		return nil
	})
	return ms
}

// fillDB writes a database with members, queued messages and audit
// entries, enough to spread it over many pages, to path. The file is built
// once per size and copied, because building it is quadratic: each new
// member's name is checked against all the others.
func fillDB(tb testing.TB, path string, members int) {
	tb.Helper()
	if err := os.WriteFile(path, fixture(tb, members), 0o600); err != nil {
		tb.Fatal(err)
	}
}

// fixture returns the bytes of the database fillDB writes.
func fixture(tb testing.TB, members int) []byte {
	tb.Helper()
	fixtures.Lock()
	data, ok := fixtures.m[members]
	if !ok {
		var err error
		data, err = buildFixture(members)
		if err != nil {
			fixtures.Unlock()
			tb.Fatal(err)
		}
		fixtures.m[members] = data
	}
	fixtures.Unlock()
	return data
}

var fixtures = struct {
	sync.Mutex
	m map[int][]byte
}{m: map[int][]byte{}}

func buildFixture(members int) ([]byte, error) {
	dir, err := os.MkdirTemp("", "branchbot-store-fixture-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "branch.db")
	db, err := store.Open(path, testOptions(newClock()))
	if err != nil {
		return nil, err
	}
	err = db.Update(func(tx *store.Tx) error {
		for i := range members {
			m := &branchbot.Member{
				Name:       fmt.Sprintf("党员%03d member", i),
				TelegramID: int64(5000 + i),
				Group:      fmt.Sprintf("第%d小组", i%4),
				Role:       branchbot.RoleMember,
			}
			if err := tx.CreateMember(m); err != nil {
				return err
			}
			if _, err := tx.Enqueue(&branchbot.Outgoing{Key: fmt.Sprintf("study/%d", i), ChatID: m.ChatID(), MemberID: m.ID, Text: "今天的学习内容"}); err != nil {
				return err
			}
			if err := tx.Audit(branchbot.AuditEntry{ActorTG: m.TelegramID, Action: "join"}); err != nil {
				return err
			}
		}
		return nil
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	return os.ReadFile(path)
}

// fileState is what a test compares to prove a file was not touched.
type fileState struct {
	size int64
	sum  [32]byte
}

func stateOf(tb testing.TB, path string) fileState {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return fileState{size: int64(len(data)), sum: sha256.Sum256(data)}
}

func assertUnchanged(tb testing.TB, path string, before fileState) {
	tb.Helper()
	if after := stateOf(tb, path); after != before {
		tb.Errorf("%s changed: %d bytes sha256 %x before, %d bytes sha256 %x after", path, before.size, before.sum[:6], after.size, after.sum[:6])
	}
}

// beforeMigration takes the closed file at path back to schema v, before
// the migration that made buckets: they are deleted and the file says v,
// so that opening it runs that migration again.
func beforeMigration(t *testing.T, path string, v uint64, buckets ...string) {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.Update(func(tx *bolt.Tx) error {
		for _, name := range buckets {
			if err := tx.DeleteBucket([]byte(name)); err != nil {
				return err
			}
		}
		return nil
	})
	if cerr := bdb.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	setSchema(t, path, v)
}
