package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/branchbot/branchbot/store"
)

// BackupReporter tells the branch that a scheduled backup failed. Package
// bot implements it, telling the secretaries. Like MissedReporter it is
// called inside a store transaction, may queue messages and must not talk
// to Telegram. It is called once for a run of failures: again only after
// a backup has succeeded in between.
type BackupReporter interface {
	// BackupFailed is told the time of the last good backup (zero for
	// none), the directory and what went wrong.
	BackupFailed(tx *store.Tx, lastGood time.Time, dir string, err error) error
}

// BackupOptions are what NewBackups needs. Store, Now, Set and Spec are
// required.
type BackupOptions struct {
	Store *store.DB
	// Now is the clock Run reads; Check takes its instant as an argument.
	Now func() time.Time
	// Set is the directory the backups go to and how they are named.
	Set store.BackupSet
	// Spec is when a backup is due, such as "30 3 * * *".
	Spec *Spec
	// Keep is how many backups are kept, the newest; default
	// DefaultBackupKeep.
	Keep int
	// Retry is how long after a failed backup the next is tried;
	// default DefaultBackupRetry.
	Retry time.Duration
	// Every is how often Run checks whether a backup is due; default a
	// minute.
	Every time.Duration
	// Reporter is told of failures; nil only logs them (and Status
	// shows them).
	Reporter BackupReporter
	// Notify is called after a failure was told, to wake the sender;
	// nil for none. It must not block.
	Notify func()
	Logger *slog.Logger
}

// Defaults of BackupOptions.
const (
	DefaultBackupKeep  = 14
	DefaultBackupRetry = 15 * time.Minute
)

// Backups takes the scheduled backups of a running bot: each through
// store.DB.BackupInto, the path of `branchbot backup` with the copy
// verified before it takes its name, and the oldest beyond Keep deleted
// only after a new one succeeded. It is level-triggered, like the
// Scheduler: a backup is due when the newest in the directory is older
// than the spec's latest firing, so one the bot was down for is taken as
// soon as it runs again. Create one with NewBackups; it is safe for
// concurrent use.
type Backups struct {
	db       *store.DB
	now      func() time.Time
	set      store.BackupSet
	spec     *Spec
	keep     int
	retry    time.Duration
	every    time.Duration
	reporter BackupReporter
	notify   func()
	log      *slog.Logger

	run sync.Mutex // held by Check

	mu       sync.Mutex // guards what follows
	loaded   bool       // last was read from the directory
	last     time.Time  // the last good backup
	lastErr  error      // the last attempt's error
	failedAt time.Time  // when the last attempt failed; zero after a success
	told     bool       // the current run of failures was told
}

// NewBackups checks the options and returns a Backups.
func NewBackups(o BackupOptions) (*Backups, error) {
	var errs []error
	need := func(ok bool, what string) {
		if !ok {
			errs = append(errs, errors.New("missing BackupOptions."+what))
		}
	}
	need(o.Store != nil, "Store")
	need(o.Now != nil, "Now")
	need(o.Spec != nil, "Spec")
	need(o.Set.Dir != "" && o.Set.Stem != "" && o.Set.Loc != nil, "Set")
	if len(errs) > 0 {
		return nil, fmt.Errorf("schedule: new backups: %w", errors.Join(errs...))
	}
	if o.Keep <= 0 {
		o.Keep = DefaultBackupKeep
	}
	if o.Retry <= 0 {
		o.Retry = DefaultBackupRetry
	}
	if o.Every <= 0 {
		o.Every = time.Minute
	}
	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Backups{
		db: o.Store, now: o.Now, set: o.Set, spec: o.Spec, keep: o.Keep, retry: o.Retry, every: o.Every,
		reporter: o.Reporter, notify: o.Notify, log: log.With("component", "backup"),
	}, nil
}

// Status returns the time of the last good backup (zero for none known)
// and the error of the last attempt, nil when it succeeded or none was
// made yet.
func (b *Backups) Status() (time.Time, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.last, b.lastErr
}

// Run checks at once, which catches up after downtime, then every
// minute, and takes a backup whenever one is due. It blocks until ctx
// ends and a backup under way has finished, and then returns nil.
func (b *Backups) Run(ctx context.Context) error {
	b.runOnce()
	t := time.NewTicker(b.every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			b.runOnce()
		}
	}
}

func (b *Backups) runOnce() {
	if _, err := b.Check(b.now()); err != nil {
		b.log.Error("scheduled backup failed", "dir", b.set.Dir, "err", err)
	}
}

// Check takes a backup if one is due at now, and reports whether it
// took one. A backup is due when the last good one is older than the
// spec's latest firing at or before now, and, after a failure, once
// Retry has passed. The error is the attempt's.
func (b *Backups) Check(now time.Time) (bool, error) {
	b.run.Lock()
	defer b.run.Unlock()
	if err := b.load(); err != nil {
		return false, b.failed(now, err)
	}
	b.mu.Lock()
	last, failedAt := b.last, b.failedAt
	b.mu.Unlock()
	due := lastFiring(b.spec, now)
	if due.IsZero() || (!last.IsZero() && !last.Before(due)) {
		return false, nil
	}
	if !failedAt.IsZero() && now.Before(failedAt.Add(b.retry)) {
		return false, nil
	}
	// What a backup cut short left behind goes first (none is being
	// written: Check holds b.run).
	stale, err := b.set.RemoveTemps()
	if err != nil {
		b.log.Warn("remove backup temp files", "err", err)
	}
	for _, p := range stale {
		b.log.Info("backup temp file deleted", "file", p)
	}
	f, n, err := b.db.BackupInto(b.set, now)
	if err != nil {
		return false, b.failed(now, err)
	}
	b.mu.Lock()
	b.last, b.lastErr, b.failedAt, b.told = f.Time, nil, time.Time{}, false
	b.mu.Unlock()
	b.log.Info("backup written", "file", f.Path, "bytes", n, "due", due)
	// The new backup passed its checks: only now may the oldest go.
	gone, err := b.set.Prune(b.keep)
	if err != nil {
		b.log.Warn("prune backups", "err", err)
	}
	for _, p := range gone {
		b.log.Info("backup deleted", "file", p, "keep", b.keep)
	}
	return true, nil
}

// load reads the time of the newest backup from the directory, the first
// time Check runs: what a bot that ran before left there counts.
func (b *Backups) load() error {
	b.mu.Lock()
	loaded := b.loaded
	b.mu.Unlock()
	if loaded {
		return nil
	}
	all, err := b.set.List()
	if err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if n := len(all); n > 0 && all[n-1].Time.After(b.last) {
		b.last = all[n-1].Time
	}
	b.loaded = true
	return nil
}

// failed records a failed attempt and tells the branch, the first time
// since the last success. It returns err.
func (b *Backups) failed(now time.Time, err error) error {
	b.mu.Lock()
	b.lastErr, b.failedAt = err, now
	tell := !b.told && b.reporter != nil
	last := b.last
	b.mu.Unlock()
	if !tell {
		return err
	}
	if rerr := b.db.Update(func(tx *store.Tx) error {
		return b.reporter.BackupFailed(tx, last, b.set.Dir, err)
	}); rerr != nil {
		// Told at the next failure instead.
		b.log.Error("tell the failed backup", "err", rerr)
		return err
	}
	b.mu.Lock()
	b.told = true
	b.mu.Unlock()
	if b.notify != nil {
		b.notify()
	}
	return err
}

// lastFiring returns the spec's latest firing at or before now, or the
// zero time if it has not fired within about a year. It looks back in
// growing windows, so that a spec firing every minute costs as little
// as one firing once a year.
func lastFiring(s *Spec, now time.Time) time.Time {
	for _, w := range []time.Duration{time.Hour, 26 * time.Hour, 8 * 24 * time.Hour, 32 * 24 * time.Hour, MaxWindow} {
		if occ := s.Occurrences(now.Add(-w), now); len(occ) > 0 {
			return occ[len(occ)-1]
		}
	}
	return time.Time{}
}
