package bot

// /report meetings [YYYY-MM|YYYY-Qn]: for each meeting that ended in the
// period, how many were invited, attended, on leave, made up and absent;
// for each member, their attendance rate. Group leaders see their group's
// meetings, the committee the whole branch's.

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// meetingPeriod reads YYYY-MM or YYYY-Qn as the instants it spans in loc.
func meetingPeriod(s string, loc *time.Location) (from, to time.Time, ok bool) {
	if t, err := time.ParseInLocation("2006-01", s, loc); err == nil {
		return t, t.AddDate(0, 1, 0), true
	}
	y, q, found := strings.Cut(strings.ToUpper(s), "-Q")
	year, err1 := strconv.Atoi(y)
	n, err2 := strconv.Atoi(q)
	if !found || err1 != nil || err2 != nil || len(y) != 4 || n < 1 || n > 4 {
		return time.Time{}, time.Time{}, false
	}
	from = time.Date(year, time.Month(3*(n-1)+1), 1, 0, 0, 0, 0, loc)
	return from, from.AddDate(0, 3, 0), true
}

// presenceCounts counts the presences of one meeting or one member.
type presenceCounts struct {
	invited int
	by      map[branchbot.Presence]int
}

func (c *presenceCounts) add(p branchbot.Presence) {
	if c.by == nil {
		c.by = make(map[branchbot.Presence]int)
	}
	c.invited++
	c.by[p]++
}

func (r *request) reportMeetings(args []string) error {
	loc := r.b.opts.Location
	now := r.now.In(loc)
	example := now.Format("2006-01")
	if len(args) > 1 {
		return r.say("rm.usage", example)
	}
	label := example
	from, to, _ := meetingPeriod(example, loc)
	if len(args) == 1 {
		var ok bool
		if from, to, ok = meetingPeriod(args[0], loc); !ok {
			return r.say("rm.badperiod", args[0], example)
		}
		label = strings.ToUpper(args[0])
	}
	rules := r.b.CheckinRules()
	var mts []*branchbot.Meeting
	err := r.tx.ForEachMeeting(func(mt *branchbot.Meeting) error {
		seen := r.member.SeesMeeting(mt)
		if seen && mt.State == branchbot.MeetingScheduled && !mt.Start.Before(from) && mt.Start.Before(to) && !r.now.Before(mt.Over(rules)) {
			mts = append(mts, mt)
		}
		return nil
	})
	if err != nil {
		return err
	}
	slices.SortFunc(mts, func(a, b *branchbot.Meeting) int { return a.Start.Compare(b.Start) })
	scope := T(r.lang, "report.branch")
	if !r.member.SeesBranch() {
		scope = T(r.lang, "report.group", r.member.Group)
	}
	lines := []string{T(r.lang, "rm.head", label, scope), ""}
	if len(mts) == 0 {
		lines = append(lines, T(r.lang, "rm.none"))
		return r.send(&branchbot.Outgoing{Text: strings.Join(lines, "\n")})
	}
	perMember := map[int64]*presenceCounts{}
	for _, mt := range mts {
		ps, err := r.meetingPresences(mt)
		if err != nil {
			return err
		}
		var c presenceCounts
		for id, p := range ps {
			c.add(p)
			if perMember[id] == nil {
				perMember[id] = &presenceCounts{}
			}
			perMember[id].add(p)
		}
		kind := r.b.meetingKinds().Get(mt.Kind)
		lines = append(lines, T(r.lang, "rm.meeting", mt.ID, mt.Start.In(loc).Format("01-02"), kind.Name(r.lang), mt.Title, c.invited,
			c.by[branchbot.PresenceAttended], c.by[branchbot.PresenceLeave], c.by[branchbot.PresenceMadeUp], c.by[branchbot.PresenceAbsent]))
	}
	lines = append(lines, "", T(r.lang, "rm.members"))
	ids := make([]int64, 0, len(perMember))
	for id := range perMember {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		m, err := r.tx.Member(id)
		if err != nil || !r.member.Sees(m) {
			continue
		}
		c := perMember[id]
		att := c.by[branchbot.PresenceAttended]
		lines = append(lines, T(r.lang, "rm.member", m.Name, att, c.invited, fmt.Sprintf("%d%%", att*100/c.invited),
			c.by[branchbot.PresenceLeave], c.by[branchbot.PresenceMadeUp], c.by[branchbot.PresenceAbsent]))
	}
	if err := r.send(&branchbot.Outgoing{Text: strings.Join(lines, "\n")}); err != nil {
		return err
	}
	return r.sendChart(r.b.meetingsChartMessage(r.member, label, r.lang), true) // report_charts.go
}

// meetingPresences is each invited member's presence at a meeting that is
// over: from the records written when it ended, or, if the scheduler has
// not come to it yet, from those invited now.
func (r *request) meetingPresences(mt *branchbot.Meeting) (map[int64]branchbot.Presence, error) {
	return meetingPresences(r.tx, mt)
}

// meetingPresences is request.meetingPresences in transaction tx.
func meetingPresences(tx *store.Tx, mt *branchbot.Meeting) (map[int64]branchbot.Presence, error) {
	rs, err := tx.RSVPs(mt.ID)
	if err != nil {
		return nil, err
	}
	f, err := tx.FollowUp(mt.ID)
	if err != nil {
		return nil, err
	}
	out := map[int64]branchbot.Presence{}
	if f.Closed() {
		as, err := tx.Attendances(mt.ID)
		if err != nil {
			return nil, err
		}
		for _, a := range as {
			out[a.MemberID] = a.Presence(rs[a.MemberID])
		}
		return out, nil
	}
	ms, err := invited(tx, mt)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		a, _, err := tx.Attendance(mt.ID, m.ID)
		if err != nil {
			return nil, err
		}
		out[m.ID] = a.Presence(rs[m.ID])
	}
	return out, nil
}
