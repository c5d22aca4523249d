package config

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/agnivade/levenshtein"

	"github.com/branchbot/branchbot"
)

// quizCSVColumns are the columns a CSV question bank may have, in the order
// a spreadsheet would keep them; quizCSVRequired must be there.
var (
	quizCSVColumns = []string{
		"id", "section", "kind", "text", "text_en",
		"option_a", "option_b", "option_c", "option_d", "option_e", "option_f",
		"option_a_en", "option_b_en", "option_c_en", "option_d_en", "option_e_en", "option_f_en",
		"answer", "explanation", "explanation_en",
	}
	quizCSVRequired = []string{"id", "section", "kind", "text", "answer", "explanation"}
)

// csvRow is one question's record: its fields by column and their lines.
type csvRow struct {
	line   int // the record's first line
	fields map[string]string
	lines  map[string]int // column -> line of its field (a quoted field may span lines)
}

// parseQuizCSV reads a question bank kept in a spreadsheet: UTF-8 CSV (a
// byte order mark allowed) with a header row naming the columns of
// quizCSVColumns in any order, one question a row; empty rows are skipped.
// The answer and kind are written as in the YAML file (parseAnswer,
// parseKind); option_a to option_f are the options up to the last one
// given. Each problem is reported as PATH:LINE: column: problem.
func parseQuizCSV(path string, data []byte, hb *branchbot.Handbook) (*branchbot.QuestionBank, error) {
	fail := func(lines []string) error {
		return fmt.Errorf("question bank %s:\n%s", path, strings.Join(lines, "\n"))
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF"))))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("question bank %s: the file is empty", path)
	}
	if err != nil {
		return nil, fail([]string{csvProblem(path, err)})
	}
	cols, problems := csvHeader(path, header)
	if len(problems) > 0 {
		return nil, fail(problems)
	}
	var rows []csvRow
	var rowProblems []csvLineProblem
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fail(append(csvLines(rowProblems), csvProblem(path, err)))
		}
		line, _ := r.FieldPos(0)
		if len(rec) != len(cols) {
			rowProblems = append(rowProblems, csvLineProblem{line, fmt.Sprintf("%s:%d: %d fields, but the header has %d columns", path, line, len(rec), len(cols))})
			continue
		}
		row := csvRow{line: line, fields: map[string]string{}, lines: map[string]int{}}
		empty := true
		for j, v := range rec {
			row.fields[cols[j]] = strings.TrimSpace(v)
			row.lines[cols[j]], _ = r.FieldPos(j)
			empty = empty && row.fields[cols[j]] == ""
		}
		if !empty {
			rows = append(rows, row)
		}
	}
	qb, errs := csvQuestions(rows)
	if err := bankProblems(qb, hb, errs); err != nil {
		rowProblems = append(rowProblems, csvBankProblems(path, rows, err)...)
	}
	if len(rowProblems) > 0 {
		slices.SortStableFunc(rowProblems, func(a, b csvLineProblem) int { return cmp.Compare(a.line, b.line) })
		return nil, fail(csvLines(rowProblems))
	}
	return qb, nil
}

// csvLineProblem is one problem of a CSV bank and its line, for sorting.
type csvLineProblem struct {
	line int
	text string
}

func csvLines(ps []csvLineProblem) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.text
	}
	return out
}

// csvHeader reads the header row into the column of each field, or
// reports unknown, repeated and missing columns.
func csvHeader(path string, header []string) (cols []string, problems []string) {
	known := map[string]bool{}
	for _, c := range quizCSVColumns {
		known[c] = true
	}
	seen := map[string]bool{}
	for _, h := range header {
		c := strings.ToLower(strings.TrimSpace(h))
		cols = append(cols, c)
		switch {
		case !known[c]:
			problems = append(problems, fmt.Sprintf("%s:1: %s: unknown column%s", path, quote(h), suggestColumn(c)))
		case seen[c]:
			problems = append(problems, fmt.Sprintf("%s:1: %s: column given twice", path, c))
		}
		seen[c] = true
	}
	for _, c := range quizCSVRequired {
		if !seen[c] {
			problems = append(problems, fmt.Sprintf("%s:1: %s: missing column (the header needs %s)", path, c, strings.Join(quizCSVRequired, ", ")))
		}
	}
	return cols, problems
}

// suggestColumn returns a " (did you mean ...?)" hint for an unknown column.
func suggestColumn(c string) string {
	best, bestDist := "", 3
	for _, k := range quizCSVColumns {
		if d := levenshtein.ComputeDistance(c, k); d < bestDist {
			best, bestDist = k, d
		}
	}
	if best == "" {
		return fmt.Sprintf(" (the columns are %s)", strings.Join(quizCSVColumns, ", "))
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// csvQuestions turns the rows into questions, with the problems of
// answers that could not be read.
func csvQuestions(rows []csvRow) (*branchbot.QuestionBank, []error) {
	qb := &branchbot.QuestionBank{Questions: make([]branchbot.Question, len(rows))}
	var errs []error
	for i, row := range rows {
		f := row.fields
		q := branchbot.Question{
			ID: f["id"], Section: f["section"], Kind: parseKind(f["kind"]), Text: f["text"], TextEN: f["text_en"],
			Options: csvOptions(f, ""), OptionsEN: csvOptions(f, "_en"), Explanation: f["explanation"], ExplanationEN: f["explanation_en"],
		}
		if a := f["answer"]; a != "" {
			var err error
			if q.Answer, err = parseAnswer(q.Kind, []string{a}); err != nil {
				errs = append(errs, &branchbot.QuizBankError{Question: i, ID: q.ID, Field: "answer", Problem: err.Error()})
			}
		}
		qb.Questions[i] = q
	}
	return qb, errs
}

// csvOptions are the options of a row up to the last one given (suffix ""
// for Chinese, "_en" for English).
func csvOptions(f map[string]string, suffix string) []string {
	var opts []string
	last := -1
	for j := range branchbot.MaxQuizOptions {
		v := f[optionColumn(j, suffix)]
		opts = append(opts, v)
		if v != "" {
			last = j
		}
	}
	if last < 0 {
		return nil
	}
	return opts[:last+1]
}

func optionColumn(j int, suffix string) string {
	return "option_" + strings.ToLower(branchbot.OptionLetter(j)) + suffix
}

// csvBankProblems writes the problems Validate found as PATH:LINE: column:
// problem, the line being the field's.
func csvBankProblems(path string, rows []csvRow, err error) []csvLineProblem {
	var out []csvLineProblem
	for _, e := range flatten(err) {
		var qe *branchbot.QuizBankError
		if !errors.As(e, &qe) || qe.Question < 0 || qe.Question >= len(rows) {
			out = append(out, csvLineProblem{0, fmt.Sprintf("%s: %v", path, e)})
			continue
		}
		row := rows[qe.Question]
		col := qe.Field
		name, index := col, -1
		if at := strings.IndexByte(col, '['); at >= 0 {
			name = col[:at]
			if _, err := fmt.Sscanf(col[at:], "[%d]", &index); err != nil {
				index = -1
			}
		}
		line := row.line
		switch suffix := strings.TrimPrefix(name, "options"); {
		case name != "options" && name != "options_en":
		case index >= 0:
			col = optionColumn(index, suffix)
		default:
			col = optionColumn(0, suffix) + " to " + optionColumn(branchbot.MaxQuizOptions-1, suffix)
		}
		if l, ok := row.lines[col]; ok {
			line = l
		}
		out = append(out, csvLineProblem{line, fmt.Sprintf("%s:%d: %s: %s", path, line, col, qe.Problem)})
	}
	return out
}

// csvProblem writes a CSV syntax error as PATH:LINE: problem.
func csvProblem(path string, err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Sprintf("%s:%d: %v", path, pe.Line, pe.Err)
	}
	return fmt.Sprintf("%s: %v", path, err)
}
