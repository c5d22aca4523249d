package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/branchbot/branchbot"
)

// TestCheckConfigQuizBank: check-config names the question bank and its
// size, uses the built-in bank for the sample handbook, says when quizzes
// are off, and refuses a bad bank (YAML or CSV) with each problem at its
// line in the bank file.
func TestCheckConfigQuizBank(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	write("sample.yaml", string(branchbot.SampleHandbook))
	write("own.yaml", "sections:\n  - id: s1\n    title: 一\n    reading: r\n")
	config := func(handbook string, quiz ...string) {
		text := "branch:\n  name: 测试支部\n  secretaries: [1]\nstudy:\n  handbook: " + handbook + "\n"
		if len(quiz) > 0 {
			text += "quiz:\n  " + strings.Join(quiz, "\n  ") + "\n"
		}
		write("config.yaml", text)
	}
	check := func() (string, error) {
		var out bytes.Buffer
		err := run(context.Background(), []string{"check-config", filepath.Join(dir, "config.yaml")}, noEnv, &out, io.Discard)
		return out.String(), err
	}

	config("sample.yaml")
	out, err := check()
	if err != nil {
		t.Fatal(err)
	}
	if want := "quiz bank quiz_bank.example.yaml (built in): 59 questions over 22 sections (single 27, multiple 14, truefalse 18)\n"; !strings.HasSuffix(out, want) {
		t.Errorf("sample handbook: printed %q, want it to end in %q", out, want)
	}

	config("own.yaml")
	if out, err := check(); err != nil || !strings.HasSuffix(out, "quiz bank: none, quizzes are off (set quiz.bank)\n") {
		t.Errorf("own handbook, no bank: %q, %v", out, err)
	}

	bank := write("bank.csv", "id,section,kind,text,option_a,option_b,answer,explanation\nq1,s1,判断,对吗？,,,对,是的。\nq2,s1,单选,哪个？,甲,乙,B,乙。\n")
	config("own.yaml", "bank: bank.csv", "questions: 2")
	if out, err := check(); err != nil || !strings.HasSuffix(out, "quiz bank "+bank+": 2 questions over 1 sections (single 1, multiple 0, truefalse 1)\n") {
		t.Errorf("CSV bank: %q, %v", out, err)
	}

	bad := write("bad.yaml", "questions:\n  - id: q1\n    section: s2\n    kind: single\n    text: 哪个？\n    options: [甲, 乙]\n    answer: [A, B]\n    explanation: 因为。\n")
	config("own.yaml", "bank: bad.yaml", "questions: 1")
	_, err = check()
	for _, w := range []string{
		"config.yaml:7: quiz.bank: question bank " + bad + ":",
		bad + `:3: questions[0] (id "q1"): section: no section "s2" in the handbook`,
		bad + `:7: questions[0] (id "q1"): answer: 2 answers, a single question has exactly one`,
	} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("error\n%v\nlacks %q", err, w)
		}
	}

	badCSV := write("bad.csv", "id,section,kind,text,option_a,option_b,answer,explanation\nq1,s1,判断,对吗？,,,也许,是的。\n")
	config("own.yaml", "bank: bad.csv", "questions: 1")
	if _, err := check(); err == nil || !strings.Contains(err.Error(), badCSV+`:2: answer: want true or false (对 or 错), got "也许"`) {
		t.Errorf("bad CSV: %v", err)
	}
}
