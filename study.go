package branchbot

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"
)

// StudyDay is what happened on one member's study day. It is stored in 8
// bytes (see MarshalBinary), those of 16 members to a record, so a
// member-year of study history costs a few kilobytes.
type StudyDay struct {
	Status   DayStatus // DayDue (nothing yet), DayDone, DayPaused, DayBotMissed, DaySkip
	Prompted bool      // the day's prompt was queued
	Late     bool      // the prompt went out late (the bot was down at the member's time)
	Nudged   bool      // the evening nudge was queued
	Snoozes  uint8     // times the member pressed snooze (at most MaxSnoozes)
	Prompts  uint8     // prompts queued, the first one included
	Minutes  uint16    // minutes studied, as the member reported or the section's default; at most MaxDayMinutes
	Section  uint16    // 1 + index of the section prompted or studied; 0 for none
	// At is a minute of the local day: when the member marked it done, or
	// while a snooze runs, when the prompt comes again.
	At uint16
}

// MaxSnoozes is how many times a day a member may put the prompt off.
const MaxSnoozes = 2

// MaxDayMinutes is the most minutes of study one day records (what /done
// accepts); larger values are stored as this.
const MaxDayMinutes = 300

const studyDaySize = 8

const (
	flagPrompted = 1 << iota
	flagLate
	flagNudged
	flagMinutes256 // Minutes has its ninth bit set: byte 3 holds the low eight
)

// MarshalBinary encodes d in 8 bytes.
func (d StudyDay) MarshalBinary() ([]byte, error) {
	return d.AppendBinary(make([]byte, 0, studyDaySize))
}

// AppendBinary appends the 8 bytes of MarshalBinary to b.
func (d StudyDay) AppendBinary(b []byte) ([]byte, error) {
	n := len(b)
	b = append(b, make([]byte, studyDaySize)...)
	d.put(b[n:])
	return b, nil
}

func (d StudyDay) put(b []byte) {
	b[0] = byte(d.Status)
	var f byte
	if d.Prompted {
		f |= flagPrompted
	}
	if d.Late {
		f |= flagLate
	}
	if d.Nudged {
		f |= flagNudged
	}
	minutes := min(d.Minutes, MaxDayMinutes)
	if minutes >= 256 {
		f |= flagMinutes256
	}
	b[1] = f
	b[2] = d.Snoozes&0x0f | d.Prompts<<4
	b[3] = byte(minutes)
	binary.BigEndian.PutUint16(b[4:6], d.Section)
	binary.BigEndian.PutUint16(b[6:8], d.At)
}

func (d *StudyDay) get(b []byte) {
	*d = StudyDay{
		Status:   DayStatus(b[0]),
		Prompted: b[1]&flagPrompted != 0,
		Late:     b[1]&flagLate != 0,
		Nudged:   b[1]&flagNudged != 0,
		Snoozes:  b[2] & 0x0f,
		Prompts:  b[2] >> 4,
		Minutes:  uint16(b[3]) | uint16(b[1]&flagMinutes256)<<5,
		Section:  binary.BigEndian.Uint16(b[4:6]),
		At:       binary.BigEndian.Uint16(b[6:8]),
	}
}

// UnmarshalBinary decodes what MarshalBinary wrote.
func (d *StudyDay) UnmarshalBinary(b []byte) error {
	if len(b) != studyDaySize {
		return fmt.Errorf("%w: study day of %d bytes", ErrBadRecord, len(b))
	}
	d.get(b)
	return nil
}

// StudyMonth is one member's study days of one calendar month; Days[0] is
// the 1st.
type StudyMonth struct {
	Days [31]StudyDay
}

// ErrBadRecord means a stored record could not be decoded.
var ErrBadRecord = errors.New("bad stored record")

// MarshalBinary encodes the month in 248 bytes.
func (m *StudyMonth) MarshalBinary() ([]byte, error) {
	b := make([]byte, len(m.Days)*studyDaySize)
	for i, d := range m.Days {
		d.put(b[i*studyDaySize:])
	}
	return b, nil
}

// UnmarshalBinary decodes what MarshalBinary wrote.
func (m *StudyMonth) UnmarshalBinary(b []byte) error {
	if len(b) != len(m.Days)*studyDaySize {
		return fmt.Errorf("%w: study month of %d bytes", ErrBadRecord, len(b))
	}
	for i := range m.Days {
		m.Days[i].get(b[i*studyDaySize:])
	}
	return nil
}

// StudyPlan is a member's study settings and where they are today: the
// state the scheduler reads every minute, kept small and apart from the
// Member record so that deciding a morning's prompts for a large branch
// reads a few bytes per member.
type StudyPlan struct {
	MemberID int64
	ChatID   int64 // 0 until the member joins
	Active   bool  // joined and reachable
	LangEN   bool  // reads English
	// Minute is the member's own study time, a minute of the local day;
	// DefaultMinute means the branch's prompt schedule.
	Minute      int16
	Paused      bool
	PausedUntil Day // last paused day when Paused; 0: until resumed
	Section     uint16
	// DayOpen is the last day the scheduler has looked at for this
	// member: days after it and before today were never looked at, which
	// means the bot was down all day.
	//
	// Whether today's prompt went out is the day's record (StudyDay
	// Prompted), not the plan's: a morning's fan-out then writes the
	// grouped day records and leaves the plans as they are.
	DayOpen   Day
	DoneDay   Day // last day marked done
	NudgedDay Day // last day the evening nudge was queued
	JoinedDay Day // first day the member was due to study
	// PausedFrom is the first day of the pause (see TakeLeave); 0 for a
	// pause older than the record of it, or none.
	PausedFrom Day
}

// DefaultMinute marks a plan that follows the branch's prompt schedule.
const DefaultMinute = -1

// studyPlanSize is the size of an encoded plan; plans written before
// PausedFrom was kept are studyPlanSizeV1 bytes, and decode with it zero.
const (
	studyPlanSize   = 44
	studyPlanSizeV1 = 40
)

// PausedOn reports whether the member has paused study on day d.
func (p *StudyPlan) PausedOn(d Day) bool {
	return p.Paused && (p.PausedUntil == 0 || d <= p.PausedUntil)
}

// MarshalBinary encodes p in 44 bytes (MemberID is the record's key and
// not encoded): 40 bytes as until PausedFrom was added, then PausedFrom.
func (p *StudyPlan) MarshalBinary() ([]byte, error) {
	b := make([]byte, studyPlanSize)
	be := binary.BigEndian
	be.PutUint64(b[0:8], uint64(p.ChatID))
	var f byte
	if p.Active {
		f |= 1
	}
	if p.LangEN {
		f |= 2
	}
	if p.Paused {
		f |= 4
	}
	b[8] = f
	be.PutUint16(b[9:11], uint16(p.Minute))
	be.PutUint16(b[11:13], p.Section)
	// Bytes 21–24 held the day of the last prompt until schema 5; they
	// are written as zero and not read.
	for i, d := range []Day{p.PausedUntil, p.DayOpen, 0, p.DoneDay, p.NudgedDay, p.JoinedDay} {
		be.PutUint32(b[13+4*i:], uint32(d))
	}
	be.PutUint32(b[40:44], uint32(p.PausedFrom))
	return b, nil
}

// UnmarshalBinary decodes what MarshalBinary wrote, now or before
// PausedFrom was added (40 bytes).
func (p *StudyPlan) UnmarshalBinary(b []byte) error {
	if len(b) != studyPlanSize && len(b) != studyPlanSizeV1 {
		return fmt.Errorf("%w: study plan of %d bytes", ErrBadRecord, len(b))
	}
	be := binary.BigEndian
	id := p.MemberID
	*p = StudyPlan{
		MemberID: id,
		ChatID:   int64(be.Uint64(b[0:8])),
		Active:   b[8]&1 != 0,
		LangEN:   b[8]&2 != 0,
		Paused:   b[8]&4 != 0,
		Minute:   int16(be.Uint16(b[9:11])),
		Section:  be.Uint16(b[11:13]),
	}
	days := []*Day{&p.PausedUntil, &p.DayOpen, nil, &p.DoneDay, &p.NudgedDay, &p.JoinedDay}
	for i, d := range days {
		if d != nil {
			*d = Day(be.Uint32(b[13+4*i:]))
		}
	}
	if len(b) >= studyPlanSize {
		p.PausedFrom = Day(be.Uint32(b[40:44]))
	}
	return nil
}

// Lang is the language the plan's member reads.
func (p *StudyPlan) Lang() Lang {
	if p.LangEN {
		return LangEN
	}
	return LangZH
}

// MissedByBot sums up the study days one pass of the scheduler recorded as
// missed by the bot (DayBotMissed): the prompts that could not go out
// while it was down. They count against nobody.
type MissedByBot struct {
	At          time.Time // when they were recorded
	First, Last Day       // the first and last day concerned
	Days        int       // member-days recorded
	Members     int       // members concerned
}

// StudyRules are the branch's study settings that both the scheduler and
// the bot read.
type StudyRules struct {
	Handbook *Handbook
	Streaks  StreakRules
	// GraceMinute is the minute of the day until which a member may still
	// mark yesterday done (e.g. 180 for 03:00).
	GraceMinute int
	// Snooze is how long ⏰ puts the prompt off, in minutes.
	SnoozeMinutes int
	// CutoffMinute is the minute of the day after which a prompt the bot
	// could not send is recorded as missed instead; 0 or less for none.
	CutoffMinute int
	// Quiet are the quiet hours; the zero value means none.
	Quiet QuietHours
}

// StudyWindow is the span of the day, [from, to) in minutes, in which a
// member's own study time can be honoured: after the quiet hours end and
// before the cutoff (or the quiet hours begin, if earlier). ok is false
// when the rules set neither.
func (r *StudyRules) StudyWindow() (from, to int, ok bool) {
	from, to, ok = r.Quiet.Awake()
	if r.CutoffMinute > 0 && r.CutoffMinute < to {
		to, ok = r.CutoffMinute, true
	}
	return from, to, ok
}

// StudyDue reports whether day d is a study day under the rules (not a
// rest day or, if weekends are off, a weekend).
func (r *StudyRules) StudyDue(d Day) bool { return !r.Streaks.rest(d) }
