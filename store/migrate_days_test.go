package store_test

import (
	"encoding/binary"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// TestMigrateStudyMonthsToDays opens a schema 4 file, whose study days are
// kept a month to a record, and finds every recorded day.
func TestMigrateStudyMonthsToDays(t *testing.T) {
	path := filepath.Join(t.TempDir(), "branch.db")
	db, err := store.Open(path, testOptions(newClock()))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	// Take the file back to schema 4: months in study_days.
	feb := branchbot.DayOf(time.Date(2026, 2, 1, 12, 0, 0, 0, time.UTC), time.UTC)
	var m branchbot.StudyMonth
	m.Days[2] = branchbot.StudyDay{Status: branchbot.DayDone, Prompted: true, Prompts: 1, Minutes: 20, Section: 3, At: 500}
	m.Days[27] = branchbot.StudyDay{Status: branchbot.DayBotMissed}
	m.Days[29] = branchbot.StudyDay{Status: branchbot.DayDone} // no 30 February: dropped
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket([]byte("study_daily")); err != nil {
			return err
		}
		b, err := tx.CreateBucket([]byte("study_days"))
		if err != nil {
			return err
		}
		k := binary.BigEndian.AppendUint32(nil, 202602)
		k = binary.BigEndian.AppendUint64(k, 7)
		v, _ := m.MarshalBinary()
		return b.Put(k, v)
	})
	if cerr := bdb.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	setSchema(t, path, 4)

	db, err = store.Open(path, testOptions(newClock()))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got := schemaOf2(t, db); got != store.SchemaVersion {
		t.Errorf("schema %d after migrating, want %d", got, store.SchemaVersion)
	}
	err = db.View(func(tx *store.Tx) error {
		got, err := tx.StudyMonth(7, feb+10)
		if err != nil {
			return err
		}
		want := m
		want.Days[29] = branchbot.StudyDay{}
		if *got != want {
			t.Errorf("month after migrating:\n got %+v\nwant %+v", got.Days, want.Days)
		}
		march, err := tx.StudyDay(7, feb+29) // 2 March
		if err != nil {
			return err
		}
		if march != (branchbot.StudyDay{}) {
			t.Errorf("2 March = %+v, want nothing", march)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
