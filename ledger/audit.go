package ledger

// 审计日志 (the secretaries' only): the audit log's entries of the period
// in the reader's words, times in the branch's zone.

import (
	"fmt"
	"strconv"
	"time"

	"github.com/branchbot/branchbot"
)

// AuditColumns are the keys of the audit log's columns, shared by the
// sheet and the CSV export (Heading gives their words).
var AuditColumns = []string{"audit.seq", "audit.time", "audit.tg", "audit.id", "audit.name", "audit.action", "audit.detail", "audit.refused"}

// AuditRow is an audit entry as the ledger and the CSV export write it,
// in the columns of AuditColumns: the time in loc as timeLayout has it,
// the actor's name, the action and detail through words (nil: as
// stored), whether it was refused in l.
func AuditRow(l branchbot.Lang, e branchbot.AuditEntry, name string, words func(action, detail string) (string, string), timeLayout string, loc *time.Location) []string {
	action, detail := e.Action, e.Detail
	if words != nil {
		action, detail = words(e.Action, e.Detail)
	}
	refused := Heading(l, "audit.no")
	if e.Refused {
		refused = Heading(l, "audit.yes")
	}
	return []string{
		strconv.FormatUint(e.Seq, 10),
		e.Time.In(loc).Format(timeLayout),
		strconv.FormatInt(e.ActorTG, 10),
		strconv.FormatInt(e.ActorID, 10),
		name,
		action,
		detail,
		refused,
	}
}

func (b *book) auditSheet(name string) error {
	cols := len(AuditColumns)
	w, err := b.newSheet(name, layout{landscape: true, widths: []float64{7, 17, 12, 8, 10, 14, 60, 7}, freezeRow: 2})
	if err != nil {
		return err
	}
	if err := w.title(b.st.title, b.title(b.t("sheet.audit")), cols); err != nil {
		return err
	}
	header := make([]any, cols)
	for i, k := range AuditColumns {
		header[i] = b.t(k)
	}
	if err := w.add(b.st.head, header...); err != nil {
		return err
	}
	n := 0
	err = b.tx.ForEachAudit(func(e branchbot.AuditEntry) error {
		if !b.inPeriod(e.Time) {
			return nil
		}
		n++
		row := AuditRow(b.o.Lang, e, b.name(e.ActorID), b.o.AuditWords, "2006-01-02 15:04:05", b.o.Location)
		cells := make([]any, len(row))
		for i, v := range row {
			cells[i] = v
		}
		cells[0], cells[2], cells[3] = e.Seq, e.ActorTG, e.ActorID
		return w.add(b.st.wrap, cells...)
	})
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	if n == 0 {
		if err := w.add(0, b.t("audit.none")); err != nil {
			return err
		}
	}
	return w.flush()
}
