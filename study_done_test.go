package branchbot

import (
	"errors"
	"testing"
)

// d0 is the "today" of the study rule tests: 2026-03-10.
const d0 = Day(20522)

func TestStudyRulesDoneDay(t *testing.T) {
	r := &StudyRules{GraceMinute: 3 * 60}
	prompted := StudyDay{Prompted: true}
	done := StudyDay{Prompted: true, Status: DayDone}
	tests := []struct {
		name             string
		minute           int
		today, yesterday StudyDay
		want             Day
		reads            int
	}{
		{"after the grace minute", 3 * 60, StudyDay{}, prompted, d0, 0},
		{"evening", 21 * 60, StudyDay{}, prompted, d0, 0},
		{"small hours, yesterday open", 2*60 + 59, StudyDay{}, prompted, d0 - 1, 2},
		{"small hours, yesterday done", 60, StudyDay{}, done, d0, 2},
		{"small hours, yesterday not prompted", 60, StudyDay{}, StudyDay{}, d0, 2},
		{"small hours, today already prompted", 60, prompted, prompted, d0, 1},
		{"midnight, yesterday open", 0, StudyDay{}, prompted, d0 - 1, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reads := 0
			got, err := r.DoneDay(d0, tt.minute, func(d Day) (StudyDay, error) {
				reads++
				switch d {
				case d0:
					return tt.today, nil
				case d0 - 1:
					return tt.yesterday, nil
				}
				t.Fatalf("read day %s", d)
				return StudyDay{}, nil
			})
			if err != nil || got != tt.want {
				t.Errorf("DoneDay = %s, %v; want %s", got, err, tt.want)
			}
			if reads != tt.reads {
				t.Errorf("read %d records, want %d", reads, tt.reads)
			}
		})
	}
	t.Run("read error", func(t *testing.T) {
		boom := errors.New("boom")
		if _, err := r.DoneDay(d0, 60, func(Day) (StudyDay, error) { return StudyDay{}, boom }); !errors.Is(err, boom) {
			t.Errorf("err = %v, want boom", err)
		}
	})
}

func TestStudyRulesCheckDone(t *testing.T) {
	r := &StudyRules{GraceMinute: 3 * 60}
	tests := []struct {
		name   string
		day    Day
		minute int
		want   error
	}{
		{"today", d0, 8 * 60, nil},
		{"today at midnight", d0, 0, nil},
		{"tomorrow", d0 + 1, 23 * 60, ErrDayNotYet},
		{"yesterday in the grace period", d0 - 1, 3*60 - 1, nil},
		{"yesterday at the grace minute", d0 - 1, 3 * 60, ErrDayTooLate},
		{"yesterday in the evening", d0 - 1, 20 * 60, ErrDayTooLate},
		{"the day before yesterday", d0 - 2, 60, ErrDayTooLate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := r.CheckDone(tt.day, d0, tt.minute); !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Errorf("CheckDone(%s) = %v, want %v", tt.day, err, tt.want)
			}
		})
	}
}

func TestStudyRulesMarkDone(t *testing.T) {
	hb := &Handbook{Sections: []Section{{ID: "a", Minutes: 10}, {ID: "b"}, {ID: "c", Minutes: 30}}}
	r := &StudyRules{Handbook: hb, GraceMinute: 3 * 60}
	tests := []struct {
		name     string
		plan     StudyPlan
		rec      StudyDay
		day      Day
		minute   int
		minutes  int
		wantIdx  int
		wantRec  StudyDay
		wantPlan StudyPlan
		wantErr  error
	}{
		{
			name: "the prompted section, moving on",
			plan: StudyPlan{Section: 1, DoneDay: d0 - 3},
			rec:  StudyDay{Prompted: true, Section: 2},
			day:  d0, minute: 8*60 + 5,
			wantIdx:  1,
			wantRec:  StudyDay{Status: DayDone, Prompted: true, Section: 2, At: 8*60 + 5, Minutes: DefaultStudyMinutes},
			wantPlan: StudyPlan{Section: 2, DoneDay: d0},
		},
		{
			name: "minutes as reported",
			plan: StudyPlan{Section: 0},
			rec:  StudyDay{Prompted: true, Section: 1},
			day:  d0, minute: 9 * 60, minutes: 45,
			wantIdx:  0,
			wantRec:  StudyDay{Status: DayDone, Prompted: true, Section: 1, At: 9 * 60, Minutes: 45},
			wantPlan: StudyPlan{Section: 1, DoneDay: d0},
		},
		{
			name: "not prompted: the plan's section",
			plan: StudyPlan{Section: 2},
			day:  d0, minute: 7 * 60,
			wantIdx:  2,
			wantRec:  StudyDay{Status: DayDone, Section: 3, At: 7 * 60, Minutes: 30},
			wantPlan: StudyPlan{Section: 0, DoneDay: d0},
		},
		{
			name: "moved by /handbook since the prompt: the plan stays",
			plan: StudyPlan{Section: 0},
			rec:  StudyDay{Prompted: true, Section: 3},
			day:  d0, minute: 10 * 60,
			wantIdx:  2,
			wantRec:  StudyDay{Status: DayDone, Prompted: true, Section: 3, At: 10 * 60, Minutes: 30},
			wantPlan: StudyPlan{Section: 0, DoneDay: d0},
		},
		{
			name: "yesterday in the grace period keeps a later DoneDay",
			plan: StudyPlan{Section: 1, DoneDay: d0},
			rec:  StudyDay{Prompted: true, Section: 1},
			day:  d0 - 1, minute: 60,
			wantIdx:  0,
			wantRec:  StudyDay{Status: DayDone, Prompted: true, Section: 1, At: 60, Minutes: 10},
			wantPlan: StudyPlan{Section: 1, DoneDay: d0},
		},
		{
			name: "already done",
			plan: StudyPlan{Section: 1},
			rec:  StudyDay{Status: DayDone, Section: 1, At: 400},
			day:  d0, minute: 500,
			wantErr: ErrAlreadyDone,
		},
		{name: "tomorrow", plan: StudyPlan{Section: 1}, day: d0 + 1, minute: 500, wantErr: ErrDayNotYet},
		{name: "too old", plan: StudyPlan{Section: 1}, day: d0 - 1, minute: 500, wantErr: ErrDayTooLate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, rec := tt.plan, tt.rec
			idx, err := r.MarkDone(&p, &rec, tt.day, d0, tt.minute, tt.minutes)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				if p != tt.plan || rec != tt.rec {
					t.Errorf("refused, yet changed: %+v %+v", p, rec)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if idx != tt.wantIdx || rec != tt.wantRec || p != tt.wantPlan {
				t.Errorf("MarkDone = %d\n%+v\n%+v\nwant %d\n%+v\n%+v", idx, rec, p, tt.wantIdx, tt.wantRec, tt.wantPlan)
			}
		})
	}
	t.Run("empty handbook", func(t *testing.T) {
		r := &StudyRules{Handbook: &Handbook{}}
		var p StudyPlan
		var rec StudyDay
		idx, err := r.MarkDone(&p, &rec, d0, d0, 600, 0)
		if err != nil || idx != -1 || rec.Minutes != DefaultStudyMinutes || rec.Section != 0 || p.DoneDay != d0 {
			t.Errorf("MarkDone = %d, %v, %+v, %+v", idx, err, rec, p)
		}
	})
}

var quiet2207 = QuietHours{From: ClockTime{22, 0}, To: ClockTime{7, 0}}

func TestStudyRulesSnooze(t *testing.T) {
	tests := []struct {
		name    string
		rules   StudyRules
		rec     StudyDay
		day     Day
		minute  int
		want    StudyDay
		wantErr error
	}{
		{"first", StudyRules{SnoozeMinutes: 30}, StudyDay{Prompted: true}, d0, 8 * 60, StudyDay{Prompted: true, Snoozes: 1, At: 8*60 + 30}, nil},
		{"default length", StudyRules{}, StudyDay{Prompted: true, Snoozes: 1}, d0, 8 * 60, StudyDay{Prompted: true, Snoozes: 2, At: 9 * 60}, nil},
		{"not past the day", StudyRules{SnoozeMinutes: 120}, StudyDay{}, d0, 23 * 60, StudyDay{}, ErrSnoozeTooLate},
		{"not into the quiet hours", StudyRules{Quiet: quiet2207}, StudyDay{Prompted: true}, d0, 21*60 + 40, StudyDay{}, ErrSnoozeTooLate},
		{"not past the cutoff", StudyRules{CutoffMinute: 21*60 + 30}, StudyDay{Prompted: true}, d0, 20*60 + 45, StudyDay{}, ErrSnoozeTooLate},
		{"just before the cutoff", StudyRules{CutoffMinute: 21*60 + 30}, StudyDay{Prompted: true}, d0, 20*60 + 29, StudyDay{Prompted: true, Snoozes: 1, At: 21*60 + 29}, nil},
		{"over midday quiet hours", StudyRules{Quiet: QuietHours{From: ClockTime{12, 0}, To: ClockTime{14, 0}}}, StudyDay{Prompted: true}, d0, 11*60 + 30, StudyDay{Prompted: true, Snoozes: 1, At: 14 * 60}, nil},
		{"at the limit", StudyRules{}, StudyDay{Snoozes: MaxSnoozes}, d0, 600, StudyDay{}, ErrSnoozeLimit},
		{"done", StudyRules{}, StudyDay{Status: DayDone}, d0, 600, StudyDay{}, ErrAlreadyDone},
		{"yesterday's prompt", StudyRules{}, StudyDay{}, d0 - 1, 600, StudyDay{}, ErrPromptOver},
		{"another day's prompt before done", StudyRules{}, StudyDay{Status: DayDone}, d0 + 1, 600, StudyDay{}, ErrPromptOver},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := tt.rec
			err := tt.rules.Snooze(&rec, tt.day, d0, tt.minute)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || rec != tt.rec {
					t.Errorf("Snooze = %v, %+v; want %v and no change", err, rec, tt.wantErr)
				}
				return
			}
			if err != nil || rec != tt.want {
				t.Errorf("Snooze = %v, %+v; want %+v", err, rec, tt.want)
			}
		})
	}
}

func TestStudyPlanPauseResume(t *testing.T) {
	t.Run("pause", func(t *testing.T) {
		for _, tt := range []struct {
			name  string
			until Day
			want  error
		}{
			{"until resumed", 0, nil},
			{"until today", d0, nil},
			{"until next week", d0 + 7, nil},
			{"until yesterday", d0 - 1, ErrDayPassed},
		} {
			t.Run(tt.name, func(t *testing.T) {
				var p StudyPlan
				err := p.Pause(tt.until, d0)
				if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
					t.Fatalf("Pause = %v, want %v", err, tt.want)
				}
				if want := tt.want == nil; p.Paused != want || (want && p.PausedUntil != tt.until) {
					t.Errorf("plan %+v", p)
				}
			})
		}
	})
	t.Run("resume", func(t *testing.T) {
		for _, tt := range []struct {
			name    string
			rec     StudyDay
			changed bool
			want    DayStatus
		}{
			{"paused before the prompt", StudyDay{Status: DayPaused}, true, DayDue},
			{"paused after the prompt", StudyDay{Status: DayPaused, Prompted: true}, false, DayPaused},
			{"done", StudyDay{Status: DayDone}, false, DayDone},
		} {
			t.Run(tt.name, func(t *testing.T) {
				p := StudyPlan{Paused: true, PausedUntil: d0 + 3}
				rec := tt.rec
				if got := p.Resume(&rec); got != tt.changed || rec.Status != tt.want || p.Paused || p.PausedUntil != 0 {
					t.Errorf("Resume = %v, %+v, %+v", got, rec, p)
				}
			})
		}
	})
}
