package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/config"
	"github.com/branchbot/branchbot/ical"
	"github.com/branchbot/branchbot/store"
)

// runCalendar is `branchbot calendar -o FILE`: the branch's upcoming
// meetings as one .ics file. It reads the database read-only, so it runs
// while no bot does (bbolt's lock keeps a second process out of a file
// the bot holds); members get each meeting's file from its notice (📅).
func runCalendar(_ context.Context, args []string, getenv func(string) string, stdout io.Writer, stderr io.Writer) error {
	fs := newFlags("calendar", stderr)
	out := fs.String("o", "", ".ics file to write the upcoming meetings to (required)")
	path := fs.String("config", "config.yaml", "configuration file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usageError{"calendar: -o FILE is required"}
	}
	target, err := filepath.Abs(*out)
	if err != nil {
		return err
	}
	cfg, err := loadConfig(*path, getenv)
	if err != nil {
		return err
	}
	if same, _ := sameFile(target, cfg.Storage.Path); same {
		return usageError{"calendar: -o must not be the database itself"}
	}
	db, err := store.Open(cfg.Storage.Path, store.Options{LockTimeout: 3 * time.Second, Now: time.Now, ReadOnly: true})
	if errors.Is(err, store.ErrLocked) {
		return fmt.Errorf("calendar: a branchbot holds %s: the calendar is read from the file while no bot runs; stop it and try again, or send the meetings' 📅 buttons", cfg.Storage.Path)
	}
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := exportCalendar(db, cfg, target, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "calendar: wrote %d meetings to %s\n", n, target)
	return nil
}

// exportCalendar writes the meetings of db that have not ended at now to
// path, whole or not at all, and returns how many.
func exportCalendar(db *store.DB, cfg *config.Config, path string, now time.Time) (int, error) {
	lang, _ := branchbot.ParseLang(cfg.Branch.Language)
	c := ical.Calendar{Branch: cfg.Branch.Name, Kinds: branchbot.DefaultMeetingKinds(), Location: cfg.Location(), Lang: lang, Now: now}
	n, err := db.WriteFile(path, func(w io.Writer, tx *store.Tx) (int64, error) {
		ms, err := tx.UpcomingMeetings()
		if err != nil {
			return 0, err
		}
		var up []*branchbot.Meeting
		for _, mt := range ms {
			if mt.Upcoming(now) {
				up = append(up, mt)
			}
		}
		return int64(len(up)), c.Write(w, up)
	})
	if err != nil {
		return 0, fmt.Errorf("calendar: %w", err)
	}
	return int(n), nil
}
