package bot

import (
	"strconv"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// maxBackupError bounds the part of a failed backup's error the
// secretaries read: whoever runs the server has the whole of it in the
// log.
const maxBackupError = 400

// BackupFailed tells the secretaries that a scheduled backup failed
// (schedule.BackupReporter). The message's key names the last good
// backup, so that a run of failures is told once, also across restarts
// of the bot, and the next run, after a success, is told again.
func (s *Scheduled) BackupFailed(tx *store.Tx, lastGood time.Time, dir string, err error) error {
	msg := err.Error()
	if r := []rune(msg); len(r) > maxBackupError {
		msg = string(r[:maxBackupError-1]) + "…"
	}
	key := "backup/failed/never"
	var last any = backupNever{}
	if !lastGood.IsZero() {
		// To the minute, as the backup's name has it: a restarted bot
		// reads the time back from there.
		key = "backup/failed/" + strconv.FormatInt(lastGood.Truncate(time.Minute).Unix(), 10)
		last = lastGood.In(s.b.opts.Location).Format("2006-01-02 15:04")
	}
	return tellSecretaries(tx, s.b.opts.Language, 0, key, "backup.failed", msg, dir, last)
}

// backupNever says there was no good backup, in the reader's language.
type backupNever struct{}

func (backupNever) in(l branchbot.Lang) string { return T(l, "backup.never") }
