package schedule

import (
	"fmt"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// QuizRenderer writes the messages the scheduler queues about a quiz and
// closes it. Package bot implements it. It is called inside a store
// transaction, must be quick and must not talk to Telegram.
type QuizRenderer interface {
	// QuizReminder is the reminder hours before q's deadline to member m,
	// who has not finished; a is their attempt, nil if they have not
	// started. The scheduler fills in ChatID, MemberID, Key and
	// CreatedAt.
	QuizReminder(q *branchbot.Quiz, m *branchbot.Member, a *branchbot.QuizAttempt, hours int, late bool) branchbot.Outgoing
	// CloseQuiz closes open quiz q at now and queues its scoreboard and
	// summary, in tx.
	CloseQuiz(tx *store.Tx, q *branchbot.Quiz, now time.Time) error
	// Queue puts a message in tx's outbox as the bot queues its own, and
	// reports false when its key was queued before.
	Queue(tx *store.Tx, o *branchbot.Outgoing) (bool, error)
}

// QuizResult counts what one pass over the open quizzes did.
type QuizResult struct {
	Reminders int // reminders queued
	Late      int // of which sent late
	Closed    int // quizzes closed at their deadline
}

// TickQuizzes does what is due at now for the open quizzes: each
// reminder (Quiz.Remind hours before the deadline, moved out of the
// quiet hours) once to every member who has not finished, and at the
// deadline (or when the quiet hours it falls in end) the close, which
// posts the scoreboard. It is level-triggered
// like Tick: a reminder whose time passed while the bot was down goes
// late if the quiz is still open, and a deadline that passed is caught up
// by the first pass after a start, in the transaction that closes the
// quiz, so the scoreboard goes once. Tick does this too.
func (s *Scheduler) TickQuizzes(now time.Time) (QuizResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tickQuizzes(now)
}

func (s *Scheduler) followUpQuizzes(now time.Time) error {
	_, err := s.tickQuizzes(now)
	return err
}

// quizWork reports whether q needs a write at now.
func (s *Scheduler) quizWork(q *branchbot.Quiz, now time.Time) bool {
	if s.quizCloses(q, now) {
		return true
	}
	for _, h := range q.Remind {
		switch q.ReminderStep(h, now, s.quiet, s.loc) {
		case branchbot.ReminderSend, branchbot.ReminderLate, branchbot.ReminderMissed, branchbot.ReminderSkip:
			return true
		}
	}
	return false
}

func (s *Scheduler) tickQuizzes(now time.Time) (QuizResult, error) {
	rend := s.quizzes
	if rend == nil {
		return QuizResult{}, nil
	}
	due := false
	err := s.db.View(func(tx *store.Tx) error {
		qs, err := tx.OpenQuizzes()
		for _, q := range qs {
			due = due || s.quizWork(q, now)
		}
		return err
	})
	if err != nil || !due {
		return QuizResult{}, wrapQuizzes(err)
	}
	var res QuizResult
	err = s.db.Update(func(tx *store.Tx) error {
		res = QuizResult{}
		qs, err := tx.OpenQuizzes()
		if err != nil {
			return err
		}
		members := &memberList{tx: tx}
		for _, q := range qs {
			if s.quizWork(q, now) {
				if err := s.quizStep(tx, q, now, members, &res); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return QuizResult{}, wrapQuizzes(err)
	}
	if res != (QuizResult{}) {
		s.log.Info("quizzes", "reminders", res.Reminders, "late", res.Late, "closed", res.Closed)
		if s.notify != nil {
			s.notify()
		}
	}
	return res, nil
}

// quizCloses reports whether q is closed at now: at its deadline, or if
// that falls in the quiet hours when they end, since closing posts the
// scoreboard. No answer is taken after the deadline meanwhile.
func (s *Scheduler) quizCloses(q *branchbot.Quiz, now time.Time) bool {
	return !now.Before(q.Deadline) && !s.quiet.Contains(branchbot.ClockOf(now, s.loc))
}

// quizStep does in tx what is due for one open quiz at now.
func (s *Scheduler) quizStep(tx *store.Tx, q *branchbot.Quiz, now time.Time, members *memberList, res *QuizResult) error {
	for _, h := range q.Remind {
		step := q.ReminderStep(h, now, s.quiet, s.loc)
		switch step {
		case branchbot.ReminderSend, branchbot.ReminderLate:
			n, err := s.remindQuiz(tx, q, h, step == branchbot.ReminderLate, now, members)
			if err != nil {
				return err
			}
			res.Reminders += n
			if step == branchbot.ReminderLate {
				res.Late += n
			}
		case branchbot.ReminderMissed, branchbot.ReminderSkip:
		default:
			continue
		}
		q.Reminded = append(q.Reminded, h)
	}
	if s.quizCloses(q, now) {
		res.Closed++
		// CloseQuiz writes the quiz, closed, with what was reminded.
		return s.quizzes.CloseQuiz(tx, q, now)
	}
	return tx.PutQuiz(q)
}

// remindQuiz queues the reminder hours before the deadline to each
// member who can be reached and has not finished, and returns how many.
func (s *Scheduler) remindQuiz(tx *store.Tx, q *branchbot.Quiz, hours int, late bool, now time.Time, members *memberList) (int, error) {
	all, err := members.get()
	if err != nil {
		return 0, err
	}
	n := 0
	for _, m := range all {
		if !m.Bound() || m.Unreachable {
			continue
		}
		a, ok, err := tx.QuizAttempt(q.ID, m.ID)
		if err != nil {
			return 0, err
		}
		if ok && a.Finished() {
			continue
		}
		if !ok {
			a = nil
		}
		out := s.quizzes.QuizReminder(q, m, a, hours, late)
		out.Key, out.ChatID, out.MemberID, out.CreatedAt = branchbot.QuizReminderKey(q.ID, hours, m.ID), m.ChatID(), m.ID, now
		ok, err = s.quizzes.Queue(tx, &out)
		if err != nil {
			return 0, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

func wrapQuizzes(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("schedule: quizzes: %w", err)
}
