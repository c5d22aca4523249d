package bot

import (
	"fmt"

	"github.com/go-telegram/bot/models"

	"github.com/branchbot/branchbot"
)

// onCallback handles a pressed inline button. Only the member a button was
// sent to may press it; anyone else is refused and nothing changes.
func (b *Bot) onCallback(r *request, cq *models.CallbackQuery) error {
	msg := cq.Message.Message
	private := msg != nil && msg.Chat.Type == models.ChatTypePrivate
	if err := r.identify(&cq.From, private); err != nil {
		return err
	}
	cb, err := branchbot.DecodeCallback(cq.Data)
	if err != nil || msg == nil {
		r.answer(cq, T(r.lang, "button.stale"), false)
		return nil
	}
	r.chat = msg.Chat.ID
	if r.member == nil || cb.Owner != r.member.ID {
		r.answer(cq, T(r.lang, "button.notyours"), true)
		return r.audit("refused", fmt.Sprintf("pressed %q sent to member #%d", cb.Action, cb.Owner), true)
	}
	if ok, err := r.studyButton(cq, cb, msg.ID); ok {
		return err
	}
	if ok, err := r.broadcastButton(cq, cb, msg.ID); ok {
		return err
	}
	if ok, err := r.meetingButton(cq, cb, msg.ID); ok {
		return err
	}
	if ok, err := r.meetingGuideButton(cq, cb, msg.ID); ok {
		return err
	}
	if ok, err := r.caseButton(cq, cb, msg.ID); ok {
		return err
	}
	if ok, err := r.attendButton(cq, cb, msg.ID); ok {
		return err
	}
	if ok, err := r.talksButton(cq, cb, msg.ID); ok {
		return err
	}
	if ok, err := r.quizButton(cq, cb, msg.ID); ok { // quiz_attempt.go
		return err
	}
	if ok, err := r.confirmButton(cq, cb, msg.ID); ok {
		return err
	}
	switch cb.Action {
	case "rm":
		if !r.member.Is(branchbot.RoleSecretary) {
			r.answer(cq, T(r.lang, "refused.role", "remove", roleName(r.lang, branchbot.RoleSecretary)), true)
			return r.audit("refused", "remove button without the secretary role", true)
		}
		r.answer(cq, "", false)
		return r.confirmRemove(cb.Arg, msg.ID)
	case "x":
		r.answer(cq, "", false)
		return r.editTo(msg.ID, T(r.lang, "remove.cancelled"))
	}
	r.answer(cq, T(r.lang, "button.stale"), false)
	return nil
}
