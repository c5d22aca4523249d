package ledger

// 签到表: each meeting of the period on a page of its own: who was
// invited, their answer, sign-in, leave with its reason, make-up, and
// the agenda items with their decisions.

import (
	"fmt"
	"slices"
	"strings"

	"github.com/branchbot/branchbot"
)

// meetingTotal is one meeting's count, for the summary's chart.
type meetingTotal struct {
	label    string
	invited  int
	presence map[branchbot.Presence]int
}

// meetingColumns are the columns of a meeting's register.
var meetingColumns = []string{"col.no", "col.name", "col.group", "mt.answer", "mt.checkin", "mt.presence", "mt.reason", "mt.madeup", "mt.note"}

func (b *book) meetingsSheet(name string) error {
	var mts []*branchbot.Meeting
	err := b.tx.ForEachMeeting(func(mt *branchbot.Meeting) error {
		if mt.State == branchbot.MeetingScheduled && b.inPeriod(mt.Start) && mt.Start.Before(b.o.Now) && b.seesMeeting(mt) {
			mts = append(mts, mt)
		}
		return nil
	})
	if err != nil {
		return err
	}
	slices.SortFunc(mts, func(a, c *branchbot.Meeting) int { return a.Start.Compare(c.Start) })
	w, err := b.newSheet(name, layout{landscape: true, widths: []float64{5, 10, 12, 8, 16, 8, 22, 16, 36}, freezeRow: 1})
	if err != nil {
		return err
	}
	cols := len(meetingColumns)
	if err := w.title(b.st.title, b.title(b.t("sheet.meetings")), cols); err != nil {
		return err
	}
	if len(mts) == 0 {
		if err := w.add(0, b.t("mt.none")); err != nil {
			return err
		}
	}
	for i, mt := range mts {
		if i > 0 {
			if err := w.pageBreak(); err != nil {
				return err
			}
		}
		if err := b.meetingBlock(w, mt, cols); err != nil {
			return fmt.Errorf("meeting %d: %w", mt.ID, err)
		}
	}
	return w.flush()
}

// presenceRow is one invited member's line of a meeting's register.
type presenceRow struct {
	m    *branchbot.Member
	a    *branchbot.Attendance
	rsvp *branchbot.RSVP
	p    branchbot.Presence
}

func (b *book) meetingBlock(w *sheetWriter, mt *branchbot.Meeting, cols int) error {
	rows, err := b.presences(mt)
	if err != nil {
		return err
	}
	kind := b.o.Kinds.Get(mt.Kind).Name(b.o.Lang)
	loc := b.o.Location
	head := fmt.Sprintf("#%d %s · %s · %s–%s", mt.ID, kind, mt.Title, mt.Start.In(loc).Format("2006-01-02 15:04"), mt.End().In(loc).Format("15:04"))
	if mt.Place != "" {
		head += " · " + mt.Place
	}
	w.skip()
	if err := w.title(b.st.total, head, cols); err != nil {
		return err
	}
	total := meetingTotal{label: fmt.Sprintf("#%d %s", mt.ID, mt.Start.In(loc).Format("01-02")), invited: len(rows), presence: map[branchbot.Presence]int{}}
	for _, r := range rows {
		total.presence[r.p]++
	}
	b.meetings = append(b.meetings, total)
	// The counts, as formulas over the presence column below.
	first, last := w.row+3, w.row+2+len(rows)
	rng := fmt.Sprintf("%s%d:%s%d", col(6), first, col(6), max(first, last))
	counts := []any{b.t("mt.invited"), formula(fmt.Sprintf("COUNTA(%s%d:%s%d)", col(2), first, col(2), max(first, last)), len(rows))}
	for _, p := range branchbot.Presences {
		counts = append(counts, b.presence(p), formula(fmt.Sprintf(`COUNTIF(%s,"%s")`, rng, b.presence(p)), total.presence[p]))
	}
	if err := w.add(b.st.text, counts...); err != nil {
		return err
	}
	header := make([]any, len(meetingColumns))
	for i, k := range meetingColumns {
		header[i] = b.t(k)
	}
	if err := w.add(b.st.head, header...); err != nil {
		return err
	}
	for i, r := range rows {
		answer, reason := "", ""
		if r.rsvp != nil {
			answer = b.t("answer." + string(r.rsvp.Answer))
			if r.rsvp.Answer == branchbot.AnswerLeave {
				reason = b.leaveReason(r.rsvp)
			}
		}
		var checkin, madeUp, note string
		if r.a != nil {
			checkin, madeUp, note = b.clock(r.a.CheckedIn), b.clock(r.a.MadeUp), r.a.Note
		}
		if err := w.add(b.st.wrap, i+1, r.m.Name, b.group(r.m.Group), answer, checkin, b.presence(r.p), reason, madeUp, note); err != nil {
			return err
		}
	}
	if len(mt.Items) == 0 {
		return nil
	}
	w.skip()
	if err := w.add(b.st.head, b.t("col.no"), b.t("mt.item"), nil, nil, b.t("mt.by"), b.t("mt.decision")); err != nil {
		return err
	}
	if err := w.sw.MergeCell(cell(2, w.row), cell(4, w.row)); err != nil {
		return err
	}
	if err := w.sw.MergeCell(cell(6, w.row), cell(cols, w.row)); err != nil {
		return err
	}
	for _, it := range mt.Items {
		text := it.Text
		if it.Late {
			text += b.t("mt.lateitem")
		}
		if err := w.add(b.st.wrap, it.N, text, nil, nil, b.name(it.MemberID), it.Decision); err != nil {
			return err
		}
		if err := w.sw.MergeCell(cell(2, w.row), cell(4, w.row)); err != nil {
			return err
		}
		if err := w.sw.MergeCell(cell(6, w.row), cell(cols, w.row)); err != nil {
			return err
		}
	}
	return nil
}

// presences are the invited members of a meeting with their records:
// from the records written when it was over, or, before that, those
// invited now. Members the reader does not see are left out.
func (b *book) presences(mt *branchbot.Meeting) ([]presenceRow, error) {
	rs, err := b.tx.RSVPs(mt.ID)
	if err != nil {
		return nil, err
	}
	f, err := b.tx.FollowUp(mt.ID)
	if err != nil {
		return nil, err
	}
	var out []presenceRow
	add := func(m *branchbot.Member, a *branchbot.Attendance) {
		if b.sees(m) {
			out = append(out, presenceRow{m: m, a: a, rsvp: rs[m.ID], p: a.Presence(rs[m.ID])})
		}
	}
	if f.Closed() {
		as, err := b.tx.Attendances(mt.ID)
		if err != nil {
			return nil, err
		}
		for _, a := range as {
			m, err := b.tx.Member(a.MemberID)
			if err != nil {
				m = &branchbot.Member{ID: a.MemberID, Name: b.name(a.MemberID)}
			}
			add(m, a)
		}
	} else {
		err := b.tx.ForEachMember(func(m *branchbot.Member) error {
			if !mt.Invites(m) {
				return nil
			}
			a, _, err := b.tx.Attendance(mt.ID, m.ID)
			if err != nil {
				return err
			}
			add(m, a)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// leaveReason is the reason of a leave from a meeting, in the member's
// words when they gave their own.
func (b *book) leaveReason(r *branchbot.RSVP) string {
	var parts []string
	if r.Reason != "" {
		parts = append(parts, b.t("reason."+string(r.Reason)))
	}
	if r.Note != "" {
		parts = append(parts, r.Note)
	}
	s := strings.Join(parts, "：")
	if r.Approval != branchbot.ApprovalNone {
		s += "（" + b.t("approval."+string(r.Approval)) + "）"
	}
	return s
}
