package bot

// The weekly digest (每周摘要) to each secretary, and to each group leader
// for their group: the week's study by group with the change from the
// week before, who was silent, the meetings ahead with their answers,
// leave, overdue talks and make-ups, notices still unread and members
// the bot cannot reach. The scheduler decides when (schedule/reports.go).

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// digestUnreadScan is how many recent notices the digest looks at.
const digestUnreadScan = 20

// WeeklyDigest queues the digest of days first…last to member to, if
// there is anything in it.
func (b *Bot) WeeklyDigest(tx *store.Tx, to *branchbot.Member, first, last branchbot.Day, key string, now time.Time) (bool, error) {
	l := langOf(to, b.opts.Language)
	var body []string
	add := func(lines ...string) { body = append(body, append([]string{""}, lines...)...) }

	if b.opts.Study != nil {
		week, err := b.studyStats(tx, to, first, last)
		if err != nil {
			return false, err
		}
		before, err := b.studyStats(tx, to, first-7, last-7)
		if err != nil {
			return false, err
		}
		if total(week.branch).Due > 0 {
			lines := []string{T(l, "digest.study")}
			if to.SeesBranch() {
				lines = append(lines, rateLine(l, T(l, "report.branch"), total(week.branch), total(before.branch)))
			}
			for _, g := range week.groups {
				lines = append(lines, rateLine(l, groupName(l, g), total(week.daily[g]), total(before.daily[g])))
			}
			if len(week.silent) > 0 {
				lines = append(lines, T(l, "digest.silent", len(week.silent), names(week.silent)))
			}
			add(lines...)
		}
	}
	sections := []func(*store.Tx, *branchbot.Member, branchbot.Day, branchbot.Day, time.Time) ([]string, error){
		b.digestMeetings, b.digestLeaves, b.digestMeetingLeaves, b.digestCases, b.digestMakeups, b.digestUnread, b.digestUnreachable,
	}
	for _, sec := range sections {
		lines, err := sec(tx, to, first, last, now)
		if err != nil {
			return false, err
		}
		if len(lines) > 0 {
			add(lines...)
		}
	}
	if len(body) == 0 {
		return false, nil
	}
	scope := T(l, "report.branch")
	if !to.SeesBranch() {
		scope = T(l, "report.group", groupName(l, to.Group))
	}
	text := T(l, "digest.head", first, last, scope) + "\n" + strings.Join(body, "\n")
	return enqueue(tx, &branchbot.Outgoing{Key: key, ChatID: to.ChatID(), MemberID: to.ID, Text: text, CreatedAt: now})
}

// rateLine is a group's rate this week against last.
func rateLine(l branchbot.Lang, name string, now, before branchbot.Rate) string {
	change := ""
	if d, ok := now.Change(before); ok {
		switch {
		case d > 0:
			change = T(l, "digest.up", d)
		case d < 0:
			change = T(l, "digest.down", -d)
		default:
			change = T(l, "digest.same")
		}
	}
	return T(l, "digest.rate", name, shareOf(now.Done, now.Due), shareOf(before.Done, before.Due), change)
}

func names(ms []*branchbot.Member) string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Name
	}
	return strings.Join(out, "、")
}

// digestMeetings lists the meetings of the next seven days the reader
// sees, with how many answered what.
func (b *Bot) digestMeetings(tx *store.Tx, to *branchbot.Member, _, _ branchbot.Day, now time.Time) ([]string, error) {
	mts, err := tx.UpcomingMeetings()
	if err != nil {
		return nil, err
	}
	slices.SortFunc(mts, func(a, b *branchbot.Meeting) int { return a.Start.Compare(b.Start) })
	l := langOf(to, b.opts.Language)
	var lines []string
	for _, mt := range mts {
		seen := to.SeesBranch() || (mt.Audience == branchbot.AudienceGroup && mt.Group == to.Group)
		if !seen || mt.State != branchbot.MeetingScheduled || mt.Start.Before(now) || mt.Start.After(now.Add(7*24*time.Hour)) {
			continue
		}
		ms, err := invited(tx, mt)
		if err != nil {
			return nil, err
		}
		rs, err := tx.RSVPs(mt.ID)
		if err != nil {
			return nil, err
		}
		var yes, leave, none int
		for _, m := range ms {
			switch r := rs[m.ID]; {
			case r == nil || r.Answer == branchbot.AnswerNone:
				none++
			case r.Answer == branchbot.AnswerAttend:
				yes++
			default:
				leave++
			}
		}
		lines = append(lines, T(l, "digest.meeting", mt.ID, mt.Start.In(b.opts.Location).Format("01-02 15:04"),
			b.meetingKinds().Get(mt.Kind).Name(l), mt.Title, yes, leave, none))
	}
	if len(lines) == 0 {
		return nil, nil
	}
	return append([]string{T(l, "digest.meetings")}, lines...), nil
}

// digestLeaves lists the study leave that ran in the week.
func (b *Bot) digestLeaves(tx *store.Tx, to *branchbot.Member, first, last branchbot.Day, _ time.Time) ([]string, error) {
	l := langOf(to, b.opts.Language)
	var lines []string
	err := tx.ForEachMember(func(m *branchbot.Member) error {
		if !m.Bound() || !to.Sees(m) {
			return nil
		}
		ls, err := tx.Leaves(m.ID, first, last)
		if err != nil {
			return err
		}
		for _, lv := range ls {
			lines = append(lines, T(l, "digest.leave", m.Name, lv.From, lv.Reason))
		}
		return nil
	})
	if err != nil || len(lines) == 0 {
		return nil, err
	}
	return append([]string{T(l, "digest.leaves", len(lines))}, lines...), nil
}

// digestCases lists the overdue talks: for a secretary only, as cases
// are theirs and their talkers' to read.
func (b *Bot) digestCases(tx *store.Tx, to *branchbot.Member, _, _ branchbot.Day, now time.Time) ([]string, error) {
	if to.Role != branchbot.RoleSecretary {
		return nil, nil
	}
	cs, err := tx.OpenCases()
	if err != nil {
		return nil, err
	}
	branchbot.SortCases(cs)
	today := branchbot.DayOf(now, b.opts.Location)
	l := langOf(to, b.opts.Language)
	var items []string
	for _, c := range cs {
		if !c.Overdue(today) || c.Subject == to.ID {
			continue
		}
		who := ""
		if m, err := tx.Member(c.Subject); err == nil {
			who = m.Name
		} else if c.Contact != nil {
			who = c.Contact.Name
		}
		talker := ""
		if m, err := tx.Member(c.Assignee); err == nil {
			talker = m.Name
		}
		items = append(items, T(l, "digest.case", who, c.Due, talker))
	}
	if len(items) == 0 {
		return nil, nil
	}
	return []string{T(l, "digest.cases", len(items), strings.Join(items, "；"))}, nil
}

// digestMakeups lists those whose make-up of a meeting is overdue.
func (b *Bot) digestMakeups(tx *store.Tx, to *branchbot.Member, _, _ branchbot.Day, now time.Time) ([]string, error) {
	ids, err := tx.FollowUpMeetings()
	if err != nil {
		return nil, err
	}
	var items []string
	for _, id := range ids {
		f, err := tx.FollowUp(id)
		if err != nil {
			return nil, err
		}
		if !f.Closed() || f.Due.IsZero() || now.Before(f.Due) {
			continue
		}
		mt, err := tx.Meeting(id)
		if err != nil {
			continue
		}
		ps, err := meetingPresences(tx, mt)
		if err != nil {
			return nil, err
		}
		for mid, p := range ps {
			if !branchbot.OwesMakeup(p) {
				continue
			}
			if m, err := tx.Member(mid); err == nil && to.Sees(m) {
				items = append(items, fmt.Sprintf("%s（#%d）", m.Name, id))
			}
		}
	}
	if len(items) == 0 {
		return nil, nil
	}
	slices.Sort(items)
	return []string{T(langOf(to, b.opts.Language), "digest.makeups", len(items), strings.Join(items, "、"))}, nil
}

// digestUnread lists the notices asking for 已阅 that members the reader
// sees have still not read.
func (b *Bot) digestUnread(tx *store.Tx, to *branchbot.Member, _, _ branchbot.Day, now time.Time) ([]string, error) {
	recent, err := tx.RecentBroadcasts(digestUnreadScan)
	if err != nil {
		return nil, err
	}
	l := langOf(to, b.opts.Language)
	var lines []string
	for _, bc := range recent {
		if !bc.Ack || bc.SentAt.IsZero() || now.Sub(bc.SentAt) > 31*24*time.Hour {
			continue
		}
		rs, err := tx.Recipients(bc.ID)
		if err != nil {
			return nil, err
		}
		var silent []*branchbot.Member
		for _, rc := range rs {
			if !rc.AckedAt.IsZero() {
				continue
			}
			if m, err := tx.Member(rc.MemberID); err == nil && to.Sees(m) {
				silent = append(silent, m)
			}
		}
		if len(silent) > 0 {
			lines = append(lines, T(l, "digest.unread", bc.ID, bc.SentAt.In(b.opts.Location).Format("01-02"), len(silent), names(silent)))
		}
	}
	return lines, nil
}

// digestUnreachable lists the members the bot cannot reach.
func (b *Bot) digestUnreachable(tx *store.Tx, to *branchbot.Member, _, _ branchbot.Day, _ time.Time) ([]string, error) {
	var ms []*branchbot.Member
	err := tx.ForEachMember(func(m *branchbot.Member) error {
		if m.Bound() && m.Unreachable && to.Sees(m) {
			ms = append(ms, m)
		}
		return nil
	})
	if err != nil || len(ms) == 0 {
		return nil, err
	}
	return []string{T(langOf(to, b.opts.Language), "digest.unreach", len(ms), names(ms))}, nil
}
