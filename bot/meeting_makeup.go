package bot

// Make-up (补课): once a meeting is over, the absent and those on leave
// get its materials and a make-up task with a due date; 已补课 records it
// (their next words, if they write soon, are kept as their note). They
// are reminded once a day until it is due; then the organiser is told
// who did not. /materials attaches the materials.

import (
	"fmt"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// makeupNoteWait is how long after 已补课 the member's words are taken as
// their note.
const makeupNoteWait = 30 * time.Minute

// owing is a member who owes a meeting's make-up, with their presence.
type owing struct {
	m *branchbot.Member
	p branchbot.Presence
}

// owingMakeup returns the members invited to mt (by their attendance
// records) who still owe its make-up.
func owingMakeup(tx *store.Tx, mt *branchbot.Meeting) ([]owing, error) {
	as, err := tx.Attendances(mt.ID)
	if err != nil {
		return nil, err
	}
	rs, err := tx.RSVPs(mt.ID)
	if err != nil {
		return nil, err
	}
	var out []owing
	for _, a := range as {
		p := a.Presence(rs[a.MemberID])
		if !branchbot.OwesMakeup(p) {
			continue
		}
		m, err := tx.Member(a.MemberID)
		if err != nil {
			continue // removed since
		}
		out = append(out, owing{m, p})
	}
	return out, nil
}

// MeetingOver writes an attendance record for every member mt invited and
// sends the absent and on leave the materials and their make-up task. It
// implements schedule.MeetingFollowUps.
func (b *Bot) MeetingOver(tx *store.Tx, mt *branchbot.Meeting, f *branchbot.MeetingFollowUp) (int, error) {
	ms, err := invited(tx, mt)
	if err != nil {
		return 0, err
	}
	for _, m := range ms {
		a, found, err := tx.Attendance(mt.ID, m.ID)
		if err != nil {
			return 0, err
		}
		if !found {
			if err := tx.PutAttendance(a); err != nil {
				return 0, err
			}
		}
	}
	owe, err := owingMakeup(tx, mt)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, o := range owe {
		sent, err := b.sendMakeup(tx, mt, f, o)
		if err != nil {
			return 0, err
		}
		if sent {
			n++
		}
	}
	return n, b.queueMeetingStatus(tx, mt)
}

// sendMakeup queues member o's materials (if any) and make-up task.
func (b *Bot) sendMakeup(tx *store.Tx, mt *branchbot.Meeting, f *branchbot.MeetingFollowUp, o owing) (bool, error) {
	m := o.m
	if !m.Bound() || m.Unreachable {
		return false, nil
	}
	l := langOf(m, b.opts.Language)
	if err := b.sendMaterials(tx, mt, f, m); err != nil {
		return false, err
	}
	why := T(l, "mk.why."+string(o.p))
	return enqueue(tx, &branchbot.Outgoing{
		Key: branchbot.MeetingMakeupKey(mt.ID, m.ID), ChatID: m.ChatID(), MemberID: m.ID,
		Text:     T(l, "mk.task", mt.ID, mt.Title, why, b.clockText(f.Due)),
		Keyboard: makeupButtons(l, m.ID, mt),
	})
}

func makeupButtons(l branchbot.Lang, owner int64, mt *branchbot.Meeting) [][]branchbot.Button {
	return [][]branchbot.Button{{{Text: T(l, "mk.btn.madeup"), Data: meetingCallback("mtmu", owner, mt, "")}}}
}

// sendMaterials queues member m's copy of mt's materials, once per
// attachment.
func (b *Bot) sendMaterials(tx *store.Tx, mt *branchbot.Meeting, f *branchbot.MeetingFollowUp, m *branchbot.Member) error {
	mat := f.Materials
	if mat.Empty() {
		return nil
	}
	l := langOf(m, b.opts.Language)
	o := &branchbot.Outgoing{Key: branchbot.MeetingMaterialsKey(mt.ID, mat.V, m.ID), ChatID: m.ChatID(), MemberID: m.ID,
		Photo: mat.Photo, Document: mat.Document, Text: mat.Text}
	if o.Photo == "" && o.Document == "" {
		o.Text = T(l, "mk.materials", mt.ID, mt.Title) + "\n\n" + mat.Text
	}
	_, err := enqueue(tx, o)
	return err
}

// MakeupReminders reminds those who still owe mt's make-up (the n-th
// reminder). It implements schedule.MeetingFollowUps.
func (b *Bot) MakeupReminders(tx *store.Tx, mt *branchbot.Meeting, f *branchbot.MeetingFollowUp, n int) (int, error) {
	owe, err := owingMakeup(tx, mt)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, o := range owe {
		m := o.m
		if !m.Bound() || m.Unreachable {
			continue
		}
		l := langOf(m, b.opts.Language)
		ok, err := enqueue(tx, &branchbot.Outgoing{
			Key: branchbot.MeetingMakeupReminderKey(mt.ID, n, m.ID), ChatID: m.ChatID(), MemberID: m.ID,
			Text:     T(l, "mk.remind", mt.ID, mt.Title, b.clockText(f.Due)),
			Keyboard: makeupButtons(l, m.ID, mt),
		})
		if err != nil {
			return 0, err
		}
		if ok {
			sent++
		}
	}
	return sent, nil
}

// MakeupOverdue tells the organiser who did not make up mt by its due
// time. It implements schedule.MeetingFollowUps.
func (b *Bot) MakeupOverdue(tx *store.Tx, mt *branchbot.Meeting, f *branchbot.MeetingFollowUp) (int, error) {
	owe, err := owingMakeup(tx, mt)
	if err != nil || len(owe) == 0 {
		return 0, err
	}
	org, err := tx.Member(mt.CreatedBy)
	if err != nil || !org.Bound() || org.Unreachable {
		return 0, nil
	}
	l := langOf(org, b.opts.Language)
	names := make([]string, len(owe))
	for i, o := range owe {
		names[i] = o.m.Name
	}
	ok, err := enqueue(tx, &branchbot.Outgoing{
		Key: branchbot.MeetingOverdueKey(mt.ID, org.ID), ChatID: org.ChatID(), MemberID: org.ID,
		Text: T(l, "mk.overdue", mt.ID, mt.Title, len(owe), strings.Join(names, T(l, "mk.sep"))),
	})
	if err != nil || !ok {
		return 0, err
	}
	return 1, b.queueMeetingStatus(tx, mt)
}

// makeupPress handles 已补课 (mtmu): the make-up is recorded, and the
// member's next words are awaited as their note.
func (r *request) makeupPress(cq *models.CallbackQuery, mt *branchbot.Meeting, msgID int) error {
	a, found, err := r.tx.Attendance(mt.ID, r.member.ID)
	if err != nil {
		return err
	}
	rsvp, err := r.tx.RSVP(mt.ID, r.member.ID)
	if err != nil {
		return err
	}
	if !found || !branchbot.OwesMakeup(a.Presence(rsvp)) {
		r.answer(cq, T(r.lang, "mk.nothing", mt.ID), false)
		return r.send(&branchbot.Outgoing{Edit: msgID, KeyboardOnly: true})
	}
	a.MakeUp(r.now, "")
	if err := r.tx.PutAttendance(a); err != nil {
		return err
	}
	if err := r.tx.AskMakeupNote(r.member.ID, mt.ID, r.now); err != nil {
		return err
	}
	r.answer(cq, T(r.lang, "mk.btn.done"), false)
	if err := r.audit("meeting.makeup", fmt.Sprintf("#%d", mt.ID), false); err != nil {
		return err
	}
	if err := r.send(&branchbot.Outgoing{Edit: msgID, KeyboardOnly: true}); err != nil {
		return err
	}
	if err := r.b.queueMeetingStatus(r.tx, mt); err != nil {
		return err
	}
	return r.say("mk.recorded", mt.ID)
}

// makeupNoteText keeps the member's words as their make-up note, if they
// pressed 已补课 a short while ago; ok is false if not.
func (r *request) makeupNoteText() (ok bool, err error) {
	id, at, asked, err := r.tx.MakeupNoteAsked(r.member.ID)
	if err != nil || !asked || r.now.Sub(at) > makeupNoteWait {
		return false, err
	}
	a, found, err := r.tx.Attendance(id, r.member.ID)
	if err != nil || !found {
		return false, err
	}
	note := strings.TrimSpace(r.msg.Text)
	if n := []rune(note); len(n) > 500 {
		note = string(n[:500])
	}
	a.Note = note
	if err := r.tx.PutAttendance(a); err != nil {
		return true, err
	}
	if err := r.audit("meeting.makeup", fmt.Sprintf("#%d note %q", id, excerpt(note, 80)), false); err != nil {
		return true, err
	}
	return true, r.say("mk.noted", id)
}

// materials handles /materials MEETING [TEXT], with a photo or document
// and TEXT as its caption, or TEXT alone: the materials go to those who
// owe the make-up, at once if the meeting is over.
func (r *request) materials(args []string) error {
	body, _ := messageBody(r.msg)
	_, pos := nextWord(body, 0)
	idWord, pos := nextWord(body, pos)
	text := strings.TrimSpace(body[pos:])
	hasFile := hasFile(r.msg)
	if idWord == "" || (text == "" && !hasFile) {
		return r.say("mk.mat.usage")
	}
	mt, ok, err := r.organisedMeeting(idWord)
	if !ok {
		return err
	}
	f, err := r.tx.FollowUp(mt.ID)
	if err != nil {
		return err
	}
	mat := branchbot.MeetingMaterials{Text: text, V: f.Materials.V + 1}
	switch {
	case len(r.msg.Photo) > 0:
		mat.Photo = r.msg.Photo[len(r.msg.Photo)-1].FileID
	case r.msg.Document != nil:
		mat.Document = r.msg.Document.FileID
	}
	f.Materials = mat
	if err := r.tx.PutFollowUp(f); err != nil {
		return err
	}
	if err := r.audit("meeting.materials", fmt.Sprintf("#%d v%d file %v: %q", mt.ID, mat.V, hasFile, excerpt(text, 80)), false); err != nil {
		return err
	}
	if !f.Closed() {
		return r.say("mk.mat.saved", mt.ID)
	}
	owe, err := owingMakeup(r.tx, mt)
	if err != nil {
		return err
	}
	n := 0
	for _, o := range owe {
		if !o.m.Bound() || o.m.Unreachable {
			continue
		}
		if err := r.b.sendMaterials(r.tx, mt, f, o.m); err != nil {
			return err
		}
		n++
	}
	return r.say("mk.mat.sent", mt.ID, n)
}

// organisedMeeting finds the meeting named by word that the asker may
// organise, answering them when there is none; ok is false then.
func (r *request) organisedMeeting(word string) (*branchbot.Meeting, bool, error) {
	var id int64
	if _, err := fmt.Sscan(strings.TrimPrefix(word, "#"), &id); err != nil || id <= 0 {
		return nil, false, r.say("mt.notfound", 0)
	}
	mt, err := r.tx.Meeting(id)
	if err != nil || mt.State == branchbot.MeetingDraft {
		return nil, false, r.say("mt.notfound", id)
	}
	if err := branchbot.CanOrganise(r.member, mt.Audience, mt.Group); err != nil {
		if err := r.audit("refused", fmt.Sprintf("meeting #%d: %v", id, err), true); err != nil {
			return nil, false, err
		}
		return nil, false, r.say("mt.notyours")
	}
	if mt.State == branchbot.MeetingCancelled {
		return nil, false, r.say("mt.is.cancelled", id)
	}
	return mt, true, nil
}
