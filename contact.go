package branchbot

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// A standing contact (五联) links a cadre to an enterprise, a project, a
// section, a village or a social activity, which the cadre visits once
// every period. Each visit due is a case of kind CaseContact, given to
// the cadre, opened by the scheduler at the start of the period and due
// on its last day, reminded, escalated and logged like any other case.

// CaseContact is the kind of case of a visit due to a standing contact.
// It is not among CaseKinds: /event does not open it.
const CaseContact CaseKind = "contact"

// ContactKind is what a standing contact is.
type ContactKind string

// The kinds of standing contact (五联).
const (
	ContactEnterprise ContactKind = "enterprise" // 企业
	ContactProject    ContactKind = "project"    // 项目
	ContactSection    ContactKind = "section"    // 科室
	ContactVillage    ContactKind = "village"    // 村
	ContactActivity   ContactKind = "activity"   // 社会活动
)

// ContactKinds lists the kinds of contact in the order lists show them.
var ContactKinds = []ContactKind{ContactEnterprise, ContactProject, ContactSection, ContactVillage, ContactActivity}

var contactKindZH = map[ContactKind][]string{
	ContactEnterprise: {"企业", "联企业"},
	ContactProject:    {"项目", "联项目"},
	ContactSection:    {"科室", "联科室"},
	ContactVillage:    {"村", "联村", "村庄", "社区"},
	ContactActivity:   {"社会活动", "活动", "联社会活动"},
}

// ErrUnknownContactKind means a kind ParseContactKind does not know.
var ErrUnknownContactKind = errors.New("unknown kind of contact")

// ParseContactKind reads a kind of contact by its English or Chinese name.
func ParseContactKind(s string) (ContactKind, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, k := range ContactKinds {
		if s == string(k) {
			return k, nil
		}
		for _, zh := range contactKindZH[k] {
			if s == zh {
				return k, nil
			}
		}
	}
	return "", fmt.Errorf("%w: %q", ErrUnknownContactKind, s)
}

// DefaultContactPeriod is how often a contact is visited when the
// configuration does not say: every quarter.
const DefaultContactPeriod = PeriodQuarter

// ContactRemindDays is how many working days before its due day the
// cadre is reminded of a visit due each day: a visit due once a quarter
// is not worth a reminder on each of its sixty working days.
const ContactRemindDays = 5

// Contact is a standing contact of a cadre.
type Contact struct {
	ID      int64       `json:"id"`
	Cadre   int64       `json:"cadre"` // member id of the cadre who visits
	Kind    ContactKind `json:"kind"`
	Name    string      `json:"name"`
	AddedBy int64       `json:"added_by"`
	AddedAt time.Time   `json:"added_at"`
	// RemovedAt is when the secretary removed it; no visit is due after.
	RemovedAt time.Time `json:"removed,omitzero"`
}

// Active reports whether visits to the contact are still due.
func (c *Contact) Active() bool { return c.RemovedAt.IsZero() }

// ContactRef is what a case of a visit records of its contact, so that
// the case reads the same after the contact is renamed or removed.
type ContactRef struct {
	ID   int64       `json:"id"`
	Kind ContactKind `json:"kind"`
	Name string      `json:"name"`
}

// MayBeCadre reports whether m may be given a standing contact: a group
// leader or above who has joined.
func MayBeCadre(m *Member) bool { return m != nil && m.Bound() && m.Is(RoleLeader) }

// ContactVisit is the case of the visit to contact ct due in the period
// from first to last, for its cadre, opened at now: due on the period's
// last day, with reminders from ContactRemindDays working days before.
func (r *CaseRules) ContactVisit(ct *Contact, first, last Day, now time.Time) *Case {
	from := last
	for n := 0; n < ContactRemindDays && from > first; {
		from--
		if r.Calendar.WorkDay(from) {
			n++
		}
	}
	return &Case{Kind: CaseContact, State: CaseOpen, Assignee: ct.Cadre, OpenedBy: 0, OpenedAt: now,
		Due: last, RemindFrom: from, Contact: &ContactRef{ID: ct.ID, Kind: ct.Kind, Name: ct.Name}}
}
