package store_test

import (
	"encoding/binary"
	"errors"
	"path/filepath"
	"slices"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

func TestDayRecords(t *testing.T) {
	db := newDB(t)
	const day, other = branchbot.Day(20522), branchbot.Day(20521)
	rec := func(m int64) branchbot.StudyDay {
		return branchbot.StudyDay{Prompted: true, Prompts: 1, Section: uint16(m), At: uint16(m % 1440)}
	}
	// Members in two groups and out of order, and one kept on another day
	// in a record the day's writes must not touch.
	ids := []int64{1, 15, 16, 17, 40, 3}
	update(t, db, func(tx *store.Tx) error {
		if err := tx.PutStudyDay(17, other, rec(99)); err != nil {
			return err
		}
		if err := tx.PutStudyDay(2, day, rec(2)); err != nil {
			return err
		}
		r := tx.DayRecords(day)
		for _, id := range ids {
			if err := r.Put(id, rec(id)); err != nil {
				return err
			}
			got, err := r.Get(id)
			if err != nil || got != rec(id) {
				t.Errorf("Get(%d) before Flush = %+v, %v", id, got, err)
			}
		}
		if got, _ := r.Get(2); got != rec(2) {
			t.Errorf("a record written before: %+v", got)
		}
		return r.Flush()
	})
	view(t, db, func(tx *store.Tx) error {
		for _, id := range append(ids, 2) {
			if got, err := tx.StudyDay(id, day); err != nil || got != rec(id) {
				t.Errorf("StudyDay(%d) = %+v, %v; want %+v", id, got, err, rec(id))
			}
		}
		if got, _ := tx.StudyDay(17, other); got != rec(99) {
			t.Errorf("another day's record: %+v", got)
		}
		if got, _ := tx.StudyDay(4, day); got != (branchbot.StudyDay{}) {
			t.Errorf("a member never written: %+v", got)
		}
		return nil
	})

	// Clearing every record of a group deletes it; a later group's read
	// sees what was flushed.
	update(t, db, func(tx *store.Tx) error {
		r := tx.DayRecords(day)
		for _, id := range []int64{1, 2, 3, 15} {
			if err := r.Put(id, branchbot.StudyDay{}); err != nil {
				return err
			}
		}
		if got, _ := r.Get(16); got != rec(16) {
			t.Errorf("next group: %+v", got)
		}
		return r.Flush()
	})
	view(t, db, func(tx *store.Tx) error {
		for _, id := range []int64{1, 2, 3, 15} {
			if got, _ := tx.StudyDay(id, day); got != (branchbot.StudyDay{}) {
				t.Errorf("cleared %d: %+v", id, got)
			}
		}
		return nil
	})
}

// A write that is never flushed is not written, and a Flush with nothing
// changed writes nothing.
func TestDayRecordsUnflushed(t *testing.T) {
	db := newDB(t)
	update(t, db, func(tx *store.Tx) error {
		r := tx.DayRecords(100)
		if err := r.Flush(); err != nil {
			return err
		}
		return r.Put(5, branchbot.StudyDay{Status: branchbot.DayDone})
	})
	view(t, db, func(tx *store.Tx) error {
		if got, _ := tx.StudyDay(5, 100); got != (branchbot.StudyDay{}) {
			t.Errorf("unflushed write stored: %+v", got)
		}
		return nil
	})
}

func TestDayRecordsBadGroup(t *testing.T) {
	path := filepath.Join(t.TempDir(), "branch.db")
	openAt(t, path).Close()
	bdb, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	key := binary.BigEndian.AppendUint32(nil, 100)
	key = binary.BigEndian.AppendUint64(key, 0) // members 0–15
	err = bdb.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte("study_daily")).Put(key, []byte("short")) })
	if cerr := bdb.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	db := openAt(t, path)
	update(t, db, func(tx *store.Tx) error {
		_, err := tx.DayRecords(100).Get(3)
		if !errors.Is(err, branchbot.ErrBadRecord) {
			t.Errorf("Get from a short group: %v, want ErrBadRecord", err)
		}
		return nil
	})
}

// Histories reads what StudyHistory reads.
func TestHistories(t *testing.T) {
	db := newDB(t)
	const first, last = branchbot.Day(20400), branchbot.Day(20440)
	update(t, db, func(tx *store.Tx) error {
		for id := int64(1); id <= 40; id++ {
			for d := first; d <= last; d++ {
				if (int64(d)+id)%3 == 0 {
					continue
				}
				sd := branchbot.StudyDay{Status: branchbot.DayStatus(1 + (int64(d)+id)%4), Minutes: uint16(id)}
				if err := tx.PutStudyDay(id, d, sd); err != nil {
					return err
				}
			}
		}
		return nil
	})
	view(t, db, func(tx *store.Tx) error {
		h := tx.Histories()
		for id := int64(1); id <= 41; id++ {
			from := first + branchbot.Day(id%5)
			want, err := tx.StudyHistory(id, from, last)
			if err != nil {
				return err
			}
			got, err := h.Get(id, from, last)
			if err != nil {
				return err
			}
			if !slices.Equal(got, want) {
				t.Errorf("member %d: Histories %v, StudyHistory %v", id, got, want)
			}
		}
		if got, _ := h.Get(1, last, first); got != nil {
			t.Errorf("an empty span: %v", got)
		}
		return nil
	})
}

// BenchmarkHistories reads a year of history for each of 2,000 members, as
// a report does, with StudyHistory member by member and with Histories.
func BenchmarkHistories(b *testing.B) {
	db := newDB(b)
	const members, days = 2000, 365
	const first = branchbot.Day(20000)
	for id := int64(1); id <= members; id += 500 {
		update(b, db, func(tx *store.Tx) error {
			for m := id; m < id+500; m++ {
				for d := first; d < first+days; d++ {
					if err := tx.PutStudyDay(m, d, branchbot.StudyDay{Status: branchbot.DayDone, Minutes: 15}); err != nil {
						return err
					}
				}
			}
			return nil
		})
	}
	read := map[string]func(tx *store.Tx) func(int64) ([]branchbot.StudyDay, error){
		"StudyHistory": func(tx *store.Tx) func(int64) ([]branchbot.StudyDay, error) {
			return func(id int64) ([]branchbot.StudyDay, error) { return tx.StudyHistory(id, first, first+days-1) }
		},
		"Histories": func(tx *store.Tx) func(int64) ([]branchbot.StudyDay, error) {
			h := tx.Histories()
			return func(id int64) ([]branchbot.StudyDay, error) { return h.Get(id, first, first+days-1) }
		},
	}
	for _, name := range []string{"StudyHistory", "Histories"} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				view(b, db, func(tx *store.Tx) error {
					get := read[name](tx)
					for id := int64(1); id <= members; id++ {
						if _, err := get(id); err != nil {
							return err
						}
					}
					return nil
				})
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/members, "µs/member")
		})
	}
}
