package store_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
	bolt "go.etcd.io/bbolt"
)

func TestOpenNewFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "branch.db")
	db, err := store.Open(path, testOptions(newClock()))
	if err != nil {
		t.Fatal(err)
	}
	if db.Path() != path {
		t.Errorf("Path() = %q, want %q", db.Path(), path)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("file mode %v, want 0600: the database holds members' data", perm)
	}
	if got := schemaOf(t, path); got != store.SchemaVersion {
		t.Errorf("schema version %d, want %d", got, store.SchemaVersion)
	}
}

func TestOpenRequiresClock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "branch.db")
	if _, err := store.Open(path, store.Options{}); err == nil {
		t.Fatal("Open without Options.Now succeeded")
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Open without a clock created the file: %v", err)
	}
}

func TestOpenReopenKeepsData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "branch.db")
	db, err := store.Open(path, testOptions(newClock()))
	if err != nil {
		t.Fatal(err)
	}
	createMembers(t, db, "张三", "李四")
	update(t, db, func(tx *store.Tx) error { return tx.SetLastUpdateID(77) })
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	before := stateOf(t, path)

	db = openAt(t, path)
	view(t, db, func(tx *store.Tx) error {
		ms, err := tx.Members()
		if err != nil {
			return err
		}
		if len(ms) != 2 || ms[0].Name != "张三" || ms[1].Name != "李四" {
			t.Errorf("members after reopen: %+v", ms)
		}
		if got := tx.LastUpdateID(); got != 77 {
			t.Errorf("LastUpdateID after reopen = %d, want 77", got)
		}
		return nil
	})
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	// Opening an up-to-date database must not write to it: a file that
	// is only looked at (or refused later) stays byte for byte the same.
	assertUnchanged(t, path, before)
}

func TestOpenReadOnly(t *testing.T) {
	dir := t.TempDir()
	t.Run("missing file is not created", func(t *testing.T) {
		path := filepath.Join(dir, "missing.db")
		_, err := store.Open(path, store.Options{Now: newClock().Now, ReadOnly: true})
		if !errors.Is(err, os.ErrNotExist) {
			t.Errorf("err = %v, want os.ErrNotExist", err)
		}
		if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("a read-only Open created %s", path)
		}
	})
	t.Run("reads but refuses writes", func(t *testing.T) {
		path := filepath.Join(dir, "branch.db")
		db := openAt(t, path)
		createMembers(t, db, "张三")
		db.Close()
		before := stateOf(t, path)
		db, err := store.Open(path, store.Options{Now: newClock().Now, ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		view(t, db, func(tx *store.Tx) error {
			_, err := tx.MemberByTelegramID(1001)
			return err
		})
		if err := db.Update(func(tx *store.Tx) error { return tx.SetLastUpdateID(1) }); err == nil {
			t.Error("Update on a read-only database succeeded")
		}
		db.Close()
		assertUnchanged(t, path, before)
	})
}

func TestOpenDirectory(t *testing.T) {
	dir := t.TempDir()
	for _, ro := range []bool{false, true} {
		_, err := store.Open(dir, store.Options{Now: newClock().Now, ReadOnly: ro})
		if err == nil {
			t.Fatalf("Open(%s, ReadOnly=%v) of a directory succeeded", dir, ro)
		}
		if !strings.Contains(err.Error(), dir) {
			t.Errorf("error %q does not name the directory", err)
		}
	}
}

// TestOpenRefusesDamagedFiles checks the start-up contract: a file that is
// not a usable database stops Open with ErrCorrupt, a message naming the
// file, and the file left byte for byte as it was.
func TestOpenRefusesDamagedFiles(t *testing.T) {
	tests := []struct {
		name  string
		write func(t *testing.T, path string)
	}{
		{"empty file", func(t *testing.T, path string) {
			writeFile(t, path, nil)
		}},
		{"a few random bytes", func(t *testing.T, path string) {
			writeFile(t, path, randomBytes(100))
		}},
		{"random bytes, more than two pages", func(t *testing.T, path string) {
			writeFile(t, path, randomBytes(5000))
		}},
		{"random bytes, 64 KiB", func(t *testing.T, path string) {
			writeFile(t, path, randomBytes(64<<10))
		}},
		{"zeros, 64 KiB", func(t *testing.T, path string) {
			writeFile(t, path, make([]byte, 64<<10))
		}},
		{"a text file", func(t *testing.T, path string) {
			writeFile(t, path, bytes.Repeat([]byte("storage:\n  path: branch.db\n"), 400))
		}},
		{"valid database truncated to half", func(t *testing.T, path string) {
			fillDB(t, path, 100)
			truncate(t, path, 2)
		}},
		{"valid database truncated to its meta pages", func(t *testing.T, path string) {
			fillDB(t, path, 100)
			data := readFile(t, path)
			writeFile(t, path, data[:2*pageSizeOf(t, data)])
		}},
		{"valid database cut inside the first page", func(t *testing.T, path string) {
			fillDB(t, path, 10)
			writeFile(t, path, readFile(t, path)[:1000])
		}},
		{"both meta pages damaged", func(t *testing.T, path string) {
			fillDB(t, path, 10)
			data := readFile(t, path)
			ps := pageSizeOf(t, data)
			data[16+20]++ // inside meta 0, under its checksum
			data[ps+16+20]++
			writeFile(t, path, data)
		}},
		{"a bucket missing", func(t *testing.T, path string) {
			fillDB(t, path, 10)
			bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
			if err != nil {
				t.Fatal(err)
			}
			defer bdb.Close()
			if err := bdb.Update(func(tx *bolt.Tx) error { return tx.DeleteBucket([]byte("audit")) }); err != nil {
				t.Fatal(err)
			}
		}},
		{"bbolt database of another program", func(t *testing.T, path string) {
			bdb, err := bolt.Open(path, 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer bdb.Close()
			if err := bdb.Update(func(tx *bolt.Tx) error {
				b, err := tx.CreateBucket([]byte("sessions"))
				if err != nil {
					return err
				}
				return b.Put([]byte("k"), []byte("v"))
			}); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		for _, ro := range []bool{false, true} {
			name := tt.name
			if ro {
				name += ", read-only"
			}
			t.Run(name, func(t *testing.T) {
				path := filepath.Join(t.TempDir(), "branch.db")
				tt.write(t, path)
				before := stateOf(t, path)
				db, err := store.Open(path, store.Options{Now: newClock().Now, LockTimeout: 200 * time.Millisecond, ReadOnly: ro})
				if err == nil {
					db.Close()
					t.Fatal("Open succeeded")
				}
				if !errors.Is(err, store.ErrCorrupt) {
					t.Errorf("err = %v, want ErrCorrupt", err)
				}
				if !strings.Contains(err.Error(), path) {
					t.Errorf("error %q does not name the file", err)
				}
				assertUnchanged(t, path, before)
			})
		}
	}
}

// TestOpenTornMetaPage checks that a file whose newest meta page was torn
// by a crash opens from the other one, as bbolt itself allows, instead of
// being refused.
func TestOpenTornMetaPage(t *testing.T) {
	for _, page := range []int{0, 1} {
		t.Run("meta page "+string(rune('0'+page)), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "branch.db")
			fillDB(t, path, 10)
			data := readFile(t, path)
			ps := pageSizeOf(t, data)
			data[page*ps+16+20] ^= 0xFF
			writeFile(t, path, data)
			db := openAt(t, path)
			view(t, db, func(tx *store.Tx) error {
				_, err := tx.Members()
				return err
			})
		})
	}
}

// TestOpenFlippedByte damages a page that holds member records. Whatever
// the damage, Open either refuses the file with ErrCorrupt and leaves it
// alone, or opens a file whose damage bbolt cannot see (a changed letter
// in a name) and works on it; it never crashes the process. bbolt reads
// pages through a memory map, so a damaged page id or offset that reached
// it would be a fault no recover catches.
func TestOpenFlippedByte(t *testing.T) {
	t.Parallel()
	src := filepath.Join(t.TempDir(), "src.db")
	fillDB(t, src, 40)
	orig := readFile(t, src)
	ps := pageSizeOf(t, orig)
	at := bytes.Index(orig, []byte(`"name":"党员007 member"`))
	if at < 0 {
		t.Fatal("member record not found in the file")
	}
	rec := bytes.LastIndexByte(orig[:at], '{') // start of the member's JSON
	page := at / ps * ps                       // start of its page

	tests := []struct {
		name    string
		offset  int
		xor     byte
		corrupt bool // must be refused; else either outcome is fine
	}{
		{"page id in the page header", page, 0x01, true},
		{"page type", page + 8, 0xFF, true},
		{"element count", page + 11, 0x7F, true},
		{"overflow count", page + 14, 0x10, true},
		{"first element's key offset", page + 16 + 4, 0x80, true},
		{"first element's value size", page + 16 + 15, 0x40, true},
		{"opening brace of the record", rec, '{' ^ 'x', true},
		{"quote of the name field", at, '"' ^ 'x', true},
		{"a letter of the name", at + len(`"name":"党员007 m`), 'e' ^ 'a', false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := bytes.Clone(orig)
			data[tt.offset] ^= tt.xor
			err := openDamaged(t, filepath.Join(t.TempDir(), "branch.db"), data)
			if tt.corrupt && !errors.Is(err, store.ErrCorrupt) {
				t.Errorf("Open: %v, want ErrCorrupt", err)
			}
		})
	}
}

// TestOpenFlippedOutboxByte damages a queued message, a binary record, as
// TestOpenFlippedByte damages a member.
func TestOpenFlippedOutboxByte(t *testing.T) {
	t.Parallel()
	src := filepath.Join(t.TempDir(), "src.db")
	fillDB(t, src, 40)
	orig := readFile(t, src)
	// The record of member 7's message: the format byte, its id (one
	// byte), then its key, tag 2 and length 7.
	at := bytes.Index(orig, []byte("\x02\x07study/7"))
	if at < 3 || orig[at-3] != 0x01 || orig[at-2] != 0x01 {
		t.Fatal("outbox record not found in the file")
	}
	rec := at - 3
	end := rec + 1
	for ; end <= len(orig); end++ {
		var o branchbot.Outgoing
		if store.UnmarshalOutgoing(orig[rec:end], &o) == nil {
			break // the end tag makes the whole record the only one that decodes
		}
	}
	if end > len(orig) {
		t.Fatal("the outbox record does not decode")
	}

	tests := []struct {
		name    string
		offset  int
		xor     byte
		corrupt bool // must be refused; else either outcome is fine
	}{
		{"format byte", rec, 0x01 ^ '{', true},
		{"a tag", at, 0x02 ^ 0x30, true},
		{"length of the key", at + 1, 0x40, true},
		{"end tag", end - 1, 0x01, true},
		{"a letter of the key", at + 2, 's' ^ 'x', false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := bytes.Clone(orig)
			data[tt.offset] ^= tt.xor
			err := openDamaged(t, filepath.Join(t.TempDir(), "branch.db"), data)
			if tt.corrupt && !errors.Is(err, store.ErrCorrupt) {
				t.Errorf("Open: %v, want ErrCorrupt", err)
			}
		})
	}
}

// TestOpenChecksOutboxValues writes values straight into the outbox
// buckets: Open refuses one that is not a binary record, and takes an
// empty delivery as a message still queued.
func TestOpenChecksOutboxValues(t *testing.T) {
	valid, _ := store.MarshalOutgoing(&branchbot.Outgoing{ID: 1, ChatID: 5, Text: "你好"})
	delivery, _ := store.MarshalDelivery(&branchbot.Delivery{ChatID: 5, MessageID: 9})
	tests := []struct {
		name, bucket string
		key, value   []byte
		corrupt      bool
	}{
		{"message cut short", "outbox", u64key(1), valid[:len(valid)-1], true},
		{"message as JSON", "outbox", u64key(1), []byte(`{"id":1,"chat":5}`), true},
		{"failed message of random bytes", "outbox_failed", u64key(1), randomBytes(20), true},
		{"empty message", "outbox", u64key(1), []byte{}, true},
		{"delivery as JSON", "out_keys", []byte("k"), []byte(`{"chat":5,"msg":9}`), true},
		{"delivery with a byte more", "out_keys", []byte("k"), append(bytes.Clone(delivery), 0), true},
		{"queued key", "out_keys", []byte("k"), []byte{}, false},
		{"delivery", "out_keys", []byte("k"), delivery, false},
		{"message", "outbox_failed", u64key(1), valid, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "branch.db")
			openAt(t, path).Close()
			bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
			if err != nil {
				t.Fatal(err)
			}
			err = bdb.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte(tt.bucket)).Put(tt.key, tt.value) })
			if cerr := bdb.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				t.Fatal(err)
			}
			before := stateOf(t, path)
			db, err := store.Open(path, testOptions(newClock()))
			switch {
			case tt.corrupt && !errors.Is(err, store.ErrCorrupt):
				t.Errorf("Open: %v, want ErrCorrupt", err)
			case tt.corrupt:
				assertUnchanged(t, path, before)
			case err != nil:
				t.Errorf("Open: %v", err)
			default:
				db.Close()
			}
		})
	}
}

func u64key(v uint64) []byte { return binary.BigEndian.AppendUint64(nil, v) }

// TestOpenCheckLeavesNoGoroutine opens a file that fails bbolt's own
// consistency check many times over (free pages the freelist forgot): the
// check reports through a channel from a goroutine of its own, which must
// not be left blocked on its next report.
func TestOpenCheckLeavesNoGoroutine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "branch.db")
	db := openAt(t, path)
	ms := createMembers(t, db, manyNames(200)...)
	update(t, db, func(tx *store.Tx) error {
		for _, m := range ms[:150] {
			if err := tx.DeleteMember(m.ID); err != nil {
				return err
			}
		}
		return nil
	})
	db.Close()
	data := readFile(t, path)
	ps := pageSizeOf(t, data)
	freelist := binary.LittleEndian.Uint64(newerMeta(t, data)[32:])
	fl := data[int(freelist)*ps:]
	if n := binary.LittleEndian.Uint16(fl[10:]); n < 2 || n == 0xFFFF {
		t.Fatalf("the freelist holds %d pages, want a few", n)
	}
	binary.LittleEndian.PutUint16(fl[10:], 0)
	writeFile(t, path, data)

	before := runtime.NumGoroutine()
	for range 3 {
		if _, err := store.Open(path, testOptions(newClock())); !errors.Is(err, store.ErrCorrupt) {
			t.Fatalf("Open: %v, want ErrCorrupt", err)
		}
	}
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines before Open, %d after", before, n)
	}
}

func manyNames(n int) []string {
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("党员%03d", i)
	}
	return names
}

// FuzzOpenDamaged flips bits of one byte of a database and opens it, with
// the checks of openDamaged. The seeds damage, on every page in use, the
// bytes bbolt trusts most: the page id, type, element count and overflow
// count in the header, and the offsets and sizes in the first element.
// go test runs the seeds; go test -fuzz=FuzzOpenDamaged explores further.
func FuzzOpenDamaged(f *testing.F) {
	orig := fixture(f, 40)
	ps := pageSizeOf(f, orig)
	for p := 2; p < pagesInUse(f, orig); p++ {
		for _, off := range []int{0, 7, 8, 11, 14, 16 + 4, 16 + 8, 16 + 15, ps / 2} {
			f.Add(uint32(p*ps+off), byte(0xFF))
		}
	}
	f.Fuzz(func(t *testing.T, off uint32, xor byte) {
		if xor == 0 {
			xor = 1
		}
		data := bytes.Clone(orig)
		data[int(off)%len(data)] ^= xor
		_ = openDamaged(t, filepath.Join(t.TempDir(), "branch.db"), data)
	})
}

// openDamaged writes data to the file at path and opens it. If Open
// refuses the file the error must be ErrCorrupt and the file unchanged; if
// it opens, reading and writing must work or fail with an error, and the
// reads must not have changed the file.
func openDamaged(t *testing.T, path string, data []byte) error {
	t.Helper()
	writeFile(t, path, data)
	before := stateOf(t, path)
	db, err := store.Open(path, testOptions(newClock()))
	if err != nil {
		// A damaged schema version can read as a newer one.
		if !errors.Is(err, store.ErrCorrupt) && !errors.Is(err, store.ErrTooNew) {
			t.Errorf("Open: %v, want ErrCorrupt, ErrTooNew or success", err)
		}
		assertUnchanged(t, path, before)
		return err
	}
	defer db.Close()
	_ = db.View(func(tx *store.Tx) error {
		if _, err := tx.Members(); err != nil {
			return err
		}
		if _, err := tx.Outbox(0, 1000); err != nil {
			return err
		}
		_, err := tx.LatestAudit(1000)
		return err
	})
	assertUnchanged(t, path, before)
	_ = db.Update(func(tx *store.Tx) error {
		return tx.CreateMember(&branchbot.Member{Name: "新党员", Role: branchbot.RoleMember})
	})
	return nil
}

func TestOpenTooNew(t *testing.T) {
	path := filepath.Join(t.TempDir(), "branch.db")
	db := openAt(t, path)
	createMembers(t, db, "张三")
	db.Close()
	setSchema(t, path, store.SchemaVersion+1)
	before := stateOf(t, path)
	for _, ro := range []bool{false, true} {
		_, err := store.Open(path, store.Options{Now: newClock().Now, LockTimeout: 200 * time.Millisecond, ReadOnly: ro})
		if !errors.Is(err, store.ErrTooNew) {
			t.Errorf("Open(ReadOnly=%v): %v, want ErrTooNew", ro, err)
		} else if !strings.Contains(err.Error(), path) {
			t.Errorf("error %q does not name the file", err)
		}
	}
	assertUnchanged(t, path, before)
}

// setSchema writes the schema version straight into the file with bbolt.
func setSchema(t *testing.T, path string, v uint64) {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	if err := bdb.Update(func(tx *bolt.Tx) error {
		var b [8]byte
		binary.BigEndian.PutUint64(b[:], v)
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), b[:])
	}); err != nil {
		t.Fatal(err)
	}
}

// schemaOf reads the schema version straight from the file with bbolt.
func schemaOf(t *testing.T, path string) uint64 {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	var v uint64
	if err := bdb.View(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("meta"))
		if b == nil {
			return errors.New("no meta bucket")
		}
		v = binary.BigEndian.Uint64(b.Get([]byte("schema")))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return v
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// truncate cuts the file at path to 1/div of its size.
func truncate(t *testing.T, path string, div int64) {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, info.Size()/div); err != nil {
		t.Fatal(err)
	}
}

// pageSizeOf reads the page size from a bbolt file's first meta page.
func pageSizeOf(t testing.TB, data []byte) int {
	t.Helper()
	if len(data) < 32 {
		t.Fatal("not a bbolt file")
	}
	return int(binary.LittleEndian.Uint32(data[16+8:]))
}

// pagesInUse reads the high water mark from a bbolt file's newer meta
// page: pages at and past it are free space at the end of the file.
func pagesInUse(t testing.TB, data []byte) int {
	t.Helper()
	return int(binary.LittleEndian.Uint64(newerMeta(t, data)[40:]))
}

// newerMeta returns the meta of the meta page with the higher transaction
// id, the one bbolt uses.
func newerMeta(t testing.TB, data []byte) []byte {
	t.Helper()
	ps := pageSizeOf(t, data)
	m0, m1 := data[16:ps], data[ps+16:]
	if binary.LittleEndian.Uint64(m1[48:]) > binary.LittleEndian.Uint64(m0[48:]) {
		return m1
	}
	return m0
}

func randomBytes(n int) []byte {
	r := rand.New(rand.NewPCG(1, uint64(n)))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func TestInitialMmapSize(t *testing.T) {
	for _, tt := range []struct {
		size int64
		want int
	}{{0, 0}, {64 << 10, 0}, {16<<20 - 1, 0}, {16 << 20, 32 << 20}, {300 << 20, 600 << 20}} {
		if got := store.InitialMmapSize(tt.size); got != tt.want {
			t.Errorf("InitialMmapSize(%d) = %d, want %d", tt.size, got, tt.want)
		}
	}
}
