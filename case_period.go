package branchbot

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Standing duties (coverage of the members by talks, the visits of 五联
// contacts) are due once per period: a number of months, counted from
// January, so that a quarter is a calendar quarter and half a year runs
// January to June or July to December.

// Period lengths in months.
const (
	PeriodMonth   = 1
	PeriodQuarter = 3
	PeriodHalf    = 6
	PeriodYear    = 12
)

// ParsePeriodMonths reads a period: month, quarter, half or year (or 月,
// 季度, 半年, 年), or "N months" (or N个月) for N from 1 to 12.
func ParsePeriodMonths(s string) (int, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "month", "月", "每月":
		return PeriodMonth, true
	case "quarter", "季度", "每季度":
		return PeriodQuarter, true
	case "half", "half-year", "half year", "半年":
		return PeriodHalf, true
	case "year", "年", "每年":
		return PeriodYear, true
	}
	for _, unit := range []string{"months", "month", "个月", "月"} {
		if n, found := strings.CutSuffix(s, unit); found {
			m, err := strconv.Atoi(strings.TrimSpace(n))
			if err == nil && m >= 1 && m <= 12 {
				return m, true
			}
			return 0, false
		}
	}
	return 0, false
}

// PeriodOf is the first and last day of the period of months months that
// contains d. months below 1 count as one month.
func PeriodOf(d Day, months int) (first, last Day) {
	months = max(months, 1)
	y, m, _ := d.Date()
	idx := (y*12 + int(m) - 1) / months * months
	first = dayOfDate(idx/12, time.Month(idx%12+1), 1)
	last = dayOfDate(idx/12, time.Month(idx%12+1+months), 1) - 1
	return first, last
}

// PeriodLabel names the period of months months that starts on first:
// 2026-10 for a month, 2026-Q4 for a quarter, 2026-H2 for half a year,
// 2026 for a year, 2026-10..2026-11 otherwise.
func PeriodLabel(first Day, months int) string {
	y, m, _ := first.Date()
	switch months {
	case PeriodMonth:
		return fmt.Sprintf("%04d-%02d", y, m)
	case PeriodQuarter:
		return fmt.Sprintf("%04d-Q%d", y, (int(m)-1)/3+1)
	case PeriodHalf:
		return fmt.Sprintf("%04d-H%d", y, (int(m)-1)/6+1)
	case PeriodYear:
		return fmt.Sprintf("%04d", y)
	}
	_, last := PeriodOf(first, months)
	ly, lm, _ := last.Date()
	return fmt.Sprintf("%04d-%02d..%04d-%02d", y, m, ly, lm)
}

// ParseReportPeriod reads a report's period, YYYY-MM or YYYY-Qn, as its
// first and last day.
func ParseReportPeriod(s string) (first, last Day, ok bool) {
	if y, q, found := strings.Cut(strings.ToUpper(s), "-Q"); found {
		year, err1 := strconv.Atoi(y)
		n, err2 := strconv.Atoi(q)
		if err1 != nil || err2 != nil || len(y) != 4 || n < 1 || n > 4 {
			return 0, 0, false
		}
		first, last = PeriodOf(dayOfDate(year, time.Month(3*n-2), 1), PeriodQuarter)
		return first, last, true
	}
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return 0, 0, false
	}
	first, last = PeriodOf(dayOfDate(t.Year(), t.Month(), 1), PeriodMonth)
	return first, last, true
}

// Uncovered lists the members of members whom no talk of cases (a talk
// logged on a case about them, on a day from first to last) covered, in
// the order given.
func Uncovered(members []*Member, cases []*Case, first, last Day) []*Member {
	covered := map[int64]bool{}
	for _, c := range cases {
		if c.Subject == 0 || c.State != CaseDone {
			continue
		}
		if t, ok := c.Talk(); ok && t.Day >= first && t.Day <= last {
			covered[c.Subject] = true
		}
	}
	var out []*Member
	for _, m := range members {
		if !covered[m.ID] {
			out = append(out, m)
		}
	}
	return out
}

// CoverageWindow is the coverage period containing today, and whether
// the secretaries' digest on today lists the members it has not yet
// covered: in the last month of the period, when there is still time to
// talk with them, and not every day of it.
func (r *CaseRules) CoverageWindow(today Day) (first, last Day, show bool) {
	if r.Coverage <= 0 {
		return 0, 0, false
	}
	first, last = PeriodOf(today, r.Coverage)
	_, monthLast := PeriodOf(today, PeriodMonth)
	return first, last, monthLast == last
}
