package config

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"time"

	"github.com/branchbot/branchbot"
)

// QuizConfig configures the quarterly quiz from the question bank
// (题库考学) and its scoreboard (张榜).
type QuizConfig struct {
	// Bank is the question bank, relative to the configuration file's
	// directory: YAML, or CSV when the name ends in .csv. Empty means the
	// built-in sample bank when study.handbook is the sample handbook,
	// and no quizzes otherwise.
	Bank string `yaml:"bank"`
	// Questions is how many questions /quiz open draws when it is not
	// told, 1 to 100.
	Questions int `yaml:"questions"`
	// Duration is how many days a quiz stays open when /quiz open gives no
	// date, 1 to 90.
	Duration int `yaml:"duration"`
	// PassMark is the score, in percent, from which an attempt passes.
	PassMark int `yaml:"pass_mark"`
	// Commend is the score, in percent, from which a member is on the
	// commendation list sent to the secretary; at least PassMark.
	Commend int `yaml:"commend"`
	// Scoreboard is what the branch group chat is shown when a quiz
	// closes: full (every member ranked), top (the best Top only) or
	// distribution (how many in each score band, no names below the
	// pass mark).
	Scoreboard string `yaml:"scoreboard"`
	// Top is how many names a top scoreboard shows, 1 to 100.
	Top int `yaml:"top"`
	// Remind lists how many hours before the deadline those who have not
	// finished are reminded; empty for no reminders.
	Remind []int `yaml:"remind" item:"a number of hours"`
}

// The values of quiz.scoreboard.
const (
	ScoreboardFull         = "full"
	ScoreboardTop          = "top"
	ScoreboardDistribution = "distribution"
)

// Limits of the quiz settings.
const (
	maxQuizQuestions = 100
	maxQuizDays      = 90
	maxQuizTop       = 100
)

func defaultQuiz() QuizConfig {
	return QuizConfig{
		Questions:  20,
		Duration:   7,
		PassMark:   60,
		Commend:    90,
		Scoreboard: ScoreboardTop,
		Top:        10,
		Remind:     []int{48, 6},
	}
}

// quizSetup is the quiz configuration loaded: the bank and where it came
// from.
type quizSetup struct {
	bank *branchbot.QuestionBank
	// path names the bank in messages: its file, or the built-in sample.
	path string
}

// SampleQuizBankName names the built-in sample bank in messages.
const SampleQuizBankName = "quiz_bank.example.yaml (built in)"

// validate checks the quiz settings and loads the bank; st is the study
// setup, for the handbook the bank's sections are checked against.
func (q *QuizConfig) validate(v *validator, st *studySetup) *quizSetup {
	if q.Questions < 1 || q.Questions > maxQuizQuestions {
		v.errorf("quiz.questions", "must be from 1 to %d, got %d", maxQuizQuestions, q.Questions)
	}
	okDays := q.Duration >= 1 && q.Duration <= maxQuizDays
	if !okDays {
		v.errorf("quiz.duration", "must be from 1 to %d days, got %d", maxQuizDays, q.Duration)
	}
	okPass := q.PassMark >= 1 && q.PassMark <= 100
	if !okPass {
		v.errorf("quiz.pass_mark", "must be a percentage from 1 to 100, got %d", q.PassMark)
	}
	switch {
	case q.Commend < 1 || q.Commend > 100:
		v.errorf("quiz.commend", "must be a percentage from 1 to 100, got %d", q.Commend)
	case okPass && q.Commend < q.PassMark:
		v.errorf("quiz.commend", "must be at least quiz.pass_mark (%d), got %d", q.PassMark, q.Commend)
	}
	v.oneOf("quiz.scoreboard", q.Scoreboard, ScoreboardFull, ScoreboardTop, ScoreboardDistribution)
	if q.Top < 1 || q.Top > maxQuizTop {
		v.errorf("quiz.top", "must be from 1 to %d, got %d", maxQuizTop, q.Top)
	}
	seen := map[int]int{}
	for i, h := range q.Remind {
		path := fmt.Sprintf("quiz.remind[%d]", i)
		if j, dup := seen[h]; dup {
			v.errorf(path, "%d hours is given twice (also quiz.remind[%d])", h, j)
			continue
		}
		seen[h] = i
		switch {
		case h < 1:
			v.errorf(path, "must be a positive number of hours before the deadline, got %d", h)
		case okDays && h >= q.Duration*24:
			v.errorf(path, "%d hours is not within the %d days of quiz.duration (at most %d)", h, q.Duration, q.Duration*24-1)
		}
	}

	var hb *branchbot.Handbook
	if st != nil {
		hb = st.handbook
	}
	if q.Bank == "" {
		if st == nil || hb == nil || !bytes.Equal(st.handbookData, branchbot.SampleHandbook) {
			return nil
		}
		bank, err := parseQuizBank(SampleQuizBankName, branchbot.SampleQuizBank, hb)
		if err != nil { // the sample bank's own test keeps this from happening
			v.errorf("study.handbook", "%v", err)
			return nil
		}
		q.checkSize(v, bank, SampleQuizBankName)
		return &quizSetup{bank: bank, path: SampleQuizBankName}
	}
	path := q.Bank
	if !filepath.IsAbs(path) {
		path = filepath.Join(v.dir, path)
	}
	bank, err := loadQuizBank(path, hb)
	if err != nil {
		v.errorf("quiz.bank", "%v", err)
		return nil
	}
	q.checkSize(v, bank, q.Bank)
	return &quizSetup{bank: bank, path: path}
}

// checkSize refuses a default number of questions the bank cannot give.
func (q *QuizConfig) checkSize(v *validator, bank *branchbot.QuestionBank, name string) {
	if len(bank.Questions) < q.Questions {
		v.errorf("quiz.questions", "%d, but the question bank %s has only %d questions", q.Questions, name, len(bank.Questions))
	}
}

// QuizBank returns the question bank validation loaded from quiz.bank, or
// the built-in sample bank when quiz.bank is empty and study.handbook is
// the sample handbook; nil when quizzes are off. Its questions have passed
// branchbot.QuestionBank.Validate against Handbook().
func (c *Config) QuizBank() *branchbot.QuestionBank {
	if c.quiz == nil {
		return nil
	}
	return c.quiz.bank
}

// QuizBankName returns where the question bank came from, for messages:
// its file, or SampleQuizBankName; "" when quizzes are off.
func (c *Config) QuizBankName() string {
	if c.quiz == nil {
		return ""
	}
	return c.quiz.path
}

// QuizReminders returns quiz.remind as durations before the deadline,
// longest first.
func (c *Config) QuizReminders() []time.Duration {
	out := make([]time.Duration, 0, len(c.Quiz.Remind))
	for _, h := range c.Quiz.Remind {
		out = append(out, time.Duration(h)*time.Hour)
	}
	slices.Sort(out)
	slices.Reverse(out)
	return slices.Compact(out)
}

// QuizRules are the quiz settings as the branch's rules take them. An
// empty quiz.remind stays empty (no reminders) rather than taking the
// defaults.
func (c *Config) QuizRules() branchbot.QuizRules {
	q := c.Quiz
	remind := make([]int, len(q.Remind))
	copy(remind, q.Remind)
	return branchbot.QuizRules{
		Questions:  q.Questions,
		Days:       q.Duration,
		PassMark:   q.PassMark,
		Commend:    q.Commend,
		Scoreboard: branchbot.ScoreboardMode(q.Scoreboard),
		Top:        q.Top,
		Remind:     remind,
	}
}
