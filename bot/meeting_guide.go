package bot

// The guided /meeting: with no arguments, /meeting asks step by step in
// the organiser's private chat. The kind and the audience are buttons;
// the date and time, the place (or 跳过) and the title (or the month's
// theme) are typed; for a committee meeting or member assembly the agenda
// items follow (meeting_guide_agenda.go). The last step builds the same draft as the one-line
// path and sends the same preview. Where the organiser is lives in the
// store (branchbot.MeetingGuide), so a restart in the middle loses
// nothing.

import (
	"slices"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/branchbot/branchbot"
)

// guideAction is the action of the guided flow's buttons; their argument
// is "STEP.VALUE": "kind.N" (the Nth configured kind), "audience.all",
// "audience.committee", "audience.gN" (the Nth group), "place.skip",
// "title.theme", "agenda.done", or "x" to stop.
const guideAction = "mtgd"

// startMeetingGuide begins (or begins again) the guided flow with the
// choice of kind.
func (r *request) startMeetingGuide() error {
	if len(r.guideAudiences()) == 0 {
		// A leader without a group has nothing they may schedule.
		return r.say("mt.notyours")
	}
	g := &branchbot.MeetingGuide{Step: branchbot.GuideKind}
	if err := r.tx.PutMeetingGuide(r.member.ID, g); err != nil {
		return err
	}
	return r.guideAsk(g, 0)
}

// guideAudience is one audience the organiser may choose.
type guideAudience struct{ arg, audience, group string }

// guideAudiences are the audiences the organiser may choose, in the order
// of the preview's audience button: all, the committee, each group.
func (r *request) guideAudiences() []guideAudience {
	out := []guideAudience{}
	for _, a := range []string{branchbot.AudienceAll, branchbot.AudienceCommittee} {
		if branchbot.CanOrganise(r.member, a, "") == nil {
			out = append(out, guideAudience{a, a, ""})
		}
	}
	gs, err := r.tx.Groups()
	if err != nil {
		return out // the groups cannot be read: the branch-wide ones remain
	}
	for i, g := range gs {
		if branchbot.CanOrganise(r.member, branchbot.AudienceGroup, g.Name) == nil {
			out = append(out, guideAudience{"g" + strconv.Itoa(i), branchbot.AudienceGroup, g.Name})
		}
	}
	return out
}

// guideAsk sends the question of the guide's step, or with edit set puts
// it in place of message edit (the one whose button was pressed).
func (r *request) guideAsk(g *branchbot.MeetingGuide, edit int) error {
	l := r.lang
	btn := func(text, arg string) branchbot.Button {
		return branchbot.Button{Text: text, Data: branchbot.Callback{Action: guideAction, Owner: r.member.ID, Arg: arg}.MustEncode()}
	}
	var text string
	var kb [][]branchbot.Button
	switch g.Step {
	case branchbot.GuideKind:
		text = T(l, "mg.kind", r.guideStep(g))
		var row []branchbot.Button
		for i, k := range r.b.meetingKinds() {
			row = append(row, btn(k.Name(l), "kind."+strconv.Itoa(i)))
			if len(row) == 2 {
				kb, row = append(kb, row), nil
			}
		}
		if row != nil {
			kb = append(kb, row)
		}
	case branchbot.GuideAudience:
		text = T(l, "mg.audience", r.guideKindName(g), r.guideStep(g))
		for _, a := range r.guideAudiences() {
			mt := branchbot.Meeting{Audience: a.audience, Group: a.group}
			kb = append(kb, []branchbot.Button{btn(meetingAudience(l, &mt), "audience."+a.arg)})
		}
	case branchbot.GuideTime:
		text = T(l, "mg.time", r.guideKindName(g), meetingAudience(l, &branchbot.Meeting{Audience: g.Audience, Group: g.Group}), r.guideStep(g))
	case branchbot.GuidePlace:
		text = T(l, "mg.place", g.Start.In(r.b.opts.Location).Format("2006-01-02 15:04"), r.guideStep(g))
		kb = append(kb, []branchbot.Button{btn(T(l, "mg.btn.skip"), "place.skip")})
	case branchbot.GuideTitle:
		text = T(l, "mg.title", r.guideStep(g))
		if theme := r.guideTheme(g); theme != "" {
			text = T(l, "mg.title.theme", r.guideStep(g), theme)
			kb = append(kb, []branchbot.Button{btn(T(l, "mg.btn.theme"), "title.theme")})
		}
	case branchbot.GuideAgenda:
		text = r.guideAgendaQuestion(g)
		done := T(l, "mg.btn.skip")
		if len(g.Items) > 0 {
			done = T(l, "mg.btn.done")
		}
		kb = append(kb, []branchbot.Button{btn(done, "agenda.done")})
	}
	kb = append(kb, []branchbot.Button{btn(T(l, "mg.btn.stop"), "x")})
	return r.send(&branchbot.Outgoing{Edit: edit, Text: text, Keyboard: kb})
}

// guideSteps are the steps of the guided flow in order; the last,
// the agenda, only for a meeting that takes one (GuideTakesAgenda).
var guideSteps = []string{branchbot.GuideKind, branchbot.GuideAudience, branchbot.GuideTime, branchbot.GuidePlace, branchbot.GuideTitle, branchbot.GuideAgenda}

// guideStep labels the guide's step with its number and how many steps
// the flow has: 6 with the agenda, 5 without. Before the kind is chosen
// the count is open if some kind would take an agenda from the organiser.
func (r *request) guideStep(g *branchbot.MeetingGuide) string {
	n := slices.Index(guideSteps, g.Step) + 1
	total := len(guideSteps) - 1
	if g.Step == branchbot.GuideKind {
		for _, k := range r.b.meetingKinds() {
			if branchbot.GuideTakesAgenda(k.Kind, r.member) {
				return T(r.lang, "mg.step.open", n)
			}
		}
	} else if branchbot.GuideTakesAgenda(g.Kind, r.member) {
		total++
	}
	return T(r.lang, "mg.step", n, total)
}

func (r *request) guideKindName(g *branchbot.MeetingGuide) string {
	return r.b.meetingKinds().Get(g.Kind).Name(r.lang)
}

// guideTheme is the month's theme a themed day or lesson may take as its
// title, "" when there is none.
func (r *request) guideTheme(g *branchbot.MeetingGuide) string {
	if !branchbot.TakesTheme(g.Kind) {
		return ""
	}
	return r.tx.Theme(branchbot.ThemeMonth(g.Start, r.b.opts.Location))
}

// meetingGuideButton handles the buttons of the guided flow; ok is false
// for any other action. A button of a step already passed is stale.
func (r *request) meetingGuideButton(cq *models.CallbackQuery, cb branchbot.Callback, msgID int) (ok bool, err error) {
	if cb.Action != guideAction {
		return false, nil
	}
	g, found, err := r.tx.MeetingGuide(r.member.ID)
	if err != nil {
		return true, err
	}
	step, value, _ := strings.Cut(cb.Arg, ".")
	if cb.Arg == "x" {
		r.answer(cq, "", false)
		if !found {
			return true, nil
		}
		if err := r.tx.DeleteMeetingGuide(r.member.ID); err != nil {
			return true, err
		}
		return true, r.editTo(msgID, T(r.lang, "mg.stopped"))
	}
	if !found || step != g.Step {
		r.answer(cq, T(r.lang, "button.stale"), false)
		return true, nil
	}
	switch step {
	case branchbot.GuideKind:
		ks := r.b.meetingKinds()
		i, err := strconv.Atoi(value)
		if err != nil || i < 0 || i >= len(ks) {
			r.answer(cq, T(r.lang, "button.stale"), false)
			return true, nil
		}
		g.Kind, g.Step = ks[i].Kind, branchbot.GuideAudience
	case branchbot.GuideAudience:
		var chosen *guideAudience
		for _, a := range r.guideAudiences() {
			if a.arg == value {
				chosen = &a
			}
		}
		if chosen == nil {
			r.answer(cq, T(r.lang, "button.stale"), false)
			return true, nil
		}
		g.Audience, g.Group, g.Step = chosen.audience, chosen.group, branchbot.GuideTime
	case branchbot.GuidePlace:
		g.Place, g.Step = "", branchbot.GuideTitle
	case branchbot.GuideTitle:
		theme := r.guideTheme(g)
		if theme == "" {
			r.answer(cq, T(r.lang, "button.stale"), false)
			return true, nil
		}
		r.answer(cq, "", false)
		return true, r.guideTitled(g, theme, msgID)
	case branchbot.GuideAgenda:
		r.answer(cq, "", false)
		return true, r.guideFinish(g, msgID)
	default:
		r.answer(cq, T(r.lang, "button.stale"), false)
		return true, nil
	}
	r.answer(cq, "", false)
	if err := r.tx.PutMeetingGuide(r.member.ID, g); err != nil {
		return true, err
	}
	return true, r.guideAsk(g, msgID)
}

// stopWords typed at any step end the flow; skipWords typed for the
// place leave it out, as the 跳过 button does.
var (
	stopWords = map[string]bool{"取消": true, "退出": true, "cancel": true, "stop": true}
	skipWords = map[string]bool{"跳过": true, "无": true, "skip": true, "-": true}
)

// meetingGuideText takes the organiser's typed answer to the step that
// waits for one: the date and time, the place or the title. A step that
// waits for a button is asked again.
func (r *request) meetingGuideText() (ok bool, err error) {
	g, found, err := r.tx.MeetingGuide(r.member.ID)
	if err != nil || !found {
		return false, err
	}
	text := strings.TrimSpace(r.msg.Text)
	if stopWords[strings.ToLower(text)] {
		if err := r.tx.DeleteMeetingGuide(r.member.ID); err != nil {
			return true, err
		}
		return true, r.say("mg.stopped")
	}
	switch g.Step {
	case branchbot.GuideTime:
		ws := strings.Fields(text)
		if len(ws) != 2 {
			if err := r.say("mt.badtime", text); err != nil {
				return true, err
			}
			return true, r.guideAsk(g, 0)
		}
		start, okTime := meetingTime(ws[0], ws[1], r.now, r.b.opts.Location)
		if !okTime {
			if err := r.say("mt.badtime", text); err != nil {
				return true, err
			}
			return true, r.guideAsk(g, 0)
		}
		g.Start, g.Step = start, branchbot.GuidePlace
	case branchbot.GuidePlace:
		if skipWords[strings.ToLower(text)] {
			text = ""
		}
		g.Place, g.Step = text, branchbot.GuideTitle
	case branchbot.GuideTitle:
		return true, r.guideTitled(g, text, 0)
	case branchbot.GuideAgenda:
		return true, r.guideAgendaText(g, text)
	}
	if err := r.tx.PutMeetingGuide(r.member.ID, g); err != nil {
		return true, err
	}
	return true, r.guideAsk(g, 0)
}

// guideTitled takes the title: a meeting that takes an agenda goes on to
// its items, any other ends the flow. With edit set, the question whose
// button was pressed says what was chosen.
func (r *request) guideTitled(g *branchbot.MeetingGuide, title string, edit int) error {
	if edit != 0 {
		if err := r.editTo(edit, T(r.lang, "mg.took", title)); err != nil {
			return err
		}
	}
	g.Title = title
	if branchbot.GuideTakesAgenda(g.Kind, r.member) {
		g.Step = branchbot.GuideAgenda
		if err := r.tx.PutMeetingGuide(r.member.ID, g); err != nil {
			return err
		}
		return r.guideAsk(g, 0)
	}
	return r.guideFinish(g, 0)
}

// guideFinish ends the flow: the draft and its preview, as the one-line
// /meeting makes them, with the agenda items typed, if any. With edit
// set, the question whose button was pressed says what was taken.
func (r *request) guideFinish(g *branchbot.MeetingGuide, edit int) error {
	if err := r.tx.DeleteMeetingGuide(r.member.ID); err != nil {
		return err
	}
	if edit != 0 {
		if err := r.editTo(edit, T(r.lang, "mg.agenda.took", len(g.Items))); err != nil {
			return err
		}
	}
	kind := r.b.meetingKinds().Get(g.Kind)
	ml := meetingLine{kind: kind, audience: g.Audience, group: g.Group, named: true, start: g.Start, title: g.Title, place: g.Place, items: g.Items}
	return r.draftMeeting(ml)
}
