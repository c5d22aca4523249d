package bot

// Study notes (学习心得): what members write with /done. The member is told
// it was kept, reads their recent ones in /me, and group leaders, the
// committee and the secretaries read them with /notes.

import (
	"sort"
	"strings"

	"github.com/branchbot/branchbot"
)

// meNotes is how many of their latest notes /me shows a member.
const meNotes = 3

var notesTexts = map[string][2]string{
	"note.saved":    {"📝 心得已保存，可发送 /me 查看；党小组长和书记也能看到。", "📝 Your note is saved; send /me to see it. Your group leader and the secretary can read it too."},
	"note.replaced": {"📝 心得已更新（替换了这一天之前写的心得），可发送 /me 查看。", "📝 Your note is updated (it replaces the one you wrote for that day); send /me to see it."},
	"me.notes":      {"📝 最近的学习心得：", "📝 Your latest notes:"},
	"notes.head":    {"📝 学习心得 · %s · %s（%d 人，%d 条）", "📝 Study notes · %s · %s (%d members, %d notes)"},
	"notes.span":    {"%s 至 %s", "%s to %s"},
	"notes.none":    {"📝 学习心得 · %s · %s：没有人写心得。党员打卡时可以写：/done 20 心得内容", "📝 Study notes · %s · %s: nobody wrote one. Members write them when they mark study done: /done 20 what I learnt"},
	"notes.usage": {
		"用法：/notes [党小组] [日期] [周]\n不写日期：最近 7 天；写日期（MM-DD 或 YYYY-MM-DD）：那一天；再加“周”：到那天为止的 7 天。例如 /notes 12-05 或 /notes 一组 12-05 周",
		"Usage: /notes [GROUP] [DATE] [week]\nNo date: the last 7 days; a date (MM-DD or YYYY-MM-DD): that day; with “week”: the 7 days ending on it. E.g. /notes 12-05 or /notes \"Group 1\" 12-05 week",
	},
	"notes.future":  {"%s 还没到，没有心得。", "%s has not come yet; there are no notes."},
	"notes.nogroup": {"没有“%s”这个党小组。发送 /members 查看名单。", "There is no group “%s”. Send /members for the list."},
	"notes.ownonly": {"您只能查看本党小组（%s）的心得。", "You can read the notes of your own group only (%s)."},
}

// keepNote keeps a note for a day already marked done: a /done with a note
// after ✅ adds it (or replaces the day's earlier one) rather than losing
// it.
func (r *request) keepNote(p *branchbot.StudyPlan, in doneInput) error {
	old := r.tx.StudyNote(p.MemberID, in.day)
	if err := r.tx.PutStudyNote(p.MemberID, in.day, in.note); err != nil {
		return err
	}
	saved := T(r.lang, "note.saved")
	if old != "" && old != in.note {
		saved = T(r.lang, "note.replaced")
	}
	return r.send(&branchbot.Outgoing{Text: T(r.lang, "done.already", dayName(r.lang, in.day, r.today())) + "\n" + saved})
}

// myNotes is what /me shows of the member's notes: the latest few, with
// their days.
func (r *request) myNotes(today branchbot.Day) ([]string, error) {
	notes, err := r.tx.RecentStudyNotes(r.member.ID, today, meNotes)
	if err != nil || len(notes) == 0 {
		return nil, err
	}
	lines := []string{T(r.lang, "me.notes")}
	for _, n := range notes {
		lines = append(lines, shortDay(n.Day, today)+" "+n.Text)
	}
	return lines, nil
}

// shortDay writes a day as MM-DD in today's year, else YYYY-MM-DD.
func shortDay(d, today branchbot.Day) string {
	y, _, _ := d.Date()
	if ty, _, _ := today.Date(); y == ty {
		return d.String()[5:]
	}
	return d.String()
}

// notes handles /notes [GROUP] [DATE] [week]: the notes of the members the
// asker sees (a group leader their group, the committee and secretaries
// anyone), of a day or a week.
func (r *request) notes(args []string) error {
	today := r.today()
	var (
		day   branchbot.Day
		week  bool
		group string
		all   bool
	)
	for _, a := range args {
		switch strings.ToLower(a) {
		case "week", "周", "一周", "7天":
			week = true
			continue
		case "all", "全部", "全支部":
			all = true
			continue
		}
		if d, err := branchbot.ParseDayNear(a, today); err == nil && day == 0 {
			day = d
			continue
		} else if looksLikeDate(a) || group != "" {
			return r.say("notes.usage")
		}
		group = a
	}
	if day > today {
		return r.say("notes.future", day)
	}
	first, last := branchbot.NotesSpan(day, today, week)
	me := r.member
	switch {
	case !me.SeesBranch() && (all || (group != "" && group != me.Group)):
		g := me.Group
		if g == "" {
			g = T(r.lang, "members.nogroup")
		}
		return r.say("notes.ownonly", g)
	case !me.SeesBranch():
		group = me.Group
	}
	members, err := r.tx.Members()
	if err != nil {
		return err
	}
	var seen []*branchbot.Member
	known := false
	for _, m := range members {
		if group != "" && m.Group == group {
			known = true
		}
		if m.Bound() && me.Sees(m) && (group == "" || m.Group == group) {
			seen = append(seen, m)
		}
	}
	if group != "" && !known && me.SeesBranch() {
		return r.say("notes.nogroup", group)
	}
	sort.SliceStable(seen, func(i, j int) bool { return seen[i].Name < seen[j].Name })
	ids := make([]int64, len(seen))
	for i, m := range seen {
		ids[i] = m.ID
	}
	notes, err := r.tx.StudyNotes(ids, first, last)
	if err != nil {
		return err
	}
	scope := T(r.lang, "report.branch")
	if group != "" {
		scope = T(r.lang, "report.group", group)
	} else if !me.SeesBranch() {
		scope = T(r.lang, "report.group", T(r.lang, "members.nogroup"))
	}
	span := first.String()
	if first != last {
		span = T(r.lang, "notes.span", first, last)
	}
	if len(notes) == 0 {
		return r.say("notes.none", scope, span)
	}
	names := make(map[int64]string, len(seen))
	for _, m := range seen {
		names[m.ID] = m.Name
	}
	var sb strings.Builder
	writers := 0
	for i, n := range notes {
		if i == 0 || notes[i-1].MemberID != n.MemberID {
			writers++
			sb.WriteString("\n\n" + names[n.MemberID])
		}
		sb.WriteString("\n" + shortDay(n.Day, today) + " " + n.Text)
	}
	return r.send(&branchbot.Outgoing{Text: T(r.lang, "notes.head", scope, span, writers, len(notes)) + sb.String()})
}
