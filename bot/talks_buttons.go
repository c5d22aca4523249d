package bot

// The secretary's buttons on /talks: reassign (pick the talker, then type
// the reason) and cancel (type the reason). The reason awaited is kept
// as the secretary's TalkDraft, so it survives a restart; the change is
// then made as /talks reassign and /talks cancel make it, audited.

import (
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/branchbot/branchbot"
)

var talksButtonTexts = map[string][2]string{
	"talks.button.reassign": {"👤 #%d 改派", "👤 #%d reassign"},
	"talks.button.cancel":   {"✖️ #%d 撤销", "✖️ #%d cancel"},
	"talks.pick":            {"事项 #%d 改派给谁？", "Give case #%d to whom?"},
	"talks.reason.reassign": {"请输入将事项 #%d 改派给 %s 的原因。", "Type the reason for giving case #%d to %s."},
	"talks.reason.cancel":   {"请输入撤销事项 #%d 的原因。", "Type the reason for cancelling case #%d."},
}

// changeButtons is the row of a secretary's buttons for open case c.
func (r *request) changeButtons(c *branchbot.Case) []branchbot.Button {
	id := strconv.FormatInt(c.ID, 10)
	return []branchbot.Button{
		{Text: T(r.lang, "talks.button.reassign", c.ID), Data: branchbot.Callback{Action: "ctra", Owner: r.member.ID, Arg: id}.MustEncode()},
		{Text: T(r.lang, "talks.button.cancel", c.ID), Data: branchbot.Callback{Action: "ctca", Owner: r.member.ID, Arg: id}.MustEncode()},
	}
}

// talksButton handles the secretary's buttons of /talks; ok is false for
// any other action.
func (r *request) talksButton(cq *models.CallbackQuery, cb branchbot.Callback, msgID int) (ok bool, err error) {
	switch cb.Action {
	case "ctra", "ctrt", "ctca":
	default:
		return false, nil
	}
	if r.member.Role != branchbot.RoleSecretary {
		r.answer(cq, T(r.lang, "button.stale"), false)
		return true, r.audit("refused", "/talks button "+cb.Action+" needs role secretary", true)
	}
	idText, value, _ := strings.Cut(cb.Arg, ".")
	c, found, err := r.readableCaseQuiet(idText, "button "+cb.Action)
	if err != nil {
		return true, err
	}
	if !found || !c.Open() {
		r.answer(cq, T(r.lang, "button.stale"), false)
		return true, nil
	}
	r.answer(cq, "", false)
	switch cb.Action {
	case "ctca":
		if err := r.tx.PutTalkDraft(r.member.ID, &branchbot.TalkDraft{CaseID: c.ID, Step: branchbot.StepCancelReason}); err != nil {
			return true, err
		}
		return true, r.say("talks.reason.cancel", c.ID)
	case "ctra":
		return true, r.pickNewTalker(c)
	}
	// ctrt: the talker was picked.
	to, err := r.tx.Member(atoi64(value))
	if err != nil || !r.mayTake(c, to) {
		return true, r.editTo(msgID, T(r.lang, "button.stale"))
	}
	if err := r.tx.PutTalkDraft(r.member.ID, &branchbot.TalkDraft{CaseID: c.ID, Step: branchbot.StepReassignReason, To: to.ID}); err != nil {
		return true, err
	}
	return true, r.say("talks.reason.reassign", c.ID, to.Name)
}

// mayTake reports whether m may be given case c instead of its talker.
func (r *request) mayTake(c *branchbot.Case, m *branchbot.Member) bool {
	if m.ID == c.Assignee || !m.Bound() {
		return false
	}
	if c.Subject == 0 {
		return branchbot.MayBeCadre(m)
	}
	subject, err := r.tx.Member(c.Subject)
	return err == nil && branchbot.MayTalk(m, subject)
}

// pickNewTalker shows the members who may take case c as buttons.
func (r *request) pickNewTalker(c *branchbot.Case) error {
	members, err := r.tx.Members()
	if err != nil {
		return err
	}
	var kb [][]branchbot.Button
	var row []branchbot.Button
	for _, m := range members {
		if !r.mayTake(c, m) {
			continue
		}
		row = append(row, branchbot.Button{Text: m.Name, Data: r.cb("ctrt", c.ID, strconv.FormatInt(m.ID, 10))})
		if len(row) == 3 {
			kb, row = append(kb, row), nil
		}
	}
	if len(row) > 0 {
		kb = append(kb, row)
	}
	return r.send(&branchbot.Outgoing{Text: T(r.lang, "talks.pick", c.ID), Keyboard: kb})
}

// caseReasonText takes the reason typed after a button of /talks, and
// makes the change; handled is false when no reason was awaited.
func (r *request) caseReasonText(c *branchbot.Case, d *branchbot.TalkDraft, text string) (handled bool, err error) {
	var args []string
	switch d.Step {
	case branchbot.StepReassignReason:
		args = []string{"reassign", strconv.FormatInt(c.ID, 10), "#" + strconv.FormatInt(d.To, 10), text}
	case branchbot.StepCancelReason:
		args = []string{"cancel", strconv.FormatInt(c.ID, 10), text}
	default:
		return false, nil
	}
	if text == "" {
		return true, nil
	}
	if err := r.tx.DeleteTalkDraft(r.member.ID); err != nil {
		return true, err
	}
	return true, r.talks(args)
}
