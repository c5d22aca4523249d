package schedule

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// The morning fan-out benchmarks: a branch of fanoutMembers members on the
// default time (07:45), one Tick at 07:46, against writing the same records
// to bbolt by hand.
const fanoutMembers = 100_000

var fanoutZone = "Asia/Shanghai"

// fanoutDay is a Tuesday; the fixture has the members' history of the 9th.
var fanoutDay = dayOf(2026, 3, 10)

// benchRenderer renders prompts of a realistic size: a title, an excerpt
// of about 300 characters, and three buttons.
type benchRenderer struct{ sections []branchbot.Outgoing }

func newBenchRenderer(h *branchbot.Handbook, day branchbot.Day) *benchRenderer {
	r := &benchRenderer{}
	for i, s := range h.Sections {
		r.sections = append(r.sections, branchbot.Outgoing{
			Text: fmt.Sprintf("📖 今日学习 · 第%d节 %s\n\n%s\n\n⏱ 约%d分钟", i+1, s.Title, s.Excerpt(300), s.StudyMinutes()),
			Keyboard: [][]branchbot.Button{{
				{Text: "✅ 已学", Data: fmt.Sprintf("v1:done:%s:%s", day, s.ID)},
				{Text: "⏰ 稍后", Data: fmt.Sprintf("v1:snooze:%s", day)},
			}, {
				{Text: "📖 全文", Data: fmt.Sprintf("v1:read:%s", s.ID)},
			}},
		})
	}
	return r
}

func (r *benchRenderer) prompt(index int) branchbot.Outgoing {
	return r.sections[index]
}

func benchHandbook() *branchbot.Handbook {
	h := &branchbot.Handbook{Title: "学习手册"}
	for i := range 30 {
		h.Sections = append(h.Sections, branchbot.Section{
			ID:      fmt.Sprintf("s%d", i+1),
			Title:   fmt.Sprintf("第%d讲 理想信念", i+1),
			Reading: strings.Repeat("坚定理想信念，牢记初心使命，在学习中提高认识，在实践中检验成效。", 20),
		})
	}
	return h
}

// fanoutFixture is a database prepared once per test binary: the plans of
// fanoutMembers members opened today, each with a month record and with
// yesterday's prompt delivered.
var fanoutFixture struct {
	once sync.Once
	dir  string
	path string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if fanoutFixture.dir != "" {
		_ = os.RemoveAll(fanoutFixture.dir)
	}
	os.Exit(code)
}

func fanoutPlan(id int64) branchbot.StudyPlan {
	return branchbot.StudyPlan{
		MemberID: id, ChatID: 5_000_000_000 + id, Active: true, Minute: branchbot.DefaultMinute,
		Section: uint16(id % 30), DayOpen: fanoutDay,
		DoneDay: fanoutDay - 1, JoinedDay: dayOf(2026, 1, 1),
	}
}

func prepareFanout(b *testing.B) string {
	b.Helper()
	f := &fanoutFixture
	f.once.Do(func() {
		f.dir, f.err = os.MkdirTemp("", "branchbot-fanout-")
		if f.err != nil {
			return
		}
		f.path = filepath.Join(f.dir, "fixture.db")
		yesterday := (fanoutDay - 1).Time(mustLoad(b, fanoutZone)).Add(8 * time.Hour)
		db, err := store.Open(f.path, store.Options{Now: func() time.Time { return yesterday }})
		if err != nil {
			f.err = err
			return
		}
		defer db.Close()
		const chunk = 10_000
		for first := int64(1); first <= fanoutMembers; first += chunk {
			f.err = db.Update(func(tx *store.Tx) error {
				for id := first; id < first+chunk && id <= fanoutMembers; id++ {
					p := fanoutPlan(id)
					if err := tx.PutStudyPlan(&p); err != nil {
						return err
					}
					sd := branchbot.StudyDay{Status: branchbot.DayDone, Prompted: true, Prompts: 1, Section: p.Section, Minutes: 15, At: 480}
					if err := tx.PutStudyDay(id, fanoutDay-1, sd); err != nil {
						return err
					}
					o := &branchbot.Outgoing{Key: branchbot.PromptKey(fanoutDay-1, id, 0), ChatID: p.ChatID, Text: "yesterday"}
					if _, err := tx.Enqueue(o); err != nil {
						return err
					}
					if err := tx.MarkSent(o, branchbot.Delivery{ChatID: p.ChatID, MessageID: int(id), SentAt: yesterday}); err != nil {
						return err
					}
				}
				return nil
			})
			if f.err != nil {
				return
			}
		}
	})
	if f.err != nil {
		b.Fatalf("prepare fan-out fixture: %v", f.err)
	}
	return f.path
}

// copyFixture copies the prepared file to a fresh path in dir.
func copyFixture(b *testing.B, src, dir string) string {
	b.Helper()
	dst := filepath.Join(dir, "run.db")
	in, err := os.Open(src)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
	return dst
}

// fanoutTexts are the message sizes the raw-write benchmark tries: what
// the scheduler queues (the live name of the prompt, rendered when sent;
// about 190 bytes a record), short texts (about 210 bytes), and whole
// prompts the size the bot's are (a title, an excerpt of about 300
// characters and three buttons: about 1250 bytes). The fan-out itself
// queues live names only.
var fanoutTexts = []struct {
	name string
	new  func(*branchbot.Handbook) func(index int) branchbot.Outgoing
}{
	{"text=live", func(*branchbot.Handbook) func(int) branchbot.Outgoing {
		return func(index int) branchbot.Outgoing {
			return branchbot.Outgoing{Live: branchbot.PromptLive(fanoutDay, index, false, 0)}
		}
	}},
	{"text=short", func(h *branchbot.Handbook) func(int) branchbot.Outgoing {
		return func(index int) branchbot.Outgoing {
			return branchbot.Outgoing{Text: fmt.Sprintf("study %s (%s) late=%v repeat=%d", h.Sections[index].ID, fanoutDay, false, 0)}
		}
	}},
	{"text=prompt", func(h *branchbot.Handbook) func(int) branchbot.Outgoing {
		return newBenchRenderer(h, fanoutDay).prompt
	}},
}

func BenchmarkMorningFanout(b *testing.B) {
	b.Run("text=live", benchFanout)
}

func BenchmarkRawWrite(b *testing.B) {
	for _, r := range fanoutTexts {
		b.Run(r.name, func(b *testing.B) { benchRawWrite(b, r.new) })
	}
}

// fanoutScheduler is the scheduler of the fan-out benchmarks: members on
// the default time 07:45, the nudge at 21:00, the cutoff at 21:30.
func fanoutScheduler(b *testing.B, db *store.DB, now time.Time, hb *branchbot.Handbook) *Scheduler {
	b.Helper()
	loc := now.Location()
	s, err := New(Options{
		Store: db, Now: func() time.Time { return now }, Location: loc,
		Rules:  &branchbot.StudyRules{Handbook: hb},
		Prompt: mustParseSpec(b, "45 7 * * *", loc),
		Nudge:  mustParseSpec(b, "0 21 * * *", loc),
		Cutoff: clockAt(21, 30),
	})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func benchFanout(b *testing.B) {
	src := prepareFanout(b)
	loc := mustLoad(b, fanoutZone)
	now := time.Date(2026, 3, 10, 7, 46, 0, 0, loc)
	hb := benchHandbook()
	dir := b.TempDir()
	b.ReportAllocs()
	b.StopTimer()
	var elapsed, cpu time.Duration
	for range b.N {
		path := copyFixture(b, src, dir)
		db, err := store.Open(path, store.Options{Now: func() time.Time { return now }})
		if err != nil {
			b.Fatal(err)
		}
		s := fanoutScheduler(b, db, now, hb)
		runtime.GC()
		start, cpuStart := time.Now(), cpuTime()
		b.StartTimer()
		r, err := s.Tick(now)
		b.StopTimer()
		elapsed += time.Since(start)
		cpu += cpuTime() - cpuStart
		if err != nil {
			b.Fatal(err)
		}
		if r != (TickResult{Prompts: fanoutMembers}) {
			b.Fatalf("Tick: %+v, want %d prompts", r, fanoutMembers)
		}
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
	}
	reportFanout(b, elapsed, cpu)
}

// benchRawWrite writes what the fan-out writes, the records encoded
// beforehand, straight to bbolt in one transaction: a prompt in the outbox
// and its idempotency key for each member, and the group records of the
// day. It is the floor the fan-out is measured against.
func benchRawWrite(b *testing.B, newText func(*branchbot.Handbook) func(index int) branchbot.Outgoing) {
	src := prepareFanout(b)
	loc := mustLoad(b, fanoutZone)
	now := time.Date(2026, 3, 10, 7, 46, 0, 0, loc).UTC()
	hb := benchHandbook()
	text := newText(hb)
	type rec struct{ out, key, dayKey, day []byte }
	recs := make([]rec, fanoutMembers)
	var group []byte
	for i := range recs {
		id := int64(i + 1)
		p := fanoutPlan(id)
		index := int(p.Section) % len(hb.Sections)
		o := text(index)
		o.Key, o.ChatID, o.MemberID, o.CreatedAt = branchbot.PromptKey(fanoutDay, id, 0), p.ChatID, id, now
		o.ID = uint64(fanoutMembers + i + 1) // after yesterday's
		out, err := store.MarshalOutgoing(&o)
		if err != nil {
			b.Fatal(err)
		}
		sd := branchbot.StudyDay{Prompted: true, Prompts: 1, Section: uint16(index + 1)}
		dayBytes, _ := sd.MarshalBinary()
		// The store keeps 16 members' days to a record, keyed by the
		// day and member id / 16: write each group once, when its last
		// member comes.
		var dk []byte
		for len(group) < int(id%16)*8 {
			group = append(group, 0)
		}
		group = append(group[:int(id%16)*8], dayBytes...)
		if id%16 == 15 || id == fanoutMembers {
			dk = binary.BigEndian.AppendUint32(nil, uint32(fanoutDay))
			dk = binary.BigEndian.AppendUint64(dk, uint64(id/16))
			dayBytes = append(group, make([]byte, 128-len(group))...)
			group = nil
		}
		recs[i] = rec{out, []byte(o.Key), dk, dayBytes}
	}
	order := make([]int, len(recs))
	for i := range order {
		order[i] = i
	}
	// In the order Tick queues them.
	slices.SortFunc(order, func(a, b int) int { return bytes.Compare(recs[a].key, recs[b].key) })
	dir := b.TempDir()
	b.ReportAllocs()
	b.StopTimer()
	var elapsed, cpu time.Duration
	for range b.N {
		path := copyFixture(b, src, dir)
		// The options store.Open uses, but the lock timeout.
		info, err := os.Stat(path)
		if err != nil {
			b.Fatal(err)
		}
		db, err := bolt.Open(path, 0o600, &bolt.Options{InitialMmapSize: store.InitialMmapSize(info.Size())})
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		start, cpuStart := time.Now(), cpuTime()
		b.StartTimer()
		err = db.Update(func(tx *bolt.Tx) error {
			outbox, keys := tx.Bucket([]byte("outbox")), tx.Bucket([]byte("out_keys"))
			days := tx.Bucket([]byte("study_daily"))
			if outbox == nil || keys == nil || days == nil {
				return fmt.Errorf("the store's bucket names have changed")
			}
			days.FillPercent = 1.0 // as the store writes them
			for _, i := range order {
				seq, err := outbox.NextSequence()
				if err != nil {
					return err
				}
				if err := outbox.Put(binary.BigEndian.AppendUint64(nil, seq), recs[i].out); err != nil {
					return err
				}
				if err := keys.Put(recs[i].key, []byte{}); err != nil {
					return err
				}
			}
			for i := range recs {
				if recs[i].dayKey != nil {
					if err := days.Put(recs[i].dayKey, recs[i].day); err != nil {
						return err
					}
				}
			}
			return nil
		})
		b.StopTimer()
		elapsed += time.Since(start)
		cpu += cpuTime() - cpuStart
		if err != nil {
			b.Fatal(err)
		}
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
	}
	reportFanout(b, elapsed, cpu)
}

// reportFanout reports the time per member and the CPU time (all threads,
// the garbage collector's included) per Tick: on a shared machine the wall
// time also counts the other processes' turns.
func reportFanout(b *testing.B, elapsed, cpu time.Duration) {
	b.ReportMetric(float64(elapsed.Nanoseconds())/float64(b.N)/fanoutMembers, "ns/member")
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
}

// BenchmarkIdleTick is the Tick of most minutes: fanoutMembers members,
// nothing due (07:30, before the default time), so Tick only reads.
func BenchmarkIdleTick(b *testing.B) {
	src := prepareFanout(b)
	loc := mustLoad(b, fanoutZone)
	now := time.Date(2026, 3, 10, 7, 30, 0, 0, loc)
	hb := benchHandbook()
	path := copyFixture(b, src, b.TempDir())
	db, err := store.Open(path, store.Options{Now: func() time.Time { return now }})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	s := fanoutScheduler(b, db, now, hb)
	b.ReportAllocs()
	for b.Loop() {
		r, err := s.Tick(now)
		if err != nil || r != (TickResult{}) {
			b.Fatalf("Tick: %+v, %v", r, err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/fanoutMembers, "ns/member")
}

// BenchmarkMidnightTick is the first Tick of a day at 00:00, at its worst:
// every plan of fanoutMembers is opened for the new day, and the day
// before, on which the fixture prompted nobody (the bot was down), is
// closed as missed by the bot for everyone.
func BenchmarkMidnightTick(b *testing.B) {
	src := prepareFanout(b)
	loc := mustLoad(b, fanoutZone)
	now := (fanoutDay + 1).Time(loc)
	hb := benchHandbook()
	dir := b.TempDir()
	b.ReportAllocs()
	b.StopTimer()
	var elapsed time.Duration
	for range b.N {
		path := copyFixture(b, src, dir)
		db, err := store.Open(path, store.Options{Now: func() time.Time { return now }})
		if err != nil {
			b.Fatal(err)
		}
		s := fanoutScheduler(b, db, now, hb)
		runtime.GC()
		start := time.Now()
		b.StartTimer()
		r, err := s.Tick(now)
		b.StopTimer()
		elapsed += time.Since(start)
		if err != nil || r != (TickResult{BotMissed: fanoutMembers}) {
			b.Fatalf("Tick: %+v, %v", r, err)
		}
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(elapsed.Nanoseconds())/float64(b.N)/fanoutMembers, "ns/member")
}
