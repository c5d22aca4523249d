package ledger

// 学习台账: the study register, member by day, with totals per member, per
// group and per day as formulas; the notes (学习心得) on a sheet of their
// own.

import (
	"fmt"
	"sort"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/branchbot/branchbot"
)

// dayTotal is the register's count of one day, for the summary's chart.
type dayTotal struct {
	day       branchbot.Day
	done, due int
}

// studyRow is one member's line of the register.
type studyRow struct {
	m      *branchbot.Member
	marks  []branchbot.StudyMark // marks[i] is day p.First+i
	leaves []branchbot.Leave
}

// readMembers reads the members the reader's ledger covers (those who
// joined), by group and then name as a Chinese reader looks them up, and
// every member's name.
func (b *book) readMembers() error {
	all, err := b.tx.Members()
	if err != nil {
		return err
	}
	b.names = make(map[int64]string, len(all))
	for _, m := range all {
		b.names[m.ID] = m.Name
		if m.Bound() && b.sees(m) {
			b.members = append(b.members, m)
		}
	}
	c := collate.New(language.Chinese)
	var buf collate.Buffer
	keys := make(map[int64][]byte, len(b.members))
	for _, m := range b.members {
		keys[m.ID] = append([]byte(nil), c.KeyFromString(&buf, m.Name)...)
		buf.Reset()
	}
	sort.SliceStable(b.members, func(i, j int) bool {
		x, y := b.members[i], b.members[j]
		if x.Group != y.Group {
			if x.Group == "" || y.Group == "" {
				return y.Group == ""
			}
			return c.CompareString(x.Group, y.Group) < 0
		}
		return string(keys[x.ID]) < string(keys[y.ID])
	})
	return nil
}

// studyRows reads the register: each member's marks of the period's days.
func (b *book) studyRows() ([]studyRow, error) {
	n := int(b.p.Last-b.p.First) + 1
	hist := b.tx.Histories()
	byID := make([]*branchbot.Member, len(b.members))
	copy(byID, b.members)
	sort.Slice(byID, func(i, j int) bool { return byID[i].ID < byID[j].ID }) // Histories reads in id order
	rows := make(map[int64]studyRow, len(byID))
	for _, m := range byID {
		row := studyRow{m: m, marks: make([]branchbot.StudyMark, n)}
		first, err := b.firstDay(m)
		if err != nil {
			return nil, err
		}
		from := max(first, b.p.First)
		if from <= b.last {
			days, err := hist.Get(m.ID, from, b.last)
			if err != nil {
				return nil, err
			}
			statuses := make([]branchbot.DayStatus, len(days))
			for i, d := range days {
				statuses[i] = d.Status
			}
			resolved := b.o.Streaks.Resolve(from, statuses, b.last)
			for i, st := range resolved {
				d := from + branchbot.Day(i)
				var sd branchbot.StudyDay
				if i < len(days) {
					sd = days[i]
				}
				row.marks[d-b.p.First] = sd.Mark(st, d == b.today)
			}
			if row.leaves, err = b.tx.Leaves(m.ID, from, b.last); err != nil {
				return nil, err
			}
		}
		rows[m.ID] = row
	}
	out := make([]studyRow, len(b.members))
	for i, m := range b.members {
		out[i] = rows[m.ID]
	}
	return out, nil
}

// firstDay is the member's first study day: as their plan records it, or
// for older members the day they joined.
func (b *book) firstDay(m *branchbot.Member) (branchbot.Day, error) {
	p, err := b.tx.StudyPlan(m.ID)
	if err != nil {
		return 0, err
	}
	switch {
	case p.JoinedDay != 0:
		return p.JoinedDay, nil
	case !m.JoinedAt.IsZero():
		return branchbot.DayOf(m.JoinedAt, b.o.Location), nil
	}
	return b.today, nil
}

// The register's columns after the days, in order.
var studyTotals = []string{"study.done", "study.late", "study.missed", "study.botmissed", "study.leave", "study.due", "study.rate", "study.reasons"}

func (b *book) studySheet(name string) error {
	rows, err := b.studyRows()
	if err != nil {
		return err
	}
	n := int(b.p.Last-b.p.First) + 1
	const firstDayCol, head = 3, 4
	tc := firstDayCol + n // the first column of totals
	widths := []float64{10, 12}
	for range n {
		widths = append(widths, 3.6)
	}
	widths = append(widths, 6, 6, 6, 6, 6, 6, 8, 30)
	w, err := b.newSheet(name, layout{landscape: true, widths: widths, freezeRow: head, freezeCol: 2})
	if err != nil {
		return err
	}
	if err := w.title(b.st.title, b.title(b.t("sheet.study")), tc+len(studyTotals)-1); err != nil {
		return err
	}
	legend := b.t("study.legend", b.mark(branchbot.MarkDone), b.mark(branchbot.MarkLate), b.mark(branchbot.MarkMissed),
		b.mark(branchbot.MarkBotMissed), b.mark(branchbot.MarkLeave), b.mark(branchbot.MarkRest), b.mark(branchbot.MarkSkip))
	if err := w.title(0, legend, tc+len(studyTotals)-1); err != nil {
		return err
	}
	header := []any{b.t("col.name"), b.t("col.group")}
	weekdays := []any{nil, nil}
	for i := range n {
		d := b.p.First + branchbot.Day(i)
		_, mon, day := d.Date()
		label := fmt.Sprint(day)
		if n > 31 {
			label = fmt.Sprintf("%d/%d", mon, day)
		}
		header = append(header, label)
		weekdays = append(weekdays, b.t(fmt.Sprintf("wd.%d", d.Weekday())))
	}
	for _, k := range studyTotals {
		header = append(header, b.t(k))
		weekdays = append(weekdays, nil)
	}
	if err := w.add(b.st.head, header...); err != nil {
		return err
	}
	if err := w.add(b.st.head, weekdays...); err != nil {
		return err
	}

	top, bottom := head+1, head+len(rows)
	dayCol := func(i int) string { return col(firstDayCol + i) }
	span := func(r int) string { return fmt.Sprintf("%s%d:%s%d", dayCol(0), r, dayCol(n-1), r) }
	count := func(rng string, k branchbot.StudyMark) string { return fmt.Sprintf(`COUNTIF(%s,"%s")`, rng, b.mark(k)) }
	b.daily = make([]dayTotal, n)
	for i := range b.daily {
		b.daily[i].day = b.p.First + branchbot.Day(i)
	}
	for _, row := range rows {
		r := w.row + 1
		cells := []any{row.m.Name, b.group(row.m.Group)}
		var c [branchbot.MarkPending + 1]int
		for i, k := range row.marks {
			c[k]++
			if k.Due() {
				b.daily[i].due++
			}
			if k == branchbot.MarkDone || k == branchbot.MarkLate {
				b.daily[i].done++
			}
			cells = append(cells, styled(b.st.center, b.mark(k)))
		}
		done, due := c[branchbot.MarkDone]+c[branchbot.MarkLate], c[branchbot.MarkDone]+c[branchbot.MarkLate]+c[branchbot.MarkMissed]+c[branchbot.MarkSkip]
		rng := span(r)
		cells = append(cells,
			formula(count(rng, branchbot.MarkDone)+"+"+count(rng, branchbot.MarkLate), done),
			formula(count(rng, branchbot.MarkLate), c[branchbot.MarkLate]),
			formula(count(rng, branchbot.MarkMissed), c[branchbot.MarkMissed]),
			formula(count(rng, branchbot.MarkBotMissed), c[branchbot.MarkBotMissed]),
			formula(count(rng, branchbot.MarkLeave), c[branchbot.MarkLeave]),
			formula(fmt.Sprintf("%s%d+%s+%s", col(tc), r, count(rng, branchbot.MarkMissed), count(rng, branchbot.MarkSkip)), due),
			rateCell(b.st.percent, col(tc), col(tc+5), r, done, due),
			b.leaveText(row.leaves),
		)
		if err := w.add(b.st.text, cells...); err != nil {
			return err
		}
	}
	if len(rows) == 0 {
		if err := w.add(0, b.t("study.none")); err != nil {
			return err
		}
		return w.flush()
	}
	w.skip()
	// Totals per group, then of all: sums of the member columns.
	type sum struct{ done, late, missed, bot, leave, due int }
	groups := map[string]*sum{}
	var order []string
	var all sum
	for _, row := range rows {
		g := groups[row.m.Group]
		if g == nil {
			g = &sum{}
			groups[row.m.Group] = g
			order = append(order, row.m.Group)
		}
		for _, k := range row.marks {
			for _, s := range []*sum{g, &all} {
				switch k {
				case branchbot.MarkDone:
					s.done++
				case branchbot.MarkLate:
					s.done++
					s.late++
				case branchbot.MarkMissed:
					s.missed++
				case branchbot.MarkBotMissed:
					s.bot++
				case branchbot.MarkLeave:
					s.leave++
				}
				if k.Due() {
					s.due++
				}
			}
		}
	}
	total := func(label, group string, s *sum, fn func(c string) string) error {
		r := w.row + 1
		cells := []any{label, group}
		for range n {
			cells = append(cells, nil)
		}
		for i, v := range []int{s.done, s.late, s.missed, s.bot, s.leave, s.due} {
			cells = append(cells, formula(fn(col(tc+i)), v))
		}
		cells = append(cells, rateCell(b.st.totalPercent, col(tc), col(tc+5), r, s.done, s.due))
		return w.add(b.st.total, cells...)
	}
	for _, g := range order {
		r := w.row + 1
		err := total(b.t("study.grouptotal"), b.group(g), groups[g], func(c string) string {
			return fmt.Sprintf("SUMIF($B$%d:$B$%d,$B$%d,%s$%d:%s$%d)", top, bottom, r, c, top, c, bottom)
		})
		if err != nil {
			return err
		}
	}
	err = total(b.t("study.total"), "", &all, func(c string) string { return fmt.Sprintf("SUM(%s%d:%s%d)", c, top, c, bottom) })
	if err != nil {
		return err
	}
	// Each day's done and due, counted down its column.
	doneRow := []any{b.t("study.daydone"), nil}
	dueRow := []any{b.t("study.daydue"), nil}
	for i, d := range b.daily {
		rng := fmt.Sprintf("%s%d:%s%d", dayCol(i), top, dayCol(i), bottom)
		doneRow = append(doneRow, formula(count(rng, branchbot.MarkDone)+"+"+count(rng, branchbot.MarkLate), d.done))
		dueRow = append(dueRow, formula(fmt.Sprintf("%s%d+%s+%s", dayCol(i), w.row+2, count(rng, branchbot.MarkMissed), count(rng, branchbot.MarkSkip)), d.due))
	}
	if err := w.add(b.st.total, doneRow...); err != nil {
		return err
	}
	if err := w.add(b.st.total, dueRow...); err != nil {
		return err
	}
	return w.flush()
}

// rateCell is done/due of a row as a percentage formula.
func rateCell(style int, doneCol, dueCol string, r, done, due int) any {
	c := formula(fmt.Sprintf("IF(%s%d=0,0,%s%d/%s%d)", dueCol, r, doneCol, r, dueCol, r), rate(done, due))
	c.StyleID = style
	return c
}

// leaveText lists leaves as "12-03–12-05 事由".
func (b *book) leaveText(ls []branchbot.Leave) string {
	var parts []string
	for _, l := range ls {
		span := l.From.String()[5:] + "–"
		if l.Until != 0 {
			span += l.Until.String()[5:]
		}
		parts = append(parts, span+" "+l.Reason)
	}
	return strings.Join(parts, "；")
}

// group is a group's name, or what members of no group are called.
func (b *book) group(g string) string {
	if g == "" {
		return b.t("nogroup")
	}
	return g
}

func (b *book) notesSheet(name string) error {
	ids := make([]int64, len(b.members))
	for i, m := range b.members {
		ids[i] = m.ID
	}
	notes, err := b.tx.StudyNotes(ids, b.p.First, b.p.Last)
	if err != nil {
		return err
	}
	w, err := b.newSheet(name, layout{widths: []float64{11, 10, 12, 80}, freezeRow: 2})
	if err != nil {
		return err
	}
	if err := w.title(b.st.title, b.title(b.t("sheet.notes")), 4); err != nil {
		return err
	}
	if err := w.add(b.st.head, b.t("col.date"), b.t("col.name"), b.t("col.group"), b.t("notes.text")); err != nil {
		return err
	}
	groups := make(map[int64]string, len(b.members))
	for _, m := range b.members {
		groups[m.ID] = m.Group
	}
	for _, n := range notes {
		if err := w.add(b.st.wrap, n.Day.String(), b.name(n.MemberID), b.group(groups[n.MemberID]), n.Text); err != nil {
			return err
		}
	}
	if len(notes) == 0 {
		if err := w.add(0, b.t("notes.none")); err != nil {
			return err
		}
	}
	return w.flush()
}
