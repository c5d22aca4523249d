// Package ledger builds the branch's ledger (台账) for a period as one Excel
// workbook: the study register, the study notes, the sign-in registers of
// the meetings, the talk records, the notices with who read them, the
// quiz scores and the audit log, each on a sheet of its own, with a summary sheet of totals
// and charts first. Headings are in the reader's language, times in the
// branch's zone, and every sheet is set up to print on A4 as it is.
//
// What a reader sees follows the rules of the root package
// (Member.SeesBranch, Member.SeesMeeting, Member.KeepsRecords): a group
// leader's ledger holds their group's study and meetings only.
package ledger

import (
	"bytes"
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// Options are what a ledger is built with besides the database.
type Options struct {
	Branch   string         // the branch's name, in each sheet's title
	Lang     branchbot.Lang // the reader's language
	Location *time.Location // the branch's time zone
	// Now is when the ledger is built: days after it are not yet due.
	Now time.Time
	// Streaks are the study rules that say which days were due (rest
	// days, weekends, the skip budget).
	Streaks branchbot.StreakRules
	Kinds   branchbot.MeetingKinds
	// Quiz are the branch's quiz rules: a quiz keeps the pass mark and
	// the commendation threshold it opened with, and these stand in for
	// a quiz that has none. QuizBank is the question bank, for the
	// sections of the answers; Handbook names the sections.
	Quiz     branchbot.QuizRules
	QuizBank *branchbot.QuestionBank
	Handbook *branchbot.Handbook
	// Viewer is who reads it; nil means the operator, who reads it all.
	Viewer *branchbot.Member
	// AuditWords renders an audit entry's action and detail in Lang, the
	// detail's times in Location; nil leaves them as stored.
	AuditWords func(action, detail string) (string, string)
}

// Period is the span a ledger covers: a month or a quarter.
type Period struct {
	Label       string // 2026-12 or 2026-Q4
	First, Last branchbot.Day
}

// ParsePeriod reads a period as reports read it: YYYY-MM or YYYY-Qn.
func ParsePeriod(s string) (Period, bool) {
	first, last, ok := branchbot.ParseReportPeriod(s)
	if !ok {
		return Period{}, false
	}
	months := branchbot.PeriodMonth
	if last-first > 31 {
		months = branchbot.PeriodQuarter
	}
	return Period{Label: branchbot.PeriodLabel(first, months), First: first, Last: last}, true
}

// MonthOf is the month that contains day d.
func MonthOf(d branchbot.Day) Period {
	first, last := branchbot.PeriodOf(d, branchbot.PeriodMonth)
	return Period{Label: branchbot.PeriodLabel(first, branchbot.PeriodMonth), First: first, Last: last}
}

// sheet is one sheet of the ledger: the key of its name in the text
// table, whether a reader gets it, and what writes it.
type sheet struct {
	name  string
	sees  func(v *branchbot.Member) bool
	build func(b *book, name string) error
}

// sheets are the ledger's sheets after the summary, in order. A new
// record of the branch is a new entry here and a file with its builder,
// reading what it needs from b.tx and writing through b.newSheet.
var sheets = []sheet{
	{name: "sheet.study", sees: everyone, build: (*book).studySheet},
	{name: "sheet.notes", sees: everyone, build: (*book).notesSheet},
	{name: "sheet.meetings", sees: everyone, build: (*book).meetingsSheet},
	{name: "sheet.talks", sees: keepsRecords, build: (*book).talksSheet},
	{name: "sheet.notices", sees: keepsRecords, build: (*book).noticesSheet},
	{name: "sheet.quiz", sees: keepsRecords, build: (*book).quizSheet},
	{name: "sheet.audit", sees: keepsRecords, build: (*book).auditSheet},
}

func everyone(*branchbot.Member) bool { return true }

func keepsRecords(v *branchbot.Member) bool { return v == nil || v.KeepsRecords() }

// book is a ledger being built.
type book struct {
	f     *excelize.File
	tx    *store.Tx
	o     Options
	p     Period
	today branchbot.Day
	last  branchbot.Day // the last day reported: the period's, or today
	// from and to are the period's instants, [from, to).
	from, to time.Time
	st       styles
	names    map[int64]string // every member's name by id, for records of others
	members  []*branchbot.Member
	daily    []dayTotal     // the study register's totals per day, for the summary
	meetings []meetingTotal // the meetings' totals, for the summary
}

// Write writes the ledger of period p to w as an .xlsx file, reading the
// database in tx.
func Write(w io.Writer, tx *store.Tx, p Period, o Options) error {
	f, err := Build(tx, p, o)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("ledger %s: write: %w", p.Label, err)
	}
	return nil
}

// Bytes is the ledger of period p as the bytes of an .xlsx file.
func Bytes(tx *store.Tx, p Period, o Options) ([]byte, error) {
	var buf bytes.Buffer
	if err := Write(&buf, tx, p, o); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Build builds the ledger of period p as a workbook; the caller closes it.
func Build(tx *store.Tx, p Period, o Options) (*excelize.File, error) {
	if o.Location == nil {
		o.Location = time.UTC
	}
	if len(o.Kinds) == 0 {
		o.Kinds = branchbot.DefaultMeetingKinds()
	}
	b := &book{f: excelize.NewFile(), tx: tx, o: o, p: p, today: branchbot.DayOf(o.Now, o.Location)}
	b.last = min(p.Last, b.today)
	b.from, b.to = p.First.Time(o.Location), (p.Last + 1).Time(o.Location)
	if err := b.build(); err != nil {
		b.f.Close()
		return nil, fmt.Errorf("ledger %s: %w", p.Label, err)
	}
	return b.f, nil
}

func (b *book) build() error {
	var err error
	if b.st, err = newStyles(b.f); err != nil {
		return err
	}
	if err := b.readMembers(); err != nil {
		return err
	}
	summary := b.t("sheet.summary")
	if err := b.f.SetSheetName("Sheet1", summary); err != nil {
		return err
	}
	for _, s := range sheets {
		if !s.sees(b.o.Viewer) {
			continue
		}
		if err := s.build(b, b.t(s.name)); err != nil {
			return fmt.Errorf("%s: %w", b.t(s.name), err)
		}
	}
	if err := b.summarySheet(summary); err != nil {
		return fmt.Errorf("%s: %w", summary, err)
	}
	// The summary, the workbook's first sheet, is already the active
	// one; SetActiveSheet would read every streamed sheet back in.
	full := true
	if err := b.f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &full}); err != nil {
		return err
	}
	return b.f.SetDocProps(&excelize.DocProperties{
		Title:   b.title(b.t("ledger.title")),
		Creator: "branchbot",
		Created: b.o.Now.UTC().Format(time.RFC3339),
	})
}

// sees reports whether the reader's ledger covers member m.
func (b *book) sees(m *branchbot.Member) bool { return b.o.Viewer == nil || b.o.Viewer.Sees(m) }

// seesMeeting reports whether the reader's ledger covers meeting mt.
func (b *book) seesMeeting(mt *branchbot.Meeting) bool {
	return b.o.Viewer == nil || b.o.Viewer.SeesMeeting(mt)
}

// name is the name of member id, or #id for one removed since.
func (b *book) name(id int64) string {
	if n, ok := b.names[id]; ok {
		return n
	}
	if id == 0 {
		return ""
	}
	return fmt.Sprintf("#%d", id)
}

// title is a sheet's title line: what, branch, period.
func (b *book) title(what string) string {
	s := what + " · " + b.p.Label
	if b.o.Branch != "" {
		s = b.o.Branch + " · " + s
	}
	return s
}

// clock writes instant t in the branch's zone, or nothing for the zero
// time.
func (b *book) clock(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(b.o.Location).Format("2006-01-02 15:04")
}

// inPeriod reports whether instant t falls in the period.
func (b *book) inPeriod(t time.Time) bool { return !t.Before(b.from) && t.Before(b.to) }

// date writes the day of instant t in the branch's zone.
func (b *book) date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(b.o.Location).Format("2006-01-02")
}
