package schedule

import (
	"errors"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// openVisits opens, for each active standing contact (五联) whose cadre
// can still be told, the case of its visit in the period containing
// today, unless one was opened already: level-triggered, so a period that
// began while the bot was down gets its visits when it is back, and
// never twice (one case per contact per period, recorded in the same
// transaction). The cadre is told at once. It returns how many it opened.
func (s *Scheduler) openVisits(tx *store.Tx, today branchbot.Day, now time.Time) (int, error) {
	o := s.cases
	cts, err := tx.Contacts()
	if err != nil {
		return 0, err
	}
	first, last := branchbot.PeriodOf(today, o.Rules.ContactMonths())
	n := 0
	for _, ct := range cts {
		if !ct.Active() {
			continue
		}
		if _, ok := tx.ContactVisit(ct.ID, first); ok {
			continue
		}
		cadre, err := tx.Member(ct.Cadre)
		if errors.Is(err, branchbot.ErrNotFound) {
			continue // removed from the branch: the secretary reassigns the contact
		} else if err != nil {
			return 0, err
		}
		c := o.Rules.ContactVisit(ct, first, last, now)
		if err := tx.CreateCase(c); err != nil {
			return 0, err
		}
		if err := tx.PutContactVisit(ct.ID, first, c.ID); err != nil {
			return 0, err
		}
		n++
		if !reachable(cadre) {
			continue
		}
		out := o.Renderer.CaseOpened(c, nil, cadre)
		out.Key, out.ChatID, out.MemberID, out.CreatedAt = branchbot.CaseOpenedKey(c.ID, cadre.ID), cadre.ChatID(), cadre.ID, now
		if _, err := o.Renderer.Queue(tx, &out); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// uncovered lists the members no talk has covered in the coverage period
// containing today, when the digest on today shows them (see
// branchbot.CaseRules.CoverageWindow); nil otherwise.
func (s *Scheduler) uncovered(tx *store.Tx, today branchbot.Day) ([]*branchbot.Member, error) {
	first, last, show := s.cases.Rules.CoverageWindow(today)
	if !show {
		return nil, nil
	}
	members, err := tx.Members()
	if err != nil {
		return nil, err
	}
	cases, err := tx.AllCases()
	if err != nil {
		return nil, err
	}
	return branchbot.Uncovered(members, cases, first, last), nil
}
