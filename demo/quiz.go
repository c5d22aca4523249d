package demo

// The quiz (考学) on the demo's last days: on day 11 the secretary opens
// a quiz of 6 questions until day 13; most members press 开始答题 and
// answer one question at a time, one stops halfway, the silent never
// start; the reminders come; on day 12 the secretary asks /quiz status;
// the deadline falls at midnight, in the quiet hours, so the scoreboard
// goes to the branch's group chat at 07:00 on day 14, with the summary
// to the secretary; then /report quiz.

import (
	"context"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/branchbot/branchbot"
)

// groupChatID is the demo branch's group chat.
const groupChatID = -1001000000001

// planQuiz plans the quiz, from day1 on.
func (w *world) planQuiz(ctx context.Context, day1 time.Time) {
	sec := w.secretary.user
	day11 := day1.AddDate(0, 0, 10)
	w.at(day11.Add(9*time.Hour), func() error {
		if err := w.say(ctx, sec, "/quiz open 6 until 2026-12-13"); err != nil {
			return err
		}
		return w.pressLatest(ctx, sec, "发布")
	})
	bank := map[string]*branchbot.Question{}
	qb := w.quizBank
	for i := range qb.Questions {
		bank[qb.Questions[i].Text] = &qb.Questions[i]
	}
	for i, m := range w.members {
		if m.persona == silent || m.persona == blocker {
			continue
		}
		// Spread over days 11 to 13, in the day's hours.
		at := day11.Add(time.Duration(10*60+(i*97)%(9*60))*time.Minute).AddDate(0, 0, i%3)
		stopAfter := 6
		if m.persona == casual && i%4 == 0 {
			stopAfter = 2 // called away halfway; the reminder comes
		}
		right := 0.55
		if m.persona == diligent || m.persona == early {
			right = 0.9
		}
		rng := rand.New(rand.NewPCG(uint64(i), 0x71757a))
		w.at(at, func() error { return w.takeQuiz(ctx, m, bank, rng, right, stopAfter) })
	}
	w.at(day11.AddDate(0, 0, 1).Add(10*time.Hour), func() error { return w.say(ctx, sec, "/quiz status") })
	w.at(day11.AddDate(0, 0, 3).Add(9*time.Hour), func() error { return w.say(ctx, sec, "/report quiz") })
}

// takeQuiz has m press 开始答题 on the quiz's notice and answer up to n
// questions, each right with probability right.
func (w *world) takeQuiz(ctx context.Context, m *simMember, bank map[string]*branchbot.Question, rng *rand.Rand, right float64, n int) error {
	msgs := w.botMessages(m.user.ID)
	id := 0
	for i := len(msgs) - 1; i >= 0 && id == 0; i-- {
		if b, ok := button(msgs[i], "开始答题"); ok {
			id = msgs[i].ID
			w.srv.Press(m.user, m.user.ID, id, b.Data)
		}
	}
	if id == 0 {
		return nil // told nothing: joined later, or cannot be reached
	}
	for range n {
		if err := w.quiesce(ctx); err != nil {
			return err
		}
		msg := w.message(m.user.ID, id)
		lines := strings.Split(msg.Text, "\n")
		if len(lines) < 3 || bank[lines[2]] == nil || len(msg.Keyboard) == 0 {
			return nil
		}
		q := bank[lines[2]]
		shown := make([]int, len(msg.Keyboard[0]))
		for k := range shown {
			shown[k] = k
			if q.Kind != branchbot.TrueFalse {
				for _, ln := range lines {
					if text, ok := strings.CutPrefix(ln, string(rune('A'+k))+". "); ok {
						shown[k] = slices.Index(q.Options, text)
					}
				}
			}
		}
		good := rng.Float64() < right
		if q.Kind != branchbot.MultipleChoice {
			k := rng.IntN(len(shown))
			for j, o := range shown {
				if o == q.Answer[0] == good {
					k = j
					break
				}
			}
			w.srv.Press(m.user, m.user.ID, id, msg.Keyboard[0][k].Data)
			continue
		}
		for k, o := range shown {
			// A wrong answer leaves out one of the right options.
			if slices.Contains(q.Answer, o) && (good || o != q.Answer[0]) {
				w.srv.Press(m.user, m.user.ID, id, msg.Keyboard[0][k].Data)
				if err := w.quiesce(ctx); err != nil {
					return err
				}
			}
		}
		w.srv.Press(m.user, m.user.ID, id, msg.Keyboard[1][0].Data)
	}
	return w.quiesce(ctx)
}
