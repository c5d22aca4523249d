package demo

// The month's branch committee meeting (支委会) with its agenda (议事决策):
// on day 4 the secretary names two committee members and schedules the
// meeting for day 10 step by step with /meeting, typing its first item;
// the committee members add theirs before the deadline (one with
// /agenda, one with 📝 on the notice and the item typed); on day 9, after
// the deadline, the secretary adds one, marked 截止后补充; the last
// reminder lists them all; the committee signs in; after the meeting the
// secretary records the decisions with /minutes.

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// decisions are what the committee decided on each item, in order.
var decisions = []string{
	"通过整改方案，12月20日前完成，由书记牵头",
	"同意确定两名同志为入党积极分子，报上级党委备案",
	"党费收缴完整，使用符合规定，通报全体党员",
	"12月下旬召开组织生活会并开展民主评议",
}

// planCommittee plans the committee meeting, from day1 on.
func (w *world) planCommittee(ctx context.Context, day1 time.Time) {
	sec := w.secretary.user
	first, second := w.members[0], w.members[6]
	day4 := day1.AddDate(0, 0, 3)
	w.at(day4.Add(8*time.Hour+30*time.Minute), func() error {
		for _, m := range []*simMember{first, second} {
			if err := w.say(ctx, sec, "/setrole "+m.name+" 支委"); err != nil {
				return err
			}
		}
		return nil
	})
	w.at(day4.Add(9*time.Hour), func() error {
		steps := []func() error{
			func() error { return w.say(ctx, sec, "/meeting") },
			func() error { return w.pressLatest(ctx, sec, "支委会") }, // the kind
			func() error { return w.pressLatest(ctx, sec, "支委会") }, // the audience
			func() error { return w.say(ctx, sec, "12-10 10:00") },
			func() error { return w.say(ctx, sec, "支部办公室") },
			func() error { return w.say(ctx, sec, "研究督察整改和年终工作") },
			func() error { return w.say(ctx, sec, "督察反馈问题整改方案") },
			func() error { return w.pressLatest(ctx, sec, "完成") },
			func() error { return w.pressLatest(ctx, sec, "📤") },
		}
		for _, step := range steps {
			if err := step(); err != nil {
				return err
			}
		}
		return nil
	})
	w.at(day1.AddDate(0, 0, 4).Add(10*time.Hour), func() error {
		id, err := w.committeeMeeting()
		if err != nil {
			return err
		}
		return w.say(ctx, first.user, fmt.Sprintf("/agenda %d 确定2027年度入党积极分子人选", id))
	})
	w.at(day1.AddDate(0, 0, 5).Add(15*time.Hour), func() error {
		if err := w.pressLatest(ctx, second.user, "📝"); err != nil {
			return err
		}
		return w.say(ctx, second.user, "党费收缴和使用情况通报")
	})
	// The agenda closed at 10:00 on day 8: only the secretary may add
	// one now, and it is marked late.
	w.at(day1.AddDate(0, 0, 8).Add(8*time.Hour+30*time.Minute), func() error {
		id, err := w.committeeMeeting()
		if err != nil {
			return err
		}
		return w.say(ctx, sec, fmt.Sprintf("/agenda %d 落实上级关于年终民主评议的部署", id))
	})
	day10 := day1.AddDate(0, 0, 9)
	w.at(day10.Add(9*time.Hour+40*time.Minute), func() error { return w.signIn(first) })
	w.at(day10.Add(9*time.Hour+48*time.Minute), func() error { return w.signIn(second) })
	w.at(day10.Add(11*time.Hour+30*time.Minute), func() error {
		id, err := w.committeeMeeting()
		if err != nil {
			return err
		}
		for _, m := range []*simMember{first, second} {
			if err := w.checkAgendaReminder(m); err != nil {
				return err
			}
		}
		minutes := "/minutes " + strconv.FormatInt(id, 10)
		if err := w.say(ctx, sec, minutes); err != nil {
			return err
		}
		for i, d := range decisions {
			if err := w.pressLatest(ctx, sec, fmt.Sprintf("记录议题 %d", i+1)); err != nil {
				return err
			}
			if err := w.say(ctx, sec, d); err != nil {
				return err
			}
		}
		return w.say(ctx, sec, minutes)
	})
}

// checkAgendaReminder makes sure the last reminder m got lists the four
// items, the late one marked: the demo fails if it does not.
func (w *world) checkAgendaReminder(m *simMember) error {
	msgs := w.botMessages(m.user.ID)
	for i := len(msgs) - 1; i >= 0; i-- {
		if !strings.Contains(msgs[i].Text, "还有 2 小时") {
			continue
		}
		want := []string{"议题：", "1. 督察反馈问题整改方案", "2. 确定2027年度入党积极分子人选", "3. 党费收缴和使用情况通报",
			"4. 落实上级关于年终民主评议的部署（截止后补充）"}
		for _, s := range want {
			if !strings.Contains(msgs[i].Text, s) {
				return fmt.Errorf("demo: %s's last reminder of the committee meeting lacks %q:\n%s", m.name, s, msgs[i].Text)
			}
		}
		return nil
	}
	return fmt.Errorf("demo: %s got no last reminder of the committee meeting", m.name)
}

// committeeMeeting is the id of the committee meeting the secretary
// scheduled.
func (w *world) committeeMeeting() (int64, error) {
	var id int64
	err := w.db.View(func(tx *store.Tx) error {
		return tx.ForEachMeeting(func(mt *branchbot.Meeting) error {
			if mt.Kind == branchbot.MeetingCommittee && mt.State == branchbot.MeetingScheduled {
				id = mt.ID
			}
			return nil
		})
	})
	if err == nil && id == 0 {
		err = fmt.Errorf("demo: no committee meeting scheduled")
	}
	return id, err
}
