package bot_test

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/bot"
	"github.com/branchbot/branchbot/store"
)

// Run with
//
//	go test -run '^$' -bench 'Meeting' -benchtime 3x ./bot/
//
// Confirming a meeting for meetingMembers members queues, in one
// transaction, a notice to each and the organiser's status message;
// BenchmarkMeetingRawWrite writes the same outbox records and keys
// straight to bbolt, the floor it is measured against.

const meetingMembers = 10_000

var meetingNow = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

// meetingBench is a bot (not running: nothing is sent) on a database of
// meetingMembers members and a secretary.
func meetingBench(b *testing.B) (*bot.Bot, *store.DB) {
	b.Helper()
	return meetingBenchAt(b, filepath.Join(b.TempDir(), "branchbot.db"), true)
}

// meetingBenchAt is meetingBench on the database at path, with its members
// added if fill is set.
func meetingBenchAt(b *testing.B, path string, fill bool) (*bot.Bot, *store.DB) {
	b.Helper()
	db, err := store.Open(path, store.Options{Now: func() time.Time { return meetingNow }})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	err = db.Update(func(tx *store.Tx) error {
		if !fill {
			return nil
		}
		if err := tx.CreateMember(&branchbot.Member{Name: "书记", TelegramID: secretaryID, Role: branchbot.RoleSecretary}); err != nil {
			return err
		}
		for i := range meetingMembers {
			m := &branchbot.Member{Name: fmt.Sprintf("党员%05d", i), TelegramID: int64(100_000 + i), Role: branchbot.RoleMember}
			if err := tx.CreateMember(m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	bt, err := bot.New(bot.Options{Store: db, Token: "1:bench", Now: func() time.Time { return meetingNow },
		BranchName: "测试支部", Location: time.UTC})
	if err != nil {
		b.Fatal(err)
	}
	return bt, db
}

// draftMeeting writes a draft of the themed day for everyone.
func draftMeeting(b *testing.B, db *store.DB) *branchbot.Meeting {
	b.Helper()
	mt := &branchbot.Meeting{Kind: branchbot.MeetingThemedDay, State: branchbot.MeetingDraft, Audience: branchbot.AudienceAll,
		Start: meetingNow.Add(96 * time.Hour), Length: 2 * time.Hour, Place: "三楼会议室", Title: "学习贯彻党章",
		CreatedBy: 1, Leads: branchbot.DefaultMeetingReminders}
	if err := db.Update(func(tx *store.Tx) error { return tx.CreateMeeting(mt) }); err != nil {
		b.Fatal(err)
	}
	return mt
}

// BenchmarkMeetingConfirm confirms a meeting for meetingMembers members:
// the notices and the status message in one transaction.
func BenchmarkMeetingConfirm(b *testing.B) {
	bt, db := meetingBench(b)
	b.ReportAllocs()
	b.ResetTimer()
	b.StopTimer()
	var elapsed time.Duration
	for range b.N {
		mt := draftMeeting(b, db)
		runtime.GC()
		start := time.Now()
		b.StartTimer()
		err := db.Update(func(tx *store.Tx) error { return bot.ConfirmMeeting(bt, tx, mt, meetingNow) })
		b.StopTimer()
		elapsed += time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		if mt.Invited != meetingMembers {
			b.Fatalf("%d invited, want %d", mt.Invited, meetingMembers)
		}
	}
	b.ReportMetric(float64(elapsed.Nanoseconds())/float64(b.N)/meetingMembers, "ns/member")
}

// BenchmarkMeetingRawWrite writes the outbox records and keys that
// confirming a meeting writes (taken from one confirmation, encoded
// beforehand) straight to bbolt in one transaction, on a copy of the same
// database opened as the store opens it.
func BenchmarkMeetingRawWrite(b *testing.B) {
	dir := b.TempDir()
	src := filepath.Join(dir, "src.db")
	_, db := meetingBenchAt(b, src, true)
	mt := draftMeeting(b, db)
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	fixture, err := os.ReadFile(src)
	if err != nil {
		b.Fatal(err)
	}
	confirmed := filepath.Join(dir, "confirmed.db")
	if err := os.WriteFile(confirmed, fixture, 0o600); err != nil {
		b.Fatal(err)
	}
	bt, db := meetingBenchAt(b, confirmed, false)
	type rec struct{ out, key []byte }
	var recs []rec
	err = db.Update(func(tx *store.Tx) error {
		if err := bot.ConfirmMeeting(bt, tx, mt, meetingNow); err != nil {
			return err
		}
		os, err := tx.Outbox(0, 2*meetingMembers)
		for i := range os {
			out, err := store.MarshalOutgoing(&os[i])
			if err != nil {
				return err
			}
			recs = append(recs, rec{out, []byte(os[i].Key)})
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	if len(recs) != meetingMembers+1 {
		b.Fatalf("%d records, want %d notices and the status", len(recs), meetingMembers+1)
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.StopTimer()
	var elapsed time.Duration
	for i := range b.N {
		path := filepath.Join(dir, fmt.Sprintf("raw%d.db", i))
		if err := os.WriteFile(path, fixture, 0o600); err != nil {
			b.Fatal(err)
		}
		raw, err := bolt.Open(path, 0o600, &bolt.Options{InitialMmapSize: store.InitialMmapSize(int64(len(fixture)))})
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		start := time.Now()
		b.StartTimer()
		err = raw.Update(func(tx *bolt.Tx) error {
			outbox, keys := tx.Bucket([]byte("outbox")), tx.Bucket([]byte("out_keys"))
			if outbox == nil || keys == nil {
				return fmt.Errorf("the store's bucket names have changed")
			}
			for _, r := range recs {
				seq, err := outbox.NextSequence()
				if err != nil {
					return err
				}
				if err := outbox.Put(binary.BigEndian.AppendUint64(nil, seq), r.out); err != nil {
					return err
				}
				if len(r.key) > 0 {
					if err := keys.Put(r.key, []byte{}); err != nil {
						return err
					}
				}
			}
			return nil
		})
		b.StopTimer()
		elapsed += time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		raw.Close()
	}
	b.ReportMetric(float64(elapsed.Nanoseconds())/float64(b.N)/meetingMembers, "ns/member")
}

// BenchmarkMeetingAnswerStatus is what each answer to a meeting of
// meetingMembers members costs the organiser's status message: the edit
// waiting replaced by a new one. Rendered from every invited member for
// each answer, as it once was, the answers to a meeting cost the square of
// its size.
func BenchmarkMeetingAnswerStatus(b *testing.B) {
	bt, db := meetingBench(b)
	mt := draftMeeting(b, db)
	if err := db.Update(func(tx *store.Tx) error { return bot.ConfirmMeeting(bt, tx, mt, meetingNow) }); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if err := db.Update(func(tx *store.Tx) error { return bot.QueueMeetingStatus(bt, tx, mt) }); err != nil {
			b.Fatal(err)
		}
	}
}
