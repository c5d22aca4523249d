package branchbot

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// ErrInvalidQuizBank is what every problem found by QuestionBank.Validate
// wraps, so callers can tell a bad bank from a failure to read one.
var ErrInvalidQuizBank = errors.New("invalid question bank")

// QuizBankError is one problem QuestionBank.Validate found. Its message
// names the question by index and id and the field by its YAML name, so an
// operator can find it in the file:
//
//	questions[3] (id "ch7-punish"): answer: C is not one of the 2 options
type QuizBankError struct {
	Question int    // index into Questions, or -1 for the bank as a whole
	ID       string // the question's id, if it has one
	Field    string // YAML name of the field, e.g. "answer" or "options[1]"
	Problem  string // what is wrong, e.g. "required"
}

// Error formats the problem as described on QuizBankError.
func (e *QuizBankError) Error() string {
	return itemProblem("questions", e.Question, e.ID, e.Field, e.Problem)
}

// Unwrap returns ErrInvalidQuizBank.
func (e *QuizBankError) Unwrap() error { return ErrInvalidQuizBank }

// OptionLetter is the letter an option is shown and written with: A for
// index 0, B for 1, and so on.
func OptionLetter(i int) string { return string(rune('A' + i)) }

// Validate checks the whole bank and reports every problem at once, as an
// errors.Join of *QuizBankError values. Each question needs a unique id, a
// section of h (not checked when h is nil), a kind, a text and an
// explanation within their lengths; single-choice questions have 2 to 6
// options and one answer, multiple-choice ones 3 to 6 options and one or
// more answers, true/false ones no options and one answer (0 true, 1
// false); answers are in range and in increasing order; the English lists,
// when given, are as long as the Chinese ones. It returns nil for a valid
// bank.
func (qb *QuestionBank) Validate(h *Handbook) error {
	var errs []error
	add := func(i int, id, field, format string, args ...any) {
		errs = append(errs, &QuizBankError{Question: i, ID: id, Field: field, Problem: fmt.Sprintf(format, args...)})
	}
	if len(qb.Questions) == 0 {
		add(-1, "", "questions", "none; a question bank needs at least one question")
	}
	seen := make(map[string]int, len(qb.Questions))
	for i := range qb.Questions {
		q := &qb.Questions[i]
		id := q.ID
		switch {
		case id == "":
			add(i, "", "id", "required")
		case !validQuestionID(id):
			add(i, id, "id", "must be 1 to %d of a-z, 0-9 and -", MaxQuizQuestionIDLen)
		}
		if id != "" {
			if j, dup := seen[id]; dup {
				add(i, id, "id", "duplicate of questions[%d]", j)
			} else {
				seen[id] = i
			}
		}
		switch {
		case q.Section == "":
			add(i, id, "section", "required")
		case h != nil && h.Index(q.Section) < 0:
			add(i, id, "section", "no section %q in the handbook", q.Section)
		}
		checkText(q, func(field, format string, args ...any) { add(i, id, field, format, args...) })
		checkOptions(q, func(field, format string, args ...any) { add(i, id, field, format, args...) })
	}
	return errors.Join(errs...)
}

// problemFunc records one problem of a question's field.
type problemFunc func(field, format string, args ...any)

// checkText checks the text and explanation of q, in both languages.
func checkText(q *Question, add problemFunc) {
	check := func(field, v string, required bool, max int) {
		switch n := utf8.RuneCountInString(v); {
		case strings.TrimSpace(v) == "":
			if required {
				add(field, "required")
			} else if v != "" {
				add(field, "only spaces")
			}
		case n > max:
			add(field, "%d characters, at most %d", n, max)
		}
	}
	check("text", q.Text, true, MaxQuizTextLen)
	check("text_en", q.TextEN, false, MaxQuizTextLen)
	check("explanation", q.Explanation, true, MaxQuizExplanationLen)
	check("explanation_en", q.ExplanationEN, false, MaxQuizExplanationLen)
}

// checkOptions checks the kind, options and answer of q.
func checkOptions(q *Question, add problemFunc) {
	n := len(q.Options)
	var min int
	switch q.Kind {
	case SingleChoice:
		min = 2
	case MultipleChoice:
		min = 3
	case TrueFalse:
		if n > 0 {
			add("options", "a true/false question has no options (its answer is true or false)")
		}
		if len(q.OptionsEN) > 0 {
			add("options_en", "a true/false question has no options")
		}
		n = 2
	case "":
		add("kind", "required: single, multiple or truefalse")
		return
	default:
		add("kind", "must be single, multiple or truefalse, got %q", q.Kind)
		return
	}
	if q.Kind != TrueFalse {
		switch {
		case n < min:
			add("options", "%d, a %s question needs %d to %d", n, q.Kind, min, MaxQuizOptions)
		case n > MaxQuizOptions:
			add("options", "%d, at most %d", n, MaxQuizOptions)
		}
		checkOptionList("options", q.Options, add)
		if len(q.OptionsEN) > 0 {
			if len(q.OptionsEN) != n {
				add("options_en", "%d options, but options has %d; give each option in English or none", len(q.OptionsEN), n)
			}
			checkOptionList("options_en", q.OptionsEN, add)
		}
	}
	checkAnswer(q, n, add)
}

// checkOptionList checks each option: not empty, on one line, not too long,
// not the same as another.
func checkOptionList(field string, opts []string, add problemFunc) {
	first := map[string]int{}
	for j, o := range opts {
		f := fmt.Sprintf("%s[%d]", field, j)
		o = strings.TrimSpace(o)
		switch n := utf8.RuneCountInString(o); {
		case o == "":
			add(f, "empty")
		case n > MaxQuizOptionLen:
			add(f, "%d characters, at most %d", n, MaxQuizOptionLen)
		case strings.ContainsAny(o, "\n\r\t"):
			add(f, "contains a line break or tab")
		}
		if o == "" {
			continue
		}
		if k, dup := first[o]; dup {
			add(f, "the same as %s[%d]", field, k)
		} else {
			first[o] = j
		}
	}
}

// checkAnswer checks that q's answer fits its kind and its n options.
func checkAnswer(q *Question, n int, add problemFunc) {
	a := q.Answer
	switch {
	case len(a) == 0:
		add("answer", "required")
		return
	case q.Kind != MultipleChoice && len(a) > 1:
		add("answer", "%d answers, a %s question has exactly one", len(a), q.Kind)
		return
	}
	for j, x := range a {
		switch {
		case x < 0 || x >= n:
			add("answer", "%s is not one of the %d options", answerName(q.Kind, x), n)
		case j > 0 && x <= a[j-1]:
			add("answer", "not in increasing order or given twice (%s after %s)", answerName(q.Kind, x), answerName(q.Kind, a[j-1]))
		}
	}
}

// answerName writes an answer index as a file writes it: a letter, or
// true/false for a true/false question.
func answerName(k QuestionKind, x int) string {
	switch {
	case k == TrueFalse && x == 0:
		return "true"
	case k == TrueFalse && x == 1:
		return "false"
	case x >= 0 && x < 26:
		return OptionLetter(x)
	}
	return fmt.Sprint(x)
}

func validQuestionID(id string) bool {
	return len(id) <= MaxQuizQuestionIDLen && validSectionID(id)
}

// ByID returns the bank's questions by id, pointing into Questions.
func (qb *QuestionBank) ByID() map[string]*Question {
	m := make(map[string]*Question, len(qb.Questions))
	for i := range qb.Questions {
		m[qb.Questions[i].ID] = &qb.Questions[i]
	}
	return m
}
