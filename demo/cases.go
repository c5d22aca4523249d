package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/branchbot/branchbot/telegramtest"
)

// The demo's conversation-due cases: 刘伟, made leader of his party group,
// opens a hospital case about 吴强 on day 1; he is reminded on days 2 and
// 3 and logs the talk on day 3. The secretary opens a discipline case
// about 马超 on day 2, which is theirs by the rules; it is never logged,
// goes overdue on day 14 and reaches the secretary's digest.

// planCases plans the people's part in the cases, from day1 on.
func (w *world) planCases(ctx context.Context, day1 time.Time) {
	sec := w.secretary.user
	leader, subject, disciplined := w.members[2], w.members[8], w.members[11]
	w.at(day1.Add(8*time.Hour), func() error {
		return w.say(ctx, sec, "/setrole "+leader.name+" 党小组长")
	})
	w.at(day1.Add(10*time.Hour), func() error {
		if err := w.say(ctx, leader.user, "/event "+subject.name+" 生病住院 住市人民医院，阑尾炎手术"); err != nil {
			return err
		}
		return w.pressLatest(ctx, leader.user, "✅ 确认")
	})
	w.at(day1.AddDate(0, 0, 1).Add(10*time.Hour+30*time.Minute), func() error {
		if err := w.say(ctx, sec, "/event "+disciplined.name+" 批评处分 工作纪律松懈，受到通报批评"); err != nil {
			return err
		}
		return w.pressLatest(ctx, sec, "✅ 确认")
	})
	w.at(day1.AddDate(0, 0, 2).Add(15*time.Hour), func() error {
		steps := []func() error{
			func() error { return w.pressLatest(ctx, leader.user, "✅ 已谈话") },
			func() error { return w.say(ctx, leader.user, "今天") },
			func() error { return w.pressLatest(ctx, leader.user, "面谈") },
			func() error {
				return w.say(ctx, leader.user, "到医院看望，术后恢复良好，工作已安排同事分担")
			},
			func() error { return w.pressLatest(ctx, leader.user, "不需要") },
		}
		for _, step := range steps {
			if err := step(); err != nil {
				return err
			}
		}
		return nil
	})
}

// pressLatest has u press the button starting with prefix on the latest
// bot message in their chat that has one, and waits until the bot has
// dealt with it.
func (w *world) pressLatest(ctx context.Context, u telegramtest.User, prefix string) error {
	msgs := w.botMessages(u.ID)
	for i := len(msgs) - 1; i >= 0; i-- {
		if b, ok := button(msgs[i], prefix); ok {
			w.srv.Press(u, u.ID, msgs[i].ID, b.Data)
			return w.quiesce(ctx)
		}
	}
	return fmt.Errorf("demo: no %q button in %s's chat", prefix, u.FirstName)
}

// caseMessage reports whether msg is about a case (a preview, a notice,
// a reminder, a question of /talked), which planCases answers rather than
// the members' habits of study.
func caseMessage(msg telegramtest.Message) bool {
	for _, row := range msg.Keyboard {
		for _, b := range row {
			for _, p := range []string{"✅ 确认", "✅ 已谈话", "✅ #", "👤 "} {
				if strings.HasPrefix(b.Text, p) {
					return true
				}
			}
		}
	}
	return false
}
