package bot

// /talks lists the conversations due (a talker's own; every open case for
// a secretary, marked by talker), and lets the secretary reassign or
// cancel one with a reason. Only the secretary and the talker can read a
// case: anyone else, asking by number or pressing a forwarded or made-up
// button, gets the answer a case that does not exist gets, and the
// attempt is audited.

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/branchbot/branchbot"
)

// talks handles /talks, /talks reassign CASE TALKER REASON and /talks
// cancel CASE REASON.
func (r *request) talks(args []string) error {
	if len(args) > 0 {
		switch strings.ToLower(args[0]) {
		case "reassign", "改派":
			return r.reassignCase(args[1:])
		case "cancel", "撤销":
			return r.cancelCase(args[1:])
		}
		return r.say("talks.usage")
	}
	var cs []*branchbot.Case
	var err error
	secretary := r.member.Role == branchbot.RoleSecretary
	if secretary {
		cs, err = r.tx.OpenCases()
	} else {
		cs, err = r.tx.TalkerCases(r.member.ID)
	}
	if err != nil {
		return err
	}
	var open []*branchbot.Case
	for _, c := range cs {
		if c.Open() && branchbot.MayReadCase(r.member, c) {
			open = append(open, c)
		}
	}
	if len(open) == 0 {
		return r.say("talks.none")
	}
	branchbot.SortCases(open)
	today := branchbot.DayOf(r.now, r.b.opts.Location)
	var sb strings.Builder
	sb.WriteString(T(r.lang, "talks.head", len(open)))
	var kb [][]branchbot.Button
	for _, c := range open {
		subject, _ := r.tx.Member(c.Subject)
		var talker *branchbot.Member
		if secretary {
			talker, _ = r.tx.Member(c.Assignee)
		}
		sb.WriteString("\n\n" + caseText(r.lang, c, subject, talker, today))
		if c.Assignee == r.member.ID && len(kb) < 20 {
			kb = append(kb, []branchbot.Button{{Text: T(r.lang, "case.button.talk", c.ID),
				Data: branchbot.Callback{Action: "ctalk", Owner: r.member.ID, Arg: strconv.FormatInt(c.ID, 10)}.MustEncode()}})
		}
		if secretary && len(kb) < 20 {
			kb = append(kb, r.changeButtons(c))
		}
	}
	return r.send(&branchbot.Outgoing{Text: sb.String(), Keyboard: kb})
}

// readableCase finds case arg for the asker; ok is false (and the asker
// answered, the attempt audited if the case exists) when there is none
// they may read.
func (r *request) readableCase(arg, how string) (c *branchbot.Case, ok bool, err error) {
	id, perr := strconv.ParseInt(strings.TrimPrefix(arg, "#"), 10, 64)
	if perr == nil {
		c, err = r.tx.Case(id)
	}
	switch {
	case perr != nil || errors.Is(err, branchbot.ErrNotFound) || (err == nil && c.State == branchbot.CaseDraft):
		return nil, false, r.say("case.notfound", arg)
	case err != nil:
		return nil, false, err
	case !branchbot.MayReadCase(r.member, c):
		if err := r.audit("refused", fmt.Sprintf("case #%d by %s: not the talker", c.ID, how), true); err != nil {
			return nil, false, err
		}
		return nil, false, r.say("case.notfound", arg)
	}
	return c, true, nil
}

// reassignCase handles /talks reassign CASE TALKER REASON (secretary).
func (r *request) reassignCase(args []string) error {
	if r.member.Role != branchbot.RoleSecretary {
		if err := r.audit("refused", "/talks reassign needs role secretary", true); err != nil {
			return err
		}
		return r.say("refused.role", "talks reassign", roleName(r.lang, branchbot.RoleSecretary))
	}
	if len(args) < 3 {
		return r.say("talks.usage")
	}
	c, ok, err := r.readableCase(args[0], "/talks reassign")
	if !ok {
		return err
	}
	t, ok, err := r.findMember(args[1])
	if !ok {
		return err
	}
	var subject *branchbot.Member // none for the visit of a standing contact
	if c.Subject != 0 {
		if subject, err = r.tx.Member(c.Subject); err != nil {
			return err
		}
	}
	if !t.Bound() || (subject != nil && !branchbot.MayTalk(t, subject)) || (subject == nil && !branchbot.MayBeCadre(t)) {
		return r.say("event.badtalker", t.Name)
	}
	old := c.Assignee
	reason := strings.Join(args[2:], " ")
	if err := c.Reassign(r.member.ID, t.ID, reason, r.now); errors.Is(err, branchbot.ErrCaseClosed) {
		return r.say("case.closed", c.ID)
	} else if err != nil {
		return err
	}
	if err := r.tx.PutCase(c); err != nil {
		return err
	}
	if err := r.audit("case.reassign", fmt.Sprintf("#%d: #%d → #%d: %s", c.ID, old, t.ID, reason), false); err != nil {
		return err
	}
	if t.ID != r.member.ID {
		if err := tellTalker(r.tx, r.b.opts.Language, c, subject, t); err != nil {
			return err
		}
	}
	if prev, err := r.tx.Member(old); err == nil && prev.ID != r.member.ID && prev.ID != t.ID {
		if err := r.tell(prev, "case.reassigned.old", c.ID, reason); err != nil {
			return err
		}
	}
	return r.say("case.reassigned", c.ID, t.Name)
}

// cancelCase handles /talks cancel CASE REASON (secretary).
func (r *request) cancelCase(args []string) error {
	if r.member.Role != branchbot.RoleSecretary {
		if err := r.audit("refused", "/talks cancel needs role secretary", true); err != nil {
			return err
		}
		return r.say("refused.role", "talks cancel", roleName(r.lang, branchbot.RoleSecretary))
	}
	if len(args) < 2 {
		return r.say("talks.usage")
	}
	c, ok, err := r.readableCase(args[0], "/talks cancel")
	if !ok {
		return err
	}
	reason := strings.Join(args[1:], " ")
	if err := c.Cancel(r.member.ID, reason, r.now); errors.Is(err, branchbot.ErrCaseClosed) {
		return r.say("case.closed", c.ID)
	} else if err != nil {
		return err
	}
	if err := r.tx.PutCase(c); err != nil {
		return err
	}
	if err := r.audit("case.cancel", fmt.Sprintf("#%d: %s", c.ID, reason), false); err != nil {
		return err
	}
	if t, err := r.tx.Member(c.Assignee); err == nil && t.ID != r.member.ID {
		if err := r.tell(t, "case.cancelled.talker", c.ID, reason); err != nil {
			return err
		}
	}
	return r.say("case.cancelled", c.ID)
}
