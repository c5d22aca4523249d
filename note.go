package branchbot

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// StudyNote is what a member wrote with /done about a day's study (学习心得).
// Members read their own recent notes; a group leader reads their group's,
// the committee and the secretaries everyone's (Member.Sees).
type StudyNote struct {
	MemberID int64
	Day      Day
	Text     string
}

// NotesWeek is how many days a reading of notes covers when it asks for a
// week: the day named and the six before it.
const NotesWeek = 7

// NotesSpan is the days a reading of notes covers, first to last
// inclusive: with no day given (day 0), the NotesWeek days ending today;
// a day alone; with week, the NotesWeek days ending on it.
func NotesSpan(day, today Day, week bool) (first, last Day) {
	switch {
	case day == 0:
		return today - NotesWeek + 1, today
	case week:
		return day - NotesWeek + 1, day
	}
	return day, day
}

// ParseDayNear reads a date a member types: "2026-12-05", or "12-05" (also
// "12/05", "12.5", "12月5日"), which is the date of that month and day
// nearest to today: in December "01-05" is next January's, in January
// "12-28" last December's.
func ParseDayNear(s string, today Day) (Day, error) {
	if d, err := ParseDay(s); err == nil {
		return d, nil
	}
	t := strings.TrimSuffix(strings.TrimSpace(s), "日")
	t = strings.NewReplacer("月", "-", "/", "-", ".", "-").Replace(t)
	ms, ds, ok := strings.Cut(t, "-")
	m, err1 := strconv.Atoi(ms)
	d, err2 := strconv.Atoi(ds)
	if !ok || err1 != nil || err2 != nil || m < 1 || m > 12 || d < 1 || d > 31 || len(ms) > 2 || len(ds) > 2 {
		return 0, fmt.Errorf("parse day %q: want YYYY-MM-DD or MM-DD", s)
	}
	y, _, _ := today.Date()
	best, found := Day(0), false
	for _, yy := range []int{y - 1, y, y + 1} {
		c := dayOfDate(yy, time.Month(m), d)
		if _, cm, _ := c.Date(); int(cm) != m {
			continue // 02-30 and the like
		}
		if !found || abs(int(c)-int(today)) < abs(int(best)-int(today)) {
			best, found = c, true
		}
	}
	if !found {
		return 0, fmt.Errorf("parse day %q: no such date", s)
	}
	return best, nil
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
