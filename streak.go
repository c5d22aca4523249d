package branchbot

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"time"
)

// DayStatus is what a member's day was. The zero value, DayDue, is also what
// a day with no record is: study was due and has not been done.
type DayStatus uint8

// The statuses of a day.
const (
	DayDue       DayStatus = iota // due and not done (yet)
	DayDone                       // the member studied
	DayRest                       // a branch rest day or a weekend: not due
	DaySkip                       // the member used a skip day from the monthly budget
	DayPaused                     // the member paused study (leave, illness, travel)
	DayBotMissed                  // the bot was down and could not prompt: not the member's fault
)

var dayStatusNames = [...]string{"due", "done", "rest", "skip", "paused", "bot-missed"}

// String returns the status's name, such as "done" or "bot-missed".
func (s DayStatus) String() string {
	if int(s) < len(dayStatusNames) {
		return dayStatusNames[s]
	}
	return fmt.Sprintf("DayStatus(%d)", uint8(s))
}

// DefaultSkipBudget is how many missed days a month a member may miss
// without breaking their streak, when StreakRules does not say.
const DefaultSkipBudget = 2

// StreakRules describes which days count. The zero value means: every day
// is due, and two missed days a month are forgiven.
type StreakRules struct {
	// RestDays are the branch's days off (public holidays and the like).
	RestDays map[Day]bool
	// Weekends makes Saturdays and Sundays rest days.
	Weekends bool
	// SkipBudget is how many missed due days per calendar month become
	// skips instead of breaking the streak. Zero means DefaultSkipBudget;
	// a negative value means none.
	SkipBudget int
}

func (r StreakRules) budget() int {
	switch {
	case r.SkipBudget == 0:
		return DefaultSkipBudget
	case r.SkipBudget < 0:
		return 0
	}
	return r.SkipBudget
}

// rest reports whether day d is not due under the rules.
func (r StreakRules) rest(d Day) bool {
	if r.Weekends {
		if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
			return true
		}
	}
	return r.RestDays[d]
}

// resolver applies StreakRules to days visited in order, keeping the count
// of skips used in the current month.
type resolver struct {
	rules     StreakRules
	budget    int
	today     Day
	nextMonth Day // first day of the month after the current one
	skips     int // skips used in the current month
}

func newResolver(rules StreakRules, today Day) *resolver {
	return &resolver{rules: rules, budget: rules.budget(), today: today, nextMonth: -1 << 31}
}

// resolve returns the status of day d as the rules have it: a due day that
// is a rest day becomes DayRest, and a due day before today that was not
// done becomes DaySkip while the month's budget lasts. A member's own
// DaySkip uses the same budget (and is honoured even past it: the input is
// the record). Today, while still due, stays DayDue: it is pending, not
// missed. Days must be given in increasing order.
func (r *resolver) resolve(d Day, s DayStatus) DayStatus {
	if d >= r.nextMonth {
		y, m, _ := d.Date()
		r.nextMonth = dayOfDate(y, m+1, 1)
		r.skips = 0
	}
	switch s {
	case DaySkip:
		r.skips++
	case DayDue:
		switch {
		case r.rules.rest(d):
			return DayRest
		case d < r.today && r.skips < r.budget:
			r.skips++
			return DaySkip
		}
	}
	return s
}

// status returns the recorded status of day d: days[d-first], or DayDue for
// a day past the end of days (no record means not done).
func status(first Day, days []DayStatus, d Day) DayStatus {
	if i := int(d) - int(first); i < len(days) {
		return days[i]
	}
	return DayDue
}

// Resolve returns the statuses of the days from first to today as the rules
// see them: due days that fall on rest days become DayRest, and the first
// missed due days of each month (up to the skip budget, today excluded)
// become DaySkip. days[i] is the recorded status of day first+i; days past
// the end of days are DayDue, and entries after today are ignored. Pass the
// result to Strip so that weekends and forgiven days show as rest. It
// returns nil if today is before first.
func (r StreakRules) Resolve(first Day, days []DayStatus, today Day) []DayStatus {
	if today < first {
		return nil
	}
	out := make([]DayStatus, int(today)-int(first)+1)
	res := newResolver(r, today)
	for i := range out {
		d := first + Day(i)
		out[i] = res.resolve(d, status(first, days, d))
	}
	return out
}

// StreakStats summarises a member's study record.
type StreakStats struct {
	// Current is the number of done days in the run that reaches today.
	Current int
	// Longest is the number of done days in the longest run so far; it is
	// never less than Current.
	Longest int
	// DoneThisMonth counts the days of today's month the member studied.
	DoneThisMonth int
	// DueThisMonth counts the days of today's month, up to and including
	// today, on which study was due (forgiven skips included) or done: a
	// rest day the member studied anyway counts, so DoneThisMonth never
	// exceeds it.
	DueThisMonth int
	// SkipsUsedThisMonth counts the skip days of today's month, the
	// member's own and those the budget covered.
	SkipsUsedThisMonth int
}

// ComputeStreaks computes a member's streaks from their record: days[i] is
// the status of day first+i, ending at today (missing days count as DayDue,
// days after today are ignored).
//
// A streak counts done days. Rest, paused, bot-missed and skip days neither
// add to it nor break it. Within each calendar month, the first
// rules.SkipBudget due days the member did not do (today excluded) are
// forgiven as skips; any further one breaks the streak. Today, while still
// due, does not break the current streak: the member has until the day ends.
func ComputeStreaks(first Day, days []DayStatus, today Day, rules StreakRules) StreakStats {
	st, _ := ComputeStreaksFrom(StreakFold{}, first, days, today, rules, first)
	return st
}

// StreakFold is where the computation of ComputeStreaks stands between two
// days: the run of done days reaching the last one, and the longest run.
// At the start of a month it is all there is to carry over, so a fold
// saved there (StreakMark) spares reading the days before again.
type StreakFold struct {
	Run, Longest int
}

// ComputeStreaksFrom is ComputeStreaks for a record of which the days
// before first were already folded into from: days[i] is the status of day
// first+i. first must be a member's first study day (with a zero from) or
// the first day of a month. It also returns the fold of the days before at,
// for at from first to today+1 (otherwise the zero fold).
func ComputeStreaksFrom(from StreakFold, first Day, days []DayStatus, today Day, rules StreakRules, at Day) (StreakStats, StreakFold) {
	var st StreakStats
	var fold StreakFold
	if today < first {
		return st, fold
	}
	ty, tm, _ := today.Date()
	monthStart := dayOfDate(ty, tm, 1)
	res := newResolver(rules, today)
	run := from.Run
	st.Longest = from.Longest
	if at == first {
		fold = from
	}
	for i := range int(today) - int(first) + 1 {
		d := first + Day(i)
		s := res.resolve(d, status(first, days, d))
		switch s {
		case DayDone:
			run++
			st.Longest = max(st.Longest, run)
		case DayDue:
			if d < today {
				run = 0
			}
		}
		if d+1 == at {
			fold = StreakFold{Run: run, Longest: st.Longest}
		}
		if d < monthStart {
			continue
		}
		switch s {
		case DayDone:
			st.DoneThisMonth++
			st.DueThisMonth++
		case DayDue:
			st.DueThisMonth++
		case DaySkip:
			st.DueThisMonth++
			st.SkipsUsedThisMonth++
		}
	}
	st.Current = run
	return st, fold
}

// SettledDays is how old a study day is before nothing rewrites it: the
// scheduler's catch-up goes back at most 62 days, and a member may mark
// only today or, before the grace time, yesterday.
const SettledDays = 70

// SettledMonth returns the first day of the latest month that begins at
// least SettledDays before today. The days before it are settled, so a
// StreakMark there stays true.
func SettledMonth(today Day) Day {
	y, m, _ := (today - SettledDays).Date()
	return dayOfDate(y, m, 1)
}

// StreakMark is a member's StreakFold saved at the start of a settled
// month, with what it depends on: the member's first study day and the
// rules. The store drops it when a day before Upto is rewritten.
type StreakMark struct {
	First Day    // the member's first study day, where the fold began
	Upto  Day    // the first day of a month: the fold covers the days before it
	Rules uint64 // the Fingerprint of the StreakRules the fold used
	StreakFold
}

const streakMarkSize = 24

// MarshalBinary encodes m in 24 bytes.
func (m StreakMark) MarshalBinary() ([]byte, error) {
	b := make([]byte, streakMarkSize)
	be := binary.BigEndian
	be.PutUint32(b[0:], uint32(m.First))
	be.PutUint32(b[4:], uint32(m.Upto))
	be.PutUint64(b[8:], m.Rules)
	be.PutUint32(b[16:], uint32(m.Run))
	be.PutUint32(b[20:], uint32(m.Longest))
	return b, nil
}

// UnmarshalBinary decodes what MarshalBinary wrote.
func (m *StreakMark) UnmarshalBinary(b []byte) error {
	if len(b) != streakMarkSize {
		return fmt.Errorf("%w: streak mark of %d bytes", ErrBadRecord, len(b))
	}
	be := binary.BigEndian
	*m = StreakMark{
		First: Day(be.Uint32(b[0:])),
		Upto:  Day(be.Uint32(b[4:])),
		Rules: be.Uint64(b[8:]),
		StreakFold: StreakFold{
			Run:     int(be.Uint32(b[16:])),
			Longest: int(be.Uint32(b[20:])),
		},
	}
	return nil
}

// Fingerprint identifies the rules, for a StreakMark computed under them:
// the weekends, the skip budget and the rest days.
func (r StreakRules) Fingerprint() uint64 {
	h := fnv.New64a()
	var b [8]byte
	binary.BigEndian.PutUint32(b[:4], uint32(r.budget()))
	if r.Weekends {
		b[4] = 1
	}
	h.Write(b[:5])
	days := make([]Day, 0, len(r.RestDays))
	for d, rest := range r.RestDays {
		if rest {
			days = append(days, d)
		}
	}
	slices.Sort(days)
	for _, d := range days {
		binary.BigEndian.PutUint32(b[:4], uint32(d))
		h.Write(b[:4])
	}
	return h.Sum64()
}

// Strip renders the n days up to and including today, oldest first, one
// character a day: ■ done, □ due and not done, · not due (rest, paused,
// bot-missed, skip, or before first). It shows statuses as given, so pass
// them through StreakRules.Resolve first; today, while still due, shows □
// until the member marks it done. Days past the end of days show □; n <= 0
// gives "".
func Strip(first Day, days []DayStatus, today Day, n int) string {
	if n <= 0 {
		return ""
	}
	var b strings.Builder
	b.Grow(n * len("■"))
	for k := int64(today) - int64(n) + 1; k <= int64(today); k++ {
		if k < int64(first) {
			b.WriteString("·")
			continue
		}
		switch status(first, days, Day(k)) {
		case DayDone:
			b.WriteString("■")
		case DayDue:
			b.WriteString("□")
		default:
			b.WriteString("·")
		}
	}
	return b.String()
}
