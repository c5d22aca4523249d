package demo

// The month's themed branch day (主题党日): on day 3 the secretary sets
// the month's theme and schedules the day for day 8 at 15:00 with the
// one-line /meeting; members answer 参加 or 请假 (one with a reason
// button, one typing theirs), the reminders come, those who came press
// 签到 in the window, and the two on leave make up afterwards.

import (
	"context"
	"strings"
	"time"

	"github.com/branchbot/branchbot/store"
	"github.com/branchbot/branchbot/telegramtest"
)

// leaveReasons are the members who ask for leave from the themed day: a
// reason button's label, or "" followed by the reason they type.
var leaveReasons = map[string][2]string{
	"韩梅": {"出差", ""},
	"何平": {"其他", "在省厅参加业务培训"},
}

// planMeetings plans the secretary's part of the themed day.
func (w *world) planMeetings(ctx context.Context, sec telegramtest.User, day1 time.Time) {
	day3 := day1.AddDate(0, 0, 2)
	w.at(day3.Add(8*time.Hour+50*time.Minute), func() error {
		return w.say(ctx, sec, "/theme 2026-12 学习贯彻党章，推进督察反馈问题整改")
	})
	w.at(day3.Add(9*time.Hour), func() error {
		// The meeting's preview has the same 📤 button as a notice's.
		return w.broadcast(ctx, sec, "/meeting 主题党日 12-08 15:00 @ 三楼会议室")
	})
	// Those who come press 签到 when they arrive, between 14:31 and 15:10
	// of day 8: not the silent, not those on leave, not one casual in
	// four.
	day8 := day1.AddDate(0, 0, 7)
	w.at(day8.Add(14*time.Hour+31*time.Minute), func() error { return w.signIn(w.secretary) })
	for i, m := range w.members {
		_, onLeave := leaveReasons[m.name]
		if m.persona == silent || onLeave || (m.persona == casual && i%4 == 0) {
			continue
		}
		w.at(day8.Add(14*time.Hour+time.Duration(32+(i*7)%38)*time.Minute), func() error { return w.signIn(m) })
	}
	w.at(day8.Add(16*time.Hour), func() error { return w.say(ctx, sec, "/meetings") })
}

// signIn presses the 签到 button of the latest sign-in message m got.
func (w *world) signIn(m *simMember) error {
	msgs := w.botMessages(m.user.ID)
	for i := len(msgs) - 1; i >= 0; i-- {
		if b, ok := button(msgs[i], "签到"); ok {
			w.srv.Press(m.user, m.user.ID, msgs[i].ID, b.Data)
			return nil
		}
	}
	return nil // not invited (joined later) or blocked the bot
}

// respondMeeting plans how m answers a message about a meeting: a notice
// or an ask with 参加 / 请假 not yet answered, the question of a leave
// reason, a make-up task. It reports whether msg was one.
func (w *world) respondMeeting(now time.Time, m *simMember, msg telegramtest.Message) bool {
	later := func(minMin, maxMin int) time.Time {
		return now.Add(time.Duration(minMin+w.rng.IntN(maxMin-minMin+1)) * time.Minute)
	}
	if attend, ok := button(msg, "参加"); ok {
		leave, _ := button(msg, "请假")
		if m.persona == silent || (m.persona == casual && w.rng.IntN(10) < 3) {
			return true // some answer only when asked again, some never
		}
		if reason, ok := leaveReasons[m.name]; ok {
			at := later(30, 180)
			w.at(at, func() error { w.srv.Press(m.user, m.user.ID, msg.ID, leave.Data); return nil })
			w.at(at.Add(time.Minute), func() error {
				// 请假 turned the notice's buttons into the reasons.
				cur := w.message(m.user.ID, msg.ID)
				if b, ok := button(cur, reason[0]); ok {
					w.srv.Press(m.user, m.user.ID, msg.ID, b.Data)
				}
				return nil
			})
			return true
		}
		w.at(later(10, 300), func() error { w.srv.Press(m.user, m.user.ID, msg.ID, attend.Data); return nil })
		return true
	}
	if strings.Contains(msg.Text, "请直接回复请假事由") {
		if reason, ok := leaveReasons[m.name]; ok && reason[1] != "" {
			w.at(later(2, 10), func() error { w.srv.SendText(m.user, m.user.ID, reason[1]); return nil })
		}
		return true
	}
	if done, ok := button(msg, "已补课"); ok {
		// Those on leave make up the next day; the absent do not.
		if _, onLeave := leaveReasons[m.name]; onLeave && strings.Contains(msg.Text, "补课任务") {
			w.at(later(15*60, 18*60), func() error { w.srv.Press(m.user, m.user.ID, msg.ID, done.Data); return nil })
		}
		return true
	}
	return false
}

// message returns message id of chat as it is now.
func (w *world) message(chat int64, id int) telegramtest.Message {
	for _, msg := range w.srv.Messages(chat) {
		if msg.ID == id {
			return msg
		}
	}
	return telegramtest.Message{}
}

// queued reports whether the outbox holds messages: a tick queued some
// that TickResult does not count (a meeting's reminders and follow-ups),
// and they must go out at this minute, not whenever the clock has moved
// on, for a run to be the same for the same seed.
func (w *world) queued() bool {
	n := 0
	if err := w.db.View(func(tx *store.Tx) error { n, _ = tx.OutboxStats(); return nil }); err != nil {
		return true // quiesce reads the store again and reports the error
	}
	return n > 0
}
