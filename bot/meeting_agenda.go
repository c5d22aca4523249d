package bot

// The agenda of committee meetings and member assemblies (议事决策): the
// committee registers items before a deadline (/agenda, or 📝 on the
// notice and the next words typed); after it only a secretary may add
// one, marked late and audited. After the meeting the secretary records
// the decisions (/minutes: a button per item, then the words typed).

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/branchbot/branchbot"
)

// agendaCommand handles /agenda MEETING TEXT.
func (r *request) agendaCommand(args []string) error {
	if len(args) < 2 {
		return r.say("ag.usage")
	}
	mt, ok, err := r.meetingNamed(args[0])
	if !ok {
		return err
	}
	_, pos := nextWord(r.msg.Text, 0)
	_, pos = nextWord(r.msg.Text, pos)
	return r.addAgendaItem(mt, strings.TrimSpace(r.msg.Text[pos:]))
}

// meetingNamed finds the confirmed meeting named by "12" or "#12"; ok is
// false when the asker has been answered.
func (r *request) meetingNamed(w string) (*branchbot.Meeting, bool, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(w, "#"), 10, 64)
	if err != nil || id <= 0 {
		return nil, false, r.say("ag.usage")
	}
	mt, err := r.tx.Meeting(id)
	if errors.Is(err, branchbot.ErrNotFound) || (err == nil && mt.State == branchbot.MeetingDraft) {
		return nil, false, r.say("mt.notfound", id)
	}
	return mt, err == nil, err
}

// addAgendaItem registers the asker's item for mt, or says why not.
func (r *request) addAgendaItem(mt *branchbot.Meeting, text string) error {
	if text == "" {
		return r.say("ag.usage")
	}
	deadline := r.b.opts.Meetings.AgendaDeadline
	it, err := mt.AddAgendaItem(r.member, text, r.now, deadline)
	if err != nil {
		if refusal := r.agendaRefusal(mt, err); refusal != nil {
			return refusal()
		}
		return err
	}
	if err := r.tx.PutMeeting(mt); err != nil {
		return err
	}
	action := "meeting.agenda"
	if it.Late {
		action = "meeting.agenda.late"
	}
	if err := r.audit(action, fmt.Sprintf("#%d item %d: %q", mt.ID, it.N, excerpt(it.Text, 80)), false); err != nil {
		return err
	}
	if it.Late {
		return r.say("ag.added.late", it.N, mt.ID)
	}
	return r.say("ag.added", it.N, mt.ID, r.b.when(mt.AgendaDeadline(deadline)))
}

// agendaRefusal answers an item the rules refused (audited where it was
// a matter of who may); nil if err is not a refusal.
func (r *request) agendaRefusal(mt *branchbot.Meeting, err error) func() error {
	switch {
	case errors.Is(err, branchbot.ErrNoAgenda):
		return func() error { return r.say("ag.none", mt.ID) }
	case errors.Is(err, branchbot.ErrMeetingStarted):
		return func() error { return r.say("mt.is.started", mt.ID) }
	case errors.Is(err, branchbot.ErrAgendaNotYours), errors.Is(err, branchbot.ErrAgendaClosed):
		return func() error {
			if err := r.audit("refused", "/agenda: "+err.Error(), true); err != nil {
				return err
			}
			if errors.Is(err, branchbot.ErrAgendaNotYours) {
				return r.say("ag.notyours")
			}
			return r.say("ag.closed", mt.ID, r.b.when(mt.AgendaDeadline(r.b.opts.Meetings.AgendaDeadline)))
		}
	}
	return nil
}

// agendaPress handles 📝 on a notice: the member's next words are an item.
func (r *request) agendaPress(cq *models.CallbackQuery, mt *branchbot.Meeting) error {
	probe := *mt
	probe.Items = nil
	if _, err := probe.AddAgendaItem(r.member, "?", r.now, r.b.opts.Meetings.AgendaDeadline); err != nil {
		r.answer(cq, "", false)
		if refusal := r.agendaRefusal(mt, err); refusal != nil {
			return refusal()
		}
		return err
	}
	r.answer(cq, "", false)
	if err := r.tx.AskDecision(r.member.ID, mt.ID, 0); err != nil {
		return err
	}
	return r.say("ag.ask", mt.ID, mt.Title)
}

// minutesCommand handles /minutes MEETING: the items with their
// decisions, and after the start a button per item to record one.
func (r *request) minutesCommand(args []string) error {
	if len(args) < 1 {
		return r.say("mn.usage")
	}
	mt, ok, err := r.meetingNamed(args[0])
	if !ok {
		return err
	}
	l := r.lang
	lines := []string{T(l, "mn.head", mt.ID, mt.Title)}
	if len(mt.Items) == 0 {
		lines = append(lines, T(l, "mn.noitems"))
	}
	var kb [][]branchbot.Button
	held := mt.State == branchbot.MeetingScheduled && !r.now.Before(mt.Start)
	for _, it := range mt.Items {
		lines = append(lines, r.b.itemLine(l, it))
		if held {
			data := meetingCallback("mtmi", r.member.ID, mt, strconv.Itoa(it.N))
			kb = append(kb, []branchbot.Button{{Text: T(l, "mn.btn", it.N), Data: data}})
		}
	}
	if !held && len(mt.Items) > 0 {
		lines = append(lines, "", T(l, "mn.after"))
	}
	return r.send(&branchbot.Outgoing{Text: strings.Join(lines, "\n"), Keyboard: kb})
}

// itemLine is one agenda item and its decision, if any.
func (b *Bot) itemLine(l branchbot.Lang, it branchbot.AgendaItem) string {
	s := fmt.Sprintf("%d. %s", it.N, it.Text)
	if it.Late {
		s += T(l, "ag.late.mark")
	}
	if it.Decision != "" {
		s += "\n   " + T(l, "mn.decision", it.Decision)
	}
	return s
}

// agendaLines are the items of mt, listed in its last reminder.
func (b *Bot) agendaLines(l branchbot.Lang, mt *branchbot.Meeting) string {
	if len(mt.Items) == 0 {
		return ""
	}
	lines := []string{T(l, "ag.list")}
	for _, it := range mt.Items {
		lines = append(lines, b.itemLine(l, it))
	}
	return strings.Join(lines, "\n")
}

// minutesPress handles a /minutes button: the secretary's next words are
// the decision on the item.
func (r *request) minutesPress(cq *models.CallbackQuery, mt *branchbot.Meeting, extra string) error {
	n, err := strconv.Atoi(extra)
	if err != nil || n < 1 || n > len(mt.Items) || !r.member.Is(branchbot.RoleSecretary) {
		r.answer(cq, T(r.lang, "button.stale"), false)
		return nil
	}
	r.answer(cq, "", false)
	if err := r.tx.AskDecision(r.member.ID, mt.ID, n); err != nil {
		return err
	}
	return r.say("mn.ask", n, mt.Items[n-1].Text)
}

// agendaText takes the member's typed words as the agenda item or the
// decision they were asked for; ok is false if they were asked none.
func (r *request) agendaText() (ok bool, err error) {
	id, n, asked, err := r.tx.DecisionAsked(r.member.ID)
	if err != nil || !asked {
		return false, err
	}
	mt, err := r.tx.Meeting(id)
	if err != nil {
		return true, err
	}
	text := strings.TrimSpace(r.msg.Text)
	if n == 0 {
		return true, r.addAgendaItem(mt, text)
	}
	if err := mt.Decide(n, text, r.member.ID, r.now); err != nil {
		if errors.Is(err, branchbot.ErrNoSuchItem) || errors.Is(err, branchbot.ErrNotHeldYet) {
			return true, r.say("button.stale")
		}
		return true, err
	}
	if err := r.tx.PutMeeting(mt); err != nil {
		return true, err
	}
	if err := r.audit("meeting.decision", fmt.Sprintf("#%d item %d: %q", mt.ID, n, excerpt(text, 80)), false); err != nil {
		return true, err
	}
	return true, r.say("mn.recorded", n, mt.ID)
}
