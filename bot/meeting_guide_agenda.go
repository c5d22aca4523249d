package bot

// The agenda step of the guided /meeting: for a committee meeting or
// member assembly scheduled by the committee, the items are typed one a
// line (in one message or several) until 完成 (or 跳过, with none). They
// ride on the draft (Meeting.Proposed), show in its preview, and are
// registered as agenda items when it is confirmed, by the organiser and
// audited as /agenda registers one.

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/branchbot/branchbot"
)

// agendaDoneWords typed at the agenda step end it, as the 完成 button does.
var agendaDoneWords = map[string]bool{"完成": true, "好了": true, "done": true, "跳过": true, "无": true, "skip": true}

// guideAgendaQuestion asks for the items, with those kept so far and
// when the agenda closes.
func (r *request) guideAgendaQuestion(g *branchbot.MeetingGuide) string {
	l := r.lang
	probe := branchbot.Meeting{Start: g.Start}
	lines := []string{T(l, "mg.agenda", r.guideStep(g), r.b.when(probe.AgendaDeadline(r.b.opts.Meetings.AgendaDeadline)))}
	if len(g.Items) > 0 {
		lines = append(lines, "", T(l, "mg.agenda.kept"))
		for i, it := range g.Items {
			lines = append(lines, fmt.Sprintf("%d. %s", i+1, it))
		}
	}
	return strings.Join(lines, "\n")
}

// guideAgendaText takes typed items, one a line; 完成 ends the step.
func (r *request) guideAgendaText(g *branchbot.MeetingGuide, text string) error {
	if agendaDoneWords[strings.ToLower(text)] {
		return r.guideFinish(g, 0)
	}
	for _, line := range strings.Split(text, "\n") {
		item := agendaItemText(line)
		if item == "" {
			continue
		}
		if len(g.Items) == branchbot.MaxGuideItems {
			if err := r.say("mg.agenda.full", branchbot.MaxGuideItems); err != nil {
				return err
			}
			break
		}
		g.Items = append(g.Items, item)
	}
	if err := r.tx.PutMeetingGuide(r.member.ID, g); err != nil {
		return err
	}
	return r.guideAsk(g, 0)
}

// agendaItemText is a typed line without the numbering or bullet the
// organiser may have put before it ("1.", "2、", "(3)", "（4）", "-", "•").
func agendaItemText(line string) string {
	s := strings.TrimSpace(line)
	rest := strings.TrimLeftFunc(s, func(c rune) bool { return c == '(' || c == '（' })
	digits := strings.TrimLeftFunc(rest, unicode.IsDigit)
	if len(digits) < len(rest) {
		for _, p := range []string{".", "、", ")", "）", "．", ":", "："} {
			if after, ok := strings.CutPrefix(digits, p); ok {
				return strings.TrimSpace(after)
			}
		}
	}
	for _, p := range []string{"-", "•", "·", "*"} {
		if after, ok := strings.CutPrefix(s, p); ok {
			return strings.TrimSpace(after)
		}
	}
	return s
}

// proposedLines are the preview's lines of the items typed in the guided
// flow, to be registered at confirmation.
func (b *Bot) proposedLines(l branchbot.Lang, mt *branchbot.Meeting) []string {
	if len(mt.Proposed) == 0 {
		return nil
	}
	lines := []string{"", T(l, "mg.pv.agenda")}
	for i, it := range mt.Proposed {
		lines = append(lines, fmt.Sprintf("%d. %s", i+1, it))
	}
	return lines
}

// registerProposed registers, at confirmation, the items typed in the
// guided flow as the meeting's agenda items, each audited as /agenda
// audits one (late if the meeting was confirmed after its agenda
// closed). An item the rules refuse is left out, the organiser told why.
func (r *request) registerProposed(mt *branchbot.Meeting) error {
	if len(mt.Proposed) == 0 {
		return nil
	}
	its, err := mt.RegisterProposed(r.member, r.now, r.b.opts.Meetings.AgendaDeadline)
	for _, it := range its {
		action := "meeting.agenda"
		if it.Late {
			action = "meeting.agenda.late"
		}
		if err := r.audit(action, fmt.Sprintf("#%d item %d: %q", mt.ID, it.N, excerpt(it.Text, 80)), false); err != nil {
			return err
		}
	}
	if err != nil {
		mt.Proposed = nil
		if refusal := r.agendaRefusal(mt, err); refusal != nil {
			return refusal()
		}
		return err
	}
	return nil
}
