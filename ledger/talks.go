package ledger

// 谈心谈话记录 (the secretaries' only): the conversation-due cases of the
// period with their talks, the visits of the standing contacts (五联),
// and the care log with its totals.

import (
	"fmt"

	"github.com/branchbot/branchbot"
)

// caseColumns are the columns of the cases' and the visits' tables.
var caseColumns = []string{"col.no", "talk.kind", "talk.subject", "talk.talker", "talk.opened", "talk.due", "talk.day", "talk.mode", "talk.summary", "talk.state"}

func (b *book) talksSheet(name string) error {
	all, err := b.tx.AllCases()
	if err != nil {
		return err
	}
	branchbot.SortCases(all)
	var cases, visits []*branchbot.Case
	for _, c := range all {
		if c.State == branchbot.CaseDraft || !(b.inPeriod(c.OpenedAt) || (c.Due >= b.p.First && c.Due <= b.p.Last)) {
			continue
		}
		if c.Kind == branchbot.CaseContact {
			visits = append(visits, c)
		} else {
			cases = append(cases, c)
		}
	}
	care, err := b.tx.CareVisits()
	if err != nil {
		return err
	}
	cols := len(caseColumns)
	w, err := b.newSheet(name, layout{landscape: true, widths: []float64{6, 10, 14, 10, 11, 11, 11, 8, 40, 11}, freezeRow: 1})
	if err != nil {
		return err
	}
	if err := w.title(b.st.title, b.title(b.t("sheet.talks")), cols); err != nil {
		return err
	}
	for _, part := range []struct {
		head  string
		cases []*branchbot.Case
	}{{"talk.cases", cases}, {"talk.visits", visits}} {
		w.skip()
		if err := w.title(b.st.total, b.t(part.head), cols); err != nil {
			return err
		}
		header := make([]any, cols)
		for i, k := range caseColumns {
			header[i] = b.t(k)
		}
		if err := w.add(b.st.head, header...); err != nil {
			return err
		}
		for _, c := range part.cases {
			if err := w.add(b.st.wrap, b.caseRow(c)...); err != nil {
				return err
			}
		}
		if len(part.cases) == 0 {
			if err := w.add(0, b.t("talk.none")); err != nil {
				return err
			}
		}
	}
	if err := b.careTable(w, care); err != nil {
		return err
	}
	return w.flush()
}

// caseRow is a case's line: kind, subject (a member, or the contact
// visited), talker, dates, and the talk.
func (b *book) caseRow(c *branchbot.Case) []any {
	kind := b.caseKind(c.Kind)
	subject := b.name(c.Subject)
	if c.Contact != nil {
		subject = b.t("contact."+string(c.Contact.Kind)) + " " + c.Contact.Name
	}
	var day, mode, summary string
	if t, ok := c.Talk(); ok {
		day, mode, summary = t.Day.String(), b.t("mode."+string(t.Mode)), t.Text
	}
	if c.State == branchbot.CaseCancelled {
		for _, l := range c.Log {
			if l.Kind == branchbot.LogCancel {
				summary = l.Text
			}
		}
	}
	return []any{c.ID, kind, subject, b.name(c.Assignee), b.date(c.OpenedAt), c.Due.String(), day, mode, summary, b.caseState(c)}
}

// caseState is where a case stands: done on time or late, open, overdue
// or cancelled.
func (b *book) caseState(c *branchbot.Case) string {
	switch {
	case c.State == branchbot.CaseCancelled:
		return b.t("state.cancelled")
	case c.State == branchbot.CaseDone:
		if t, ok := c.Talk(); ok && t.Day > c.Due {
			return b.t("state.late")
		}
		return b.t("state.ontime")
	case c.Overdue(b.today):
		return b.t("state.overdue")
	}
	return b.t("state.open")
}

func (b *book) caseKind(k branchbot.CaseKind) string {
	if b.o.Lang == branchbot.LangEN {
		return b.t("kind." + string(k))
	}
	if zh := k.ZH(); zh != "" {
		return zh
	}
	return string(k)
}

// careTable writes the care visits of the period and their totals, the
// count and the amount as formulas.
func (b *book) careTable(w *sheetWriter, visits []*branchbot.CareVisit) error {
	w.skip()
	if err := w.title(b.st.total, b.t("talk.care"), len(caseColumns)); err != nil {
		return err
	}
	if err := w.add(b.st.head, b.t("col.no"), b.t("col.date"), b.t("care.giver"), b.t("care.to"), b.t("care.what"), b.t("care.amount"), b.t("care.by")); err != nil {
		return err
	}
	first := w.row + 1
	n := 0
	var cents int64
	for _, v := range visits {
		if v.Day < b.p.First || v.Day > b.p.Last {
			continue
		}
		to := v.ToName
		if v.ToMember != 0 {
			to = b.name(v.ToMember)
		}
		n++
		cents += v.Cents
		err := w.add(b.st.wrap, n, v.Day.String(), b.name(v.Giver), to, v.What, styled(b.st.money, float64(v.Cents)/100), b.name(v.By))
		if err != nil {
			return err
		}
	}
	last := max(first, w.row)
	return w.add(b.st.total, b.t("care.total"), nil,
		formula(fmt.Sprintf("COUNT(%s%d:%s%d)", col(1), first, col(1), last), n), nil, nil,
		moneyFormula(b.st.money, fmt.Sprintf("SUM(%s%d:%s%d)", col(6), first, col(6), last), float64(cents)/100))
}
