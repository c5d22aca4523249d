package main

import (
	"log/slog"
	"time"

	"github.com/branchbot/branchbot/bot"
	"github.com/branchbot/branchbot/config"
	"github.com/branchbot/branchbot/schedule"
	"github.com/branchbot/branchbot/store"
)

// newBackups wires the scheduled backups from the configuration: nil
// when backup.enabled is false. Its Status is the time of the last good
// backup and the error of the last attempt.
func newBackups(cfg *config.Config, db *store.DB, b *bot.Bot, log *slog.Logger) (*schedule.Backups, error) {
	spec := cfg.BackupSpec()
	if spec == nil {
		return nil, nil
	}
	return schedule.NewBackups(schedule.BackupOptions{
		Store:    db,
		Now:      time.Now,
		Set:      store.NewBackupSet(cfg.BackupDir(), db.Path(), cfg.Location()),
		Spec:     spec,
		Keep:     cfg.Backup.Keep,
		Reporter: b.Scheduled(),
		Notify:   b.Kick,
		Logger:   log,
	})
}
