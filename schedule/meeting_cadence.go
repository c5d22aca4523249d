package schedule

import (
	"sort"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// checkCadence warns, once per kind, period and group, when a period that
// requires a meeting of a kind ends within WarnBefore and none was held or
// scheduled in it: the secretaries are told, and for group meetings each
// group's leader (the secretaries when the group has none).
func (s *Scheduler) checkCadence(tx *store.Tx, now time.Time) (int, error) {
	warnBefore := s.plan.WarnBefore
	if warnBefore <= 0 {
		warnBefore = branchbot.CadenceWarnBefore
	}
	kinds := make([]branchbot.MeetingKind, 0, len(s.plan.Cadence))
	for k := range s.plan.Cadence {
		kinds = append(kinds, k)
	}
	sort.Slice(kinds, func(i, j int) bool { return kinds[i] < kinds[j] })
	var meetings []*branchbot.Meeting
	var members []*branchbot.Member
	loaded := false
	n := 0
	for _, kind := range kinds {
		start, end, period := s.plan.Cadence[kind].Period(now, s.loc)
		if now.Before(end.Add(-warnBefore)) {
			continue
		}
		if !loaded {
			loaded = true
			err := tx.ForEachMeeting(func(mt *branchbot.Meeting) error { meetings = append(meetings, mt); return nil })
			if err == nil {
				err = tx.ForEachMember(func(m *branchbot.Member) error { members = append(members, m); return nil })
			}
			if err != nil {
				return n, err
			}
		}
		groups := []string{""}
		if s.plan.Kinds.Get(kind).Audience == branchbot.AudienceGroup {
			groups = groupsOf(members)
		}
		for _, g := range groups {
			key := branchbot.CadenceKey(kind, period, g)
			if tx.CadenceTold(key) || held(meetings, kind, g, start, end) {
				continue
			}
			for _, to := range cadenceTold(members, g) {
				if err := s.plan.Planner.CadenceWarning(tx, to, kind, g, period, end, key); err != nil {
					return n, err
				}
			}
			if err := tx.MarkCadenceTold(key, now); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

func held(ms []*branchbot.Meeting, kind branchbot.MeetingKind, group string, start, end time.Time) bool {
	for _, mt := range ms {
		if mt.CountsFor(kind, group, start, end) {
			return true
		}
	}
	return false
}

func groupsOf(ms []*branchbot.Member) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range ms {
		if m.Group != "" && !seen[m.Group] {
			seen[m.Group] = true
			out = append(out, m.Group)
		}
	}
	sort.Strings(out)
	return out
}

// cadenceTold are who hear of a missing meeting: a group's leaders for
// group (the secretaries when it has none), else the secretaries.
func cadenceTold(ms []*branchbot.Member, group string) []*branchbot.Member {
	var leaders, secs []*branchbot.Member
	for _, m := range ms {
		switch {
		case group != "" && m.Role == branchbot.RoleLeader && m.Group == group:
			leaders = append(leaders, m)
		case m.Role == branchbot.RoleSecretary:
			secs = append(secs, m)
		}
	}
	if len(leaders) > 0 {
		return leaders
	}
	return secs
}
