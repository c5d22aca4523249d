package store_test

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// BenchmarkStudyYearGrowth plays a year of study for a branch, as the
// scheduler and the bot write it, and reports how much the database file
// grew per member-year. Each day, for every member: the prompt is queued
// with its key and recorded, sent (its delivery remembered), and marked
// done, some with a note; the nudge key for the day; once a day the
// deliveries older than eight days are pruned, as the scheduler does.
func BenchmarkStudyYearGrowth(b *testing.B) {
	const members = 300
	for range b.N {
		b.StopTimer()
		path := filepath.Join(b.TempDir(), "year.db")
		clock := time.Date(2026, 1, 1, 7, 45, 0, 0, time.UTC)
		db, err := store.Open(path, store.Options{Now: func() time.Time { return clock }})
		if err != nil {
			b.Fatal(err)
		}
		ids := make([]int64, members)
		err = db.Update(func(tx *store.Tx) error {
			for i := range ids {
				m := &branchbot.Member{Name: fmt.Sprintf("成员%d", i), TelegramID: int64(100000 + i), Role: branchbot.RoleMember}
				if err := tx.CreateMember(m); err != nil {
					return err
				}
				ids[i] = m.ID
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		_, before, err := db.Size()
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		first := branchbot.DayOf(clock, time.UTC)
		for d := first; d < first+365; d++ {
			clock = d.Time(time.UTC).Add(7*time.Hour + 45*time.Minute)
			err := db.Update(func(tx *store.Tx) error {
				if _, err := tx.PruneDeliveries(clock.Add(-8 * 24 * time.Hour)); err != nil {
					return err
				}
				for i, id := range ids {
					o := &branchbot.Outgoing{Key: branchbot.PromptKey(d, id, 0), ChatID: int64(100000 + i), MemberID: id,
						Text: "📖 黄金一刻 · 第3节/共22节 · 总纲·党的基本路线 …", Keyboard: [][]branchbot.Button{{{Text: "✅ 已学", Data: "1|done|1|20000"}}}}
					if _, err := tx.Enqueue(o); err != nil {
						return err
					}
					if err := tx.MarkSent(o, branchbot.Delivery{ChatID: o.ChatID, MessageID: int(d) + i, SentAt: clock}); err != nil {
						return err
					}
					nudge := &branchbot.Outgoing{Key: branchbot.NudgeKey(d, id), ChatID: o.ChatID, MemberID: id, Text: "今天的黄金一刻还没完成"}
					if _, err := tx.Enqueue(nudge); err != nil {
						return err
					}
					if err := tx.MarkSent(nudge, branchbot.Delivery{ChatID: o.ChatID, MessageID: int(d) + i + 1, SentAt: clock}); err != nil {
						return err
					}
					rec := branchbot.StudyDay{Status: branchbot.DayDone, Prompted: true, Prompts: 1, Minutes: 15, Section: 3, At: 8 * 60}
					if err := tx.PutStudyDay(id, d, rec); err != nil {
						return err
					}
					if i%10 == 0 {
						if err := tx.PutStudyNote(id, d, "联系本职工作学习党章，体会深刻。"); err != nil {
							return err
						}
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		file, after, err := db.Size()
		if err != nil {
			b.Fatal(err)
		}
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		perMember := float64(after-before) / members
		b.ReportMetric(perMember, "bytes/member-year")
		b.ReportMetric(float64(file)/members, "file-bytes/member")
		if perMember > 20*1024 {
			b.Errorf("database grew %.0f bytes per member-year, more than 20 KB", perMember)
		}
		b.StartTimer()
	}
}
