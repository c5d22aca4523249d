package branchbot

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestTakeLeave(t *testing.T) {
	at := time.Date(2026, 11, 25, 2, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name    string
		plan    StudyPlan
		rec     StudyDay
		until   Day
		reason  string
		want    Leave
		wantRec DayStatus
		wantErr error
	}{
		{"open-ended", StudyPlan{}, StudyDay{}, 0, "  生病\n住院 ", Leave{From: d0, Reason: "生病 住院", At: at}, DayPaused, nil},
		{"until a date, today prompted", StudyPlan{}, StudyDay{Prompted: true}, d0 + 3, "出差", Leave{From: d0, Until: d0 + 3, Reason: "出差", At: at}, DayPaused, nil},
		{"today already done", StudyPlan{}, StudyDay{Status: DayDone}, d0 + 3, "出差", Leave{From: d0, Until: d0 + 3, Reason: "出差", At: at}, DayDone, nil},
		{"changing a running leave", StudyPlan{Paused: true, PausedFrom: d0 - 4}, StudyDay{Status: DayPaused}, d0 + 2, "探亲", Leave{From: d0 - 4, Until: d0 + 2, Reason: "探亲", At: at}, DayPaused, nil},
		{"after a dated pause ended", StudyPlan{Paused: true, PausedFrom: d0 - 9, PausedUntil: d0 - 2}, StudyDay{}, 0, "探亲", Leave{From: d0, Reason: "探亲", At: at}, DayPaused, nil},
		{"no reason", StudyPlan{}, StudyDay{}, 0, " \n ", Leave{}, DayDue, ErrNoReason},
		{"reason too long", StudyPlan{}, StudyDay{}, 0, strings.Repeat("长", MaxLeaveReason+1), Leave{}, DayDue, ErrReasonTooLong},
		{"until yesterday", StudyPlan{}, StudyDay{}, d0 - 1, "出差", Leave{}, DayDue, ErrDayPassed},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, rec := tt.plan, tt.rec
			l, err := p.TakeLeave(&rec, tt.until, d0, tt.reason, at)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || p != tt.plan || rec != tt.rec {
					t.Errorf("TakeLeave = %v, plan %+v, record %+v; want %v and no change", err, p, rec, tt.wantErr)
				}
				return
			}
			if err != nil || l != tt.want || rec.Status != tt.wantRec {
				t.Fatalf("TakeLeave = %+v, %v, record %+v; want %+v, record %s", l, err, rec, tt.want, tt.wantRec)
			}
			if !p.Paused || p.PausedUntil != tt.until || p.PausedFrom != tt.want.From || !p.PausedOn(d0) {
				t.Errorf("plan after TakeLeave: %+v", p)
			}
		})
	}
}

func TestEndLeave(t *testing.T) {
	for _, tt := range []struct {
		name       string
		plan       StudyPlan
		rec        StudyDay
		from, last Day
		running    bool
		wantRec    DayStatus
	}{
		{"before today's prompt", StudyPlan{Paused: true, PausedFrom: d0 - 3}, StudyDay{Status: DayPaused}, d0 - 3, d0 - 1, true, DayDue},
		{"after today's prompt", StudyPlan{Paused: true, PausedFrom: d0 - 3}, StudyDay{Status: DayPaused, Prompted: true}, d0 - 3, d0, true, DayPaused},
		{"the day it began", StudyPlan{Paused: true, PausedFrom: d0}, StudyDay{Status: DayPaused}, d0, d0 - 1, true, DayDue},
		{"a dated pause over", StudyPlan{Paused: true, PausedFrom: d0 - 9, PausedUntil: d0 - 2}, StudyDay{}, d0 - 9, d0 - 1, false, DayDue},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, rec := tt.plan, tt.rec
			from, last, running := p.EndLeave(&rec, d0)
			if from != tt.from || last != tt.last || running != tt.running || rec.Status != tt.wantRec {
				t.Errorf("EndLeave = %s, %s, %v, record %s; want %s, %s, %v, %s", from, last, running, rec.Status, tt.from, tt.last, tt.running, tt.wantRec)
			}
			if p.Paused || p.PausedFrom != 0 || p.PausedUntil != 0 {
				t.Errorf("plan after EndLeave: %+v", p)
			}
		})
	}
}
