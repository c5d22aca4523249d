package branchbot

// QuestionKind is the kind of a quiz question.
type QuestionKind string

// The kinds of quiz questions.
const (
	// SingleChoice has two or more options and exactly one right answer.
	SingleChoice QuestionKind = "single"
	// MultipleChoice has three or more options and one or more right
	// answers; it counts as right only when exactly the right options are
	// chosen.
	MultipleChoice QuestionKind = "multiple"
	// TrueFalse has the two options 对/错 (true/false); Answer is 0 for
	// true and 1 for false.
	TrueFalse QuestionKind = "truefalse"
)

// Limits on a question bank, in characters (runes).
const (
	MaxQuizQuestionIDLen  = 32
	MaxQuizTextLen        = 300
	MaxQuizOptionLen      = 100
	MaxQuizOptions        = 6
	MaxQuizExplanationLen = 200
)

// Question is one question of the branch's question bank (题库).
type Question struct {
	// ID names the question in attempts and callback data: 1 to 32 of
	// a-z, 0-9 and '-', unique in the bank, never changed once asked.
	ID string `yaml:"id" json:"id"`
	// Section is the id of the handbook section the question is about.
	Section string `yaml:"section" json:"section"`
	// Kind is single, multiple or truefalse.
	Kind QuestionKind `yaml:"kind" json:"kind"`
	// Text is the question in Chinese; TextEN in English (optional).
	Text   string `yaml:"text" json:"text"`
	TextEN string `yaml:"text_en" json:"text_en,omitempty"`
	// Options are the choices in the bank's order (empty for truefalse);
	// OptionsEN, when given, has the same length.
	Options   []string `yaml:"options" json:"options,omitempty"`
	OptionsEN []string `yaml:"options_en" json:"options_en,omitempty"`
	// Answer lists the indexes into Options of the right options, in
	// increasing order: one for single and truefalse, one or more for
	// multiple.
	Answer []int `yaml:"answer" json:"answer"`
	// Explanation says why, shown after the quiz to those who got the
	// question wrong; at most 200 characters. ExplanationEN in English.
	Explanation   string `yaml:"explanation" json:"explanation"`
	ExplanationEN string `yaml:"explanation_en" json:"explanation_en,omitempty"`
}

// QuestionBank is the branch's question bank: every question a quiz may
// draw from.
type QuestionBank struct {
	Questions []Question `yaml:"questions" json:"questions"`
}
