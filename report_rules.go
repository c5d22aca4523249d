package branchbot

// The rules of the branch's reports and digests: what a completion rate
// is, who was silent, how groups rank, and when the reports are due.

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Rate is a share: Done of Due (member-days studied of those due,
// members who attended of those invited, talks on time of those logged).
type Rate struct{ Done, Due int }

// Add returns the sum of two rates' counts.
func (r Rate) Add(o Rate) Rate { return Rate{r.Done + o.Done, r.Due + o.Due} }

// Percent is the rate in percent, rounded down; ok is false when nothing
// was due.
func (r Rate) Percent() (p int, ok bool) {
	if r.Due <= 0 {
		return 0, false
	}
	return r.Done * 100 / r.Due, true
}

// Change is how many percentage points r is above before (negative when
// below); ok is false when either has nothing due.
func (r Rate) Change(before Rate) (points int, ok bool) {
	p, ok1 := r.Percent()
	q, ok2 := before.Percent()
	return p - q, ok1 && ok2
}

// StudyCount is what day d with recorded status s adds to a study rate:
// a done day is done and due; a day still due or skipped is due unless
// it is a rest day; rest, paused (leave) and missed-by-the-bot days count
// for nothing, as in /report study.
func (r StreakRules) StudyCount(d Day, s DayStatus) Rate {
	switch s {
	case DayDone:
		return Rate{1, 1}
	case DayDue, DaySkip:
		if !r.rest(d) {
			return Rate{0, 1}
		}
	}
	return Rate{}
}

// Silent reports whether a member whose days first… were statuses was
// silent: study was due on at least one of them and done on none. A
// member on leave, or whose days were all rest, is not silent.
func (r StreakRules) Silent(first Day, statuses []DayStatus) bool {
	var sum Rate
	for i, s := range statuses {
		sum = sum.Add(r.StudyCount(first+Day(i), s))
	}
	return sum.Due > 0 && sum.Done == 0
}

// WeekStart is the first day, a Monday, of the week of d.
func WeekStart(d Day) Day {
	return d - Day((int(d.Weekday())+6)%7)
}

// MonthOf is the first and last day of d's month and its label YYYY-MM.
func MonthOf(d Day) (first, last Day, label string) {
	y, m, _ := d.Date()
	first = dayOfDate(y, m, 1)
	last = dayOfDate(y, m+1, 1) - 1
	return first, last, fmt.Sprintf("%04d-%02d", y, m)
}

// QuarterOf is the first and last day of d's quarter and its label
// YYYY-Qn.
func QuarterOf(d Day) (first, last Day, label string) {
	y, m, _ := d.Date()
	q := (int(m)-1)/3 + 1
	first = dayOfDate(y, time.Month(3*q-2), 1)
	last = dayOfDate(y, time.Month(3*q+1), 1) - 1
	return first, last, fmt.Sprintf("%04d-Q%d", y, q)
}

// Weekly is a day of the week and a time of day, such as Monday 08:30:
// when the weekly digest is due.
type Weekly struct {
	Day time.Weekday
	At  ClockTime
}

var weekdays = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
	"周日": time.Sunday, "周一": time.Monday, "周二": time.Tuesday, "周三": time.Wednesday,
	"周四": time.Thursday, "周五": time.Friday, "周六": time.Saturday,
}

// ErrBadWeekly is a weekly time that does not read as "Mon 08:30".
var ErrBadWeekly = errors.New(`want a day and a time, such as "Mon 08:30"`)

// ParseWeekly reads "Mon 08:30" (the day's first three letters in
// English, any case, or 周一…周日) as a Weekly.
func ParseWeekly(s string) (Weekly, error) {
	day, at, ok := strings.Cut(strings.TrimSpace(s), " ")
	wd, known := weekdays[strings.ToLower(day)]
	if len([]rune(day)) > 3 && !known {
		wd, known = weekdays[strings.ToLower(day[:3])]
	}
	if !ok || !known {
		return Weekly{}, ErrBadWeekly
	}
	c, err := ParseClock(strings.TrimSpace(at))
	if err != nil {
		return Weekly{}, ErrBadWeekly
	}
	return Weekly{Day: wd, At: c}, nil
}

// String is the weekly time as "Mon 08:30".
func (w Weekly) String() string { return w.Day.String()[:3] + " " + w.At.String() }

// LastDay is the latest day on or before today that falls on w.Day.
func (w Weekly) LastDay(today Day) Day {
	return today - Day((int(today.Weekday())-int(w.Day)+7)%7)
}

// LeagueRow is one party group's line in the quarter's league table
// (红黑榜).
type LeagueRow struct {
	Group      string
	Study      Rate // member-days studied of those due
	Attendance Rate // attended (or made up) of those invited to meetings
	Talks      Rate // talks logged by their due day of those due in the quarter
}

// Score is the mean of the row's percentages that have something due,
// and false when none has.
func (r LeagueRow) Score() (float64, bool) {
	sum, n := 0, 0
	for _, rt := range []Rate{r.Study, r.Attendance, r.Talks} {
		if p, ok := rt.Percent(); ok {
			sum += p
			n++
		}
	}
	if n == 0 {
		return 0, false
	}
	return float64(sum) / float64(n), true
}

// RankLeague orders rows best first: by score, then study, then
// attendance, then talks, then group name; a group with nothing due goes
// last. red and black are the rows of the red list (红榜, the best) and the
// black list (黑榜, the worst): the first and the last, each only when
// their scores differ (two rows or more), so a branch where every group
// does the same names none.
func RankLeague(rows []LeagueRow) (red, black []LeagueRow) {
	pct := func(r Rate) int {
		p, ok := r.Percent()
		if !ok {
			return -1
		}
		return p
	}
	slices.SortStableFunc(rows, func(a, b LeagueRow) int {
		sa, oka := a.Score()
		sb, okb := b.Score()
		if oka != okb {
			if oka {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(sb, sa); c != 0 {
			return c
		}
		for _, p := range [][2]Rate{{a.Study, b.Study}, {a.Attendance, b.Attendance}, {a.Talks, b.Talks}} {
			if c := cmp.Compare(pct(p[1]), pct(p[0])); c != 0 {
				return c
			}
		}
		return strings.Compare(a.Group, b.Group)
	})
	var scored []LeagueRow
	for _, r := range rows {
		if _, ok := r.Score(); ok {
			scored = append(scored, r)
		}
	}
	if len(scored) < 2 {
		return nil, nil
	}
	top, _ := scored[0].Score()
	bottom, _ := scored[len(scored)-1].Score()
	if top == bottom {
		return nil, nil
	}
	for _, r := range scored {
		if s, _ := r.Score(); s == top {
			red = append(red, r)
		} else if s == bottom {
			black = append(black, r)
		}
	}
	return red, black
}

// TalkOnTime is what case c adds to a group's talks rate for the days
// first…last: a case due in them counts as due, and as done when it was
// logged by its due day (in loc). Cancelled cases count for nothing.
func TalkOnTime(c *Case, first, last Day, loc *time.Location) Rate {
	if c.Due < first || c.Due > last || c.State == CaseCancelled {
		return Rate{}
	}
	if c.State == CaseDone && !c.ClosedAt.IsZero() && DayOf(c.ClosedAt, loc) <= c.Due {
		return Rate{1, 1}
	}
	return Rate{0, 1}
}
