package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// TestCalendarExport: `branchbot calendar -o FILE` writes the upcoming
// meetings (not the ended or cancelled ones) as an .ics file that parses
// back with the branch's zone; while a process holds the database it
// says so.
func TestCalendarExport(t *testing.T) {
	cfg, dbPath := auditFixture(t)
	loc, _ := time.LoadLocation("Asia/Shanghai")
	start := time.Now().In(loc).Truncate(time.Hour).Add(48 * time.Hour)
	db, err := store.Open(dbPath, store.Options{Now: time.Now})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *store.Tx) error {
		for _, mt := range []*branchbot.Meeting{
			{Kind: branchbot.MeetingLesson, State: branchbot.MeetingScheduled, Title: "党课", Start: start, Length: time.Hour, Version: 1},
			{Kind: branchbot.MeetingCommittee, State: branchbot.MeetingScheduled, Title: "已开过", Start: start.Add(-100 * time.Hour), Length: time.Hour, Version: 1},
			{Kind: branchbot.MeetingAssembly, State: branchbot.MeetingCancelled, Title: "已取消", Start: start, Length: time.Hour, Version: 1},
		} {
			if err := tx.CreateMeeting(mt); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// Held by another process: refused with the reason.
	err = run(context.Background(), []string{"calendar", "-o", filepath.Join(t.TempDir(), "x.ics"), "-config", cfg}, noEnv, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "holds") {
		t.Errorf("while held: %v", err)
	}
	// Held by a running bot: through its admin socket.
	conf, err := loadConfig(cfg, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := listenAdmin(context.Background(), db, conf, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	var viaBot strings.Builder
	if err := run(context.Background(), []string{"calendar", "-o", filepath.Join(t.TempDir(), "bot.ics"), "-config", cfg}, noEnv, &viaBot, io.Discard); err != nil {
		t.Errorf("through the running bot: %v", err)
	} else if !strings.Contains(viaBot.String(), "wrote 1 meetings") {
		t.Errorf("through the running bot: %q", viaBot.String())
	}
	admin.Close()
	db.Close()

	out := filepath.Join(t.TempDir(), "meetings.ics")
	var stdout strings.Builder
	if err := run(context.Background(), []string{"calendar", "-o", out, "-config", cfg}, noEnv, &stdout, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "wrote 1 meetings") {
		t.Errorf("stdout %q", stdout.String())
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cal, err := ics.ParseCalendar(f)
	if err != nil {
		t.Fatal(err)
	}
	evs := cal.Events()
	if len(evs) != 1 {
		t.Fatalf("%d events", len(evs))
	}
	if tz := evs[0].GetProperty(ics.ComponentPropertyDtStart).ICalParameters["TZID"]; len(tz) != 1 || tz[0] != "Asia/Shanghai" {
		t.Errorf("TZID %v", tz)
	}
	if s, err := evs[0].GetStartAt(); err != nil || !s.Equal(start) {
		t.Errorf("start %v %v, want %v", s, err, start)
	}
	var u usageError
	if err := run(context.Background(), []string{"calendar", "-config", cfg}, noEnv, io.Discard, io.Discard); !errors.As(err, &u) {
		t.Errorf("no -o: %v", err)
	}
}
