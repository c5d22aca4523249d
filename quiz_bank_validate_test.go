package branchbot

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func quizHandbook() *Handbook {
	return &Handbook{Sections: []Section{{ID: "s1", Title: "一", Reading: "r"}, {ID: "s2", Title: "二", Reading: "r"}}}
}

func goodQuestion(id string) Question {
	return Question{
		ID: id, Section: "s1", Kind: SingleChoice, Text: "问？", TextEN: "Q?",
		Options: []string{"甲", "乙"}, OptionsEN: []string{"a", "b"}, Answer: []int{1},
		Explanation: "因为。", ExplanationEN: "Because.",
	}
}

// TestQuestionBankValidate: each kind of problem is reported with its
// question's index and id and the field, every one at once.
func TestQuestionBankValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(q *Question)
		want   []string // messages, in order
	}{
		{"valid single", func(q *Question) {}, nil},
		{"valid multiple", func(q *Question) {
			q.Kind, q.Options, q.OptionsEN, q.Answer = MultipleChoice, []string{"a", "b", "c"}, nil, []int{0, 2}
		}, nil},
		{"valid truefalse", func(q *Question) { q.Kind, q.Options, q.OptionsEN, q.Answer = TrueFalse, nil, nil, []int{1} }, nil},
		{"bad id", func(q *Question) { q.ID = "Q_1" }, []string{`questions[1] (id "Q_1"): id: must be 1 to 32 of a-z, 0-9 and -`}},
		{"id too long", func(q *Question) { q.ID = strings.Repeat("a", 33) }, []string{"id: must be 1 to 32"}},
		{"no id", func(q *Question) { q.ID = "" }, []string{"questions[1]: id: required"}},
		{"duplicate id", func(q *Question) { q.ID = "q0" }, []string{`questions[1] (id "q0"): id: duplicate of questions[0]`}},
		{"no section", func(q *Question) { q.Section = "" }, []string{"section: required"}},
		{"unknown section", func(q *Question) { q.Section = "s9" }, []string{`section: no section "s9" in the handbook`}},
		{"no kind", func(q *Question) { q.Kind = "" }, []string{"kind: required: single, multiple or truefalse"}},
		{"bad kind", func(q *Question) { q.Kind = "essay" }, []string{`kind: must be single, multiple or truefalse, got "essay"`}},
		{"no text", func(q *Question) { q.Text = " " }, []string{"text: required"}},
		{"long text", func(q *Question) { q.Text = strings.Repeat("字", 301) }, []string{"text: 301 characters, at most 300"}},
		{"spaces text_en", func(q *Question) { q.TextEN = "  " }, []string{"text_en: only spaces"}},
		{"no explanation", func(q *Question) { q.Explanation = "" }, []string{"explanation: required"}},
		{"long explanation", func(q *Question) { q.Explanation = strings.Repeat("字", 201) }, []string{"explanation: 201 characters, at most 200"}},
		{"long explanation_en", func(q *Question) { q.ExplanationEN = strings.Repeat("a", 201) }, []string{"explanation_en: 201 characters, at most 200"}},
		{"single one option", func(q *Question) { q.Options, q.OptionsEN, q.Answer = []string{"a"}, nil, []int{0} }, []string{"options: 1, a single question needs 2 to 6"}},
		{"multiple two options", func(q *Question) { q.Kind, q.OptionsEN = MultipleChoice, nil }, []string{"options: 2, a multiple question needs 3 to 6"}},
		{"seven options", func(q *Question) { q.Options, q.OptionsEN = []string{"a", "b", "c", "d", "e", "f", "g"}, nil }, []string{"options: 7, at most 6"}},
		{"truefalse options", func(q *Question) { q.Kind, q.Answer = TrueFalse, []int{0} }, []string{
			"options: a true/false question has no options", "options_en: a true/false question has no options",
		}},
		{"empty option", func(q *Question) { q.Options[0] = "" }, []string{"options[0]: empty"}},
		{"long option", func(q *Question) { q.Options[1] = strings.Repeat("字", 101) }, []string{"options[1]: 101 characters, at most 100"}},
		{"option line break", func(q *Question) { q.Options[1] = "a\nb" }, []string{"options[1]: contains a line break or tab"}},
		{"same options", func(q *Question) { q.Options[1] = "甲" }, []string{"options[1]: the same as options[0]"}},
		{"options_en length", func(q *Question) { q.OptionsEN = []string{"a"} }, []string{"options_en: 1 options, but options has 2"}},
		{"no answer", func(q *Question) { q.Answer = nil }, []string{"answer: required"}},
		{"two answers single", func(q *Question) { q.Answer = []int{0, 1} }, []string{"answer: 2 answers, a single question has exactly one"}},
		{"answer out of range", func(q *Question) { q.Answer = []int{2} }, []string{"answer: C is not one of the 2 options"}},
		{"truefalse out of range", func(q *Question) { q.Kind, q.Options, q.OptionsEN, q.Answer = TrueFalse, nil, nil, []int{2} }, []string{"answer: C is not one of the 2 options"}},
		{"unsorted", func(q *Question) {
			q.Kind, q.Options, q.OptionsEN, q.Answer = MultipleChoice, []string{"a", "b", "c"}, nil, []int{2, 0}
		}, []string{"answer: not in increasing order or given twice (A after C)"}},
		{"twice", func(q *Question) {
			q.Kind, q.Options, q.OptionsEN, q.Answer = MultipleChoice, []string{"a", "b", "c"}, nil, []int{1, 1}
		}, []string{"answer: not in increasing order or given twice (B after B)"}},
		{"several at once", func(q *Question) { q.Section, q.Text, q.Answer = "nope", "", []int{5} }, []string{
			"section: no section", "text: required", "answer: F is not one of the 2 options",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			qb := &QuestionBank{Questions: []Question{goodQuestion("q0"), goodQuestion("q1")}}
			tt.change(&qb.Questions[1])
			err := qb.Validate(quizHandbook())
			var got []string
			for _, e := range flattenErrors(err) {
				var qe *QuizBankError
				if !errors.As(e, &qe) || !errors.Is(e, ErrInvalidQuizBank) {
					t.Fatalf("%v (%T) is not a *QuizBankError wrapping ErrInvalidQuizBank", e, e)
				}
				if qe.Question != 1 {
					t.Errorf("%v: question %d, want 1", e, qe.Question)
				}
				got = append(got, e.Error())
			}
			if len(got) != len(tt.want) {
				t.Fatalf("problems\n%s\nwant %d: %q", strings.Join(got, "\n"), len(tt.want), tt.want)
			}
			for i, w := range tt.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("problem %d %q lacks %q", i, got[i], w)
				}
			}
		})
	}
}

// TestQuestionBankValidateEmpty: an empty bank is refused; a nil handbook
// skips the section check only.
func TestQuestionBankValidateEmpty(t *testing.T) {
	if err := (&QuestionBank{}).Validate(nil); err == nil || !strings.Contains(err.Error(), "questions: none") {
		t.Errorf("empty bank: %v", err)
	}
	q := goodQuestion("q0")
	q.Section = "anything"
	if err := (&QuestionBank{Questions: []Question{q}}).Validate(nil); err != nil {
		t.Errorf("without a handbook: %v", err)
	}
	q.Section = ""
	if err := (&QuestionBank{Questions: []Question{q}}).Validate(nil); err == nil {
		t.Error("a question without a section passes without a handbook")
	}
}

func TestByID(t *testing.T) {
	qb := &QuestionBank{Questions: []Question{goodQuestion("a"), goodQuestion("b")}}
	m := qb.ByID()
	if len(m) != 2 || m["b"] != &qb.Questions[1] {
		t.Errorf("ByID = %v", m)
	}
	if got := []string{OptionLetter(0), OptionLetter(5)}; !slices.Equal(got, []string{"A", "F"}) {
		t.Errorf("OptionLetter: %v", got)
	}
}

func flattenErrors(err error) []error {
	if err == nil {
		return nil
	}
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return []error{err}
	}
	var out []error
	for _, e := range j.Unwrap() {
		out = append(out, flattenErrors(e)...)
	}
	return out
}
