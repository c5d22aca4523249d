package bot

// Broadcasts: /broadcast composes a notice and previews it; the secretary
// confirms with a button and the bot queues a copy for every member of the
// audience. See broadcast_ack.go for the 已阅 button and the progress of
// the delivery, broadcast_parse.go for what the secretary typed,
// broadcast_preview.go for how a notice looks, broadcasts.go for
// /broadcasts.

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// broadcast handles /broadcast: it stores a draft and shows the secretary
// the notice as members will get it, with the buttons to send it.
func (r *request) broadcast(_ []string) error {
	if r.msg == nil {
		return r.say("bc.usage")
	}
	names, err := r.groupNames()
	if err != nil {
		return err
	}
	text, ents := messageBody(r.msg)
	c := parseBroadcast(text, fromTelegram(ents), names)
	if c.text == "" && !hasFile(r.msg) {
		return r.say("bc.usage")
	}
	if w, _ := nextWord(c.text, 0); !c.named && looksLikeGroup(w, names) {
		// A mistyped group would make a notice to everyone.
		return r.refuseUnknownGroup(w, names)
	}
	var sendAt time.Time
	if c.at {
		var ok bool
		if sendAt, ok = r.sendTime(c.atDay, c.atClock); !ok {
			return r.say("bc.badtime", strings.TrimSpace(c.atDay+" "+c.atClock))
		}
	}
	b := &branchbot.Broadcast{
		Kind:       c.kind,
		State:      branchbot.BroadcastDraft,
		AuthorID:   r.member.ID,
		AuthorChat: r.chat,
		Audience:   c.audience,
		Group:      c.group,
		Text:       c.text,
		Entities:   c.entities,
		Ack:        true,
		CreatedAt:  r.now,
		SendAt:     sendAt,
	}
	limit := branchbot.MaxMessageLen
	switch {
	case len(r.msg.Photo) > 0:
		b.Photo = r.msg.Photo[len(r.msg.Photo)-1].FileID
		limit = branchbot.MaxCaption
	case r.msg.Document != nil:
		b.Document = r.msg.Document.FileID
		limit = branchbot.MaxCaption
	}
	// The longest heading of either language, marked as sent late (a
	// member who joins later gets the notice so), and the blank line
	// after it, must fit with the text.
	room := limit
	for _, l := range []branchbot.Lang{branchbot.LangZH, branchbot.LangEN} {
		room = min(room, limit-utf8.RuneCountInString(T(l, "bc.head.late", r.b.noticeHead(b, l)))-2)
	}
	if n := utf8.RuneCountInString(c.text); n > room {
		return r.say("bc.toolong", room, n)
	}
	total, unreachable, err := r.audienceSize(b)
	if err != nil {
		return err
	}
	if total == 0 {
		return r.say("bc.nobody", audienceName(r.lang, b))
	}
	if err := r.tx.CreateBroadcast(b); err != nil {
		return err
	}
	if err := r.audit("broadcast.draft", fmt.Sprintf("#%d %s to %s: %q", b.ID, b.Kind, audienceName(branchbot.LangEN, b), excerpt(b.Text, 80)), false); err != nil {
		return err
	}
	preview := r.b.notice(b, r.lang, 0)
	if err := r.send(&preview); err != nil {
		return err
	}
	text, kb := r.previewView(b, total, unreachable)
	return r.send(&branchbot.Outgoing{Text: text, Keyboard: kb})
}

// maxSchedule is how far ahead a broadcast may be set to go out.
const maxSchedule = 30 * 24 * time.Hour

// sendTime reads the time of "at [YYYY-MM-DD] HH:MM" in the branch's zone:
// without a date, the next time the clock reads HH:MM. It must be in the
// future and at most maxSchedule away.
func (r *request) sendTime(day, clockText string) (time.Time, bool) {
	c, err := branchbot.ParseClock(clockText)
	if err != nil {
		return time.Time{}, false
	}
	loc := r.b.opts.Location
	d := r.today()
	if day != "" {
		if d, err = branchbot.ParseDay(day); err != nil {
			return time.Time{}, false
		}
	}
	at := func(d branchbot.Day) time.Time {
		y, m, dd := d.Date()
		return time.Date(y, m, dd, c.Hour, c.Minute, 0, 0, loc)
	}
	t := at(d)
	if day == "" && !t.After(r.now) {
		t = at(d + 1)
	}
	if !t.After(r.now) || t.Sub(r.now) > maxSchedule {
		return time.Time{}, false
	}
	return t, true
}

// broadcastButton handles the buttons of a broadcast's preview and of
// /broadcasts; ok is false for an action that is not one of them.
func (r *request) broadcastButton(cq *models.CallbackQuery, cb branchbot.Callback, msgID int) (ok bool, err error) {
	switch cb.Action {
	case "ack":
		return true, r.ackPress(cq, cb, msgID)
	case "bcgo", "bcno", "bcak", "bcgc", "bcau", "bcls", "bcsl":
	default:
		return false, nil
	}
	if !r.member.Is(branchbot.RoleSecretary) {
		r.answer(cq, T(r.lang, "refused.role", "broadcast", roleName(r.lang, branchbot.RoleSecretary)), true)
		return true, r.audit("refused", "broadcast button "+cb.Action+" without the secretary role", true)
	}
	id, perr := strconv.ParseInt(cb.Arg, 10, 64)
	b, err := r.tx.Broadcast(id)
	if perr != nil || errors.Is(err, branchbot.ErrNotFound) {
		r.answer(cq, T(r.lang, "button.stale"), false)
		return true, nil
	} else if err != nil {
		return true, err
	}
	if cb.Action == "bcls" {
		r.answer(cq, "", false)
		return true, r.broadcastNames(b)
	}
	if cb.Action == "bcno" {
		err = b.Cancel()
	} else {
		err = b.CheckDraft()
	}
	if errors.Is(err, branchbot.ErrNotDraft) {
		r.answer(cq, T(r.lang, "bc.already", b.ID), false)
		return true, nil
	} else if err != nil {
		return true, err
	}
	switch cb.Action {
	case "bcno":
		if err := r.tx.PutBroadcast(b); err != nil {
			return true, err
		}
		r.answer(cq, "", false)
		if err := r.audit("broadcast.cancel", fmt.Sprintf("#%d", b.ID), false); err != nil {
			return true, err
		}
		return true, r.editTo(msgID, T(r.lang, "bc.cancelled", b.ID))
	case "bcgo":
		if total, _, err := r.audienceSize(b); err != nil {
			return true, err
		} else if total == 0 {
			r.answer(cq, T(r.lang, "bc.nobody", audienceName(r.lang, b)), true)
			return true, nil
		}
		r.answer(cq, "", false)
		return true, r.confirm(b, msgID)
	case "bcak":
		b.Ack = !b.Ack
	case "bcgc":
		b.GroupChat = !b.GroupChat && r.b.opts.GroupChat != 0
	case "bcsl":
		b.Silent = !b.Silent
	case "bcau":
		if err := r.nextAudience(b); err != nil {
			return true, err
		}
	}
	if err := r.tx.PutBroadcast(b); err != nil {
		return true, err
	}
	r.answer(cq, "", false)
	total, unreachable, err := r.audienceSize(b)
	if err != nil {
		return true, err
	}
	text, kb := r.previewView(b, total, unreachable)
	return true, r.send(&branchbot.Outgoing{Edit: msgID, Text: text, Keyboard: kb})
}

// confirm carries out 📤: the broadcast goes out now, or at its time.
// The preview's summary becomes the status message.
func (r *request) confirm(b *branchbot.Broadcast, statusMsg int) error {
	b.StatusMsg, b.AuthorChat = statusMsg, r.chat
	detail := fmt.Sprintf("#%d %s to %s, ack=%v, group chat=%v: %q", b.ID, b.Kind, audienceName(branchbot.LangEN, b), b.Ack, b.GroupChat, excerpt(b.Text, 80))
	scheduled, err := b.Confirm(r.now)
	if err != nil {
		return err
	}
	if scheduled {
		if err := r.tx.PutBroadcast(b); err != nil {
			return err
		}
		at := b.SendAt.UTC().Format(time.RFC3339)
		if goes := r.b.goesAt(b); !goes.Equal(b.SendAt) {
			at += ", held for quiet hours until " + goes.UTC().Format(time.RFC3339)
		} else if b.Silent {
			at += ", silently"
		}
		if err := r.audit("broadcast.schedule", detail+" at "+at, false); err != nil {
			return err
		}
		cancel := branchbot.Callback{Action: "bcno", Owner: r.member.ID, Arg: strconv.FormatInt(b.ID, 10)}.MustEncode()
		return r.send(&branchbot.Outgoing{
			Edit:     statusMsg,
			Text:     T(r.lang, "bc.scheduled", b.ID, r.b.whenGoes(r.lang, b), audienceName(r.lang, b)),
			Keyboard: [][]branchbot.Button{{{Text: T(r.lang, "bc.btn.unsend"), Data: cancel}}},
		})
	}
	if err := r.b.fanOut(r.tx, b); err != nil {
		return err
	}
	return r.audit("broadcast", fmt.Sprintf("%s: %d recipients (%d unreachable)", detail, b.Total, b.Unreachable), false)
}

// Send queues the copies of a broadcast whose set time has come; the
// scheduler calls it in its transaction.
func (b *Bot) Send(tx *store.Tx, bc *branchbot.Broadcast) error {
	if err := b.fanOut(tx, bc); err != nil {
		return err
	}
	return tx.Audit(branchbot.AuditEntry{Action: "broadcast", Detail: fmt.Sprintf("#%d at its set time: %d recipients (%d unreachable)", bc.ID, bc.Total, bc.Unreachable)})
}

// statusEvery is how many copies of a broadcast go into the outbox
// between two edits of the author's status message: about a second's
// worth at Telegram's 30 messages a second, and at most about thirty
// edits however large the audience.
func statusEvery(total int) int { return max(30, (total+29)/30) }

// fanOut sends a broadcast: a copy for every member of the audience (but
// its author) goes into the outbox, keyed so that nobody gets two.
// Members who have not joined or cannot be reached get no copy and are
// counted as unreachable at once.
//
// The outbox is sent in order, so edits of the author's status message
// are queued among the copies, one every statusEvery of them; each shows
// the progress as it is when it goes out.
func (b *Bot) fanOut(tx *store.Tx, bc *branchbot.Broadcast) error {
	if err := bc.Start(tx.Now()); err != nil {
		return err
	}
	def := b.opts.Language
	var to []*branchbot.Member
	err := tx.ForEachMember(func(m *branchbot.Member) error {
		if m.ID == bc.AuthorID || !bc.Includes(m) {
			return nil
		}
		bc.Total++
		rc := &branchbot.Recipient{BroadcastID: bc.ID, MemberID: m.ID, State: branchbot.RecipientQueued}
		switch {
		case !m.Bound():
			rc.State, rc.Why = branchbot.RecipientUnreachable, "not joined"
		case m.Unreachable:
			rc.State, rc.Why = branchbot.RecipientUnreachable, m.UnreachableWhy
		default:
			to = append(to, m)
		}
		if rc.State == branchbot.RecipientUnreachable {
			bc.Unreachable++
		}
		return tx.PutRecipient(rc)
	})
	if err != nil {
		return err
	}
	bc.Finish()
	if err := tx.PutBroadcast(bc); err != nil {
		return err
	}
	if err := b.queueStatus(tx, bc); err != nil {
		return err
	}
	every := statusEvery(len(to))
	for i, m := range to {
		o := b.notice(bc, langOf(m, def), m.ID)
		o.Key, o.ChatID, o.MemberID, o.Silent = branchbot.BroadcastKey(bc.ID, m.ID), m.ChatID(), m.ID, bc.Silent
		if _, err := enqueue(tx, &o); err != nil {
			return err
		}
		if (i+1)%every == 0 && i+1 < len(to) {
			if err := b.queueStatus(tx, bc); err != nil {
				return err
			}
		}
	}
	if bc.GroupChat && b.opts.GroupChat != 0 {
		o := b.notice(bc, def, 0)
		o.Key, o.ChatID, o.Silent = branchbot.BroadcastGroupKey(bc.ID), b.opts.GroupChat, bc.Silent
		if _, err := enqueue(tx, &o); err != nil {
			return err
		}
	}
	return nil
}
