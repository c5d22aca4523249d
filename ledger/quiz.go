package ledger

// 考学成绩 (the secretaries' only): each quiz opened or closed in the
// period, on a page of its own: its dates, questions and rules; per
// member whether they took it and finished, the score, the place (equal
// scores share one, as on the scoreboard), pass and commendation; then
// the accuracy per handbook section, the least well answered first. The
// results are the root package's (branchbot.ScoreQuiz), so the sheet
// says what the scoreboard and the secretaries' summary said.

import (
	"fmt"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/branchbot/branchbot"
)

// quizColumns are the columns of a quiz's members.
var quizColumns = []string{"col.no", "col.name", "col.group", "quiz.state", "quiz.started", "quiz.finished",
	"quiz.right", "quiz.score", "quiz.rank", "quiz.pass", "quiz.commend"}

// The columns (from 1) the formulas of a quiz's block read.
const (
	quizStateCol = 4
	quizScoreCol = 8
)

func (b *book) quizSheet(name string) error {
	var quizzes []*branchbot.Quiz
	err := b.tx.ForEachQuiz(func(q *branchbot.Quiz) error {
		if (q.State == branchbot.QuizOpen || q.State == branchbot.QuizClosed) &&
			(b.inPeriod(q.OpenedAt) || (q.State == branchbot.QuizClosed && b.inPeriod(q.ClosedAt))) {
			quizzes = append(quizzes, q)
		}
		return nil
	})
	if err != nil {
		return err
	}
	cols := len(quizColumns)
	w, err := b.newSheet(name, layout{landscape: true, widths: []float64{6, 10, 10, 10, 16, 16, 7, 9, 7, 7, 9}, freezeRow: 1})
	if err != nil {
		return err
	}
	if err := w.title(b.st.title, b.title(b.t("sheet.quiz")), cols); err != nil {
		return err
	}
	if len(quizzes) == 0 {
		if err := w.add(0, b.t("quiz.none")); err != nil {
			return err
		}
	}
	questions := b.quizQuestions()
	for i, q := range quizzes {
		if i > 0 {
			if err := w.pageBreak(); err != nil {
				return err
			}
		}
		if err := b.quizBlock(w, q, questions, cols); err != nil {
			return fmt.Errorf("quiz %d: %w", q.ID, err)
		}
	}
	return w.flush()
}

// quizQuestions is the bank's questions by id.
func (b *book) quizQuestions() map[string]*branchbot.Question {
	out := map[string]*branchbot.Question{}
	if qb := b.o.QuizBank; qb != nil {
		for i := range qb.Questions {
			out[qb.Questions[i].ID] = &qb.Questions[i]
		}
	}
	return out
}

// quizRules are the rules quiz q is scored by: those it opened with, the
// branch's for any it lacks.
func (b *book) quizRules(q *branchbot.Quiz) branchbot.QuizRules {
	r, d := q.Rules, b.o.Quiz.WithDefaults()
	if r.PassMark <= 0 {
		r.PassMark = d.PassMark
	}
	if r.Commend <= 0 {
		r.Commend = d.Commend
	}
	return r
}

func (b *book) quizBlock(w *sheetWriter, q *branchbot.Quiz, questions map[string]*branchbot.Question, cols int) error {
	as, err := b.tx.QuizAttempts(q.ID)
	if err != nil {
		return err
	}
	scored := *q
	scored.Rules = b.quizRules(q)
	names := make(map[int64]string, len(as))
	for _, a := range as {
		names[a.Member] = b.name(a.Member)
	}
	res := branchbot.ScoreQuiz(&scored, as, questions, names)
	byMember := make(map[int64]*branchbot.QuizAttempt, len(as))
	for _, a := range as {
		byMember[a.Member] = a
	}

	state := b.t("quiz.open")
	if q.State == branchbot.QuizClosed {
		state = b.t("quiz.closed")
	}
	w.skip()
	last := q.Deadline.Add(-time.Minute)
	if err := w.title(b.st.total, b.t("quiz.head", q.ID, b.date(q.OpenedAt), b.date(last), state), cols); err != nil {
		return err
	}
	info := b.t("quiz.info", len(q.Questions), scored.Rules.PassMark, scored.Rules.Commend, b.clock(q.OpenedAt), b.until(q.Deadline))
	if q.State == branchbot.QuizClosed {
		info += b.t("quiz.closedat", b.clock(q.ClosedAt))
	}
	if err := w.title(b.st.wrap, info, cols); err != nil {
		return err
	}

	// The members: those who took it in rank order, then those the
	// reader sees who did not.
	type row struct {
		id    int64
		entry *branchbot.QuizEntry
	}
	var rows []row
	for i := range res.Entries {
		rows = append(rows, row{id: res.Entries[i].Member, entry: &res.Entries[i]})
	}
	groups := map[int64]string{}
	for _, m := range b.members {
		groups[m.ID] = b.group(m.Group)
		if byMember[m.ID] == nil && m.JoinedAt.Before(q.Deadline) {
			rows = append(rows, row{id: m.ID})
		}
	}
	first := w.row + 3
	lastRow := max(first, w.row+2+len(rows))
	scores := fmt.Sprintf("%s%d:%s%d", col(quizScoreCol), first, col(quizScoreCol), lastRow)
	states := fmt.Sprintf("%s%d:%s%d", col(quizStateCol), first, col(quizStateCol), lastRow)
	avg := 0.0
	if n := len(res.Entries); n > 0 {
		sum := 0
		for _, e := range res.Entries {
			sum += e.Score
		}
		avg = float64(sum) / float64(n)
	}
	err = w.add(b.st.text,
		b.t("quiz.took"), formula(fmt.Sprintf("COUNT(%s)", scores), len(res.Entries)),
		b.t("quiz.done"), formula(fmt.Sprintf(`COUNTIF(%s,"%s")`, states, b.t("quiz.st.done")), res.Finished),
		b.t("quiz.average"), formula(fmt.Sprintf("IFERROR(AVERAGE(%s),0)", scores), avg),
		b.t("quiz.passed"), formula(fmt.Sprintf(`COUNTIF(%s,">=%d")`, scores, scored.Rules.PassMark), res.Passed),
		b.t("quiz.commended"), formula(fmt.Sprintf(`COUNTIF(%s,">=%d")`, scores, scored.Rules.Commend), len(res.Commended)))
	if err != nil {
		return err
	}
	header := make([]any, cols)
	for i, k := range quizColumns {
		header[i] = b.t(k)
	}
	if err := w.add(b.st.head, header...); err != nil {
		return err
	}
	for i, r := range rows {
		cells := []any{i + 1, b.name(r.id), groups[r.id]}
		if r.entry == nil {
			cells = append(cells, b.t("quiz.st.none"))
		} else {
			e, a := r.entry, byMember[r.id]
			st := b.t("quiz.st.partial")
			if e.Finished {
				st = b.t("quiz.st.done")
			}
			cells = append(cells, st, b.clock(a.StartedAt), b.clock(a.FinishedAt), e.Right, e.Score, e.Rank,
				b.mark2(e.Score >= scored.Rules.PassMark), b.mark2(e.Score >= scored.Rules.Commend))
		}
		if err := w.add(b.st.text, cells...); err != nil {
			return err
		}
	}
	return b.quizSections(w, &res, scored.Rules.PassMark, cols)
}

// until writes a deadline as people read it: a quiz that closes at
// midnight is open until 24:00 of the day before.
func (b *book) until(t time.Time) string {
	l := t.In(b.o.Location)
	if l.Hour() == 0 && l.Minute() == 0 {
		return l.Add(-time.Minute).Format("2006-01-02") + " 24:00"
	}
	return b.clock(t)
}

// mark2 is ✓ or ✗.
func (b *book) mark2(yes bool) string {
	if yes {
		return b.t("quiz.yes")
	}
	return b.t("quiz.no")
}

// quizSections writes the accuracy per section, the rate a formula of
// the counts, those below the pass mark marked to study again.
func (b *book) quizSections(w *sheetWriter, res *branchbot.QuizResults, passMark, cols int) error {
	w.skip()
	if err := w.title(b.st.total, b.t("quiz.sections"), cols); err != nil {
		return err
	}
	// The section's name spans columns B to F; its counts are under the
	// members' 答对 and 得分 columns.
	if err := w.add(b.st.head, b.t("col.no"), b.t("quiz.section"), nil, nil, nil, nil,
		b.t("quiz.right"), b.t("quiz.answered"), b.t("quiz.accuracy"), b.t("quiz.again")); err != nil {
		return err
	}
	if err := w.sw.MergeCell(cell(2, w.row), cell(6, w.row)); err != nil {
		return err
	}
	if len(res.Sections) == 0 {
		return w.add(0, b.t("quiz.nosections"))
	}
	for i, s := range res.Sections {
		again := ""
		if s.Percent() < passMark {
			again = b.t("quiz.again")
		}
		r := w.row + 1
		acc := excelize.Cell{StyleID: b.st.percent, Formula: fmt.Sprintf("%s%d/%s%d", col(7), r, col(8), r), Value: rate(s.Right, s.Answered)}
		if err := w.add(b.st.text, i+1, b.sectionName(s.Section), nil, nil, nil, nil, s.Right, s.Answered, acc, again); err != nil {
			return err
		}
		if err := w.sw.MergeCell(cell(2, w.row), cell(6, w.row)); err != nil {
			return err
		}
	}
	return nil
}

// sectionName is a handbook section as members know it, 第3节《…》, or
// its id when the handbook does not have it.
func (b *book) sectionName(id string) string {
	if h := b.o.Handbook; h != nil {
		if i := h.Index(id); i >= 0 {
			title := h.Sections[i].Title
			if b.o.Lang == branchbot.LangEN && h.Sections[i].TitleEN != "" {
				title = h.Sections[i].TitleEN
			}
			return b.t("quiz.sec.name", i+1, title)
		}
	}
	if id == "" {
		return b.t("quiz.sec.none")
	}
	return id
}
