package main

import (
	"log/slog"
	"time"

	"github.com/branchbot/branchbot/config"
	"github.com/branchbot/branchbot/ops"
	"github.com/branchbot/branchbot/store"
)

// listenOps starts listening for /healthz and /metrics when ops.listen is
// set, and returns nil when it is not. backups is the scheduled backups'
// status, nil when there are none (a nil interface: a nil pointer of the
// runner's type would count as backups that are there).
func listenOps(cfg *config.Config, db *store.DB, backups ops.BackupStatus, log *slog.Logger) (*ops.Server, error) {
	if cfg.Ops.Listen == "" {
		return nil, nil
	}
	ver, commit, _ := buildInfo()
	return ops.New(ops.Options{
		Listen:      cfg.Ops.Listen,
		Store:       db,
		Now:         time.Now,
		Polling:     cfg.Telegram.Mode != "webhook",
		PollStale:   cfg.Ops.Health.PollStale.Duration(),
		OutboxStale: cfg.Ops.Health.OutboxStale.Duration(),
		Backups:     backups,
		Version:     ver,
		Commit:      commit,
		Logger:      log.With("component", "ops"),
	})
}
