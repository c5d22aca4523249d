package branchbot

import (
	"cmp"
	"slices"
	"time"
)

// ScoreboardMode is how much of a quiz's results the branch's group chat
// is shown.
type ScoreboardMode string

// The scoreboard's modes.
const (
	// BoardFull ranks everyone who took the quiz.
	BoardFull ScoreboardMode = "full"
	// BoardTop ranks the first Top places only (ties at the last place
	// included).
	BoardTop ScoreboardMode = "top"
	// BoardDistribution shows how many scored in each band, and names
	// only those at or above the pass mark.
	BoardDistribution ScoreboardMode = "distribution"
)

// QuizRules are the branch's rules of a quiz. Scores are percentages of
// the questions asked, rounded to the nearest whole number.
type QuizRules struct {
	Questions  int            `json:"questions"`  // questions drawn by default
	Days       int            `json:"days"`       // days a quiz stays open by default
	PassMark   int            `json:"pass_mark"`  // a score at or above it passes
	Commend    int            `json:"commend"`    // a score at or above it is commended
	Scoreboard ScoreboardMode `json:"scoreboard"` // full, top or distribution
	Top        int            `json:"top"`        // places shown in top mode
	Remind     []int          `json:"remind"`     // hours before the deadline to remind
}

// DefaultQuizRules are the rules of a branch whose config sets none.
func DefaultQuizRules() QuizRules {
	return QuizRules{Questions: 20, Days: 7, PassMark: 60, Commend: 90, Scoreboard: BoardTop, Top: 10, Remind: []int{48, 6}}
}

// WithDefaults fills the rules' zero fields from DefaultQuizRules.
func (r QuizRules) WithDefaults() QuizRules {
	d := DefaultQuizRules()
	if r.Questions <= 0 {
		r.Questions = d.Questions
	}
	if r.Days <= 0 {
		r.Days = d.Days
	}
	if r.PassMark <= 0 {
		r.PassMark = d.PassMark
	}
	if r.Commend <= 0 {
		r.Commend = d.Commend
	}
	if r.Scoreboard == "" {
		r.Scoreboard = d.Scoreboard
	}
	if r.Top <= 0 {
		r.Top = d.Top
	}
	if r.Remind == nil {
		r.Remind = d.Remind
	}
	return r
}

// QuizDeadline is the deadline of a quiz open for days local days from
// now, today included: the first instant of the day after the last.
func QuizDeadline(now time.Time, days int, loc *time.Location) time.Time {
	return (DayOf(now, loc) + Day(max(days, 1))).Time(loc)
}

// QuizDeadlineOn is the deadline of a quiz open up to and including day
// last.
func QuizDeadlineOn(last Day, loc *time.Location) time.Time { return (last + 1).Time(loc) }

// Percent is right out of total as a whole percentage, rounded half up;
// 0 when there is nothing to count.
func Percent(right, total int) int {
	if total <= 0 {
		return 0
	}
	return (200*right + total) / (2 * total)
}

// QuizEntry is one member's result on a quiz.
type QuizEntry struct {
	Member   int64
	Name     string
	Right    int  // questions answered right
	Answered int  // questions answered
	Total    int  // questions asked
	Score    int  // Percent(Right, Total): unanswered questions count wrong
	Finished bool // every question answered
	Rank     int  // 1 for the best; equal scores share a rank
}

// SectionAccuracy is how well a handbook section's questions were
// answered across the branch.
type SectionAccuracy struct {
	Section  string
	Right    int
	Answered int
}

// Percent is the share of the section's answers that were right.
func (s SectionAccuracy) Percent() int { return Percent(s.Right, s.Answered) }

// QuizResults are a quiz's results: the ranking, the commended, and the
// accuracy per section.
type QuizResults struct {
	// Entries rank everyone who started the quiz, best first; equal
	// scores share a rank (1, 2, 2, 4) and are in name order.
	Entries   []QuizEntry
	Finished  int // attempts with every question answered
	Passed    int // entries at or above the pass mark
	Commended []QuizEntry
	// Sections are the sections the quiz asked about, the least well
	// answered first: the chapters to study again.
	Sections []SectionAccuracy
	// Bands count the entries by score: Bands[0] is 90–100, then 80–89,
	// 70–79, 60–69, and Bands[4] below 60.
	Bands [5]int
	// Average is the mean score, rounded.
	Average int
}

// ScoreQuiz computes the results of quiz q from its attempts; questions
// holds the bank's questions by id, names the members' names.
func ScoreQuiz(q *Quiz, attempts []*QuizAttempt, questions map[string]*Question, names map[int64]string) QuizResults {
	var res QuizResults
	total := len(q.Questions)
	acc := map[string]*SectionAccuracy{}
	var order []string
	for _, id := range q.Questions {
		if qq := questions[id]; qq != nil && acc[qq.Section] == nil {
			acc[qq.Section] = &SectionAccuracy{Section: qq.Section}
			order = append(order, qq.Section)
		}
	}
	sum := 0
	for _, a := range attempts {
		e := QuizEntry{Member: a.Member, Name: names[a.Member], Right: a.Right, Answered: len(a.Answers), Total: total,
			Score: Percent(a.Right, total), Finished: a.Finished()}
		res.Entries = append(res.Entries, e)
		sum += e.Score
		if e.Finished {
			res.Finished++
		}
		for pos, ans := range a.Answers {
			qq := questions[q.Questions[a.Order[pos]]]
			if qq == nil {
				continue
			}
			s := acc[qq.Section]
			s.Answered++
			if ans.Right {
				s.Right++
			}
		}
	}
	RankQuizEntries(res.Entries)
	for _, e := range res.Entries {
		if e.Score >= q.Rules.PassMark {
			res.Passed++
		}
		if e.Score >= q.Rules.Commend {
			res.Commended = append(res.Commended, e)
		}
		res.Bands[scoreBand(e.Score)]++
	}
	if n := len(res.Entries); n > 0 {
		res.Average = (2*sum + n) / (2 * n)
	}
	for _, sec := range order {
		if acc[sec].Answered > 0 {
			res.Sections = append(res.Sections, *acc[sec])
		}
	}
	slices.SortStableFunc(res.Sections, func(a, b SectionAccuracy) int {
		// a.Right/a.Answered < b.Right/b.Answered, without rounding.
		return cmp.Compare(a.Right*b.Answered, b.Right*a.Answered)
	})
	return res
}

// RankQuizEntries sorts entries best first and sets their ranks: equal
// scores share a rank, the next one skipping as many places (1, 2, 2, 4),
// and are ordered by name, then member id.
func RankQuizEntries(entries []QuizEntry) {
	slices.SortFunc(entries, func(a, b QuizEntry) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return cmp.Compare(a.Member, b.Member)
	})
	for i := range entries {
		if i > 0 && entries[i].Score == entries[i-1].Score {
			entries[i].Rank = entries[i-1].Rank
		} else {
			entries[i].Rank = i + 1
		}
	}
}

// scoreBand is the index into QuizResults.Bands of a score.
func scoreBand(score int) int {
	switch {
	case score >= 90:
		return 0
	case score >= 80:
		return 1
	case score >= 70:
		return 2
	case score >= 60:
		return 3
	}
	return 4
}

// ReminderAt is when the reminder hours before the deadline falls due:
// moved back to the start of the quiet hours when it would fall in them.
func (q *Quiz) ReminderAt(hours int, quiet QuietHours, loc *time.Location) time.Time {
	return beforeQuiet(q.Deadline.Add(-time.Duration(hours)*time.Hour), quiet, loc)
}

// ReminderStep decides the reminder hours before the deadline at now,
// as Meeting.ReminderStep does for a meeting: due reminders go (late
// after MeetingLateAfter) until the deadline, never in the quiet hours;
// one that would fall before the quiz opened is skipped, one whose
// deadline passed is missed.
func (q *Quiz) ReminderStep(hours int, now time.Time, quiet QuietHours, loc *time.Location) ReminderStep {
	if q.State != QuizOpen || slices.Contains(q.Reminded, hours) {
		return ReminderDone
	}
	return reminderStep(q.ReminderAt(hours, quiet, loc), q.OpenedAt, q.Deadline, now, quiet, loc)
}
