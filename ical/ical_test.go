package ical_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/ical"
)

// TestCalendarParsesBack: the file parses with the library, the event's
// times carry the branch's TZID and read back as the meeting's instants,
// and the zone is defined in the file.
func TestCalendarParsesBack(t *testing.T) {
	for _, zone := range []string{"Asia/Shanghai", "Europe/Berlin"} {
		t.Run(zone, func(t *testing.T) {
			loc, err := time.LoadLocation(zone)
			if err != nil {
				t.Fatal(err)
			}
			start := time.Date(2026, 12, 5, 15, 0, 0, 0, loc)
			mt := &branchbot.Meeting{ID: 7, Kind: branchbot.MeetingThemedDay, State: branchbot.MeetingScheduled, Title: "学习贯彻党章",
				Place: "三楼会议室", Start: start, Length: 2 * time.Hour, Version: 2, CreatedAt: start.Add(-72 * time.Hour),
				Items: []branchbot.AgendaItem{{N: 1, Text: "议题一"}}}
			c := ical.Calendar{Branch: "测试支部", Kinds: branchbot.DefaultMeetingKinds(), Location: loc, Lang: branchbot.LangZH, Now: start.Add(-time.Hour)}
			data, err := c.Bytes([]*branchbot.Meeting{mt})
			if err != nil {
				t.Fatal(err)
			}
			cal, err := ics.ParseCalendar(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("parse: %v\n%s", err, data)
			}
			evs := cal.Events()
			if len(evs) != 1 {
				t.Fatalf("%d events", len(evs))
			}
			ev := evs[0]
			dt := ev.GetProperty(ics.ComponentPropertyDtStart)
			if got := dt.ICalParameters["TZID"]; len(got) != 1 || got[0] != zone {
				t.Errorf("DTSTART TZID %v", got)
			}
			if s, err := ev.GetStartAt(); err != nil || !s.Equal(start) {
				t.Errorf("start %v %v, want %v", s, err, start)
			}
			if e, err := ev.GetEndAt(); err != nil || !e.Equal(start.Add(2*time.Hour)) {
				t.Errorf("end %v %v", e, err)
			}
			if got := ev.GetProperty(ics.ComponentPropertySummary).Value; got != "主题党日：学习贯彻党章" {
				t.Errorf("summary %q", got)
			}
			if got := ev.GetProperty(ics.ComponentPropertyLocation).Value; got != "三楼会议室" {
				t.Errorf("location %q", got)
			}
			if got := ev.GetProperty(ics.ComponentPropertySequence).Value; got != "1" {
				t.Errorf("sequence %q", got)
			}
			tzs := cal.Timezones()
			if len(tzs) != 1 || tzs[0].GetProperty(ics.ComponentPropertyTzid).Value != zone {
				t.Fatalf("timezones %v", tzs)
			}
			text := string(data)
			want := map[string]string{"Asia/Shanghai": "TZOFFSETTO:+0800", "Europe/Berlin": "TZOFFSETTO:+0200"}[zone]
			if !strings.Contains(text, want) || !strings.Contains(text, "DTSTART;TZID="+zone+":20261205T150000") {
				t.Errorf("file lacks %q or the local start:\n%s", want, text)
			}
			if zone == "Europe/Berlin" && (!strings.Contains(text, "BEGIN:DAYLIGHT") || !strings.Contains(text, "DTSTART:20261025T030000")) {
				t.Errorf("Berlin's summer time not defined:\n%s", text)
			}
		})
	}
}
