package bot

// Broadcasts: /broadcast composes a notice and previews it; the secretary
// confirms with a button and the bot queues a copy for every member of the
// audience. See broadcast_ack.go for the 已阅 button and the progress of
// the delivery, broadcasts.go for /broadcasts.

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// composition is what the secretary typed after /broadcast.
type composition struct {
	kind     branchbot.BroadcastKind
	audience string
	group    string
	// named is set when the audience was written out ("all" included);
	// otherwise it is all by default.
	named    bool
	text     string
	entities []branchbot.Entity
	// at, atDay and atClock are "at [YYYY-MM-DD] HH:MM": send at a set
	// time rather than when confirmed.
	at             bool
	atDay, atClock string
}

// kindWords and audienceWords are the keywords /broadcast takes before the
// text, in English and Chinese.
var (
	kindWords = map[string]branchbot.BroadcastKind{
		"directive": branchbot.BroadcastDirective, "指示": branchbot.BroadcastDirective, "指示精神": branchbot.BroadcastDirective,
		"notice": branchbot.BroadcastNotice, "通知": branchbot.BroadcastNotice,
	}
	audienceWords = map[string]string{
		"all": branchbot.AudienceAll, "全体": branchbot.AudienceAll, "全部": branchbot.AudienceAll,
		"committee": branchbot.AudienceCommittee, "支委": branchbot.AudienceCommittee, "支委会": branchbot.AudienceCommittee,
	}
)

// nextWord returns the word of s starting at byte i (after white space),
// taking a quoted word ("Group 1", “第一 小组”) whole, and the byte offset
// just past it.
func nextWord(s string, i int) (word string, end int) {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += size
	}
	if i >= len(s) {
		return "", i
	}
	if r, size := utf8.DecodeRuneInString(s[i:]); r == '"' || r == '“' {
		closeQ := "\""
		if r == '“' {
			closeQ = "”"
		}
		if j := strings.Index(s[i+size:], closeQ); j >= 0 {
			return s[i+size : i+size+j], i + size + j + len(closeQ)
		}
	}
	j := i
	for j < len(s) {
		r, size := utf8.DecodeRuneInString(s[j:])
		if unicode.IsSpace(r) {
			break
		}
		j += size
	}
	return s[i:j], j
}

// parseBroadcast reads "/broadcast [directive] [all|GROUP|committee]
// [at [YYYY-MM-DD] HH:MM] TEXT" (the keywords in any order) from a
// message's text (or caption) and its entities. groups are the branch's
// group names. The text keeps its line breaks and formatting.
func parseBroadcast(text string, ents []branchbot.Entity, groups []string) composition {
	c := composition{kind: branchbot.BroadcastNotice, audience: branchbot.AudienceAll}
	_, pos := nextWord(text, 0) // the command
	kindSet, audSet := false, false
	for !kindSet || !audSet || !c.at {
		w, end := nextWord(text, pos)
		if w == "" {
			break
		}
		lw := strings.ToLower(w)
		if (lw == "at" || w == "定时") && !c.at {
			first, end1 := nextWord(text, end)
			if first == "" {
				break
			}
			c.at, pos = true, end1
			if _, err := branchbot.ParseDay(first); err == nil {
				c.atDay = first
				c.atClock, pos = nextWord(text, end1)
			} else {
				c.atClock = first
			}
			continue
		}
		if k, ok := kindWords[lw]; ok && !kindSet {
			c.kind, kindSet, pos = k, true, end
			continue
		}
		if a, ok := audienceWords[lw]; ok && !audSet {
			c.audience, audSet, pos = a, true, end
			continue
		}
		if !audSet && containsString(groups, w) {
			c.audience, c.group, audSet, pos = branchbot.AudienceGroup, w, true, end
			continue
		}
		break
	}
	c.named = audSet
	start := pos
	for start < len(text) {
		r, size := utf8.DecodeRuneInString(text[start:])
		if !unicode.IsSpace(r) {
			break
		}
		start += size
	}
	body := strings.TrimRightFunc(text[start:], unicode.IsSpace)
	from := branchbot.UTF16Index(text, start)
	c.text = body
	c.entities = branchbot.SliceEntities(ents, from, from+branchbot.UTF16Len(body))
	return c
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// fromTelegram converts a message's entities to the outbox's.
func fromTelegram(es []models.MessageEntity) []branchbot.Entity {
	var out []branchbot.Entity
	for _, e := range es {
		be := branchbot.Entity{Type: string(e.Type), Offset: e.Offset, Length: e.Length, URL: e.URL, Language: e.Language, CustomEmojiID: e.CustomEmojiID}
		if e.User != nil {
			be.UserID, be.UserName = e.User.ID, e.User.FirstName
		}
		out = append(out, be)
	}
	return out
}

// messageBody is the text a command came in and its entities: the caption
// of a photo or document, else the text.
func messageBody(msg *models.Message) (string, []models.MessageEntity) {
	if msg.Text == "" && hasFile(msg) {
		return msg.Caption, msg.CaptionEntities
	}
	return msg.Text, msg.Entities
}

func hasFile(msg *models.Message) bool { return len(msg.Photo) > 0 || msg.Document != nil }

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

// audienceSize counts the members a broadcast would go to, and how many
// of them cannot be reached (not joined, or blocked the bot).
func (r *request) audienceSize(b *branchbot.Broadcast) (total, unreachable int, err error) {
	err = r.tx.ForEachMember(func(m *branchbot.Member) error {
		if m.ID == b.AuthorID || !b.Includes(m) {
			return nil
		}
		total++
		if !m.Bound() || m.Unreachable {
			unreachable++
		}
		return nil
	})
	return total, unreachable, err
}

// previewView is the summary under the preview, with the buttons that send,
// cancel and change it.
func (r *request) previewView(b *branchbot.Broadcast, total, unreachable int) (string, [][]branchbot.Button) {
	l := r.lang
	lines := []string{
		T(l, "bc.pv.head", b.ID),
		T(l, "bc.pv.kind", T(l, "bc.kind."+string(b.Kind))),
		T(l, "bc.pv.audience", audienceName(l, b), total),
	}
	if unreachable > 0 {
		lines[len(lines)-1] += T(l, "bc.pv.unreach", unreachable)
	}
	lines = append(lines, T(l, onOff("bc.pv.ack", b.Ack)))
	if r.b.opts.GroupChat != 0 {
		lines = append(lines, T(l, onOff("bc.pv.group", b.GroupChat)))
	}
	send := "bc.btn.send"
	var quietRow []branchbot.Button
	if b.SendAt.IsZero() {
		lines = append(lines, T(l, "bc.pv.now"))
	} else {
		var at []string
		at, quietRow = r.atLines(b)
		lines = append(lines, at...)
		send = "bc.btn.sendat"
	}
	lines = append(lines, "", T(l, "bc.pv.hint", T(l, send)))
	cb := func(action string) string {
		return branchbot.Callback{Action: action, Owner: r.member.ID, Arg: strconv.FormatInt(b.ID, 10)}.MustEncode()
	}
	kb := [][]branchbot.Button{
		{{Text: T(l, send), Data: cb("bcgo")}, {Text: T(l, "bc.btn.cancel"), Data: cb("bcno")}},
		{{Text: T(l, "bc.btn.aud", audienceName(l, b)), Data: cb("bcau")}, {Text: T(l, onOff("bc.btn.ack", b.Ack)), Data: cb("bcak")}},
	}
	if r.b.opts.GroupChat != 0 {
		kb = append(kb, []branchbot.Button{{Text: T(l, onOff("bc.btn.group", b.GroupChat)), Data: cb("bcgc")}})
	}
	if quietRow != nil {
		kb = append(kb, quietRow)
	}
	return strings.Join(lines, "\n"), kb
}

// when formats an instant for people: "11-26 08:00" in the branch's zone.
func (b *Bot) when(t time.Time) string { return t.In(b.opts.Location).Format("01-02 15:04") }

// nextAudience is the audience after b's in the cycle the preview's
// button walks: all, the committee, then each group.
func (r *request) nextAudience(b *branchbot.Broadcast) error {
	gs, err := r.tx.Groups()
	if err != nil {
		return err
	}
	type aud struct{ audience, group string }
	cycle := []aud{{branchbot.AudienceAll, ""}, {branchbot.AudienceCommittee, ""}}
	for _, g := range gs {
		cycle = append(cycle, aud{branchbot.AudienceGroup, g.Name})
	}
	next := cycle[0]
	for i, a := range cycle {
		if a.audience == b.Audience && a.group == b.Group {
			next = cycle[(i+1)%len(cycle)]
		}
	}
	b.Audience, b.Group = next.audience, next.group
	return nil
}

func onOff(key string, on bool) string {
	if on {
		return key + ".on"
	}
	return key + ".off"
}

// audienceName names a broadcast's audience.
func audienceName(l branchbot.Lang, b *branchbot.Broadcast) string {
	if b.Audience == branchbot.AudienceGroup {
		return T(l, "bc.aud.group", b.Group)
	}
	return T(l, "bc.aud."+b.Audience)
}

// excerpt is the first line of s, cut to n characters.
func excerpt(s string, n int) string {
	s, _, cut := strings.Cut(strings.TrimSpace(s), "\n")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	if cut {
		return s + "…"
	}
	return s
}

// noticeHead is the first line of a broadcast's copy: what kind of notice
// it is.
func (b *Bot) noticeHead(bc *branchbot.Broadcast, l branchbot.Lang) string {
	if bc.Kind == branchbot.BroadcastDirective {
		t := bc.CreatedAt.In(b.opts.Location)
		if l == branchbot.LangEN {
			return T(l, "bc.head.directive", t.Format("January 2006"))
		}
		return T(l, "bc.head.directive", t.Format("2006年1月"))
	}
	return T(l, "bc.head.notice", b.opts.BranchName)
}

// notice renders a copy of a broadcast in language l: the heading, then
// the text with its formatting. owner is the member it goes to, who gets
// the 已阅 button when the broadcast asks for acknowledgement; 0 for the
// preview and the group chat.
func (b *Bot) notice(bc *branchbot.Broadcast, l branchbot.Lang, owner int64) branchbot.Outgoing {
	head := b.noticeHead(bc, l)
	if bc.Text != "" {
		head += "\n\n"
	}
	o := branchbot.Outgoing{
		Text:     head + bc.Text,
		Entities: branchbot.ShiftEntities(bc.Entities, branchbot.UTF16Len(head)),
		Photo:    bc.Photo,
		Document: bc.Document,
	}
	if bc.Ack && owner != 0 {
		o.Keyboard = [][]branchbot.Button{{ackButton(l, owner, bc.ID)}}
	}
	return o
}

func ackButton(l branchbot.Lang, owner, id int64) branchbot.Button {
	return branchbot.Button{
		Text: T(l, "bc.ack.btn"),
		Data: branchbot.Callback{Action: "ack", Owner: owner, Arg: strconv.FormatInt(id, 10)}.MustEncode(),
	}
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
