package bot

// Done before the prompt: a member who marks today done ("已学", /done)
// before the day's prompt went out has not been sent the section they are
// credited with. The section is sent at once, already marked done, as the
// day's prompt (under its key), so that no section is ever skipped unseen
// and the scheduler sends no prompt that day.
//
// Why not ask to confirm with a button instead: the member has said they
// studied, and a second step would be one more thing to forget (a press
// left pending past midnight would leave the day neither done nor
// prompted); sending the section leaves nothing pending, keeps the
// member's word, and puts in front of them what the day counts.

import "github.com/branchbot/branchbot"

// markUnseen records on a day just marked done that its prompt is the one
// sent with the done (see sendUnseen), if no prompt went out before; it
// reports whether it did. The scheduler queues no prompt for a day
// prompted or done.
func markUnseen(rec *branchbot.StudyDay) bool {
	if rec.Prompted {
		return false
	}
	rec.Prompted, rec.Prompts = true, 1
	return true
}

// sendUnseen sends the section of a day marked done before its prompt, as
// the prompt already studied: the reading with the streak instead of the
// call to act.
func (r *request) sendUnseen(p *branchbot.StudyPlan, in doneInput, sec *branchbot.Section, idx, streak int) error {
	text, kb := r.b.Renderer().doneView(r.lang, p.MemberID, sec, idx, false, streak)
	return r.send(&branchbot.Outgoing{
		Key:      branchbot.PromptKey(in.day, p.MemberID, 0),
		ChatID:   r.member.ChatID(),
		Text:     text,
		Keyboard: kb,
	})
}
