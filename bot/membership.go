package bot

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/branchbot/branchbot"
)

// validInviteCode reports whether s could be a /start payload: Telegram
// allows 1–64 characters of A-Z, a-z, 0-9, _ and -.
func validInviteCode(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, c := range s {
		if !(c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// fullName joins a first and a last name as Telegram has them: "王建华"
// with no space between Chinese characters, "Li Ming" with one between
// Latin names.
func fullName(first, last string) string {
	first, last = strings.TrimSpace(first), strings.TrimSpace(last)
	if first == "" || last == "" {
		return first + last
	}
	a, _ := utf8.DecodeLastRuneInString(first)
	b, _ := utf8.DecodeRuneInString(last)
	if isCJK(a) && isCJK(b) {
		return first + last
	}
	return first + " " + last
}

// isCJK reports whether r is written without spaces around it: a Chinese
// or Japanese character, or a full-width sign.
func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) || r == '·' || (r >= 0xFF00 && r <= 0xFFEF)
}

// join binds a stranger to the member an invite was made for.
func (r *request) join(code string) error {
	refuse := func(key, why string) error {
		if err := r.audit("join", why, true); err != nil {
			return err
		}
		return r.sayStranger(false, key)
	}
	if !validInviteCode(code) {
		return refuse("invite.bad", "malformed invite code")
	}
	inv, err := r.tx.Invite(code)
	if errors.Is(err, branchbot.ErrNotFound) {
		return refuse("invite.bad", "unknown invite code")
	} else if err != nil {
		return err
	}
	switch err := inv.Check(r.now); {
	case errors.Is(err, branchbot.ErrInviteUsed):
		return refuse("invite.used", fmt.Sprintf("used invite for #%d", inv.MemberID))
	case errors.Is(err, branchbot.ErrInviteExpired):
		return refuse("invite.expired", fmt.Sprintf("expired invite for #%d", inv.MemberID))
	}
	m, err := r.tx.Member(inv.MemberID)
	if errors.Is(err, branchbot.ErrNotFound) {
		return refuse("invite.bad", fmt.Sprintf("invite for removed member #%d", inv.MemberID))
	} else if err != nil {
		return err
	}
	if m.Bound() {
		return refuse("invite.used", fmt.Sprintf("member #%d already joined", m.ID))
	}
	m.TelegramID, m.Username, m.JoinedAt = r.from.ID, r.from.Username, r.now
	if err := r.tx.PutMember(m); err != nil {
		return err
	}
	if err := r.startStudy(m); err != nil {
		return err
	}
	inv.UsedAt, inv.UsedBy = r.now, r.from.ID
	if err := r.tx.PutInvite(inv); err != nil {
		return err
	}
	r.member, r.lang, r.reachable = m, langOf(m, r.b.opts.Language), true
	if err := r.audit("join", fmt.Sprintf("#%d %s joined", m.ID, m.Name), false); err != nil {
		return err
	}
	if err := r.welcome(m); err != nil { // firstday.go
		return err
	}
	r.afterMenu(m)
	return tellSecretaries(r.tx, r.b.opts.Language, 0, fmt.Sprintf("joined/%d", m.ID), "joined.notice", m.Name)
}

// start greets a member who sends /start again, or tells them they cannot
// use a second invite.
func (r *request) start(args []string) error {
	if len(args) == 1 && validInviteCode(args[0]) {
		if inv, err := r.tx.Invite(args[0]); err == nil && inv.MemberID != r.member.ID {
			if err := r.audit("join", "already bound, tried another invite", true); err != nil {
				return err
			}
			return r.say("invite.bound_other", r.member.Name)
		}
	}
	return r.say("welcome.back", r.member.Name, r.b.opts.BranchName)
}

func (r *request) help(_ []string) error {
	var sb strings.Builder
	sb.WriteString(T(r.lang, "help.head", r.b.opts.BranchName, roleName(r.lang, r.member.Role)))
	for _, c := range commandSpecs {
		if c.hidden || !r.member.Is(c.role) {
			continue
		}
		sb.WriteString("\n\n" + T(r.lang, "help."+c.name))
	}
	return r.send(&branchbot.Outgoing{Text: sb.String()})
}

func (r *request) setLang(args []string) error {
	if len(args) != 1 {
		return r.say("lang.usage")
	}
	l, ok := branchbot.ParseLang(args[0])
	if !ok {
		return r.say("lang.usage")
	}
	r.member.Lang, r.lang = l, l
	if err := r.tx.PutMember(r.member); err != nil {
		return err
	}
	r.afterMenu(r.member)
	return r.say("lang.set")
}

func (r *request) invite(args []string) error {
	if len(args) < 1 || len(args) > 2 {
		return r.say("invite.usage")
	}
	name, group := args[0], ""
	if len(args) == 2 {
		group = args[1]
	}
	if branchbot.ValidateName(name) != nil || (group != "" && branchbot.ValidateName(group) != nil) {
		return r.say("bad.name")
	}
	m, err := r.tx.MemberByName(name)
	switch {
	case err == nil && m.Bound():
		return r.say("invite.joined_already", name)
	case err == nil:
		// Invited before and not joined: a fresh link for the same member.
		if group != "" && m.Group != group {
			m.Group = group
			if err := r.tx.PutMember(m); err != nil {
				return err
			}
		}
	case errors.Is(err, branchbot.ErrNotFound):
		m = &branchbot.Member{Name: name, Group: group, Role: branchbot.RoleMember}
		if err := r.tx.CreateMember(m); err != nil {
			return err
		}
	default:
		return err
	}
	inv := &branchbot.Invite{
		Code:      r.b.opts.InviteCode(),
		MemberID:  m.ID,
		CreatedBy: r.member.ID,
		CreatedAt: r.now,
		ExpiresAt: r.now.Add(branchbot.InviteTTL),
	}
	if err := r.tx.PutInvite(inv); err != nil {
		return err
	}
	if err := r.audit("invite", fmt.Sprintf("#%d %s group=%q", m.ID, m.Name, m.Group), false); err != nil {
		return err
	}
	link := "https://t.me/" + r.b.username + "?start=" + inv.Code
	until := inv.ExpiresAt.In(r.b.opts.Location).Format("2006-01-02 15:04")
	return r.say("invite.made", m.Name, until, link)
}

func (r *request) members(_ []string) error {
	all, err := r.tx.Members()
	if err != nil {
		return err
	}
	if !r.member.SeesBranch() {
		mine := all[:0]
		for _, m := range all {
			if r.member.Sees(m) {
				mine = append(mine, m)
			}
		}
		all = mine
	}
	if len(all) == 0 {
		return r.say("members.empty")
	}
	sort.SliceStable(all, func(i, j int) bool {
		gi, gj := all[i].Group, all[j].Group
		if (gi == "") != (gj == "") {
			return gj == "" // members with no group last
		}
		return gi < gj
	})
	joined := 0
	for _, m := range all {
		if m.Bound() {
			joined++
		}
	}
	var sb strings.Builder
	sb.WriteString(T(r.lang, "members.head", len(all), joined))
	group := "\x00"
	for _, m := range all {
		if m.Group != group {
			group = m.Group
			g := group
			if g == "" {
				g = T(r.lang, "members.nogroup")
			}
			sb.WriteString("\n\n" + T(r.lang, "members.group", g))
		}
		status := T(r.lang, "status.joined")
		switch {
		case m.Unreachable:
			status = T(r.lang, "status.unreach")
		case !m.Bound():
			status = T(r.lang, "status.pending")
		}
		fmt.Fprintf(&sb, "\n#%d %s · %s · %s", m.ID, m.Name, roleName(r.lang, m.Role), status)
	}
	return r.send(&branchbot.Outgoing{Text: sb.String()})
}

// findMember resolves a member named in a command, answering the asker
// when it cannot; ok is false when there is nothing more to do.
func (r *request) findMember(q string) (m *branchbot.Member, ok bool, err error) {
	m, err = r.tx.FindMember(q)
	switch {
	case errors.Is(err, branchbot.ErrNotFound):
		return nil, false, r.say("member.notfound", q)
	case errors.Is(err, branchbot.ErrAmbiguous):
		return nil, false, r.say("member.ambiguous", q)
	case err != nil:
		return nil, false, err
	}
	return m, true, nil
}

func (r *request) setRole(args []string) error {
	if len(args) != 2 {
		return r.say("setrole.usage")
	}
	role, err := branchbot.ParseRole(args[1])
	if err != nil {
		return r.say("setrole.usage")
	}
	m, ok, err := r.findMember(args[0])
	if !ok {
		return err
	}
	old := m.Role
	set, err := r.tx.SetRole(m.ID, role)
	if errors.Is(err, branchbot.ErrLastSecretary) {
		if err := r.audit("setrole", fmt.Sprintf("#%d %s → %s: last secretary", m.ID, m.Name, role), true); err != nil {
			return err
		}
		return r.say("last.secretary", m.Name)
	} else if err != nil {
		return err
	}
	m = set
	if m.ID == r.member.ID {
		r.member = m
	}
	if err := r.audit("setrole", fmt.Sprintf("#%d %s: %s → %s", m.ID, m.Name, old, role), false); err != nil {
		return err
	}
	r.afterMenu(m)
	if m.ID != r.member.ID {
		if err := r.tell(m, "setrole.notice", roleName(langOf(m, r.b.opts.Language), role)); err != nil {
			return err
		}
	}
	return r.say("setrole.done", m.Name, roleName(r.lang, role))
}

func (r *request) setGroup(args []string) error {
	if len(args) != 2 {
		return r.say("setgroup.usage")
	}
	group := args[1]
	if group == "-" || group == "无" || strings.EqualFold(group, "none") {
		group = ""
	} else if branchbot.ValidateName(group) != nil {
		return r.say("bad.name")
	}
	m, ok, err := r.findMember(args[0])
	if !ok {
		return err
	}
	if group != "" {
		names, err := r.groupNames()
		if err != nil {
			return err
		}
		if !containsString(names, group) {
			// A typo would otherwise make a second group beside the
			// one meant: creating one is confirmed.
			return r.confirmNewGroup(m, group, names)
		}
	}
	return r.assignGroup(m, group, 0)
}

func (r *request) remove(args []string) error {
	if len(args) != 1 {
		return r.say("remove.usage")
	}
	m, ok, err := r.findMember(args[0])
	if !ok {
		return err
	}
	if err := r.tx.CheckRemove(m.ID); errors.Is(err, branchbot.ErrLastSecretary) {
		if err := r.audit("remove", fmt.Sprintf("#%d %s: last secretary", m.ID, m.Name), true); err != nil {
			return err
		}
		return r.say("last.secretary", m.Name)
	} else if err != nil {
		return err
	}
	target := strconv.FormatInt(m.ID, 10)
	return r.send(&branchbot.Outgoing{
		Text: T(r.lang, "remove.confirm", fmt.Sprintf("#%d %s", m.ID, m.Name)),
		Keyboard: [][]branchbot.Button{{
			{Text: T(r.lang, "remove.yes"), Data: branchbot.Callback{Action: "rm", Owner: r.member.ID, Arg: target}.MustEncode()},
			{Text: T(r.lang, "remove.no"), Data: branchbot.Callback{Action: "x", Owner: r.member.ID}.MustEncode()},
		}},
	})
}

// confirmRemove carries out a confirmed /remove.
func (r *request) confirmRemove(arg string, msgID int) error {
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil {
		return r.editTo(msgID, T(r.lang, "button.stale"))
	}
	m, err := r.tx.Member(id)
	if errors.Is(err, branchbot.ErrNotFound) {
		return r.editTo(msgID, T(r.lang, "remove.gone"))
	} else if err != nil {
		return err
	}
	if err := r.tx.DeleteMember(m.ID); errors.Is(err, branchbot.ErrLastSecretary) {
		if err := r.audit("remove", fmt.Sprintf("#%d %s: last secretary", m.ID, m.Name), true); err != nil {
			return err
		}
		return r.editTo(msgID, T(r.lang, "last.secretary", m.Name))
	} else if err != nil {
		return err
	}
	if err := r.audit("remove", fmt.Sprintf("#%d %s (%s, group %q)", m.ID, m.Name, m.Role, m.Group), false); err != nil {
		return err
	}
	if m.Bound() {
		tgID := m.TelegramID
		r.after = append(r.after, func(ctx context.Context) { r.b.clearMenu(ctx, tgID) })
	}
	if m.ID == r.member.ID {
		r.member = nil
	}
	return r.editTo(msgID, T(r.lang, "remove.done", m.Name))
}

// editTo queues an edit of one of the bot's messages in the request's
// chat, dropping its buttons.
func (r *request) editTo(msgID int, text string) error {
	return r.send(&branchbot.Outgoing{Edit: msgID, Text: text})
}
