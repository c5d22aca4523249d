package demo

import (
	"fmt"
	"strings"
	"time"

	"github.com/branchbot/branchbot/telegramtest"
)

// persona is how a simulated member behaves.
type persona int

const (
	diligent   persona = iota // answers nearly every prompt with the button
	casual                    // answers most days, often in text
	snoozer                   // puts the prompt off, then studies
	silent                    // never answers
	blocker                   // blocks the bot on day 3
	lateJoiner                // is invited on day 6
	pauser                    // pauses study for a few days
	noter                     // reports minutes and a note with /done
	early                     // some mornings types 已学 before the prompt
)

type simMember struct {
	user    telegramtest.User
	name    string
	group   string
	persona persona
	studyAt string // "" keeps the branch's default time
	seen    int    // bot messages already read in their chat
	joined  bool
	replied bool // has answered a notice in words
}

// cast is the branch: 30 members with their groups, study times and ways.
func cast() []*simMember {
	names := []string{
		"李建国", "张芳", "刘伟", "陈静", "杨洋", "赵敏", "黄磊", "周婷", "吴强", "徐丽",
		"孙涛", "马超", "朱琳", "胡军", "郭娜", "何平", "高峰", "林雪", "罗斌", "梁燕",
		"宋杰", "郑红", "谢刚", "韩梅", "唐亮", "冯霞", "于洋", "董洁", "萧然", "Li Ming",
	}
	personas := []persona{
		diligent, casual, snoozer, early, casual, silent, diligent, noter, casual, diligent,
		blocker, diligent, casual, snoozer, diligent, pauser, casual, diligent, silent, casual,
		diligent, casual, diligent, snoozer, casual, diligent, lateJoiner, casual, diligent, diligent,
	}
	times := []string{"", "06:30", "07:15", "", "12:30", "", "20:00", "08:00", "", "06:45",
		"", "21:00", "13:00", "07:30", "", "", "19:30", "06:30", "", "12:00",
		"", "08:30", "", "20:15", "", "07:00", "21:00", "22:30", "09:00", ""}
	groups := []string{"第一党小组", "第二党小组", "第三党小组"}
	ms := make([]*simMember, len(names))
	for i, n := range names {
		u := telegramtest.User{ID: int64(2001 + i), FirstName: n}
		if n == "Li Ming" {
			u.FirstName, u.LastName, u.LanguageCode = "Ming", "Li", "en"
		}
		ms[i] = &simMember{user: u, name: n, group: groups[i%3], persona: personas[i], studyAt: times[i]}
	}
	return ms
}

func button(msg telegramtest.Message, prefix string) (telegramtest.Button, bool) {
	for _, row := range msg.Keyboard {
		for _, b := range row {
			if strings.HasPrefix(b.Text, prefix) {
				return b, true
			}
		}
	}
	return telegramtest.Button{}, false
}

// respond plans how m answers one message from the bot.
func (w *world) respond(now time.Time, m *simMember, msg telegramtest.Message) {
	if w.respondMeeting(now, m, msg) { // meetings.go
		return
	}
	if ack, ok := button(msg, "已阅"); ok {
		// A notice: most read it within hours, some need the reminder.
		if m.persona == silent || (m.persona == casual && w.rng.IntN(10) < 4) {
			return
		}
		// Some answer in words, once: 收到 counts as read; anything else
		// reaches the notice's author (and the reminder still comes).
		switch {
		case m.replied:
		case m.persona == noter:
			m.replied = true
			w.at(now.Add(time.Duration(5+w.rng.IntN(60))*time.Minute), func() error {
				w.srv.Reply(m.user, m.user.ID, msg.ID, "收到")
				return nil
			})
			return
		case m.persona == early:
			m.replied = true
			w.at(now.Add(time.Duration(5+w.rng.IntN(60))*time.Minute), func() error {
				w.srv.Reply(m.user, m.user.ID, msg.ID, "我们组的整改进展周五前汇总报送，请书记放心")
				return nil
			})
			return
		}
		at := now.Add(time.Duration(10+w.rng.IntN(300)) * time.Minute)
		w.at(at, func() error { w.srv.Press(m.user, m.user.ID, msg.ID, ack.Data); return nil })
		return
	}
	if caseMessage(msg) {
		return
	}
	done, isPrompt := button(msg, "✅")
	if !isPrompt {
		return
	}
	later := func(minMin, maxMin int) time.Time {
		return now.Add(time.Duration(minMin+w.rng.IntN(maxMin-minMin+1)) * time.Minute)
	}
	press := func(b telegramtest.Button) func() error {
		return func() error { w.srv.Press(m.user, m.user.ID, msg.ID, b.Data); return nil }
	}
	reply := func(text string) func() error {
		return func() error { w.srv.Reply(m.user, m.user.ID, msg.ID, text); return nil }
	}
	nudge := strings.Contains(msg.Text, "还没完成") || strings.Contains(msg.Text, "not done yet")
	switch m.persona {
	case diligent, early:
		if full, ok := button(msg, "📖"); ok && w.rng.IntN(3) == 0 {
			w.at(later(2, 5), press(full))
		}
		if w.rng.IntN(10) < 9 || nudge {
			w.at(later(8, 40), press(done))
		}
	case casual:
		if w.rng.IntN(10) < 6 || (nudge && w.rng.IntN(2) == 0) {
			words := []string{"已学", "打卡", "学完了", "done"}
			if w.rng.IntN(2) == 0 {
				w.at(later(15, 90), reply(words[w.rng.IntN(len(words))]))
			} else {
				w.at(later(15, 90), press(done))
			}
		}
	case snoozer, pauser, lateJoiner, blocker:
		if snooze, ok := button(msg, "⏰"); ok && m.persona == snoozer && w.rng.IntN(3) > 0 {
			w.at(later(1, 3), press(snooze))
			return
		}
		w.at(later(5, 30), press(done))
	case noter:
		w.at(later(20, 45), func() error {
			w.srv.SendText(m.user, m.user.ID, fmt.Sprintf("/done %d 联系生态环境保护工作谈体会", 15+w.rng.IntN(10)))
			return nil
		})
	case silent:
	}
}
