package main

import (
	"log/slog"
	"time"

	"github.com/branchbot/branchbot/config"
	"github.com/branchbot/branchbot/ops"
	"github.com/branchbot/branchbot/store"
)

// listenOps starts listening for /healthz and /metrics when ops.listen is
// set, and returns nil when it is not.
func listenOps(cfg *config.Config, db *store.DB, log *slog.Logger) (*ops.Server, error) {
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
		Version:     ver,
		Commit:      commit,
		Logger:      log.With("component", "ops"),
	})
}
