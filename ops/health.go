package ops

import (
	"fmt"
	"time"

	"github.com/branchbot/branchbot/store"
)

// BackupStatus is what the health check and the metrics need of the
// scheduled backups: when the last good backup was taken (zero if none
// yet) and the error of the last attempt, nil if it succeeded.
type BackupStatus interface {
	Status() (last time.Time, err error)
}

// reading is one look at the state the health rules and the gauges
// judge: the store's and the backups', at one instant.
type reading struct {
	at         time.Time
	outbox     store.OutboxSummary
	dbErr      error // the database could not be read
	fileSize   int64
	inUse      int64
	lastPoll   time.Time // zero before the first
	lastSent   time.Time // zero before the first
	lastBackup time.Time // zero if none yet, or no scheduled backups
	backupErr  error
	backups    bool // scheduled backups are wired
}

// read takes a reading: one read transaction on the store, the backups'
// status and the last poll.
func (s *Server) read() reading {
	r := reading{at: s.opts.Now(), lastPoll: s.metrics.lastPolled(), lastSent: s.metrics.lastSent()}
	r.dbErr = s.opts.Store.View(func(tx *store.Tx) error {
		var err error
		r.outbox, err = tx.OutboxSummary()
		return err
	})
	if r.dbErr == nil {
		r.fileSize, r.inUse, r.dbErr = s.opts.Store.Size()
	}
	if s.opts.Backups != nil {
		r.backups = true
		r.lastBackup, r.backupErr = s.opts.Backups.Status()
	}
	return r
}

// problems are the reasons the bot is unhealthy, one a line; none when it
// is healthy.
//
// Polling goes stale when getUpdates has not answered successfully for
// PollStale (counted from the start before the first answer). In webhook
// mode no poll is expected: Telegram calls the bot, and a quiet hour means
// only that nobody wrote, so that rule is off there; Telegram's
// getWebhookInfo (last_error_date) and the updates counter tell of a
// webhook that no longer arrives.
//
// The outbox is stuck when its oldest message has waited OutboxStale and
// nothing has gone out for as long (counted from the start before the
// first): a large branch's morning, draining at Telegram's 30 messages a
// second, keeps messages waiting longer than that and is healthy.
func (s *Server) problems(r reading) []string {
	var out []string
	if r.dbErr != nil {
		out = append(out, fmt.Sprintf("database: cannot be read: %v", r.dbErr))
	}
	if s.opts.Polling {
		since := r.lastPoll
		what := "no successful getUpdates since"
		if since.IsZero() {
			since, what = s.started, "no successful getUpdates since the start,"
		}
		if age := r.at.Sub(since); age > s.opts.PollStale {
			out = append(out, fmt.Sprintf("polling: %s %s ago (threshold %s)", what, round(age), s.opts.PollStale))
		}
	}
	if !r.outbox.Oldest.IsZero() {
		sent := r.lastSent
		if sent.IsZero() || sent.Before(s.started) {
			sent = s.started
		}
		age, idle := r.at.Sub(r.outbox.Oldest), r.at.Sub(sent)
		if age > s.opts.OutboxStale && idle > s.opts.OutboxStale {
			out = append(out, fmt.Sprintf("outbox: the oldest of %d queued messages has waited %s and none went out for %s (threshold %s)",
				r.outbox.Queued, round(age), round(idle), s.opts.OutboxStale))
		}
	}
	if r.backupErr != nil {
		out = append(out, fmt.Sprintf("backup: the last attempt failed: %v", r.backupErr))
	}
	return out
}

// round makes a duration readable: whole seconds, or milliseconds under
// ten seconds.
func round(d time.Duration) time.Duration {
	if d < 10*time.Second {
		return d.Round(time.Millisecond)
	}
	return d.Round(time.Second)
}
