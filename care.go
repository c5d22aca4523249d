package branchbot

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// A care visit (爱心帮扶) is a visit paid or help given by a member to a
// member or to someone of the public in need, with what was given and
// an amount if any. It is a record, not a duty: nothing is due.

// CareVisit is one care visit or help given.
type CareVisit struct {
	ID    int64 `json:"id"`
	Day   Day   `json:"day"`
	By    int64 `json:"by"`    // member id of who logged it
	Giver int64 `json:"giver"` // member id of who visited or helped
	// ToMember is the member helped, or 0 for someone of the public
	// named in ToName.
	ToMember int64  `json:"to_member,omitempty"`
	ToName   string `json:"to_name,omitempty"`
	What     string `json:"what"`
	// Cents is the amount given, in hundredths of a yuan; 0 for none.
	Cents int64     `json:"cents,omitempty"`
	At    time.Time `json:"at"`
}

// ErrBadAmount means an amount ParseAmount cannot read.
var ErrBadAmount = errors.New("not an amount")

// maxCents bounds an amount: ten million yuan.
const maxCents = 10_000_000_00

// ParseAmount reads an amount of money such as 500, 500元, ¥200.50 or
// 1,000 as cents; ok is false for anything that is not one.
func ParseAmount(s string) (cents int64, ok bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "¥"), "￥")
	s = strings.TrimSuffix(strings.TrimSuffix(s, "元"), "yuan")
	s = strings.ReplaceAll(s, ",", "")
	whole, frac, dot := strings.Cut(s, ".")
	if whole == "" || (dot && (frac == "" || len(frac) > 2)) {
		return 0, false
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w > maxCents/100 {
		return 0, false
	}
	cents = w * 100
	if dot {
		f, _ := strconv.ParseInt((frac + "0")[:2], 10, 64)
		cents += f
	}
	return cents, cents > 0
}

// FormatCents writes an amount in yuan: 500, 200.50.
func FormatCents(cents int64) string {
	s := strconv.FormatInt(cents/100, 10)
	if f := cents % 100; f != 0 {
		s += "." + strconv.FormatInt(100+f, 10)[1:]
	}
	return s
}

// CareTotal sums care visits: how many, and the amount given.
type CareTotal struct {
	Visits int
	Cents  int64
}

// CareTotals sums visits from first to last, for the branch and per
// giver.
func CareTotals(visits []*CareVisit, first, last Day) (branch CareTotal, byGiver map[int64]CareTotal) {
	byGiver = map[int64]CareTotal{}
	for _, v := range visits {
		if v.Day < first || v.Day > last {
			continue
		}
		branch.Visits++
		branch.Cents += v.Cents
		t := byGiver[v.Giver]
		t.Visits++
		t.Cents += v.Cents
		byGiver[v.Giver] = t
	}
	return branch, byGiver
}
