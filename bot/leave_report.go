package bot

// What /report study shows of a member's leave (请假): days of leave are
// not counted as due, so the report names them instead of letting them
// vanish.

import (
	"slices"
	"strings"

	"github.com/branchbot/branchbot"
)

var leaveTexts = map[string][2]string{
	"report.leave":     {" ⏸ 请假 %d 天（%s）", " ⏸ on leave %d {day|days} (%s)"},
	"report.leaveopen": {" ⏸ 自 %s 起请假（%s）", " ⏸ on leave since %s (%s)"},
	"report.noreason":  {"未写事由", "no reason given"},
}

// leaveNote is what the report adds to a member's name for their leave in
// the days first to last: "请假 N 天（事由）", or for a leave running today
// until they resume, "自 MM-DD 起请假（事由）"; "" for none. rec is the
// member's history up to today, p their plan.
func (r *request) leaveNote(m *branchbot.Member, p *branchbot.StudyPlan, rec *studyRecord, first, last, today branchbot.Day) (string, error) {
	open := last == today && p.PausedOn(today) && p.PausedUntil == 0
	days := rec.count(branchbot.DayPaused, first, last)
	if !open && days == 0 {
		return "", nil
	}
	leaves, err := r.tx.Leaves(m.ID, first, last)
	if err != nil {
		return "", err
	}
	if open {
		from, reason := p.PausedFrom, ""
		for _, l := range leaves {
			if l.From == from {
				reason = l.Reason
			}
		}
		if from == 0 {
			// A pause from before its first day was kept: the run of days
			// of leave that reaches today.
			from = today
			for i := len(rec.days) - 1; i >= 0 && (rec.days[i].Status == branchbot.DayPaused || rec.first+branchbot.Day(i) == today); i-- {
				if rec.days[i].Status == branchbot.DayPaused {
					from = rec.first + branchbot.Day(i)
				}
			}
		}
		if reason == "" {
			reason = T(r.lang, "report.noreason")
		}
		return T(r.lang, "report.leaveopen", shortDay(from, today), reason), nil
	}
	var reasons []string
	for _, l := range leaves {
		if !slices.Contains(reasons, l.Reason) {
			reasons = append(reasons, l.Reason)
		}
	}
	if len(reasons) == 0 {
		reasons = append(reasons, T(r.lang, "report.noreason"))
	}
	return T(r.lang, "report.leave", days, strings.Join(reasons, "；")), nil
}
