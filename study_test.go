package branchbot

import (
	"testing"
)

func TestStudyRecordsRoundTrip(t *testing.T) {
	var m StudyMonth
	m.Days[0] = StudyDay{Status: DayDone, Prompted: true, Late: true, Snoozes: 2, Prompts: 3, Minutes: 15, Section: 7, At: 1439}
	m.Days[1] = StudyDay{Status: DayDone, Minutes: MaxDayMinutes, At: 1}
	m.Days[30] = StudyDay{Status: DayBotMissed, Nudged: true, Section: 65535}
	b, _ := m.MarshalBinary()
	if len(b) != 248 {
		t.Fatalf("month is %d bytes", len(b))
	}
	var back StudyMonth
	if err := back.UnmarshalBinary(b); err != nil || back != m {
		t.Fatalf("round trip: %v\n%+v\n%+v", err, back, m)
	}
	if err := back.UnmarshalBinary(b[:10]); err == nil {
		t.Fatal("short record accepted")
	}

	p := StudyPlan{MemberID: 9, ChatID: -1001234567890, Active: true, LangEN: true, Minute: DefaultMinute, Paused: true,
		PausedUntil: 20500, Section: 21, DayOpen: 20400, DoneDay: 20398, NudgedDay: 20397, JoinedDay: 20000}
	pb, _ := p.MarshalBinary()
	copy(pb[21:25], []byte{0, 0, 0x50, 0x2a}) // where schema 5 kept the day of the last prompt
	back2 := StudyPlan{MemberID: 9}
	if err := back2.UnmarshalBinary(pb); err != nil || back2 != p {
		t.Fatalf("plan round trip: %v\n%+v\n%+v", err, back2, p)
	}
}

func TestPausedOn(t *testing.T) {
	p := StudyPlan{Paused: true, PausedUntil: 100}
	if !p.PausedOn(100) || p.PausedOn(101) {
		t.Error("pause with an end date")
	}
	p.PausedUntil = 0
	if !p.PausedOn(1 << 20) {
		t.Error("open-ended pause")
	}
}

func TestStudyWindow(t *testing.T) {
	tests := []struct {
		name     string
		rules    StudyRules
		from, to int
		ok       bool
	}{
		{"none", StudyRules{}, 0, 1440, false},
		{"quiet wraps midnight", StudyRules{Quiet: QuietHours{ClockTime{22, 0}, ClockTime{7, 0}}}, 7 * 60, 22 * 60, true},
		{"cutoff before quiet", StudyRules{Quiet: QuietHours{ClockTime{22, 0}, ClockTime{7, 0}}, CutoffMinute: 21*60 + 30}, 7 * 60, 21*60 + 30, true},
		{"early-morning quiet", StudyRules{Quiet: QuietHours{ClockTime{0, 0}, ClockTime{6, 0}}}, 6 * 60, 1440, true},
		{"cutoff only", StudyRules{CutoffMinute: 20 * 60}, 0, 20 * 60, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from, to, ok := tt.rules.StudyWindow()
			if from != tt.from || to != tt.to || ok != tt.ok {
				t.Errorf("StudyWindow() = %d, %d, %v; want %d, %d, %v", from, to, ok, tt.from, tt.to, tt.ok)
			}
		})
	}
}
