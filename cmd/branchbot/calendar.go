package main

import (
	"fmt"
	"io"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/config"
	"github.com/branchbot/branchbot/ical"
	"github.com/branchbot/branchbot/store"
)

// The calendar export (`branchbot calendar -o FILE`, an export like
// `audit`): the branch's upcoming meetings as one .ics file, through the
// running bot's admin socket or read-only from the file. Members get each
// meeting's file from its notice (📅).

// exportCalendar writes the meetings of db that have not ended at now to
// path, whole or not at all, and returns how many.
func exportCalendar(db *store.DB, cfg *config.Config, path string, now time.Time) (int, error) {
	lang, _ := branchbot.ParseLang(cfg.Branch.Language)
	c := ical.Calendar{Branch: cfg.Branch.Name, Kinds: cfg.MeetingKinds(), Location: cfg.Location(), Lang: lang, Now: now}
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
