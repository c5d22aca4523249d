package branchbot

import (
	"fmt"
	"strconv"
	"time"
)

// The branch's rhythm: one theme a month (一月一主题) carried by the
// month's themed day and party lesson, meetings that recur on a schedule,
// and the cadence each kind must be held at.

// TakesTheme reports whether a meeting of kind carries the month's theme
// when it is scheduled without a title: the themed day and the lesson.
func TakesTheme(kind MeetingKind) bool { return kind == MeetingThemedDay || kind == MeetingLesson }

// ThemeMonth is the month a theme is set for, "2026-12", of t in loc.
func ThemeMonth(t time.Time, loc *time.Location) string { return t.In(loc).Format("2006-01") }

// ParseThemeMonth reads "2026-12" as ThemeMonth writes it.
func ParseThemeMonth(s string) (string, bool) {
	t, err := time.Parse("2006-01", s)
	if err != nil || t.Format("2006-01") != s {
		return "", false
	}
	return s, true
}

// RecurringKey names one occurrence of a recurring meeting of kind (and
// group, for a group's meetings), the start at in UTC: the scheduler
// creates one meeting per key.
func RecurringKey(kind MeetingKind, group string, at time.Time) string {
	k := string(kind) + "/" + at.UTC().Format("20060102T1504Z")
	if group != "" {
		k += "/" + group
	}
	return k
}

// Cadence is how often a kind of meeting must be held.
type Cadence string

// The cadences.
const (
	CadenceMonth   Cadence = "month"
	CadenceQuarter Cadence = "quarter"
)

// DefaultCadences are the required cadences of a branch whose config
// names none: 支委会 and 党小组会 monthly, 党员大会 and 党课 quarterly.
func DefaultCadences() map[MeetingKind]Cadence {
	return map[MeetingKind]Cadence{
		MeetingCommittee: CadenceMonth,
		MeetingGroup:     CadenceMonth,
		MeetingAssembly:  CadenceQuarter,
		MeetingLesson:    CadenceQuarter,
	}
}

// CadenceWarnBefore is how long before a period ends the organiser is
// told that a required meeting has not been held or scheduled in it.
const CadenceWarnBefore = 7 * 24 * time.Hour

// Period is the month or quarter of t in loc under cadence c: its start,
// its end (the next period's start) and its name ("2026-12", "2026-Q4").
func (c Cadence) Period(t time.Time, loc *time.Location) (start, end time.Time, name string) {
	lt := t.In(loc)
	y, m := lt.Year(), lt.Month()
	if c == CadenceQuarter {
		q := (int(m)-1)/3 + 1
		start = time.Date(y, time.Month(3*(q-1)+1), 1, 0, 0, 0, 0, loc)
		return start, start.AddDate(0, 3, 0), strconv.Itoa(y) + "-Q" + strconv.Itoa(q)
	}
	start = time.Date(y, m, 1, 0, 0, 0, 0, loc)
	return start, start.AddDate(0, 1, 0), fmt.Sprintf("%04d-%02d", y, int(m))
}

// Valid reports whether c is a known cadence.
func (c Cadence) Valid() bool { return c == CadenceMonth || c == CadenceQuarter }

// CadenceKey names the warning that kind (and group, for a group's
// meetings) was not held in period: each is given once.
func CadenceKey(kind MeetingKind, period, group string) string {
	k := string(kind) + "/" + period
	if group != "" {
		k += "/" + group
	}
	return k
}

// CountsFor reports whether mt counts as the meeting of kind (for group,
// if not empty) held or scheduled in the period [start, end).
func (mt *Meeting) CountsFor(kind MeetingKind, group string, start, end time.Time) bool {
	if mt.Kind != kind || mt.State != MeetingScheduled || mt.Start.Before(start) || !mt.Start.Before(end) {
		return false
	}
	return group == "" || (mt.Audience == AudienceGroup && mt.Group == group)
}
