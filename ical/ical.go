// Package ical writes the branch's meetings as iCalendar files (RFC 5545)
// that calendar programs import: each meeting an event in the branch's
// time zone, with the zone's definition (VTIMEZONE) in the file. It uses
// github.com/arran4/golang-ical to write the text.
package ical

import (
	"fmt"
	"io"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/branchbot/branchbot"
)

// Calendar describes the meetings of one branch.
type Calendar struct {
	// Branch names the calendar.
	Branch   string
	Kinds    branchbot.MeetingKinds
	Location *time.Location
	Lang     branchbot.Lang
	// Now stamps the events (DTSTAMP).
	Now time.Time
}

// Write writes ms as one calendar to w.
func (c Calendar) Write(w io.Writer, ms []*branchbot.Meeting) error {
	cal := ics.NewCalendarFor("branchbot")
	cal.SetMethod(ics.MethodPublish)
	cal.SetXWRCalName(c.Branch)
	tzid := c.Location.String()
	cal.SetXWRTimezone(tzid)
	if len(ms) > 0 {
		first, last := ms[0].Start, ms[0].End()
		for _, mt := range ms {
			first, last = minTime(first, mt.Start), maxTime(last, mt.End())
		}
		addZone(cal, c.Location, first, last)
	}
	for _, mt := range ms {
		c.addEvent(cal, mt, tzid)
	}
	if err := cal.SerializeTo(w); err != nil {
		return fmt.Errorf("ical: write calendar: %w", err)
	}
	return nil
}

// Bytes is the calendar of ms as Write writes it.
func (c Calendar) Bytes(ms []*branchbot.Meeting) ([]byte, error) {
	var sb strings.Builder
	if err := c.Write(&sb, ms); err != nil {
		return nil, err
	}
	return []byte(sb.String()), nil
}

// UID is the event's unique id of meeting mt: the same in every file, so
// a calendar updates the event it imported before.
func UID(mt *branchbot.Meeting) string {
	return fmt.Sprintf("meeting-%d-%d@branchbot", mt.ID, mt.CreatedAt.Unix())
}

const localFormat = "20060102T150405"

func (c Calendar) addEvent(cal *ics.Calendar, mt *branchbot.Meeting, tzid string) {
	e := cal.AddEvent(UID(mt))
	e.SetDtStampTime(c.Now)
	if !mt.CreatedAt.IsZero() {
		e.SetCreatedTime(mt.CreatedAt)
	}
	e.SetProperty(ics.ComponentPropertyDtStart, mt.Start.In(c.Location).Format(localFormat), ics.WithTZID(tzid))
	e.SetProperty(ics.ComponentPropertyDtEnd, mt.End().In(c.Location).Format(localFormat), ics.WithTZID(tzid))
	e.SetSequence(max(mt.Version-1, 0))
	kind := c.Kinds.Get(mt.Kind).Name(c.Lang)
	e.SetSummary(kind + sep(c.Lang) + mt.Title)
	if mt.Place != "" {
		e.SetLocation(mt.Place)
	}
	var desc []string
	if c.Branch != "" {
		desc = append(desc, c.Branch)
	}
	for _, it := range mt.Items {
		desc = append(desc, fmt.Sprintf("%d. %s", it.N, it.Text))
	}
	if len(desc) > 0 {
		e.SetDescription(strings.Join(desc, "\n"))
	}
	if mt.State == branchbot.MeetingCancelled {
		e.SetStatus(ics.ObjectStatusCancelled)
	} else {
		e.SetStatus(ics.ObjectStatusConfirmed)
	}
}

func sep(l branchbot.Lang) string {
	if l == branchbot.LangEN {
		return ": "
	}
	return "："
}

// addZone adds the VTIMEZONE of loc for the years from first to last: the
// offset in force at the start of the first year and each change of
// offset after it, each a STANDARD or DAYLIGHT part.
func addZone(cal *ics.Calendar, loc *time.Location, first, last time.Time) {
	tz := cal.AddTimezone(loc.String())
	from := time.Date(first.In(loc).Year(), 1, 1, 0, 0, 0, 0, loc)
	to := time.Date(last.In(loc).Year()+1, 1, 1, 0, 0, 0, 0, loc)
	_, off := from.Zone()
	tz.Components = append(tz.Components, zonePart(from, off, off))
	for t := from; t.Before(to); {
		next := t.AddDate(0, 0, 1)
		if _, o := next.Zone(); o != off {
			at := changeAt(t, next, off)
			_, o2 := at.Zone()
			tz.Components = append(tz.Components, zonePart(at, off, o2))
			off = o2
		}
		t = next
	}
}

// changeAt finds the first second in (a, b] whose offset is not off.
func changeAt(a, b time.Time, off int) time.Time {
	for b.Sub(a) > time.Second {
		mid := a.Add(b.Sub(a) / 2)
		if _, o := mid.Zone(); o == off {
			a = mid
		} else {
			b = mid
		}
	}
	return b
}

// zonePart is the part of a VTIMEZONE from at on, when the offset goes
// from fromOff to toOff (seconds east of UTC); its DTSTART is the local
// time by the offset before.
func zonePart(at time.Time, fromOff, toOff int) ics.Component {
	base := ics.ComponentBase{}
	name, _ := at.Zone()
	base.SetProperty(ics.ComponentPropertyDtStart, at.In(time.FixedZone("", fromOff)).Format(localFormat))
	base.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), offset(fromOff))
	base.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), offset(toOff))
	base.SetProperty(ics.ComponentProperty(ics.PropertyTzname), name)
	if at.IsDST() {
		return &ics.Daylight{ComponentBase: base}
	}
	return &ics.Standard{ComponentBase: base}
}

// offset is "+0800" for 8 hours east of UTC.
func offset(sec int) string {
	sign := '+'
	if sec < 0 {
		sign, sec = '-', -sec
	}
	return fmt.Sprintf("%c%02d%02d", sign, sec/3600, sec%3600/60)
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
