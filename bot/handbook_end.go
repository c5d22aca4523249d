package bot

// The end of the handbook: members go round it again after its last
// section, so a few days before the first of them gets there the
// secretaries are asked whether that is what they want or whether a new
// handbook is coming.

import (
	"fmt"

	"github.com/go-telegram/bot/models"

	"github.com/branchbot/branchbot"
)

// handbookEndAhead is how many sections before the end of the handbook
// (days of study, at a section a day) the secretaries are asked.
const handbookEndAhead = 3

// handbookEnding runs when the member has marked a section done and plan p
// moved on: once the member has handbookEndAhead sections or fewer left
// in this round of the handbook, the secretaries are asked what follows
// it, once for each round of the handbook (the first member to get near
// the end asks; those behind them do not ask again).
func (r *request) handbookEnding(p *branchbot.StudyPlan) error {
	hb := r.hb()
	n := len(hb.Sections)
	next := p.NextSection(hb)
	if p.MemberID != r.member.ID || n < 2 || next <= 0 || n-next > handbookEndAhead {
		return nil
	}
	// The round the member is in: how many times they finished the
	// last section.
	today := r.today()
	days, err := r.tx.StudyHistory(p.MemberID, r.firstDay(r.member, p, today), today)
	if err != nil {
		return err
	}
	round := 0
	for _, d := range days {
		if d.Status == branchbot.DayDone && int(d.Section) == n {
			round++
		}
	}
	fresh, err := r.tx.Mark(fmt.Sprintf("handbook/end/%d-%s/%d", n, hb.Sections[n-1].ID, round))
	if err != nil || !fresh {
		return err
	}
	title := hb.Title
	if title == "" {
		title = T(r.b.opts.Language, "handbook.untitled")
	}
	return r.tx.ForEachMember(func(m *branchbot.Member) error {
		if m.Role != branchbot.RoleSecretary || !m.Bound() || m.Unreachable {
			return nil
		}
		l := langOf(m, r.b.opts.Language)
		cb := func(arg string) string {
			return branchbot.Callback{Action: "hbend", Owner: m.ID, Arg: arg}.MustEncode()
		}
		_, err := r.tx.Enqueue(&branchbot.Outgoing{
			ChatID:   m.ChatID(),
			MemberID: m.ID,
			Text:     T(l, "hbend.ask", title, n, n-next),
			Keyboard: [][]branchbot.Button{{
				{Text: T(l, "hbend.btn.again"), Data: cb("again")},
				{Text: T(l, "hbend.btn.later"), Data: cb("later")},
			}},
		})
		return err
	})
}

// handbookEndButton answers the question: members start again at the
// first section, or the secretary will load a new handbook and is told
// how.
func (r *request) handbookEndButton(cq *models.CallbackQuery, cb branchbot.Callback, msgID int) error {
	if !r.member.Is(branchbot.RoleSecretary) {
		r.answer(cq, T(r.lang, "refused.role", "handbook", roleName(r.lang, branchbot.RoleSecretary)), true)
		return r.audit("refused", "handbook end button without the secretary role", true)
	}
	key := "hbend.again"
	if cb.Arg == "later" {
		key = "hbend.later"
	}
	r.answer(cq, "", false)
	if err := r.audit("handbook.end", cb.Arg, false); err != nil {
		return err
	}
	return r.editTo(msgID, T(r.lang, key))
}
