package bot

// /contact: the secretary links cadres to standing contacts (五联: an
// enterprise, a project, a section, a village, a social activity). Each
// contact is due a visit every period; the scheduler opens the visit as a
// case of the cadre's, reminded, escalated and logged with /talked like
// any other.

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/branchbot/branchbot"
)

// contact handles /contact, /contact add CADRE KIND NAME and /contact
// remove ID (secretary).
func (r *request) contact(args []string) error {
	if len(args) == 0 {
		return r.listContacts()
	}
	switch strings.ToLower(args[0]) {
	case "add", "添加":
		return r.addContact(args[1:])
	case "remove", "撤销", "删除":
		if len(args) != 2 {
			return r.say("contact.usage")
		}
		return r.removeContact(args[1])
	}
	return r.say("contact.usage")
}

func (r *request) addContact(args []string) error {
	if len(args) < 3 {
		return r.say("contact.usage")
	}
	kind, err := branchbot.ParseContactKind(args[1])
	if err != nil {
		return r.say("contact.usage")
	}
	cadre, ok, err := r.findMember(args[0])
	if !ok {
		return err
	}
	if !branchbot.MayBeCadre(cadre) {
		return r.say("contact.badcadre", cadre.Name)
	}
	name := strings.Join(args[2:], " ")
	if len([]rune(name)) > 100 {
		name = string([]rune(name)[:100])
	}
	ct := &branchbot.Contact{Cadre: cadre.ID, Kind: kind, Name: name, AddedBy: r.member.ID, AddedAt: r.now}
	if err := r.tx.CreateContact(ct); err != nil {
		return err
	}
	if err := r.audit("contact.add", fmt.Sprintf("#%d %s %s, cadre #%d", ct.ID, kind, name, cadre.ID), false); err != nil {
		return err
	}
	return r.say("contact.added", ct.ID, name, contactKindName(r.lang, kind), cadre.Name, periodName(r.lang, r.b.caseRules().ContactMonths()))
}

func (r *request) removeContact(arg string) error {
	id, err := strconv.ParseInt(strings.TrimPrefix(arg, "#"), 10, 64)
	var ct *branchbot.Contact
	if err == nil {
		ct, err = r.tx.Contact(id)
	}
	if err != nil || !ct.Active() {
		return r.say("contact.notfound", arg)
	}
	ct.RemovedAt = r.now
	if err := r.tx.PutContact(ct); err != nil {
		return err
	}
	// The visit of this period, if still open, is due no more.
	first, _ := branchbot.PeriodOf(r.today(), r.b.caseRules().ContactMonths())
	if caseID, ok := r.tx.ContactVisit(ct.ID, first); ok {
		c, err := r.tx.Case(caseID)
		if err != nil {
			return err
		}
		if c.Open() {
			if err := c.Cancel(r.member.ID, T(branchbot.LangZH, "contact.removed.reason"), r.now); err != nil {
				return err
			}
			if err := r.tx.PutCase(c); err != nil {
				return err
			}
		}
	}
	if err := r.audit("contact.remove", fmt.Sprintf("#%d %s", ct.ID, ct.Name), false); err != nil {
		return err
	}
	return r.say("contact.removed", ct.ID, ct.Name)
}

func (r *request) listContacts() error {
	cts, err := r.tx.Contacts()
	if err != nil {
		return err
	}
	rules := r.b.caseRules()
	months := rules.ContactMonths()
	today := r.today()
	first, _ := branchbot.PeriodOf(today, months)
	var lines []string
	for _, ct := range cts {
		if !ct.Active() {
			continue
		}
		cadre := "—"
		if m, err := r.tx.Member(ct.Cadre); err == nil {
			cadre = m.Name
		}
		status := T(r.lang, "contact.notyet")
		if caseID, ok := r.tx.ContactVisit(ct.ID, first); ok {
			if c, err := r.tx.Case(caseID); err == nil {
				status = r.visitStatus(c, today)
			}
		}
		lines = append(lines, T(r.lang, "contact.line", ct.ID, contactKindName(r.lang, ct.Kind), ct.Name, cadre, status))
	}
	if len(lines) == 0 {
		return r.say("contact.none")
	}
	head := T(r.lang, "contact.head", len(lines), periodName(r.lang, months), branchbot.PeriodLabel(first, months))
	return r.say(head + "\n" + strings.Join(lines, "\n"))
}

// visitStatus says where the visit case c is on today.
func (r *request) visitStatus(c *branchbot.Case, today branchbot.Day) string {
	if t, ok := c.Talk(); ok {
		return T(r.lang, "contact.done", t.Day)
	}
	if c.Overdue(today) {
		return T(r.lang, "contact.overdue", c.Due)
	}
	return T(r.lang, "contact.due", c.Due)
}
