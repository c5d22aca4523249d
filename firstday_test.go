package branchbot

import (
	"errors"
	"testing"
)

func TestFirstStudyDay(t *testing.T) {
	cut := &StudyRules{CutoffMinute: 21*60 + 30}
	for _, tt := range []struct {
		name        string
		rules       *StudyRules
		now, prompt int
		want        Day
	}{
		{"prompt ahead", cut, 6 * 60, 7*60 + 45, d0},
		{"prompt this minute", cut, 7*60 + 45, 7*60 + 45, d0},
		{"prompt passed", cut, 20 * 60, 7*60 + 45, d0 + 1},
		{"later time this evening", cut, 20 * 60, 21 * 60, d0},
		{"at the cutoff", cut, 20 * 60, 21*60 + 30, d0 + 1},
		{"no cutoff", &StudyRules{}, 20 * 60, 23 * 60, d0},
		{"nil rules", nil, 20 * 60, 23 * 60, d0},
		{"prompt not known", cut, 20 * 60, -1, d0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.rules.FirstStudyDay(d0, tt.now, tt.prompt); got != tt.want {
				t.Errorf("FirstStudyDay = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestStudyPlanNotStarted(t *testing.T) {
	for _, tt := range []struct {
		name   string
		joined Day
		rec    StudyDay
		want   bool
	}{
		{"first day tomorrow", d0 + 1, StudyDay{}, true},
		{"first day today, nothing yet", d0, StudyDay{}, true},
		{"first day today, prompted", d0, StudyDay{Prompted: true}, false},
		{"first day today, done", d0, StudyDay{Status: DayDone}, false},
		{"first day yesterday", d0 - 1, StudyDay{}, false},
		{"plan without a first day", 0, StudyDay{}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := StudyPlan{JoinedDay: tt.joined}
			if got := p.NotStarted(d0, tt.rec); got != tt.want {
				t.Errorf("NotStarted = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMarkDoneBeforeFirstDay(t *testing.T) {
	r := &StudyRules{Handbook: &Handbook{Sections: []Section{{ID: "a"}, {ID: "b"}}}}
	p := StudyPlan{JoinedDay: d0 + 1}
	var rec StudyDay
	if _, err := r.MarkDone(&p, &rec, d0, d0, 20*60, 0); !errors.Is(err, ErrBeforeFirstDay) || rec != (StudyDay{}) || p.Section != 0 {
		t.Errorf("MarkDone before the first day = %v, %+v, %+v", err, rec, p)
	}
	p.JoinedDay = d0
	if _, err := r.MarkDone(&p, &rec, d0, d0, 20*60, 0); err != nil || rec.Status != DayDone {
		t.Errorf("MarkDone on the first day = %v, %+v", err, rec)
	}
}

func TestFirstPromptDay(t *testing.T) {
	r := &StudyRules{Streaks: StreakRules{RestDays: map[Day]bool{d0: true, d0 + 1: true}}}
	if got := r.FirstPromptDay(d0); got != d0+2 {
		t.Errorf("FirstPromptDay over rest days = %s, want %s", got, d0+2)
	}
	if got := (*StudyRules)(nil).FirstPromptDay(d0); got != d0 {
		t.Errorf("nil rules: %s", got)
	}
}

func TestCanSnooze(t *testing.T) {
	r := &StudyRules{Quiet: quiet2207, CutoffMinute: 23 * 60}
	for _, tt := range []struct {
		repeat, minute int
		want           bool
	}{
		{0, 8 * 60, true},
		{MaxSnoozes, 8 * 60, false},
		{0, 20*60 + 59, true},
		{0, 21*60 + 1, false},
	} {
		if got := r.CanSnooze(tt.repeat, tt.minute); got != tt.want {
			t.Errorf("CanSnooze(%d, %s) = %v, want %v", tt.repeat, ClockFromMinutes(tt.minute), got, tt.want)
		}
	}
}
