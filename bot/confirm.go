package bot

// Actions that are easy to get wrong and touch many members are confirmed
// first: moving everyone in the handbook shows who is where and asks; a
// group name that matches no group is refused with the list (a notice to
// "第三党小组" that does not exist must not go to everyone); creating a
// group is confirmed, with the nearest existing group offered instead.

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/agnivade/levenshtein"
	"github.com/go-telegram/bot/models"

	"github.com/branchbot/branchbot"
)

// groupNames are the names of the branch's party groups, sorted.
func (r *request) groupNames() ([]string, error) {
	gs, err := r.tx.Groups()
	if err != nil {
		return nil, err
	}
	names := make([]string, len(gs))
	for i, g := range gs {
		names[i] = g.Name
	}
	return names, nil
}

// groupSuffixes end the names of party groups as people write them.
var groupSuffixes = []string{"党小组", "小组", "组"}

// looksLikeGroup reports whether w, the first word of a notice, reads as
// the name of a party group that does not exist: it ends like one
// ("第三党小组") or is a few letters from one that does ("第1党小组"). A
// word naming every group ("各党小组") is text, not an audience.
func looksLikeGroup(w string, groups []string) bool {
	n := utf8.RuneCountInString(w)
	if n < 2 || n > 16 || containsString(groups, w) {
		return false
	}
	for _, p := range []string{"各", "全体", "所有", "每个", "每"} {
		if strings.HasPrefix(w, p) {
			return false
		}
	}
	lw := strings.ToLower(w)
	for _, s := range groupSuffixes {
		if strings.HasSuffix(w, s) {
			return true
		}
	}
	if strings.HasPrefix(lw, "group") {
		return true
	}
	_, d := nearestGroup(w, groups)
	return d >= 0 && d <= closeEnough(w)
}

// closeEnough is the largest edit distance at which w is taken for a
// mistyped group name: one letter in a short name, two in a longer one.
func closeEnough(w string) int {
	if utf8.RuneCountInString(w) <= 4 {
		return 1
	}
	return 2
}

// nearestGroup is the group whose name is fewest edits from w, and the
// distance; "" and -1 without groups. Letters are compared without case
// and digits as Chinese numerals, so "第2党小组" is nearest "第二党小组".
func nearestGroup(w string, groups []string) (string, int) {
	best, bestD := "", -1
	lw := groupKey.Replace(strings.ToLower(w))
	for _, g := range groups {
		d := levenshtein.ComputeDistance(lw, groupKey.Replace(strings.ToLower(g)))
		if bestD < 0 || d < bestD {
			best, bestD = g, d
		}
	}
	return best, bestD
}

// groupKey writes digits as the Chinese numerals group names use.
var groupKey = strings.NewReplacer(
	"1", "一", "2", "二", "3", "三", "4", "四", "5", "五", "6", "六", "7", "七", "8", "八", "9", "九",
	"１", "一", "２", "二", "３", "三", "４", "四", "５", "五", "６", "六", "７", "七", "８", "八", "９", "九",
)

// groupListText names the groups there are and the one nearest to w.
func (r *request) groupListText(w string, groups []string) string {
	if len(groups) == 0 {
		return T(r.lang, "group.none")
	}
	s := T(r.lang, "group.list", strings.Join(groups, T(r.lang, "free.and")))
	if near, _ := nearestGroup(w, groups); near != "" {
		s += "\n" + T(r.lang, "group.nearest", near)
	}
	return s
}

// refuseUnknownGroup answers a /broadcast whose first word reads as a
// group that does not exist: nothing is sent, and the secretary sees the
// groups and how to send to everyone after all.
func (r *request) refuseUnknownGroup(w string, groups []string) error {
	near, _ := nearestGroup(w, groups)
	if near == "" {
		near = T(r.lang, "group.example")
	}
	return r.say("bc.nogroup", w, r.groupListText(w, groups), near, w)
}

// confirmNewGroup asks before /setgroup makes a group: put m in the new
// group, in the nearest existing one instead, or neither.
func (r *request) confirmNewGroup(m *branchbot.Member, group string, groups []string) error {
	yes, err := branchbot.Callback{Action: "sgnew", Owner: r.member.ID, Arg: strconv.FormatInt(m.ID, 10) + ":" + group}.Encode()
	if err != nil {
		// The name does not fit in a button's data.
		return r.say("setgroup.toolong", group)
	}
	rows := [][]branchbot.Button{{{Text: T(r.lang, "setgroup.btn.new", group), Data: yes}}}
	if near, _ := nearestGroup(group, groups); near != "" {
		if use, err := (branchbot.Callback{Action: "sgnew", Owner: r.member.ID, Arg: strconv.FormatInt(m.ID, 10) + ":" + near}).Encode(); err == nil {
			rows = append(rows, []branchbot.Button{{Text: T(r.lang, "setgroup.btn.use", near), Data: use}})
		}
	}
	no := branchbot.Callback{Action: "x", Owner: r.member.ID}.MustEncode()
	rows = append(rows, []branchbot.Button{{Text: T(r.lang, "remove.no"), Data: no}})
	text := T(r.lang, "setgroup.confirm", group, m.Name) + "\n" + r.groupListText(group, groups)
	return r.send(&branchbot.Outgoing{Text: text, Keyboard: rows})
}

// assignGroup puts m in group ("" for none) and says so, in a new message
// or, when edit is set, in place of the confirmation it answers.
func (r *request) assignGroup(m *branchbot.Member, group string, edit int) error {
	old := m.Group
	m.Group = group
	if err := r.tx.PutMember(m); err != nil {
		return err
	}
	if err := r.audit("setgroup", fmt.Sprintf("#%d %s: %q → %q", m.ID, m.Name, old, group), false); err != nil {
		return err
	}
	shown := group
	if shown == "" {
		shown = T(r.lang, "members.nogroup")
	}
	if edit != 0 {
		return r.editTo(edit, T(r.lang, "setgroup.done", m.Name, shown))
	}
	return r.say("setgroup.done", m.Name, shown)
}

// confirmHandbookMove previews /handbook SECTION: where the members are in
// the handbook now, how many plans would change, and buttons to move them
// or not.
func (r *request) confirmHandbookMove(idx int) error {
	hb := r.hb()
	at := make([]int, len(hb.Sections))
	all, change := 0, 0
	err := r.tx.ForEachStudyPlan(func(p *branchbot.StudyPlan) error {
		all++
		at[p.NextSection(hb)]++
		if int(p.Section) != idx {
			change++
		}
		return nil
	})
	if err != nil {
		return err
	}
	l := r.lang
	lines := []string{T(l, "handbook.confirm", idx+1, sectionTitle(l, &hb.Sections[idx]), all, change), T(l, "handbook.now")}
	for i, n := range at {
		if n > 0 {
			lines = append(lines, T(l, "handbook.at", i+1, sectionTitle(l, &hb.Sections[i]), n))
		}
	}
	lines = append(lines, "", T(l, "handbook.noundo"))
	yes := branchbot.Callback{Action: "hbmv", Owner: r.member.ID, Arg: hb.Sections[idx].ID}.MustEncode()
	no := branchbot.Callback{Action: "x", Owner: r.member.ID}.MustEncode()
	return r.send(&branchbot.Outgoing{
		Text:     strings.Join(lines, "\n"),
		Keyboard: [][]branchbot.Button{{{Text: T(l, "handbook.btn.move", idx+1), Data: yes}, {Text: T(l, "remove.no"), Data: no}}},
	})
}

// confirmButton handles the buttons of the confirmations above; ok is
// false for an action that is not one of them.
func (r *request) confirmButton(cq *models.CallbackQuery, cb branchbot.Callback, msgID int) (ok bool, err error) {
	var command string
	switch cb.Action {
	case "hbend":
		return true, r.handbookEndButton(cq, cb, msgID)
	case "sgnew":
		command = "setgroup"
	case "hbmv":
		command = "handbook"
	default:
		return false, nil
	}
	if !r.member.Is(branchbot.RoleSecretary) {
		r.answer(cq, T(r.lang, "refused.role", command, roleName(r.lang, branchbot.RoleSecretary)), true)
		return true, r.audit("refused", command+" button without the secretary role", true)
	}
	switch cb.Action {
	case "hbmv":
		s := r.b.opts.Study
		if s == nil || s.Handbook == nil || s.Handbook.Index(cb.Arg) < 0 {
			r.answer(cq, T(r.lang, "button.stale"), false)
			return true, nil
		}
		r.answer(cq, "", false)
		return true, r.moveEveryone(s.Handbook.Index(cb.Arg), msgID)
	default: // sgnew
		idText, group, _ := strings.Cut(cb.Arg, ":")
		id, perr := strconv.ParseInt(idText, 10, 64)
		m, err := r.tx.Member(id)
		if perr != nil || errors.Is(err, branchbot.ErrNotFound) {
			r.answer(cq, T(r.lang, "remove.gone"), false)
			return true, r.editTo(msgID, T(r.lang, "remove.gone"))
		} else if err != nil {
			return true, err
		}
		if branchbot.ValidateName(group) != nil {
			r.answer(cq, T(r.lang, "button.stale"), false)
			return true, nil
		}
		r.answer(cq, "", false)
		return true, r.assignGroup(m, group, msgID)
	}
}
