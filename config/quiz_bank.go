package config

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"

	"github.com/branchbot/branchbot"
)

// quizFile is a question bank as its YAML file writes it: the questions of
// branchbot.QuestionBank with a friendlier answer (see parseAnswer) and
// kind (see parseKind).
type quizFile struct {
	Questions []quizFileQuestion `yaml:"questions"`
}

type quizFileQuestion struct {
	ID            string    `yaml:"id"`
	Section       string    `yaml:"section"`
	Kind          string    `yaml:"kind"`
	Text          string    `yaml:"text"`
	TextEN        string    `yaml:"text_en"`
	Options       []string  `yaml:"options"`
	OptionsEN     []string  `yaml:"options_en"`
	Answer        yaml.Node `yaml:"answer"`
	Explanation   string    `yaml:"explanation"`
	ExplanationEN string    `yaml:"explanation_en"`
}

// loadQuizBank reads the question bank at path, YAML or (.csv) CSV, and
// validates it against hb (nil: sections unchecked).
func loadQuizBank(path string, hb *branchbot.Handbook) (*branchbot.QuestionBank, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("question bank: %w", err)
	}
	if strings.EqualFold(filepath.Ext(path), ".csv") {
		return parseQuizCSV(path, data, hb)
	}
	return parseQuizBank(path, data, hb)
}

// parseQuizBank decodes a YAML question bank, unknown keys refused, and
// validates it. Each problem is reported on a line of its own as
// PATH:LINE: questions[i] (id "…"): field: problem, the line being the
// field's in the file (or the question's).
func parseQuizBank(path string, data []byte, hb *branchbot.Handbook) (*branchbot.QuestionBank, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var f quizFile
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("question bank %s: the file is empty", path)
		}
		return nil, fmt.Errorf("question bank %s:\n%s", path, yamlDecodeProblems(path, err))
	}
	qb := &branchbot.QuestionBank{Questions: make([]branchbot.Question, len(f.Questions))}
	var errs []error
	for i, fq := range f.Questions {
		q := branchbot.Question{
			ID: fq.ID, Section: fq.Section, Kind: parseKind(fq.Kind), Text: fq.Text, TextEN: fq.TextEN,
			Options: fq.Options, OptionsEN: fq.OptionsEN, Explanation: fq.Explanation, ExplanationEN: fq.ExplanationEN,
		}
		if fq.Answer.Kind != 0 {
			var err error
			if q.Answer, err = parseAnswer(q.Kind, answerTokens(&fq.Answer)); err != nil {
				errs = append(errs, &branchbot.QuizBankError{Question: i, ID: q.ID, Field: "answer", Problem: err.Error()})
			}
		}
		qb.Questions[i] = q
	}
	if err := bankProblems(qb, hb, errs); err != nil {
		return nil, fmt.Errorf("question bank %s:\n%s", path, quizProblems(path, data, err))
	}
	return qb, nil
}

// bankProblems validates qb and adds the problems the file's own decoding
// found (errs, each a *QuizBankError), ordered by question; an answer that
// could not be read is not reported again as missing.
func bankProblems(qb *branchbot.QuestionBank, hb *branchbot.Handbook, errs []error) error {
	unread := map[int]bool{}
	for _, e := range errs {
		unread[e.(*branchbot.QuizBankError).Question] = true
	}
	for _, e := range flatten(qb.Validate(hb)) {
		var qe *branchbot.QuizBankError
		if errors.As(e, &qe) && qe.Field == "answer" && unread[qe.Question] {
			continue
		}
		if e != nil {
			errs = append(errs, e)
		}
	}
	slices.SortStableFunc(errs, func(a, b error) int {
		var qa, qb *branchbot.QuizBankError
		errors.As(a, &qa)
		errors.As(b, &qb)
		if qa == nil || qb == nil {
			return 0
		}
		return cmp.Compare(qa.Question, qb.Question)
	})
	return errors.Join(errs...)
}

// answerTokens lists the scalars of an answer node: the node itself, or the
// items of a sequence. A nested collection gives "" (an unreadable token).
func answerTokens(n *yaml.Node) []string {
	if n.Kind != yaml.SequenceNode {
		if n.Kind != yaml.ScalarNode {
			return []string{""}
		}
		return []string{n.Value}
	}
	out := make([]string, 0, len(n.Content))
	for _, c := range n.Content {
		if c.Kind != yaml.ScalarNode {
			out = append(out, "")
			continue
		}
		out = append(out, c.Value)
	}
	return out
}

// parseKind reads a question's kind: single, multiple or truefalse, or in
// Chinese 单选, 多选 or 判断 (题 allowed after them). Anything else is kept as
// written for Validate to refuse.
func parseKind(s string) branchbot.QuestionKind {
	switch k := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), "题"); k {
	case "single", "单选":
		return branchbot.SingleChoice
	case "multiple", "多选":
		return branchbot.MultipleChoice
	case "truefalse", "判断":
		return branchbot.TrueFalse
	}
	return branchbot.QuestionKind(s)
}

// trueFalseAnswers are how a file may write the answer of a true/false
// question.
var trueFalseAnswers = map[string]int{"true": 0, "对": 0, "正确": 0, "false": 1, "错": 1, "错误": 1}

// answerSeparators may stand between letters written in one value, as in
// "A,C" or "A、C".
const answerSeparators = " ,，、;；/"

// parseAnswer reads an answer as a bank file writes it into the option
// indexes of branchbot.Question.Answer, in increasing order: letters for a
// choice question (B; [A, C]; "AC" or "A、C" in one value, upper or lower
// case), true or false (对 or 错) for a true/false one. Letters out of the
// options' range and letters given twice are left for Validate to report.
func parseAnswer(kind branchbot.QuestionKind, tokens []string) ([]int, error) {
	if kind == branchbot.TrueFalse {
		if len(tokens) != 1 {
			return nil, errors.New("a true/false question has one answer: true or false (对 or 错)")
		}
		x, ok := trueFalseAnswers[strings.ToLower(strings.TrimSpace(tokens[0]))]
		if !ok {
			return nil, fmt.Errorf("want true or false (对 or 错), got %s", quote(tokens[0]))
		}
		return []int{x}, nil
	}
	var out []int
	for _, t := range tokens {
		letters := 0
		for _, r := range t {
			switch {
			case strings.ContainsRune(answerSeparators, r):
			case r < unicode.MaxASCII && unicode.IsLetter(r):
				out = append(out, int(unicode.ToUpper(r)-'A'))
				letters++
			default:
				letters = -1
			}
			if letters < 0 {
				break
			}
		}
		if letters <= 0 {
			return nil, fmt.Errorf("want the letters of the right options, such as B or [A, C], got %s", quote(t))
		}
	}
	slices.Sort(out)
	return out, nil
}

// yamlDecodeLineRE matches one problem of a yaml.TypeError.
var yamlDecodeLineRE = regexp.MustCompile(`^line (\d+): (.*)$`)

// yamlFieldRE matches the YAML library's message for an unknown key.
var yamlFieldRE = regexp.MustCompile(`^field (\S+) not found in type \S+$`)

// yamlDecodeProblems writes the YAML library's decoding errors one a line
// as PATH:LINE: problem, unknown keys said plainly.
func yamlDecodeProblems(path string, err error) string {
	var te *yaml.TypeError
	msgs := []string{strings.TrimPrefix(err.Error(), "yaml: ")}
	if errors.As(err, &te) {
		msgs = te.Errors
	}
	lines := make([]string, len(msgs))
	for i, m := range msgs {
		sm := yamlDecodeLineRE.FindStringSubmatch(m)
		if sm == nil {
			lines[i] = fmt.Sprintf("%s: %s", path, m)
			continue
		}
		msg := sm[2]
		if f := yamlFieldRE.FindStringSubmatch(msg); f != nil {
			msg = fmt.Sprintf("%s: unknown key", f[1])
		}
		lines[i] = fmt.Sprintf("%s:%s: %s", path, sm[1], msg)
	}
	return strings.Join(lines, "\n")
}

// quizProblems writes the problems of a YAML bank one a line, each with the
// file's line where it can tell.
func quizProblems(path string, data []byte, err error) string {
	var root yaml.Node
	_ = yaml.Unmarshal(data, &root) // it decoded once already
	errs := flatten(err)
	lines := make([]int, len(errs))
	texts := make([]string, len(errs))
	for i, e := range errs {
		var qe *branchbot.QuizBankError
		if errors.As(e, &qe) {
			lines[i] = quizLine(&root, qe.Question, qe.Field)
		}
		if lines[i] > 0 {
			texts[i] = fmt.Sprintf("%s:%d: %v", path, lines[i], e)
		} else {
			texts[i] = fmt.Sprintf("%s: %v", path, e)
		}
	}
	// In the file's order, as an operator fixes them.
	idx := make([]int, len(errs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(lines[a], lines[b]) })
	out := make([]string, len(idx))
	for i, j := range idx {
		out[i] = texts[j]
	}
	return strings.Join(out, "\n")
}

// quizLine is the line of field (a YAML key, maybe indexed as in
// "options[2]") of question i, or of the question, or of the bank's
// questions key (line 1 without one) for question -1; 0 when the file
// does not have it.
func quizLine(root *yaml.Node, i int, field string) int {
	if i < 0 {
		if line := itemLine(root, "questions", -1, "questions"); line > 0 {
			return line
		}
		return 1
	}
	return itemLine(root, "questions", i, field)
}
