package ledger

// 通知与指示精神 (the secretaries' only): each notice sent in the period,
// on a page of its own, with each recipient's delivery and reading.

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/branchbot/branchbot"
)

// noticeColumns are the columns of a notice's recipients.
var noticeColumns = []string{"col.no", "col.name", "col.group", "bc.state", "bc.sent", "bc.read", "bc.why"}

// noticeScan bounds how many of the latest notices the sheet looks at.
const noticeScan = 10000

func (b *book) noticesSheet(name string) error {
	recent, err := b.tx.RecentBroadcasts(noticeScan)
	if err != nil {
		return err
	}
	var bcs []*branchbot.Broadcast
	for _, bc := range recent {
		if !bc.SentAt.IsZero() && b.inPeriod(bc.SentAt) {
			bcs = append(bcs, bc)
		}
	}
	slices.Reverse(bcs) // oldest first
	cols := len(noticeColumns)
	w, err := b.newSheet(name, layout{widths: []float64{5, 10, 12, 10, 16, 16, 24}, freezeRow: 1})
	if err != nil {
		return err
	}
	if err := w.title(b.st.title, b.title(b.t("sheet.notices")), cols); err != nil {
		return err
	}
	if len(bcs) == 0 {
		if err := w.add(0, b.t("bc.none")); err != nil {
			return err
		}
	}
	for i, bc := range bcs {
		if i > 0 {
			if err := w.pageBreak(); err != nil {
				return err
			}
		}
		if err := b.noticeBlock(w, bc, cols); err != nil {
			return fmt.Errorf("notice %d: %w", bc.ID, err)
		}
	}
	return w.flush()
}

func (b *book) noticeBlock(w *sheetWriter, bc *branchbot.Broadcast, cols int) error {
	rs, err := b.tx.Recipients(bc.ID)
	if err != nil {
		return err
	}
	w.skip()
	head := fmt.Sprintf("#%d %s · %s · %s", bc.ID, b.t("bc.kind."+string(bc.Kind)), b.clock(bc.SentAt), b.audience(bc.Audience, bc.Group))
	if err := w.title(b.st.total, head, cols); err != nil {
		return err
	}
	if err := w.title(b.st.wrap, clipText(bc.Text, 300), cols); err != nil {
		return err
	}
	first, last := w.row+3, w.row+2+len(rs)
	rng := fmt.Sprintf("%s%d:%s%d", col(4), first, col(4), max(first, last))
	readRng := fmt.Sprintf("%s%d:%s%d", col(6), first, col(6), max(first, last))
	counts := map[branchbot.RecipientState]int{}
	read := 0
	for _, r := range rs {
		counts[r.State]++
		if !r.AckedAt.IsZero() {
			read++
		}
	}
	line := []any{b.t("bc.total"), formula(fmt.Sprintf("COUNTA(%s%d:%s%d)", col(2), first, col(2), max(first, last)), len(rs))}
	for _, st := range []branchbot.RecipientState{branchbot.RecipientSent, branchbot.RecipientFailed, branchbot.RecipientUnreachable} {
		word := b.t("rcpt." + string(st))
		line = append(line, word, formula(fmt.Sprintf(`COUNTIF(%s,"%s")`, rng, word), counts[st]))
	}
	line = append(line, b.t("bc.readcount"), formula(fmt.Sprintf(`COUNTIF(%s,"?*")`, readRng), read))
	if err := w.add(b.st.text, line...); err != nil {
		return err
	}
	header := make([]any, cols)
	for i, k := range noticeColumns {
		header[i] = b.t(k)
	}
	if err := w.add(b.st.head, header...); err != nil {
		return err
	}
	for i, r := range rs {
		group := ""
		if m, err := b.tx.Member(r.MemberID); err == nil {
			group = b.group(m.Group)
		}
		if err := w.add(b.st.wrap, i+1, b.name(r.MemberID), group, b.t("rcpt."+string(r.State)), b.clock(r.SentAt), b.clock(r.AckedAt), r.Why); err != nil {
			return err
		}
	}
	return nil
}

// audience names who a notice or meeting was for.
func (b *book) audience(a, group string) string {
	if a == branchbot.AudienceGroup {
		return b.group(group)
	}
	return b.t("aud." + a)
}

// clipText cuts s to n characters on one line.
func clipText(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
