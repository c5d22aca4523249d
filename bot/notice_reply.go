package bot

// Free text from a member: a reply to a notice is an acknowledgement or
// goes to the notice's author; a study word marks the day done; anything
// else is answered with what the bot did with it (nothing) and what to do
// instead.

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/branchbot/branchbot"
)

// freeText handles a member's plain message in their private chat.
func (r *request) freeText() error {
	if ok, err := r.leaveText(); ok || err != nil {
		return err
	}
	if handled, err := r.talkText(r.msg.Text); handled || err != nil {
		return err // an answer to a question of /talked
	}
	if ok, err := r.makeupNoteText(); ok || err != nil {
		return err
	}
	if ok, err := r.agendaText(); ok || err != nil {
		return err
	}
	if ok, err := r.meetingGuideText(); ok || err != nil {
		return err // a step of the guided /meeting
	}
	if rt := r.msg.ReplyToMessage; rt != nil {
		bc, ok, err := r.repliedNotice(rt.ID)
		if err != nil {
			return err
		}
		if ok {
			return r.noticeReply(bc, r.msg.Text)
		}
	}
	if isDoneText(r.msg.Text) {
		return r.doneText()
	}
	if r.msg.ReplyToMessage != nil {
		return r.say("free.reply.unplaced")
	}
	return r.say("free.unplaced")
}

// repliedNotice finds the broadcast whose copy (or reminder) to the member
// is message msgID of their chat; ok is false when it is none of the
// recent ones.
func (r *request) repliedNotice(msgID int) (*branchbot.Broadcast, bool, error) {
	recent, err := r.tx.RecentBroadcasts(catchUpScan)
	if err != nil {
		return nil, false, err
	}
	chat := r.member.ChatID()
	for _, bc := range recent {
		if bc.SentAt.IsZero() {
			continue
		}
		for _, key := range []string{branchbot.BroadcastKey(bc.ID, r.member.ID), branchbot.BroadcastReminderKey(bc.ID, r.member.ID)} {
			if d, ok := r.tx.Delivered(key); ok && d.ChatID == chat && d.MessageID == msgID {
				return bc, true, nil
			}
		}
	}
	return nil, false, nil
}

// ackWords are replies that say "I have read it"; politeWords may come
// with them ("收到，谢谢").
var (
	ackWords = map[string]bool{
		"收到": true, "收到了": true, "已收到": true, "已阅": true, "已读": true, "阅": true, "已阅读": true,
		"知悉": true, "已知悉": true, "知道了": true, "明白": true, "明白了": true, "好的": true, "好": true,
		"ok": true, "okay": true, "👌": true, "👍": true, "roger": true, "noted": true, "got it": true,
		"received": true, "read": true, "seen": true, "will do": true,
	}
	politeWords = map[string]bool{"谢谢": true, "谢谢书记": true, "thanks": true, "thank you": true}
)

// isAckText reports whether a reply to a notice only acknowledges it:
// "收到", "已阅！", "收到，谢谢", "OK 👍".
func isAckText(s string) bool {
	parts := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return unicode.IsPunct(r) || strings.ContainsRune("，。！～~\n", r)
	})
	ack := false
	for _, p := range parts {
		p = strings.TrimSpace(p)
		switch {
		case p == "":
		case ackWords[p]:
			ack = true
		case politeWords[p]:
		default:
			// "ok 👍" is two words, each an acknowledgement.
			ws := strings.Fields(p)
			if len(ws) < 2 {
				return false
			}
			for _, w := range ws {
				if !ackWords[w] && !politeWords[w] {
					return false
				}
			}
			ack = true
		}
	}
	return ack
}

// noticeReply handles a member's reply to a notice: an acknowledgement of
// one that asks for it counts as 已阅; anything else goes to its author.
func (r *request) noticeReply(bc *branchbot.Broadcast, text string) error {
	if bc.Ack && isAckText(text) {
		return r.ackByReply(bc)
	}
	return r.relayReply(bc, text)
}

// ackByReply records the member's acknowledgement as the 已阅 button does
// and turns the buttons on their copy and its reminder into checks.
func (r *request) ackByReply(bc *branchbot.Broadcast) error {
	rc, err := r.tx.Recipient(bc.ID, r.member.ID)
	if errors.Is(err, branchbot.ErrNotFound) {
		return r.relayReply(bc, r.msg.Text)
	} else if err != nil {
		return err
	}
	first, err := r.tx.AckBroadcast(bc.ID, r.member.ID, r.now)
	if err != nil {
		return err
	}
	at := r.now
	if !first {
		at = rc.AckedAt
	}
	hhmm := at.In(r.b.opts.Location).Format("15:04")
	if err := r.checkAckButtons(bc.ID, hhmm, 0); err != nil {
		return err
	}
	if !first {
		return r.say("bc.ack.again", hhmm)
	}
	return r.say("free.acked", bc.ID, hhmm)
}

// relayReply passes the member's reply on to the notice's author, or, if
// the author can no longer get it, to every secretary who can, and tells
// the member who got it.
func (r *request) relayReply(bc *branchbot.Broadcast, text string) error {
	var to []*branchbot.Member
	reachable := func(m *branchbot.Member) bool {
		return m.ID != r.member.ID && m.Bound() && !m.Unreachable
	}
	author, err := r.tx.Member(bc.AuthorID)
	if err != nil && !errors.Is(err, branchbot.ErrNotFound) {
		return err
	}
	if err == nil && reachable(author) && author.Is(branchbot.RoleSecretary) {
		to = append(to, author)
	} else {
		err := r.tx.ForEachMember(func(m *branchbot.Member) error {
			if m.Role == branchbot.RoleSecretary && reachable(m) {
				to = append(to, m)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if err := r.audit("broadcast.reply", fmt.Sprintf("#%d: %q, passed to %d", bc.ID, excerpt(text, 80), len(to)), false); err != nil {
		return err
	}
	if len(to) == 0 {
		return r.say("free.relay.nobody", bc.ID)
	}
	names := make([]string, len(to))
	for i, m := range to {
		names[i] = m.Name
		l := langOf(m, r.b.opts.Language)
		o := &branchbot.Outgoing{
			ChatID:   m.ChatID(),
			MemberID: m.ID,
			Text:     T(l, "free.relay", r.member.Name, bc.ID, excerpt(bc.Text, 40), text),
		}
		if _, err := r.tx.Enqueue(o); err != nil {
			return err
		}
	}
	return r.say("free.relayed", bc.ID, strings.Join(names, T(r.lang, "free.and")))
}
