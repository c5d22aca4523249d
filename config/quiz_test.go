package config

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
)

// quizHandbook has the sections s1 and s2 the bank fixtures refer to.
func quizHandbook() *branchbot.Handbook {
	return &branchbot.Handbook{Sections: []branchbot.Section{{ID: "s1", Title: "一", Reading: "r"}, {ID: "s2", Title: "二", Reading: "r"}}}
}

func sampleHandbook(t *testing.T) *branchbot.Handbook {
	t.Helper()
	hb, err := parseHandbook("handbook.example.yaml", branchbot.SampleHandbook)
	if err != nil {
		t.Fatal(err)
	}
	return hb
}

// wantLines checks that err lists exactly want, one a line after the
// first ("question bank PATH:").
func wantLines(t *testing.T, err error, want []string) {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	got := strings.Split(err.Error(), "\n")[1:]
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestSampleQuizBank: the built-in bank validates against the sample
// handbook, has at least 40 questions of every kind, covers every section
// and is complete in English.
func TestSampleQuizBank(t *testing.T) {
	hb := sampleHandbook(t)
	qb, err := parseQuizBank(SampleQuizBankName, branchbot.SampleQuizBank, hb)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(qb.Questions); n < 40 {
		t.Errorf("%d questions, want at least 40", n)
	}
	kinds := map[branchbot.QuestionKind]int{}
	sections := map[string]int{}
	for _, q := range qb.Questions {
		kinds[q.Kind]++
		sections[q.Section]++
		if q.TextEN == "" || q.ExplanationEN == "" || len(q.OptionsEN) != len(q.Options) {
			t.Errorf("%s lacks English", q.ID)
		}
	}
	for _, k := range []branchbot.QuestionKind{branchbot.SingleChoice, branchbot.MultipleChoice, branchbot.TrueFalse} {
		if kinds[k] < 8 {
			t.Errorf("%d %s questions, want a good mix (at least 8)", kinds[k], k)
		}
	}
	for _, s := range hb.Sections {
		if sections[s.ID] == 0 {
			t.Errorf("section %s has no question", s.ID)
		}
	}
	t.Logf("sample bank: %d questions over %d sections, %v", len(qb.Questions), len(sections), kinds)
}

// TestQuizBankYAMLErrors: every problem of a bank file at once, each at the
// line of its field (or its question), in the file's order; unknown keys
// refused.
func TestQuizBankYAMLErrors(t *testing.T) {
	path := filepath.Join("testdata", "quiz", "bad.yaml")
	_, err := loadQuizBank(path, quizHandbook())
	p := path + ":"
	wantLines(t, err, []string{
		p + `10: questions[1] (id "Bad_ID"): id: must be 1 to 32 of a-z, 0-9 and -`,
		p + `11: questions[1] (id "Bad_ID"): section: no section "nowhere" in the handbook`,
		p + `14: questions[1] (id "Bad_ID"): options[1]: the same as options[0]`,
		p + `15: questions[1] (id "Bad_ID"): answer: C is not one of the 2 options`,
		p + `21: questions[2] (id "tf"): options: a true/false question has no options (its answer is true or false)`,
		p + `22: questions[2] (id "tf"): answer: want true or false (对 or 错), got "maybe"`,
		p + `24: questions[3] (id "multi"): explanation: required`,
		p + `27: questions[3] (id "multi"): text: required`,
		p + `30: questions[3] (id "multi"): options[1]: empty`,
		p + `32: questions[3] (id "multi"): options_en: 2 options, but options has 3; give each option in English or none`,
		p + `33: questions[3] (id "multi"): answer: want the letters of the right options, such as B or [A, C], got "1"`,
		p + `34: questions[4] (id "ok"): id: duplicate of questions[0]`,
		p + `36: questions[4] (id "ok"): kind: must be single, multiple or truefalse, got "essay"`,
	})

	path = filepath.Join("testdata", "quiz", "unknown.yaml")
	_, err = loadQuizBank(path, quizHandbook())
	wantLines(t, err, []string{path + ":6: optons: unknown key"})

	if _, err := parseQuizBank("empty.yaml", nil, nil); err == nil || err.Error() != "question bank empty.yaml: the file is empty" {
		t.Errorf("empty file: %v", err)
	}
	_, err = parseQuizBank("none.yaml", []byte("questions: []\n"), nil)
	wantLines(t, err, []string{"none.yaml:1: questions: none; a question bank needs at least one question"})
}

// TestQuizBankCSV: a CSV bank (with a byte order mark, CRLF header, quoted
// fields, Chinese kinds and an empty row) reads into the same questions as
// the YAML sample bank has under the same ids.
func TestQuizBankCSV(t *testing.T) {
	hb := sampleHandbook(t)
	got, err := loadQuizBank(filepath.Join("testdata", "quiz", "sample.csv"), hb)
	if err != nil {
		t.Fatal(err)
	}
	sample, err := parseQuizBank(SampleQuizBankName, branchbot.SampleQuizBank, hb)
	if err != nil {
		t.Fatal(err)
	}
	byID := sample.ByID()
	if len(got.Questions) != 3 {
		t.Fatalf("%d questions, want 3", len(got.Questions))
	}
	for _, q := range got.Questions {
		if want := byID[q.ID]; want == nil || !reflect.DeepEqual(q, *want) {
			t.Errorf("CSV question\n%+v\nwant\n%+v", q, want)
		}
	}
}

// TestQuizBankCSVErrors: problems as FILE:LINE: column: problem, the line
// being the field's even after a field spanning two lines; a bad header is
// refused before any row.
func TestQuizBankCSVErrors(t *testing.T) {
	path := filepath.Join("testdata", "quiz", "bad.csv")
	_, err := loadQuizBank(path, quizHandbook())
	p := path + ":"
	wantLines(t, err, []string{
		p + `3: section: no section "s9" in the handbook`,
		p + `3: option_b: empty`,
		p + `3: answer: D is not one of the 3 options`,
		p + `5: answer: want true or false (对 or 错), got "也许"`,
		p + `6: explanation: required`,
		p + `6: option_a to option_f: 2, a multiple question needs 3 to 6`,
		p + `6: answer: C is not one of the 2 options`,
		p + `7: 4 fields, but the header has 9 columns`,
	})

	path = filepath.Join("testdata", "quiz", "header.csv")
	_, err = loadQuizBank(path, quizHandbook())
	p = path + ":"
	wantLines(t, err, []string{
		p + `1: "txt": unknown column (did you mean "text"?)`,
		p + `1: answer: column given twice`,
		p + `1: text: missing column (the header needs id, section, kind, text, answer, explanation)`,
		p + `1: explanation: missing column (the header needs id, section, kind, text, answer, explanation)`,
	})

	_, err = parseQuizCSV("q.csv", []byte("id,section,kind,text,answer,explanation\na,s1,single,\"unclosed,A,x\n"), nil)
	wantLines(t, err, []string{`q.csv:2: extraneous or missing " in quoted-field`})
}

func TestParseAnswer(t *testing.T) {
	tests := []struct {
		kind   branchbot.QuestionKind
		tokens []string
		want   []int
		bad    bool
	}{
		{branchbot.SingleChoice, []string{"B"}, []int{1}, false},
		{branchbot.SingleChoice, []string{"b"}, []int{1}, false},
		{branchbot.MultipleChoice, []string{"C", "A"}, []int{0, 2}, false},
		{branchbot.MultipleChoice, []string{"AC"}, []int{0, 2}, false},
		{branchbot.MultipleChoice, []string{"A、C，D"}, []int{0, 2, 3}, false},
		{branchbot.MultipleChoice, []string{"A, A"}, []int{0, 0}, false}, // Validate reports it
		{branchbot.SingleChoice, []string{"1"}, nil, true},
		{branchbot.SingleChoice, []string{""}, nil, true},
		{branchbot.SingleChoice, []string{"甲"}, nil, true},
		{branchbot.TrueFalse, []string{"true"}, []int{0}, false},
		{branchbot.TrueFalse, []string{"False"}, []int{1}, false},
		{branchbot.TrueFalse, []string{"对"}, []int{0}, false},
		{branchbot.TrueFalse, []string{"错误"}, []int{1}, false},
		{branchbot.TrueFalse, []string{"A"}, nil, true},
		{branchbot.TrueFalse, []string{"true", "false"}, nil, true},
	}
	for _, tt := range tests {
		got, err := parseAnswer(tt.kind, tt.tokens)
		if (err != nil) != tt.bad || !slices.Equal(got, tt.want) {
			t.Errorf("parseAnswer(%s, %q) = %v, %v; want %v, error %v", tt.kind, tt.tokens, got, err, tt.want, tt.bad)
		}
	}
	for in, want := range map[string]branchbot.QuestionKind{"单选题": "single", " Multiple ": "multiple", "判断": "truefalse", "essay": "essay"} {
		if got := parseKind(in); got != want {
			t.Errorf("parseKind(%q) = %q, want %q", in, got, want)
		}
	}
}

// quizConfig writes a configuration file with a handbook (the sample
// handbook when sample is set) and the quiz lines given, and parses it.
func quizConfig(t *testing.T, sample bool, files map[string]string, quiz ...string) (*Config, error) {
	t.Helper()
	dir := t.TempDir()
	hb := "sections:\n  - id: s1\n    title: 一\n    reading: r\n  - id: s2\n    title: 二\n    reading: r\n"
	if sample {
		hb = string(branchbot.SampleHandbook)
	}
	files["handbook.yaml"] = hb
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, "config.yaml")
	return Parse(path, []byte(lines(append([]string{
		"branch:", "  name: 测试支部", "  secretaries: [1]", "study:", "  handbook: handbook.yaml", "quiz:"}, quiz...)...)), noEnv)
}

// TestQuizConfig: the defaults, the built-in bank for the sample handbook
// only, a bank file relative to the configuration, and every setting's
// check at its line.
func TestQuizConfig(t *testing.T) {
	cfg, err := quizConfig(t, true, map[string]string{}, "  top: 5")
	if err != nil {
		t.Fatal(err)
	}
	q := cfg.Quiz
	if q.Questions != 20 || q.Duration != 7 || q.PassMark != 60 || q.Commend != 90 || q.Scoreboard != "top" || q.Top != 5 || !slices.Equal(q.Remind, []int{48, 6}) {
		t.Errorf("quiz settings %+v", q)
	}
	if qb := cfg.QuizBank(); qb == nil || len(qb.Questions) < 40 || cfg.QuizBankName() != SampleQuizBankName {
		t.Errorf("the sample handbook without quiz.bank: bank %v from %q, want the built-in bank", qb != nil, cfg.QuizBankName())
	}
	if got := cfg.QuizReminders(); !slices.Equal(got, []time.Duration{48 * time.Hour, 6 * time.Hour}) {
		t.Errorf("QuizReminders = %v", got)
	}

	_, err = quizConfig(t, true, map[string]string{}, "  questions: 60")
	if got := problems(t, err); len(got) != 1 || !strings.HasSuffix(got[0], ":7: quiz.questions: 60, but the question bank "+SampleQuizBankName+" has only 59 questions") {
		t.Errorf("more questions than the sample bank has: %q", got)
	}

	cfg, err = quizConfig(t, false, map[string]string{}, "  questions: 5")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.QuizBank() != nil || cfg.QuizBankName() != "" {
		t.Error("a handbook of the branch's own without quiz.bank gets a bank")
	}

	bank := "questions:\n  - {id: a, section: s2, kind: truefalse, text: 是吗？, answer: 对, explanation: 是。}\n"
	_, err = quizConfig(t, false, map[string]string{"bank.yaml": bank}, "  bank: bank.yaml", "  questions: 1", "  remind: [6, 48, 6]")
	if err == nil {
		t.Fatal("a reminder given twice passes")
	}
	cfg, err = quizConfig(t, false, map[string]string{"bank.yaml": bank}, "  bank: bank.yaml", "  questions: 1", "  remind: []")
	if err != nil {
		t.Fatal(err)
	}
	if qb := cfg.QuizBank(); qb == nil || qb.Questions[0].Answer[0] != 0 || len(cfg.QuizReminders()) != 0 {
		t.Errorf("bank.yaml: %+v, reminders %v", qb, cfg.QuizReminders())
	}

	_, err = quizConfig(t, false, map[string]string{"bank.yaml": bank},
		"  bank: bank.yaml", // 7
		"  questions: 2",    // 8
		"  duration: 3",     // 9
		"  pass_mark: 80",   // 10
		"  commend: 70",     // 11
		"  scoreboard: all", // 12
		"  top: 0",          // 13
		"  remind:",         // 14
		"    - 72",          // 15
		"    - 0",           // 16
		"    - 72",          // 17
		"  quizz: 1",        // 18
	)
	got := problems(t, err)
	for i := range got {
		got[i] = got[i][strings.Index(got[i], "config.yaml:"):]
	}
	want := []string{
		`config.yaml:8: quiz.questions: 2, but the question bank bank.yaml has only 1 questions`,
		`config.yaml:11: quiz.commend: must be at least quiz.pass_mark (80), got 70`,
		`config.yaml:12: quiz.scoreboard: must be one of "full", "top", "distribution", got "all"`,
		`config.yaml:13: quiz.top: must be from 1 to 100, got 0`,
		`config.yaml:15: quiz.remind[0]: 72 hours is not within the 3 days of quiz.duration (at most 71)`,
		`config.yaml:16: quiz.remind[1]: must be a positive number of hours before the deadline, got 0`,
		`config.yaml:17: quiz.remind[2]: 72 hours is given twice (also quiz.remind[0])`,
		`config.yaml:18: quiz.quizz: unknown key`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	_, err = quizConfig(t, false, map[string]string{}, "  questions: 0", "  duration: 91", "  pass_mark: 101", "  commend: 0")
	got = problems(t, err)
	for _, w := range []string{
		":7: quiz.questions: must be from 1 to 100, got 0",
		":8: quiz.duration: must be from 1 to 90 days, got 91",
		":9: quiz.pass_mark: must be a percentage from 1 to 100, got 101",
		":10: quiz.commend: must be a percentage from 1 to 100, got 0",
	} {
		if !slices.ContainsFunc(got, func(s string) bool { return strings.HasSuffix(s, w) }) {
			t.Errorf("problems\n%s\nlack %q", strings.Join(got, "\n"), w)
		}
	}

	// A bank's own problems are listed under quiz.bank with their lines
	// in the bank file; a missing file says so.
	_, err = quizConfig(t, false, map[string]string{"bank.csv": "id,section,kind,text,answer,explanation\na,s3,single,问？,A,x\n"}, "  bank: bank.csv", "  questions: 1")
	got = problems(t, err)
	if len(got) != 1 || !strings.Contains(got[0], ":7: quiz.bank: question bank ") || !strings.Contains(got[0], "bank.csv:2: section: no section \"s3\" in the handbook") ||
		!strings.Contains(got[0], "bank.csv:2: option_a to option_f: 0, a single question needs 2 to 6") {
		t.Errorf("problems %q", got)
	}
	_, err = quizConfig(t, false, map[string]string{}, "  bank: nope.yaml")
	if got := problems(t, err); len(got) != 1 || !strings.Contains(got[0], "quiz.bank: question bank: open ") {
		t.Errorf("missing file: %q", got)
	}
}

// FuzzQuizBank: the YAML and CSV readers never panic, and whatever they
// accept passes Validate.
func FuzzQuizBank(f *testing.F) {
	for _, name := range []string{"bad.yaml", "unknown.yaml", "bad.csv", "header.csv", "sample.csv"} {
		data, err := os.ReadFile(filepath.Join("testdata", "quiz", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add(branchbot.SampleQuizBank)
	hb := quizHandbook()
	f.Fuzz(func(t *testing.T, data []byte) {
		if qb, err := parseQuizBank("f.yaml", data, hb); err == nil {
			if err := qb.Validate(hb); err != nil {
				t.Fatalf("YAML accepted, Validate: %v", err)
			}
		}
		if qb, err := parseQuizCSV("f.csv", data, hb); err == nil {
			if err := qb.Validate(hb); err != nil {
				t.Fatalf("CSV accepted, Validate: %v", err)
			}
		}
	})
}
