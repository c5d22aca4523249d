package branchbot

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// ErrQuizState means a quiz is not in the state the change needs: a draft
// opened twice, a closed quiz closed again.
var ErrQuizState = errors.New("quiz not in that state")

// QuizState is where a quiz is in its life.
type QuizState string

// The states of a quiz: a draft waits for the secretary's confirmation; an
// open quiz takes answers until its deadline; a closed one has had its
// scoreboard posted; a dropped draft was never opened.
const (
	QuizDraft   QuizState = "draft"
	QuizOpen    QuizState = "open"
	QuizClosed  QuizState = "closed"
	QuizDropped QuizState = "dropped"
)

// Quiz is one quiz (考学): the same questions for every member, each in an
// order of their own, open until the deadline.
type Quiz struct {
	ID    int64     `json:"id"`
	State QuizState `json:"state"`
	// OpenedBy is the member id of the secretary who opened it, and
	// AuthorChat the chat of its preview.
	OpenedBy   int64     `json:"opened_by"`
	AuthorChat int64     `json:"author_chat,omitempty"`
	CreatedAt  time.Time `json:"created"`
	OpenedAt   time.Time `json:"opened,omitzero"`
	// Deadline is the first instant at which answers are no longer
	// taken; the scheduler closes the quiz then.
	Deadline time.Time `json:"deadline"`
	ClosedAt time.Time `json:"closed,omitzero"`
	// Questions are the ids of the questions drawn, in the bank's terms;
	// a member's attempt asks them in its own order.
	Questions []string `json:"questions"`
	// Seed makes each member's order (ShuffleFor) the same on every
	// start.
	Seed uint64 `json:"seed"`
	// Remind are the hours before the deadline at which those who have
	// not finished are reminded, and Reminded those done with.
	Remind   []int `json:"remind,omitempty"`
	Reminded []int `json:"reminded,omitempty"`
	// Rules are the pass mark, the commendation threshold and the
	// scoreboard's mode as they were when the quiz opened.
	Rules QuizRules `json:"rules"`
	// Notified counts the members told when it opened.
	Notified int `json:"notified,omitempty"`
	// Posted is set when the scoreboard was queued, in the transaction
	// that closed the quiz.
	Posted bool `json:"posted,omitempty"`
}

// Takes reports whether the quiz takes answers at now.
func (q *Quiz) Takes(now time.Time) bool {
	return q.State == QuizOpen && now.Before(q.Deadline)
}

// Open opens a draft at now; the deadline must be after now.
func (q *Quiz) Open(now time.Time) error {
	if q.State != QuizDraft {
		return fmt.Errorf("%w: quiz %d is %s", ErrQuizState, q.ID, q.State)
	}
	if !now.Before(q.Deadline) {
		return fmt.Errorf("%w: quiz %d: deadline %s passed", ErrQuizState, q.ID, q.Deadline.Format(time.RFC3339))
	}
	q.State, q.OpenedAt = QuizOpen, now
	return nil
}

// Close closes an open quiz at now.
func (q *Quiz) Close(now time.Time) error {
	if q.State != QuizOpen {
		return fmt.Errorf("%w: quiz %d is %s", ErrQuizState, q.ID, q.State)
	}
	q.State, q.ClosedAt = QuizClosed, now
	return nil
}

// QuizAnswer is a member's answer to one question: the options chosen, as
// indexes into the bank's options, and whether that was right.
type QuizAnswer struct {
	Chosen []int     `json:"chosen"`
	Right  bool      `json:"right,omitempty"`
	At     time.Time `json:"at"`
}

// QuizAttempt is one member's attempt at a quiz; there is one per member
// and quiz, and an answer once given is final.
type QuizAttempt struct {
	Quiz   int64 `json:"quiz"`
	Member int64 `json:"member"`
	// Order is the order in which the quiz's questions are asked
	// (indexes into Quiz.Questions), and Options, per question of the
	// quiz, the order its options are shown in (indexes into the bank's
	// options).
	Order   []int   `json:"order"`
	Options [][]int `json:"options"`
	// Answers holds the answers given, by position: the question at
	// position i is Questions[Order[i]]. Its length is the position of
	// the question being asked.
	Answers []QuizAnswer `json:"answers,omitempty"`
	// Ticked are the options (indexes into the bank's options) ticked so
	// far on the current question, when it is a multiple choice.
	Ticked     []int     `json:"ticked,omitempty"`
	StartedAt  time.Time `json:"started"`
	FinishedAt time.Time `json:"finished,omitzero"`
	// Right counts the answers that were right.
	Right int `json:"right"`
}

// Pos is the position of the question being asked.
func (a *QuizAttempt) Pos() int { return len(a.Answers) }

// Finished reports whether every question was answered.
func (a *QuizAttempt) Finished() bool { return !a.FinishedAt.IsZero() }

// Question is the index into Quiz.Questions of the question at position
// pos.
func (a *QuizAttempt) Question(pos int) int { return a.Order[pos] }

// Shown is the bank's index of the option shown k-th at position pos, or
// -1 if there is none.
func (a *QuizAttempt) Shown(pos, k int) int {
	opts := a.Options[a.Order[pos]]
	if k < 0 || k >= len(opts) {
		return -1
	}
	return opts[k]
}

// Answer records chosen as the answer to the question at position pos,
// which must be the one being asked, and finishes the attempt after the
// last question. It reports false, changing nothing, for a position that
// is not the current one (a press on an earlier question, or a second
// press of the same answer).
func (a *QuizAttempt) Answer(pos int, q *Question, chosen []int, now time.Time) bool {
	if a.Finished() || pos != a.Pos() || pos >= len(a.Order) {
		return false
	}
	chosen = slices.Clone(chosen)
	slices.Sort(chosen)
	ans := QuizAnswer{Chosen: chosen, Right: q.IsRight(chosen), At: now}
	a.Answers = append(a.Answers, ans)
	a.Ticked = nil
	if ans.Right {
		a.Right++
	}
	if len(a.Answers) == len(a.Order) {
		a.FinishedAt = now
	}
	return true
}

// Toggle ticks or unticks option opt of the current question (a multiple
// choice); it reports false for a position that is not the current one.
func (a *QuizAttempt) Toggle(pos, opt int) bool {
	if a.Finished() || pos != a.Pos() {
		return false
	}
	if i := slices.Index(a.Ticked, opt); i >= 0 {
		a.Ticked = slices.Delete(a.Ticked, i, i+1)
	} else {
		a.Ticked = append(a.Ticked, opt)
		slices.Sort(a.Ticked)
	}
	return true
}

// IsRight reports whether chosen, indexes into the bank's options in
// increasing order, is the right answer: for a multiple choice exactly
// the right set, neither more nor fewer.
func (q *Question) IsRight(chosen []int) bool {
	return slices.Equal(chosen, q.Answer)
}

// OptionCount is how many options the question has: two for true/false.
func (q *Question) OptionCount() int {
	if q.Kind == TrueFalse {
		return 2
	}
	return len(q.Options)
}

// Idempotency keys of the messages a quiz sends.

// QuizNoticeKey keys the notice of quiz id to member m.
func QuizNoticeKey(id, m int64) string { return fmt.Sprintf("quiz/%d/notice/m%d", id, m) }

// QuizReminderKey keys the reminder hours before quiz id's deadline to
// member m.
func QuizReminderKey(id int64, hours int, m int64) string {
	return fmt.Sprintf("quiz/%d/remind/%dh/m%d", id, hours, m)
}

// QuizBoardKey keys the scoreboard of quiz id in the group chat.
func QuizBoardKey(id int64) string { return fmt.Sprintf("quiz/%d/board", id) }

// QuizSummaryKey keys the closing summary of quiz id to secretary m.
func QuizSummaryKey(id, m int64) string { return fmt.Sprintf("quiz/%d/summary/m%d", id, m) }
