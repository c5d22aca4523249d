package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/schedule"
	"github.com/branchbot/branchbot/store"
	"github.com/branchbot/branchbot/telegramtest"
)

// simClock is the demo's clock: the bot, the scheduler and the store read
// it; the demo moves it.
type simClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *simClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *simClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// action is something a simulated person does at a simulated time.
type action struct {
	at  time.Time
	seq int
	do  func() error
}

// world is the simulation: the fake Telegram, the database, the clock,
// the people and what they are going to do.
type world struct {
	srv     *telegramtest.Server
	db      *store.DB
	sched   *schedule.Scheduler
	clock   *simClock
	loc     *time.Location
	rng     *rand.Rand
	members []*simMember
	// secretary studies too, and reads their notices.
	secretary *simMember
	queue     []action
	// quizBank is the question bank the demo's quiz draws from.
	quizBank *branchbot.QuestionBank
	// finalReport is the bot's answer to the last /report study.
	finalReport string
	seq         int
	out         io.Writer
}

// run plays the 14 days.
func (w *world) run(ctx context.Context) error {
	sec := w.secretary.user
	if err := w.say(ctx, sec, "/start"); err != nil {
		return err
	}
	w.secretary.seen = len(w.botMessages(sec.ID))
	for _, m := range w.members {
		if m.persona != lateJoiner {
			if err := w.join(ctx, sec, m); err != nil {
				return err
			}
		}
	}
	day1 := time.Date(2026, 12, 1, 0, 0, 0, 0, w.loc)
	for i, m := range w.members {
		switch m.persona {
		case lateJoiner:
			// Joins in the evening, after the branch's prompt time, and
			// picks a time later that evening: the first prompt comes then.
			w.at(day1.AddDate(0, 0, 5).Add(20*time.Hour), func() error { return w.join(ctx, sec, m) })
		case early:
			// Has studied before the prompt on some mornings: the bot
			// sends the section with the done recorded, and no prompt.
			for _, d := range []int{1, 4, 8} {
				w.at(day1.AddDate(0, 0, d).Add(6*time.Hour+30*time.Minute), func() error {
					w.srv.SendText(m.user, m.user.ID, "已学")
					return nil
				})
			}
		case blocker:
			w.at(day1.AddDate(0, 0, 2).Add(12*time.Hour), func() error {
				w.srv.FailChat(m.user.ID, 403, "Forbidden: bot was blocked by the user")
				return nil
			})
		case pauser:
			w.at(day1.AddDate(0, 0, 3).Add(6*time.Hour+time.Duration(i)*time.Minute), func() error {
				return w.say(ctx, m.user, "/studytime off 2026-12-07 外出培训")
			})
		}
	}
	w.planCases(ctx, day1)
	w.at(day1.AddDate(0, 0, 1).Add(9*time.Hour), func() error {
		return w.broadcast(ctx, sec, "/broadcast directive all 十二月指示精神传达：深入学习贯彻党章，抓好本月生态环境保护督察反馈问题整改，各党小组月底前报送整改进展。")
	})
	w.at(day1.AddDate(0, 0, 3).Add(9*time.Hour+30*time.Minute), func() error { return w.say(ctx, sec, "/broadcasts") })
	w.at(day1.AddDate(0, 0, 4).Add(9*time.Hour), func() error { return w.say(ctx, sec, "/report study") })
	w.planMeetings(ctx, sec, day1) // meetings.go
	w.planCommittee(ctx, day1)     // committee.go
	w.planQuiz(ctx, day1)          // quiz.go
	end := day1.AddDate(0, 0, simDays)
	for t := w.clock.Now().Truncate(time.Minute); t.Before(end); t = t.Add(time.Minute) {
		w.clock.Set(t)
		acted, err := w.act(t)
		if err != nil {
			return err
		}
		res, err := w.sched.Tick(t)
		if err != nil {
			return err
		}
		if !acted && res == (schedule.TickResult{}) && !w.queued() { // queued: meetings.go
			continue
		}
		if err := w.quiesce(ctx); err != nil {
			return err
		}
		w.react()
	}
	w.clock.Set(end.Add(-30 * time.Minute))
	before := len(w.botMessages(secretaryID))
	if err := w.say(ctx, sec, "/report study 2026-12"); err != nil {
		return err
	}
	var parts []string
	for _, msg := range w.botMessages(secretaryID)[before:] {
		parts = append(parts, msg.Text)
	}
	w.finalReport = strings.Join(parts, "\n")
	return w.say(ctx, sec, "/members")
}

// broadcast has the secretary compose a notice and press send on the
// preview.
func (w *world) broadcast(ctx context.Context, sec telegramtest.User, text string) error {
	if err := w.say(ctx, sec, text); err != nil {
		return err
	}
	msgs := w.botMessages(sec.ID)
	for i := len(msgs) - 1; i >= 0; i-- {
		if send, ok := button(msgs[i], "📤"); ok {
			w.srv.Press(sec, sec.ID, msgs[i].ID, send.Data)
			return w.quiesce(ctx)
		}
	}
	return errors.New("demo: no send button on the broadcast preview")
}

// at plans an action.
func (w *world) at(t time.Time, do func() error) {
	w.seq++
	w.queue = append(w.queue, action{at: t, seq: w.seq, do: do})
}

// act runs the actions due at t, in the order they were planned.
func (w *world) act(t time.Time) (bool, error) {
	sort.SliceStable(w.queue, func(i, j int) bool {
		if !w.queue[i].at.Equal(w.queue[j].at) {
			return w.queue[i].at.Before(w.queue[j].at)
		}
		return w.queue[i].seq < w.queue[j].seq
	})
	n := 0
	for n < len(w.queue) && !w.queue[n].at.After(t) {
		if err := w.queue[n].do(); err != nil {
			return false, err
		}
		n++
	}
	w.queue = w.queue[n:]
	return n > 0, nil
}

// say sends text as u in their private chat and waits until the bot has
// dealt with it.
func (w *world) say(ctx context.Context, u telegramtest.User, text string) error {
	w.srv.SendText(u, u.ID, text)
	return w.quiesce(ctx)
}

var inviteLink = regexp.MustCompile(`\?start=([A-Za-z0-9_-]+)`)

// join has the secretary invite m, and m follow the link and set their
// study time and language.
func (w *world) join(ctx context.Context, sec telegramtest.User, m *simMember) error {
	if err := w.say(ctx, sec, fmt.Sprintf("/invite %q %s", m.name, m.group)); err != nil {
		return err
	}
	msgs := w.srv.Messages(secretaryID)
	code := inviteLink.FindStringSubmatch(msgs[len(msgs)-1].Text)
	if code == nil {
		return fmt.Errorf("demo: no invite link for %s", m.name)
	}
	if err := w.say(ctx, m.user, "/start "+code[1]); err != nil {
		return err
	}
	if m.user.LanguageCode == "en" {
		if err := w.say(ctx, m.user, "/lang en"); err != nil {
			return err
		}
	}
	if m.studyAt != "" {
		if err := w.say(ctx, m.user, "/studytime "+m.studyAt); err != nil {
			return err
		}
		msgs := w.botMessages(m.user.ID)
		if strings.Contains(msgs[len(msgs)-1].Text, "请选择") {
			// Too late in the evening: take the bot's advice.
			if err := w.say(ctx, m.user, "/studytime 21:00"); err != nil {
				return err
			}
		}
	}
	m.joined = true
	m.seen = len(w.botMessages(m.user.ID))
	return nil
}

func (w *world) botMessages(chat int64) []telegramtest.Message {
	var out []telegramtest.Message
	for _, m := range w.srv.Messages(chat) {
		if m.FromBot {
			out = append(out, m)
		}
	}
	return out
}

// quiesce waits until the bot has applied every update and the outbox is
// empty.
func (w *world) quiesce(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	for {
		if err := w.srv.WaitIdle(ctx); err != nil {
			return fmt.Errorf("demo: the bot stopped reading updates: %w", err)
		}
		var queued int
		if err := w.db.View(func(tx *store.Tx) error {
			queued, _ = tx.OutboxStats()
			return nil
		}); err != nil {
			return err
		}
		if queued == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return errors.New("demo: the outbox did not drain")
		case <-time.After(200 * time.Microsecond):
		}
	}
}

// react reads what the bot sent each member and plans their answers.
func (w *world) react() {
	now := w.clock.Now()
	for _, m := range append([]*simMember{w.secretary}, w.members...) {
		if !m.joined {
			continue
		}
		msgs := w.botMessages(m.user.ID)
		for _, msg := range msgs[m.seen:] {
			w.respond(now, m, msg)
		}
		m.seen = len(msgs)
	}
}
