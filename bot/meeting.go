package bot

// Meetings: /meeting schedules one from one line and previews it; the
// organiser confirms with a button and every invited member gets a notice
// with 参加 / 请假. See meeting_rsvp.go for the answers, meeting_status.go
// for the organiser's status message, meeting_change.go for cancel and
// move, meetings_list.go for /meetings.

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// MeetingOptions are the branch's kinds of meeting and its leave rule.
type MeetingOptions struct {
	// Kinds are the kinds of meeting, the first the default; nil means
	// branchbot.DefaultMeetingKinds.
	Kinds []branchbot.MeetingKindSpec
	// LeaveApproval has the organiser approve or refuse each leave.
	LeaveApproval bool
	// CheckinBefore and CheckinAfter bound the sign-in window around the
	// start (default 30 minutes each); CheckinCode asks for the code
	// read out in the room. MakeupDays is how long the absent have to
	// make up (default 7). See meeting_checkin.go and meeting_makeup.go.
	CheckinBefore, CheckinAfter time.Duration
	CheckinCode                 bool
	MakeupDays                  int
	// NewCheckinCode makes a meeting's sign-in code; default four random
	// digits. A simulation passes a seeded one to be reproducible.
	NewCheckinCode func() string

	// AgendaDeadline is how long before the start the agenda of a
	// committee meeting or member assembly closes; zero means
	// branchbot.DefaultAgendaDeadline.
	AgendaDeadline time.Duration
}

func (b *Bot) meetingKinds() branchbot.MeetingKinds {
	if len(b.opts.Meetings.Kinds) == 0 {
		return branchbot.DefaultMeetingKinds()
	}
	return b.opts.Meetings.Kinds
}

// meeting handles /meeting: one line schedules a meeting (a preview to
// confirm); "cancel ID [REASON]" and "move ID DATE TIME [@ PLACE]" change one.
func (r *request) meeting(args []string) error {
	_, pos := nextWord(r.msg.Text, 0)
	line := strings.TrimSpace(r.msg.Text[pos:])
	if len(args) > 0 {
		switch strings.ToLower(args[0]) {
		case "cancel", "取消":
			return r.meetingCancelCommand(line)
		case "move", "改期":
			return r.meetingMoveCommand(line)
		}
	}
	if line == "" {
		return r.startMeetingGuide() // meeting_guide.go
	}
	names, err := r.groupNames()
	if err != nil {
		return err
	}
	loc := r.b.opts.Location
	ml, bad, arg := parseMeeting(line, r.b.meetingKinds(), names, r.now, loc)
	if bad == "mt.usage" {
		return r.say(bad, r.b.kindList(r.lang))
	}
	if bad != "" {
		if arg != "" {
			return r.say(bad, arg)
		}
		return r.say(bad)
	}
	return r.draftMeeting(ml)
}

// draftMeeting stores the meeting the organiser described (one line or
// the guided flow of meeting_guide.go) as a draft and sends its preview.
func (r *request) draftMeeting(ml meetingLine) error {
	if err := r.tx.DeleteMeetingGuide(r.member.ID); err != nil { // one line ends a guided flow left open
		return err
	}
	loc := r.b.opts.Location
	if ml.title == "" {
		// A themed day or lesson without a title carries the month's theme.
		if ml.title = r.tx.Theme(branchbot.ThemeMonth(ml.start, loc)); ml.title == "" {
			return r.say("mt.notitle")
		}
	}
	if ml.audience == branchbot.AudienceGroup && ml.group == "" {
		if ml.group = r.member.Group; ml.group == "" {
			return r.say("mt.needgroup")
		}
	}
	if err := branchbot.CanOrganise(r.member, ml.audience, ml.group); err != nil {
		if err := r.audit("refused", "/meeting: "+err.Error(), true); err != nil {
			return err
		}
		return r.say("mt.notyours")
	}
	mt := &branchbot.Meeting{
		Kind: ml.kind.Kind, State: branchbot.MeetingDraft, Audience: ml.audience, Group: ml.group,
		Start: ml.start, Length: ml.kind.Length, Place: ml.place, Title: ml.title,
		CreatedBy: r.member.ID, AuthorChat: r.chat, Leads: ml.kind.Reminders,
		GroupChat: r.b.opts.GroupChat != 0 && ml.audience == branchbot.AudienceAll,
		Proposed:  ml.items,
	}
	if err := r.tx.CreateMeeting(mt); err != nil {
		return err
	}
	if err := r.audit("meeting.draft", r.b.meetingDetail(mt), false); err != nil {
		return err
	}
	text, kb, err := r.meetingPreview(mt)
	if err != nil {
		return err
	}
	return r.send(&branchbot.Outgoing{Text: text, Keyboard: kb})
}

// kindList names the configured kinds for /meeting's usage: in Chinese
// their names, in English their ids (with the names in Chinese or
// English also accepted).
func (b *Bot) kindList(l branchbot.Lang) string {
	var names []string
	for _, k := range b.meetingKinds() {
		if l == branchbot.LangEN {
			names = append(names, string(k.Kind))
		} else {
			names = append(names, k.NameZH)
		}
	}
	if l == branchbot.LangEN {
		return strings.Join(names, ", ")
	}
	return strings.Join(names, "、")
}

// meetingDetail describes a meeting for the audit log.
func (b *Bot) meetingDetail(mt *branchbot.Meeting) string {
	return fmt.Sprintf("#%d %s to %s at %s @ %q: %q", mt.ID, mt.Kind, meetingAudience(branchbot.LangEN, mt),
		mt.Start.UTC().Format(time.RFC3339), mt.Place, excerpt(mt.Title, 80))
}

// meetingAudience names a meeting's audience.
func meetingAudience(l branchbot.Lang, mt *branchbot.Meeting) string {
	if mt.Audience == branchbot.AudienceGroup {
		return T(l, "bc.aud.group", mt.Group)
	}
	return T(l, "bc.aud."+mt.Audience)
}

// invited returns the members a meeting invites, in id order.
func invited(tx *store.Tx, mt *branchbot.Meeting) ([]*branchbot.Member, error) {
	var out []*branchbot.Member
	err := tx.ForEachMember(func(m *branchbot.Member) error {
		if mt.Invites(m) {
			out = append(out, m)
		}
		return nil
	})
	return out, err
}

// meetingPreview is the notice as members will read it, with the numbers
// and the buttons that confirm, cancel and change the audience.
func (r *request) meetingPreview(mt *branchbot.Meeting) (string, [][]branchbot.Button, error) {
	l := r.lang
	ms, err := invited(r.tx, mt)
	if err != nil {
		return "", nil, err
	}
	unreach := 0
	for _, m := range ms {
		if !m.Bound() || m.Unreachable {
			unreach++
		}
	}
	lines := []string{T(l, "mt.pv.head", mt.ID), "", r.b.meetingCard(mt, l)}
	lines = append(lines, r.b.proposedLines(l, mt)...) // meeting_guide_agenda.go
	lines = append(lines, "", T(l, "mt.pv.invited", len(ms)))
	if unreach > 0 {
		lines[len(lines)-1] += T(l, "bc.pv.unreach", unreach)
	}
	if mt.GroupChat {
		lines = append(lines, T(l, "mt.pv.groupchat"))
	}
	lines = append(lines, T(l, "mt.pv.hint"))
	cb := func(action string) string { return meetingCallback(action, r.member.ID, mt, "") }
	kb := [][]branchbot.Button{
		{{Text: T(l, "mt.btn.confirm"), Data: cb("mtgo")}, {Text: T(l, "bc.btn.cancel"), Data: cb("mtno")}},
		{{Text: T(l, "bc.btn.aud", meetingAudience(l, mt)), Data: cb("mtau")}},
	}
	return strings.Join(lines, "\n"), kb, nil
}

// meetingCallback is the data of a meeting's button: "ID.VERSION" and,
// if extra is set, ".EXTRA".
func meetingCallback(action string, owner int64, mt *branchbot.Meeting, extra string) string {
	arg := strconv.FormatInt(mt.ID, 10) + "." + strconv.Itoa(mt.Version)
	if extra != "" {
		arg += "." + extra
	}
	return branchbot.Callback{Action: action, Owner: owner, Arg: arg}.MustEncode()
}

// parseMeetingArg reads the argument meetingCallback wrote.
func parseMeetingArg(arg string) (id int64, version int, extra string, ok bool) {
	parts := strings.SplitN(arg, ".", 3)
	if len(parts) < 2 {
		return 0, 0, "", false
	}
	id, err1 := strconv.ParseInt(parts[0], 10, 64)
	v, err2 := strconv.Atoi(parts[1])
	if len(parts) == 3 {
		extra = parts[2]
	}
	return id, v, extra, err1 == nil && err2 == nil && id > 0
}

// meetingCard is what a meeting is, when and where, in language l.
func (b *Bot) meetingCard(mt *branchbot.Meeting, l branchbot.Lang) string {
	kind := b.meetingKinds().Get(mt.Kind)
	lines := []string{
		T(l, "mt.card.title", kind.Name(l), mt.Title),
		T(l, "mt.card.when", b.meetingWhen(mt, l)),
	}
	if mt.Place != "" {
		lines = append(lines, T(l, "mt.card.place", mt.Place))
	}
	lines = append(lines, T(l, "mt.card.audience", meetingAudience(l, mt)))
	return strings.Join(lines, "\n")
}

// meetingWhen is "2026-12-05（周六）15:00–17:00" in the branch's zone.
func (b *Bot) meetingWhen(mt *branchbot.Meeting, l branchbot.Lang) string {
	s, e := mt.Start.In(b.opts.Location), mt.End().In(b.opts.Location)
	wd := T(l, "mt.wd."+strconv.Itoa(int(s.Weekday())))
	return fmt.Sprintf("%s %s %s–%s", s.Format("2006-01-02"), wd, s.Format("15:04"), e.Format("15:04"))
}

// nextMeetingAudience walks the audiences the organiser may choose: all,
// the committee, then each group (a group leader has only their own).
func (r *request) nextMeetingAudience(mt *branchbot.Meeting) error {
	gs, err := r.tx.Groups()
	if err != nil {
		return err
	}
	type aud struct{ audience, group string }
	var cycle []aud
	for _, a := range []aud{{branchbot.AudienceAll, ""}, {branchbot.AudienceCommittee, ""}} {
		if branchbot.CanOrganise(r.member, a.audience, a.group) == nil {
			cycle = append(cycle, a)
		}
	}
	for _, g := range gs {
		if branchbot.CanOrganise(r.member, branchbot.AudienceGroup, g.Name) == nil {
			cycle = append(cycle, aud{branchbot.AudienceGroup, g.Name})
		}
	}
	if len(cycle) == 0 {
		return nil
	}
	next := cycle[0]
	for i, a := range cycle {
		if a.audience == mt.Audience && a.group == mt.Group {
			next = cycle[(i+1)%len(cycle)]
		}
	}
	mt.Audience, mt.Group = next.audience, next.group
	mt.GroupChat = r.b.opts.GroupChat != 0 && mt.Audience == branchbot.AudienceAll
	return nil
}

// announceMeeting writes a confirmed (or moved) meeting and queues the
// notice of its current version to every invited member who can be
// reached, keyed so nobody gets two, the post in the group chat, and the
// organiser's status message.
func (b *Bot) announceMeeting(tx *store.Tx, mt *branchbot.Meeting) error {
	ms, err := invited(tx, mt)
	if err != nil {
		return err
	}
	def := b.opts.Language
	mt.Invited = 0
	for _, m := range ms {
		if !m.Bound() || m.Unreachable {
			continue
		}
		o := b.meetingNotice(mt, langOf(m, def), m.ID, nil)
		o.Key, o.ChatID, o.MemberID = branchbot.MeetingNoticeKey(mt.ID, mt.Version, m.ID), m.ChatID(), m.ID
		if _, err := enqueue(tx, &o); err != nil {
			return err
		}
		mt.Invited++
	}
	if mt.GroupChat && b.opts.GroupChat != 0 {
		o := b.meetingNotice(mt, def, 0, nil)
		o.Key, o.ChatID = branchbot.MeetingGroupKey(mt.ID, mt.Version), b.opts.GroupChat
		if _, err := enqueue(tx, &o); err != nil {
			return err
		}
	}
	if err := tx.PutMeeting(mt); err != nil {
		return err
	}
	return b.queueMeetingStatus(tx, mt)
}

// meetingNotice is the notice of a meeting (or of its move, from version
// 2) in language l; owner, the member it goes to, gets 参加 / 请假 (the
// group chat's copy, owner 0, none). rsvp is their answer, if any.
func (b *Bot) meetingNotice(mt *branchbot.Meeting, l branchbot.Lang, owner int64, rsvp *branchbot.RSVP) branchbot.Outgoing {
	head := T(l, "mt.head", b.opts.BranchName)
	if mt.Version > 1 {
		head = T(l, "mt.head.moved", b.opts.BranchName)
	}
	text := head + "\n\n" + b.meetingCard(mt, l)
	o := branchbot.Outgoing{Text: text}
	if owner != 0 {
		o.Text += "\n\n" + T(l, "mt.ask")
		o.Keyboard = rsvpButtons(l, owner, mt, rsvp)
	}
	return o
}

// rsvpButtons are 参加 and 请假, the member's answer marked.
func rsvpButtons(l branchbot.Lang, owner int64, mt *branchbot.Meeting, rsvp *branchbot.RSVP) [][]branchbot.Button {
	attend, leave := T(l, "mt.btn.attend"), T(l, "mt.btn.leave")
	if rsvp != nil {
		switch rsvp.Answer {
		case branchbot.AnswerAttend:
			attend = "✅ " + attend
		case branchbot.AnswerLeave:
			leave = "✅ " + leave
		}
	}
	return [][]branchbot.Button{{
		{Text: attend, Data: meetingCallback("mtya", owner, mt, "")},
		{Text: leave, Data: meetingCallback("mtyl", owner, mt, "")},
	}, extraMeetingButtons(l, owner, mt)}
}
