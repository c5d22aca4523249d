package bot

// /event: a group leader, committee member or secretary opens a
// conversation-due case about a member; the talker the rules choose (or
// the one named) is told at once, privately. The member concerned is
// never told: no message about a case ever goes to them.

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// caseRules are the branch's case rules, the defaults if none were given.
func (b *Bot) caseRules() *branchbot.CaseRules {
	if b.opts.Cases != nil {
		return b.opts.Cases
	}
	return &branchbot.CaseRules{}
}

// event handles /event MEMBER KIND [NOTE] [→ TALKER].
func (r *request) event(args []string) error {
	var talkerName string
	for i, a := range args {
		if a == "→" || a == "->" {
			if i != len(args)-2 {
				return r.say("event.usage")
			}
			talkerName, args = args[i+1], args[:i]
			break
		}
	}
	if len(args) < 2 {
		return r.say("event.usage")
	}
	kind, err := branchbot.ParseCaseKind(args[1])
	if err != nil {
		return r.say("event.usage")
	}
	subject, ok, err := r.findMember(args[0])
	if !ok {
		return err
	}
	if !branchbot.MayOpenCase(r.member, subject) {
		if err := r.audit("refused", fmt.Sprintf("/event about #%d: not theirs to open", subject.ID), true); err != nil {
			return err
		}
		return r.say("event.refused", subject.Name)
	}
	members, err := r.tx.Members()
	if err != nil {
		return err
	}
	rules := r.b.caseRules()
	talker := rules.Talker(kind, subject, members)
	if talkerName != "" {
		t, ok, err := r.findMember(talkerName)
		if !ok {
			return err
		}
		if !t.Bound() || !branchbot.MayTalk(t, subject) {
			return r.say("event.badtalker", t.Name)
		}
		talker = t
	}
	if talker == nil {
		return r.say("event.notalker")
	}
	today := branchbot.DayOf(r.now, r.b.opts.Location)
	c := &branchbot.Case{Kind: kind, State: branchbot.CaseDraft, Subject: subject.ID, Assignee: talker.ID,
		OpenedBy: r.member.ID, OpenedAt: r.now, Due: rules.Due(kind, today),
		Note: strings.Join(args[2:], " ")}
	if err := r.tx.CreateCase(c); err != nil {
		return err
	}
	text, kb := r.eventPreview(c, subject, talker)
	return r.send(&branchbot.Outgoing{Text: text, Keyboard: kb})
}

func (r *request) eventPreview(c *branchbot.Case, subject, talker *branchbot.Member) (string, [][]branchbot.Button) {
	l, arg, me := r.lang, strconv.FormatInt(c.ID, 10), r.member.ID
	kb := [][]branchbot.Button{{
		{Text: T(l, "event.confirm"), Data: branchbot.Callback{Action: "evgo", Owner: me, Arg: arg}.MustEncode()},
		{Text: T(l, "event.change"), Data: branchbot.Callback{Action: "evtk", Owner: me, Arg: arg}.MustEncode()},
		{Text: T(l, "event.cancel"), Data: branchbot.Callback{Action: "evno", Owner: me, Arg: arg}.MustEncode()},
	}}
	return T(l, "event.preview", caseText(l, c, subject, talker, 0)), kb
}

// caseText describes c in l: its number, kind, member, due day, talker
// (if given) and note; today, if set, adds how long it is overdue.
func caseText(l branchbot.Lang, c *branchbot.Case, subject, talker *branchbot.Member, today branchbot.Day) string {
	var sb strings.Builder
	if c.Contact != nil {
		fmt.Fprint(&sb, T(l, "case.line.contact", c.ID, caseKindName(l, c.Kind), contactKindName(l, c.Contact.Kind), c.Contact.Name, c.Due))
	} else {
		fmt.Fprint(&sb, T(l, "case.line", c.ID, caseKindName(l, c.Kind), nameOf(subject), c.Due))
	}
	if today != 0 && c.Overdue(today) {
		sb.WriteString(T(l, "case.line.overdue", int(today-c.Due)))
	}
	if talker != nil {
		sb.WriteString(T(l, "case.line.talker", talker.Name))
	}
	if c.Note != "" {
		sb.WriteString(T(l, "case.line.note", c.Note))
	}
	return sb.String()
}

func nameOf(m *branchbot.Member) string {
	if m == nil {
		return "—"
	}
	if m.Group != "" {
		return m.Name + "（" + m.Group + "）"
	}
	return m.Name
}

// talkButton is the ✅ of a case for its talker, which starts /talked.
func talkButton(l branchbot.Lang, owner int64, id int64) branchbot.Button {
	return branchbot.Button{Text: T(l, "case.talked.button"), Data: branchbot.Callback{Action: "ctalk", Owner: owner, Arg: strconv.FormatInt(id, 10)}.MustEncode()}
}

// tellTalker queues the notice to c's talker that the case is theirs,
// once per case and talker.
func tellTalker(tx *store.Tx, def branchbot.Lang, c *branchbot.Case, subject, talker *branchbot.Member) error {
	if !talker.Bound() || talker.Unreachable {
		return nil
	}
	o := caseOpened(langOf(talker, def), c, subject, talker)
	o.Key, o.ChatID, o.MemberID = branchbot.CaseOpenedKey(c.ID, talker.ID), talker.ChatID(), talker.ID
	_, err := enqueue(tx, &o)
	return err
}

// caseOpened is the notice to talker, in l, that case c is theirs.
func caseOpened(l branchbot.Lang, c *branchbot.Case, subject, talker *branchbot.Member) branchbot.Outgoing {
	return branchbot.Outgoing{
		Text:     T(l, "case.assigned", caseText(l, c, subject, nil, 0), c.ID),
		Keyboard: [][]branchbot.Button{{talkButton(l, talker.ID, c.ID)}},
	}
}

// CaseOpened is the notice to talker that case c is theirs, for the
// scheduler, which opens the visits of standing contacts.
func (b *Bot) CaseOpened(c *branchbot.Case, subject, talker *branchbot.Member) branchbot.Outgoing {
	return caseOpened(langOf(talker, b.opts.Language), c, subject, talker)
}

// eventButton handles the buttons of an /event preview; ok is false for
// any other action.
func (r *request) eventButton(cq *models.CallbackQuery, cb branchbot.Callback, msgID int) (ok bool, err error) {
	switch cb.Action {
	case "evgo", "evtk", "evno", "evto":
	default:
		return false, nil
	}
	idText, pick, _ := strings.Cut(cb.Arg, ".")
	id, _ := strconv.ParseInt(idText, 10, 64)
	c, err := r.tx.Case(id)
	if err != nil || c.OpenedBy != r.member.ID {
		// A guessed number: the same answer whether the case exists
		// or not.
		r.answer(cq, T(r.lang, "button.stale"), false)
		if err == nil {
			return true, r.audit("refused", fmt.Sprintf("case #%d: button %s of another's draft", id, cb.Action), true)
		}
		return true, nil
	}
	if c.State != branchbot.CaseDraft {
		r.answer(cq, T(r.lang, "button.stale"), false)
		return true, nil
	}
	r.answer(cq, "", false)
	subject, err := r.tx.Member(c.Subject)
	if err != nil {
		return true, err
	}
	switch cb.Action {
	case "evno":
		if err := c.Drop(r.now); err != nil {
			return true, err
		}
		if err := r.tx.PutCase(c); err != nil {
			return true, err
		}
		return true, r.editTo(msgID, T(r.lang, "event.dropped"))
	case "evtk":
		return true, r.pickTalker(c, subject, msgID)
	case "evto":
		t, err := r.tx.Member(atoi64(pick))
		if err != nil || !t.Bound() || !branchbot.MayTalk(t, subject) {
			return true, r.editTo(msgID, T(r.lang, "button.stale"))
		}
		c.Assignee = t.ID
		if err := r.tx.PutCase(c); err != nil {
			return true, err
		}
		text, kb := r.eventPreview(c, subject, t)
		return true, r.send(&branchbot.Outgoing{Edit: msgID, Text: text, Keyboard: kb})
	}
	// evgo
	talker, err := r.tx.Member(c.Assignee)
	if err != nil {
		return true, err
	}
	if err := c.Confirm(); err != nil {
		return true, err
	}
	c.OpenedAt = r.now
	if err := r.tx.PutCase(c); err != nil {
		return true, err
	}
	if err := r.audit("case.open", fmt.Sprintf("#%d %s about #%d, talker #%d, due %s", c.ID, c.Kind, c.Subject, c.Assignee, c.Due), false); err != nil {
		return true, err
	}
	key := "event.opened"
	if talker.ID == r.member.ID {
		key = "event.opened.me"
	} else if err := tellTalker(r.tx, r.b.opts.Language, c, subject, talker); err != nil {
		return true, err
	}
	o := &branchbot.Outgoing{Edit: msgID, Text: T(r.lang, key, caseText(r.lang, c, subject, talker, 0))}
	if talker.ID == r.member.ID {
		o.Keyboard = [][]branchbot.Button{{talkButton(r.lang, r.member.ID, c.ID)}}
	}
	return true, r.send(o)
}

// pickTalker shows the members who may talk with c's subject as buttons.
func (r *request) pickTalker(c *branchbot.Case, subject *branchbot.Member, msgID int) error {
	members, err := r.tx.Members()
	if err != nil {
		return err
	}
	var kb [][]branchbot.Button
	var row []branchbot.Button
	for _, m := range members {
		if !m.Bound() || !branchbot.MayTalk(m, subject) {
			continue
		}
		row = append(row, branchbot.Button{Text: m.Name, Data: branchbot.Callback{Action: "evto", Owner: r.member.ID,
			Arg: fmt.Sprintf("%d.%d", c.ID, m.ID)}.MustEncode()})
		if len(row) == 3 {
			kb, row = append(kb, row), nil
		}
	}
	if len(row) > 0 {
		kb = append(kb, row)
	}
	kb = append(kb, []branchbot.Button{{Text: T(r.lang, "event.cancel"),
		Data: branchbot.Callback{Action: "evno", Owner: r.member.ID, Arg: strconv.FormatInt(c.ID, 10)}.MustEncode()}})
	return r.send(&branchbot.Outgoing{Edit: msgID, Text: T(r.lang, "event.pick", caseText(r.lang, c, subject, nil, 0)), Keyboard: kb})
}

func atoi64(s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0
	}
	return n
}

// CaseReminder is the day's reminder of case c to its talker, for the
// scheduler.
func (b *Bot) CaseReminder(c *branchbot.Case, subject, talker *branchbot.Member, today branchbot.Day, late bool) branchbot.Outgoing {
	l := langOf(talker, b.opts.Language)
	text := T(l, "case.reminder", caseText(l, c, subject, nil, today))
	if late {
		text += T(l, "case.reminder.late")
	}
	return branchbot.Outgoing{Text: text, Keyboard: [][]branchbot.Button{{talkButton(l, talker.ID, c.ID)}}}
}

// CaseDigest is secretary to's daily list of the overdue cases, for the
// scheduler.
func (b *Bot) CaseDigest(to *branchbot.Member, overdue []*branchbot.Case, fresh map[int64]bool, members map[int64]*branchbot.Member, uncovered []*branchbot.Member, today branchbot.Day) branchbot.Outgoing {
	l := langOf(to, b.opts.Language)
	var sb strings.Builder
	if len(overdue) > 0 {
		sb.WriteString(T(l, "case.digest", len(overdue)))
	}
	for _, c := range overdue {
		sb.WriteString("\n\n")
		if fresh[c.ID] {
			sb.WriteString(T(l, "case.digest.new"))
		}
		sb.WriteString(caseText(l, c, members[c.Subject], members[c.Assignee], today))
	}
	if len(uncovered) > 0 {
		if sb.Len() > 0 {
			sb.WriteString("\n\n")
		}
		sb.WriteString(uncoveredLine(l, uncovered, b.caseRules(), today))
	}
	return branchbot.Outgoing{Text: sb.String()}
}
