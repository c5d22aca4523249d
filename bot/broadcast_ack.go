package bot

// The life of a sent broadcast: the progress shown on the author's status
// message, the 已阅 button, and the reminder and report the scheduler
// queues (rendered here).

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// broadcastProgress marks the broadcasts whose delivery counts changed in
// tx as sent once every copy is settled, and queues the final edit of the
// author's status message. It runs in the transaction that records a
// send, and queues (never calls Telegram).
func (b *Bot) broadcastProgress(tx *store.Tx, ids []int64) error {
	for _, id := range ids {
		bc, err := tx.Broadcast(id)
		if errors.Is(err, branchbot.ErrNotFound) {
			continue
		} else if err != nil {
			return err
		}
		if !bc.Finish() {
			continue
		}
		if err := tx.PutBroadcast(bc); err != nil {
			return err
		}
		if err := b.queueStatus(tx, bc); err != nil {
			return err
		}
	}
	return nil
}

// queueStatus queues an edit of the author's status message. Its text is
// rendered when it goes out (Outgoing.Live), so an edit queued behind a
// broadcast's copies shows the progress as it is then.
func (b *Bot) queueStatus(tx *store.Tx, bc *branchbot.Broadcast) error {
	if bc.StatusMsg == 0 || bc.AuthorChat == 0 {
		return nil
	}
	o := &branchbot.Outgoing{
		ChatID:   bc.AuthorChat,
		MemberID: bc.AuthorID,
		Edit:     bc.StatusMsg,
		Live:     branchbot.BroadcastLive(bc.ID),
		Text:     b.statusText(tx, bc),
	}
	_, err := enqueue(tx, o)
	return err
}

// statusText is the status message of a broadcast: its progress while it
// is sending, its counts once it is sent.
func (b *Bot) statusText(tx *store.Tx, bc *branchbot.Broadcast) string {
	l := b.opts.Language
	if m, err := tx.Member(bc.AuthorID); err == nil {
		l = langOf(m, b.opts.Language)
	}
	key := "bc.status.sending"
	if bc.State != branchbot.BroadcastSending {
		key = "bc.status.done"
	}
	return T(l, key, bc.ID, bc.Settled(), bc.Total, bc.Sent, bc.Failed, bc.Unreachable)
}

// ackPress handles 已阅: it records when the member read the notice and
// turns the button into a check, on the notice and on its reminder.
func (r *request) ackPress(cq *models.CallbackQuery, cb branchbot.Callback, msgID int) error {
	id, err := strconv.ParseInt(cb.Arg, 10, 64)
	if err != nil {
		r.answer(cq, T(r.lang, "button.stale"), false)
		return nil
	}
	rc, err := r.tx.Recipient(id, r.member.ID)
	if errors.Is(err, branchbot.ErrNotFound) {
		r.answer(cq, T(r.lang, "button.stale"), false)
		return nil
	} else if err != nil {
		return err
	}
	first, err := r.tx.AckBroadcast(id, r.member.ID, r.now)
	if err != nil {
		return err
	}
	at := r.now
	if !first {
		at = rc.AckedAt
	}
	hhmm := at.In(r.b.opts.Location).Format("15:04")
	if first {
		r.answer(cq, T(r.lang, "bc.ack.cb"), false)
	} else {
		r.answer(cq, T(r.lang, "bc.ack.again", hhmm), false)
	}
	kb := [][]branchbot.Button{{{Text: T(r.lang, "bc.acked.btn", hhmm), Data: cq.Data}}}
	if err := r.send(&branchbot.Outgoing{Edit: msgID, KeyboardOnly: true, Keyboard: kb}); err != nil {
		return err
	}
	return r.checkAckButtons(id, hhmm, msgID)
}

// checkAckButtons turns the 已阅 button into "✅ 已阅 HH:MM" on the member's
// copy of broadcast id and on its reminder (both carry it), but for
// message done, already edited.
func (r *request) checkAckButtons(id int64, hhmm string, done int) error {
	kb := [][]branchbot.Button{{{Text: T(r.lang, "bc.acked.btn", hhmm), Data: ackButton(r.lang, r.member.ID, id).Data}}}
	for _, key := range []string{branchbot.BroadcastKey(id, r.member.ID), branchbot.BroadcastReminderKey(id, r.member.ID)} {
		d, ok := r.tx.Delivered(key)
		if !ok || d.ChatID != r.member.ChatID() || d.MessageID == 0 || d.MessageID == done {
			continue
		}
		if err := r.send(&branchbot.Outgoing{ChatID: d.ChatID, Edit: d.MessageID, KeyboardOnly: true, Keyboard: kb}); err != nil {
			return err
		}
	}
	return nil
}

// Reminder renders the one reminder to a member who has not acknowledged
// a broadcast: it replies to their copy and carries the 已阅 button again.
// The scheduler fills in the chat, member and key.
func (b *Bot) Reminder(bc *branchbot.Broadcast, m *branchbot.Member) branchbot.Outgoing {
	l := langOf(m, b.opts.Language)
	return branchbot.Outgoing{
		Text:     T(l, "bc.remind", bc.ID, excerpt(bc.Text, 60)),
		ReplyKey: branchbot.BroadcastKey(bc.ID, m.ID),
		Keyboard: [][]branchbot.Button{{ackButton(l, m.ID, bc.ID)}},
	}
}

// Report renders, for secretary to, the list of the members still silent
// about a broadcast and of those it could not reach, to phone them.
// members holds the recipients' member records (a removed member is
// missing).
func (b *Bot) Report(bc *branchbot.Broadcast, to *branchbot.Member, rs []*branchbot.Recipient, members map[int64]*branchbot.Member) branchbot.Outgoing {
	l := langOf(to, b.opts.Language)
	var silent, unreach, failed []string
	for _, rc := range rs {
		m := members[rc.MemberID]
		name := memberName(l, m, rc.MemberID)
		switch rc.State {
		case branchbot.RecipientSent, branchbot.RecipientQueued:
			if bc.Ack && rc.AckedAt.IsZero() {
				if m != nil && m.Unreachable {
					// Got the notice, then blocked the bot: phone them.
					name += whyText(l, m.UnreachableWhy)
				}
				silent = append(silent, name)
			}
		case branchbot.RecipientUnreachable:
			unreach = append(unreach, name+whyText(l, rc.Why))
		case branchbot.RecipientFailed:
			failed = append(failed, name+whyText(l, rc.Why))
		}
	}
	sent := bc.SentAt.In(b.opts.Location).Format("01-02 15:04")
	lines := []string{T(l, "bc.report.head", bc.ID, sent, excerpt(bc.Text, 40))}
	if bc.Ack {
		lines = append(lines, T(l, "bc.report.counts", bc.Acked, bc.Total, len(silent), len(unreach), len(failed)))
	} else {
		lines = append(lines, T(l, "bc.report.counts.noack", bc.Sent, bc.Total, len(unreach), len(failed)))
	}
	section := func(key string, names []string) {
		if len(names) == 0 {
			return
		}
		lines = append(lines, "", T(l, key, len(names)))
		lines = append(lines, names...)
	}
	section("bc.report.silent", silent)
	section("bc.report.unreach", unreach)
	section("bc.report.failed", failed)
	if bc.Ack && len(silent) == 0 && len(unreach) == 0 && len(failed) == 0 {
		lines = append(lines, "", T(l, "bc.report.allread"))
	}
	return branchbot.Outgoing{Text: strings.Join(lines, "\n")}
}

// memberName is a member's name as lists show it: "#12 张三", or the id of
// a member since removed.
func memberName(l branchbot.Lang, m *branchbot.Member, id int64) string {
	if m == nil {
		return fmt.Sprintf("#%d%s", id, T(l, "bc.removed"))
	}
	return fmt.Sprintf("#%d %s", m.ID, m.Name)
}

// whyText says why a copy did not arrive, in brackets.
func whyText(l branchbot.Lang, why string) string {
	if why == "" {
		return ""
	}
	return T(l, "bc.why", failureLabel(l, why))
}

// sortedByState orders recipients for the lists: acknowledged first (in the
// order they read), then the others by member id.
func sortedByState(rs []*branchbot.Recipient) {
	sort.SliceStable(rs, func(i, j int) bool {
		ai, aj := rs[i].AckedAt, rs[j].AckedAt
		if ai.IsZero() != aj.IsZero() {
			return !ai.IsZero()
		}
		if !ai.Equal(aj) {
			return ai.Before(aj)
		}
		return rs[i].MemberID < rs[j].MemberID
	})
}

// directiveLines are the lines of /me about this month's directives: how
// many the member has acknowledged, and each one's state. None when the
// month has had no directive.
func (r *request) directiveLines(today branchbot.Day) ([]string, error) {
	y, mo, _ := today.Date()
	since := time.Date(y, mo, 1, 0, 0, 0, 0, r.b.opts.Location)
	ds, err := r.tx.Directives(r.member.ID, since)
	if err != nil || len(ds) == 0 {
		return nil, err
	}
	l := r.lang
	acked := 0
	var each []string
	for i := len(ds) - 1; i >= 0; i-- { // oldest first
		d := ds[i]
		if at := d.Recipient.AckedAt; !at.IsZero() {
			acked++
			each = append(each, T(l, "me.directive.acked", d.Broadcast.ID, at.In(r.b.opts.Location).Format("01-02 15:04")))
		} else {
			each = append(each, T(l, "me.directive.unread", d.Broadcast.ID))
		}
	}
	return append([]string{T(l, "me.directives", acked, len(ds))}, each...), nil
}
