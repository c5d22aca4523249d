package bot

// On the first of a month the secretaries get last month's summary with
// its chart and the ledger; at the start of a quarter, the league table
// of groups (红黑榜). The scheduler decides when (schedule/reports.go).

import (
	"fmt"
	"strings"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// MonthlySummary queues the summary of days first…last (month label) to
// secretary to, followed by its chart and the ledger when the bot has
// them, if anything was due in the month.
func (b *Bot) MonthlySummary(tx *store.Tx, to *branchbot.Member, first, last branchbot.Day, label, key string, now time.Time) (bool, error) {
	l, loc := langOf(to, b.opts.Language), b.opts.Location
	st, err := b.studyStats(tx, to, first, last)
	if err != nil {
		return false, err
	}
	rows, err := b.meetingRows(tx, to, first.Time(loc), (last + 1).Time(loc), now)
	if err != nil {
		return false, err
	}
	talks, err := b.talksRate(tx, first, last, nil)
	if err != nil {
		return false, err
	}
	study := total(st.branch)
	if study.Due == 0 && len(rows) == 0 && talks.Due == 0 {
		return false, nil
	}
	lines := []string{T(l, "monthly.head", label, b.opts.BranchName)}
	if study.Due > 0 {
		lines = append(lines, "", T(l, "monthly.study", shareOf(study.Done, study.Due), study.Done, study.Due))
		for _, g := range st.groups {
			r := total(st.daily[g])
			lines = append(lines, T(l, "monthly.group", groupName(l, g), shareOf(r.Done, r.Due)))
		}
	}
	if len(rows) > 0 {
		var att branchbot.Rate
		for _, r := range rows {
			att = att.Add(r.attendance)
		}
		lines = append(lines, "", T(l, "monthly.meetings", len(rows), shareOf(att.Done, att.Due)))
	}
	if talks.Due > 0 {
		lines = append(lines, "", T(l, "monthly.talks", talks.Due, talks.Done))
	}
	ok, err := enqueue(tx, &branchbot.Outgoing{Key: key, ChatID: to.ChatID(), MemberID: to.ID, Text: strings.Join(lines, "\n"), CreatedAt: now})
	if err != nil || !ok {
		return ok, err
	}
	extra := []*branchbot.Outgoing{}
	if study.Due > 0 {
		extra = append(extra, b.studyChartMessage(to, label, l))
	}
	if len(rows) > 0 {
		extra = append(extra, b.meetingsChartMessage(to, label, l))
	}
	extra = append(extra, b.ledgerMessage(to, label, l))
	for i, o := range extra {
		if o == nil {
			continue
		}
		o.Key, o.CreatedAt = fmt.Sprintf("%s/%d", key, i+1), now
		if _, err := enqueue(tx, o); err != nil {
			return false, err
		}
	}
	return true, nil
}

// talksRate counts the talks due in first…last logged on time, of the
// members in group (all when nil), leaving out standing contacts' visits
// (they are about no member of a group).
func (b *Bot) talksRate(tx *store.Tx, first, last branchbot.Day, in func(subject *branchbot.Member) bool) (branchbot.Rate, error) {
	cs, err := tx.AllCases()
	if err != nil {
		return branchbot.Rate{}, err
	}
	var r branchbot.Rate
	for _, c := range cs {
		if in != nil {
			m, err := tx.Member(c.Subject)
			if err != nil || !in(m) {
				continue
			}
		}
		r = r.Add(branchbot.TalkOnTime(c, first, last, b.opts.Location))
	}
	return r, nil
}

// League queues the league table of the groups for the quarter
// first…last (label) to secretary to, or to the branch's group chat
// when to is nil; nothing when the branch has fewer than two groups.
func (b *Bot) League(tx *store.Tx, to *branchbot.Member, first, last branchbot.Day, label, key string, now time.Time) (bool, error) {
	reader := to
	chat, l := b.opts.GroupChat, b.opts.Language
	if to == nil {
		reader = &branchbot.Member{Role: branchbot.RoleSecretary}
	} else {
		chat, l = to.ChatID(), langOf(to, b.opts.Language)
	}
	if chat == 0 {
		return false, nil
	}
	loc := b.opts.Location
	st, err := b.studyStats(tx, reader, first, last)
	if err != nil {
		return false, err
	}
	meetings, err := b.meetingRows(tx, reader, first.Time(loc), (last + 1).Time(loc), now)
	if err != nil {
		return false, err
	}
	var rows []branchbot.LeagueRow
	for _, g := range st.groups {
		if g == "" {
			continue
		}
		row := branchbot.LeagueRow{Group: g, Study: total(st.daily[g])}
		for _, m := range meetings {
			row.Attendance = row.Attendance.Add(m.byGroup[g])
		}
		row.Talks, err = b.talksRate(tx, first, last, func(m *branchbot.Member) bool { return m.Group == g })
		if err != nil {
			return false, err
		}
		rows = append(rows, row)
	}
	if len(rows) < 2 {
		return false, nil
	}
	red, black := branchbot.RankLeague(rows)
	pct := func(r branchbot.Rate) string { return shareOf(r.Done, r.Due) }
	lines := []string{T(l, "league.head", label), "", T(l, "league.cols")}
	for i, r := range rows {
		score := "—"
		if s, ok := r.Score(); ok {
			score = fmt.Sprintf("%.0f", s)
		}
		lines = append(lines, T(l, "league.row", i+1, r.Group, score, pct(r.Study), pct(r.Attendance), pct(r.Talks)))
	}
	groupsOf := func(rs []branchbot.LeagueRow) string {
		out := make([]string, len(rs))
		for i, r := range rs {
			out[i] = r.Group
		}
		return strings.Join(out, "、")
	}
	lines = append(lines, "")
	if len(red) > 0 {
		lines = append(lines, T(l, "league.red", groupsOf(red)), T(l, "league.black", groupsOf(black)))
	}
	lines = append(lines, T(l, "league.note"))
	o := &branchbot.Outgoing{Key: key, ChatID: chat, Text: strings.Join(lines, "\n"), CreatedAt: now}
	if to != nil {
		o.MemberID = to.ID
	}
	return enqueue(tx, o)
}
