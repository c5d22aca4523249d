package branchbot

import (
	"testing"
	"time"
)

func TestQuizIsRightExactSet(t *testing.T) {
	q := &Question{Kind: MultipleChoice, Options: []string{"a", "b", "c", "d"}, Answer: []int{0, 2}}
	for _, c := range []struct {
		chosen []int
		want   bool
	}{{[]int{0, 2}, true}, {[]int{0}, false}, {[]int{0, 1, 2}, false}, {nil, false}, {[]int{2}, false}} {
		if got := q.IsRight(c.chosen); got != c.want {
			t.Errorf("IsRight(%v) = %v", c.chosen, got)
		}
	}
}

// TestQuizAttemptAnswerOnce: an answer is final; a second answer to the
// same position or one to another position changes nothing; the last
// answer finishes the attempt.
func TestQuizAttemptAnswerOnce(t *testing.T) {
	q := &Question{Kind: SingleChoice, Options: []string{"a", "b"}, Answer: []int{1}}
	a := &QuizAttempt{Order: []int{1, 0}, Options: [][]int{{0, 1}, {1, 0}}}
	now := time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)
	if !a.Answer(0, q, []int{1}, now) || a.Right != 1 {
		t.Fatalf("first answer: %+v", a)
	}
	if a.Answer(0, q, []int{0}, now) || a.Answer(2, q, []int{1}, now) || len(a.Answers) != 1 {
		t.Fatalf("answered again: %+v", a)
	}
	if a.Toggle(0, 1) {
		t.Error("ticked an earlier question")
	}
	if !a.Answer(1, q, []int{0}, now) || !a.Finished() || a.Right != 1 {
		t.Fatalf("after the last: %+v", a)
	}
	if a.Answer(2, q, []int{1}, now) || a.Toggle(2, 0) {
		t.Error("a finished attempt changed")
	}
}

func TestQuizPercentAndRanks(t *testing.T) {
	for _, c := range [][3]int{{1, 3, 33}, {2, 3, 67}, {1, 8, 13}, {0, 0, 0}, {20, 20, 100}} {
		if got := Percent(c[0], c[1]); got != c[2] {
			t.Errorf("Percent(%d, %d) = %d, want %d", c[0], c[1], got, c[2])
		}
	}
	es := []QuizEntry{{Member: 1, Name: "丙", Score: 80}, {Member: 2, Name: "甲", Score: 95}, {Member: 3, Name: "乙", Score: 80}, {Member: 4, Name: "丁", Score: 60}}
	RankQuizEntries(es)
	want := []struct {
		id   int64
		rank int
	}{{2, 1}, {1, 2}, {3, 2}, {4, 4}}
	for i, w := range want {
		if es[i].Member != w.id || es[i].Rank != w.rank {
			t.Errorf("place %d: %+v, want member %d rank %d", i, es[i], w.id, w.rank)
		}
	}
}

// TestScoreQuiz: unanswered questions count wrong; the sections are
// ordered least well answered first; the pass and commendation marks
// are inclusive.
func TestScoreQuiz(t *testing.T) {
	qs := map[string]*Question{
		"a": {ID: "a", Section: "s1", Kind: TrueFalse, Answer: []int{0}},
		"b": {ID: "b", Section: "s2", Kind: TrueFalse, Answer: []int{1}},
	}
	q := &Quiz{Questions: []string{"a", "b"}, Rules: QuizRules{PassMark: 50, Commend: 100}}
	now := time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)
	all := &QuizAttempt{Member: 1, Order: []int{0, 1}}
	all.Answer(0, qs["a"], []int{0}, now)
	all.Answer(1, qs["b"], []int{1}, now)
	half := &QuizAttempt{Member: 2, Order: []int{1, 0}}
	half.Answer(0, qs["b"], []int{0}, now)
	res := ScoreQuiz(q, []*QuizAttempt{half, all}, qs, map[int64]string{1: "甲", 2: "乙"})
	if len(res.Entries) != 2 || res.Entries[0].Member != 1 || res.Entries[0].Score != 100 || res.Entries[1].Score != 0 {
		t.Fatalf("entries %+v", res.Entries)
	}
	if res.Passed != 1 || len(res.Commended) != 1 || res.Finished != 1 || res.Bands[0] != 1 || res.Bands[4] != 1 {
		t.Errorf("results %+v", res)
	}
	if len(res.Sections) != 2 || res.Sections[0].Section != "s2" || res.Sections[0].Percent() != 50 || res.Sections[1].Percent() != 100 {
		t.Errorf("sections %+v", res.Sections)
	}
}

// TestQuizReminderStep: a reminder that falls in the quiet hours moves
// to before them; none goes in them; past the deadline it is missed.
func TestQuizReminderStep(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	quiet := QuietHours{From: ClockTime{Hour: 22}, To: ClockTime{Hour: 7}}
	at := func(d, h, m int) time.Time { return time.Date(2026, 12, d, h, m, 0, 0, loc) }
	q := &Quiz{State: QuizOpen, OpenedAt: at(1, 10, 0), Deadline: QuizDeadline(at(1, 10, 0), 3, loc)}
	if !q.Deadline.Equal(at(4, 0, 0)) {
		t.Fatalf("deadline %s", q.Deadline)
	}
	if got := q.ReminderAt(1, quiet, loc); !got.Equal(at(3, 21, 59)) {
		t.Errorf("ReminderAt(1) = %s", got)
	}
	for _, c := range []struct {
		hours int
		now   time.Time
		want  ReminderStep
	}{
		{1, at(3, 21, 0), ReminderWait},
		{1, at(3, 21, 59), ReminderSend},
		{1, at(3, 23, 0), ReminderWait},
		{1, at(4, 0, 0), ReminderMissed},
		{6, at(3, 18, 30), ReminderLate},
		{96, at(1, 11, 0), ReminderSkip},
	} {
		if got := q.ReminderStep(c.hours, c.now, quiet, loc); got != c.want {
			t.Errorf("ReminderStep(%d, %s) = %d, want %d", c.hours, c.now, got, c.want)
		}
	}
}
