package schedule

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
	"github.com/branchbot/branchbot/store"
)

// The reminder benchmarks: tickMeetings group meetings of tickMeetingSize
// members each (a branch of 10,000 in 100 groups), a Tick when the 24 h
// reminder of each is due and one when none is, against writing the same
// reminders to bbolt by hand. Run with
//
//	go test -run '^$' -bench 'MeetingTick|MeetingReminderRawWrite' -benchtime 3x ./schedule/
const (
	tickMeetings    = 100
	tickMeetingSize = 100
)

// benchMeetingRenderer renders reminders of a realistic size.
type benchMeetingRenderer struct{}

func (benchMeetingRenderer) MeetingReminder(mt *branchbot.Meeting, m *branchbot.Member, rsvp *branchbot.RSVP, lead time.Duration, late bool) branchbot.Outgoing {
	return branchbot.Outgoing{
		Text: fmt.Sprintf("⏰ 会议提醒：还有 %d 小时\n\n党小组会：%s\n时间：%s\n地点：%s\n参会：%s", int(lead.Hours()), mt.Title,
			mt.Start.Format("2006-01-02 15:04"), mt.Place, mt.Group),
		Keyboard: [][]branchbot.Button{{
			{Text: "参加", Data: fmt.Sprintf("v1:mtya:%d:%d.%d", m.ID, mt.ID, mt.Version)},
			{Text: "请假", Data: fmt.Sprintf("v1:mtyl:%d:%d.%d", m.ID, mt.ID, mt.Version)},
		}},
	}
}

func (benchMeetingRenderer) MeetingMissed(*store.Tx, *branchbot.Meeting, int) error { return nil }

func (benchMeetingRenderer) Queue(tx *store.Tx, o *branchbot.Outgoing) (bool, error) {
	return tx.Enqueue(o)
}

// meetingTickNow is when the fixture's meetings were confirmed; they start
// two days later at 19:30, so their 24 h reminders are due a day later.
var meetingTickNow = time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)

// prepareMeetingTick writes the fixture: the members in their groups and
// the confirmed meetings.
func prepareMeetingTick(b *testing.B) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "meetings.db")
	db, err := store.Open(path, store.Options{Now: func() time.Time { return meetingTickNow }})
	if err != nil {
		b.Fatal(err)
	}
	start := meetingTickNow.Add(48*time.Hour + 9*time.Hour + 30*time.Minute)
	err = db.Update(func(tx *store.Tx) error {
		if err := tx.CreateMember(&branchbot.Member{Name: "书记", TelegramID: 1001, Role: branchbot.RoleSecretary}); err != nil {
			return err
		}
		for i := range tickMeetings * tickMeetingSize {
			m := &branchbot.Member{Name: fmt.Sprintf("党员%05d", i), TelegramID: int64(100_000 + i), Role: branchbot.RoleMember,
				Group: fmt.Sprintf("第%d党小组", i/tickMeetingSize+1)}
			if err := tx.CreateMember(m); err != nil {
				return err
			}
		}
		for g := range tickMeetings {
			mt := &branchbot.Meeting{Kind: branchbot.MeetingGroup, State: branchbot.MeetingDraft, Audience: branchbot.AudienceGroup,
				Group: fmt.Sprintf("第%d党小组", g+1), Start: start.Add(time.Duration(g%4) * time.Minute), Length: time.Hour,
				Place: "三楼会议室", Title: "学习心得交流", CreatedBy: 1, Leads: branchbot.DefaultMeetingReminders}
			if err := tx.CreateMeeting(mt); err != nil {
				return err
			}
			if err := mt.Confirm(meetingTickNow); err != nil {
				return err
			}
			if err := tx.PutMeeting(mt); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	return path
}

func meetingScheduler(b *testing.B, db *store.DB, now time.Time) *Scheduler {
	b.Helper()
	s, err := New(Options{Store: db, Now: func() time.Time { return now }, Location: time.UTC,
		Broadcasts: BroadcastOptions{Renderer: new(fakeBroadcasts)}, Meetings: benchMeetingRenderer{}})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkMeetingTick is the Tick that queues the 24 h reminders of
// every meeting: tickMeetings × tickMeetingSize reminders.
func BenchmarkMeetingTick(b *testing.B) {
	src := prepareMeetingTick(b)
	dir := b.TempDir()
	now := meetingTickNow.Add(24*time.Hour + 9*time.Hour + 34*time.Minute) // every 24 h reminder due
	b.ReportAllocs()
	b.ResetTimer()
	b.StopTimer()
	var elapsed, cpu time.Duration
	for range b.N {
		path := copyFixture(b, src, dir)
		db, err := store.Open(path, store.Options{Now: func() time.Time { return now }})
		if err != nil {
			b.Fatal(err)
		}
		s := meetingScheduler(b, db, now)
		runtime.GC()
		start, cpuStart := time.Now(), cpuTime()
		b.StartTimer()
		res, err := s.TickMeetings(now)
		b.StopTimer()
		elapsed += time.Since(start)
		cpu += cpuTime() - cpuStart
		if err != nil {
			b.Fatal(err)
		}
		if want := (MeetingResult{Reminders: tickMeetings * tickMeetingSize}); res != want {
			b.Fatalf("Tick %+v, want %+v", res, want)
		}
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(elapsed.Nanoseconds())/float64(b.N)/(tickMeetings*tickMeetingSize), "ns/reminder")
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
}

// BenchmarkMeetingTickIdle is the Tick of most minutes: tickMeetings
// upcoming meetings, no reminder due, so Tick only reads the index.
func BenchmarkMeetingTickIdle(b *testing.B) {
	src := prepareMeetingTick(b)
	now := meetingTickNow.Add(5 * time.Hour)
	db, err := store.Open(copyFixture(b, src, b.TempDir()), store.Options{Now: func() time.Time { return now }})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	s := meetingScheduler(b, db, now)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		res, err := s.TickMeetings(now)
		if err != nil || res != (MeetingResult{}) {
			b.Fatalf("idle Tick %+v, %v", res, err)
		}
	}
}

// BenchmarkMeetingReminderRawWrite writes the outbox records and keys of
// the reminders BenchmarkMeetingTick queues (taken from one Tick, encoded
// beforehand) straight to bbolt in one transaction, on a copy of the same
// database opened as the store opens it.
func BenchmarkMeetingReminderRawWrite(b *testing.B) {
	src := prepareMeetingTick(b)
	dir := b.TempDir()
	now := meetingTickNow.Add(24*time.Hour + 9*time.Hour + 34*time.Minute)
	type rec struct{ out, key []byte }
	var recs []rec
	{
		db, err := store.Open(copyFixture(b, src, dir), store.Options{Now: func() time.Time { return now }})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := meetingScheduler(b, db, now).TickMeetings(now); err != nil {
			b.Fatal(err)
		}
		err = db.View(func(tx *store.Tx) error {
			os, err := tx.Outbox(0, 2*tickMeetings*tickMeetingSize)
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
		db.Close()
	}
	if len(recs) != tickMeetings*tickMeetingSize {
		b.Fatalf("%d reminders, want %d", len(recs), tickMeetings*tickMeetingSize)
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.StopTimer()
	var elapsed time.Duration
	for range b.N {
		path := copyFixture(b, src, dir)
		info, err := os.Stat(path)
		if err != nil {
			b.Fatal(err)
		}
		raw, err := bolt.Open(path, 0o600, &bolt.Options{InitialMmapSize: store.InitialMmapSize(info.Size())})
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
				if err := keys.Put(r.key, []byte{}); err != nil {
					return err
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
	b.ReportMetric(float64(elapsed.Nanoseconds())/float64(b.N)/(tickMeetings*tickMeetingSize), "ns/reminder")
}
