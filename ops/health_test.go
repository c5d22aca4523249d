package ops_test

import (
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/ops"
	"github.com/branchbot/branchbot/store"
)

// backups is a scheduled-backup status as the runner reports it.
type backups struct {
	mu   sync.Mutex
	last time.Time
	err  error
}

func (b *backups) Status() (time.Time, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.last, b.err
}

// serve runs an ops server on a real database, with no bot, until the
// test ends.
func serve(t *testing.T, o ops.Options) (base string, db *store.DB) {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "branchbot.db"), store.Options{Now: o.Now})
	if err != nil {
		t.Fatal(err)
	}
	o.Listen, o.Store = "127.0.0.1:0", db
	s, err := ops.New(o)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
		db.Close()
	})
	return "http://" + s.Addr().String(), db
}

// TestHealthRules checks each rule of /healthz on a simulated clock:
// polling that never succeeded, a stuck outbox, a failing backup, and
// that webhook mode expects no poll.
func TestHealthRules(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	clock := clocktest.New(t0)
	bk := &backups{}
	base, db := serve(t, ops.Options{Now: clock.Now, Polling: true, Backups: bk})

	if code, body := get(t, base+"/healthz"); code != http.StatusOK || body != "ok\n" {
		t.Fatalf("at the start: %d %q, want 200 ok", code, body)
	}
	m := scrapeMetrics(t, base)
	if v, ok := m.value("branchbot_backup_failing"); !ok || v != 0 {
		t.Errorf("branchbot_backup_failing = %v, %v before any backup; want 0", v, ok)
	}
	if v, ok := m.value("branchbot_last_backup_timestamp_seconds"); !ok || v != 0 {
		t.Errorf("branchbot_last_backup_timestamp_seconds = %v, %v before any backup; want 0", v, ok)
	}

	// A message queued now, then 11 minutes without a poll.
	if err := db.Update(func(tx *store.Tx) error {
		_, err := tx.Enqueue(&branchbot.Outgoing{ChatID: 5, Text: "x"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(11 * time.Minute)
	bk.mu.Lock()
	bk.last, bk.err = t0.Add(-24*time.Hour), errors.New("backup: write /var/backups/branchbot/x.db: no space left on device")
	bk.mu.Unlock()
	code, body := get(t, base+"/healthz")
	want := []string{
		"polling: no successful getUpdates since the start, 11m0s ago (threshold 5m0s)",
		"outbox: the oldest of 1 queued messages has waited 11m0s and none went out for 11m0s (threshold 10m0s)",
		"backup: the last attempt failed: backup: write /var/backups/branchbot/x.db: no space left on device",
	}
	if code != http.StatusServiceUnavailable || body != strings.Join(want, "\n")+"\n" {
		t.Errorf("/healthz = %d\n%s\nwant 503\n%s", code, body, strings.Join(want, "\n"))
	}
	m = scrapeMetrics(t, base)
	for _, c := range []struct {
		name string
		want float64
	}{
		{"branchbot_outbox_queued", 1},
		{"branchbot_outbox_oldest_age_seconds", 660},
		{"branchbot_outbox_failed", 0},
		{"branchbot_backup_failing", 1},
		{"branchbot_last_backup_timestamp_seconds", float64(t0.Add(-24 * time.Hour).Unix())},
		{"branchbot_healthy", 0},
		{"branchbot_database_readable", 1},
	} {
		if v, _ := m.value(c.name); v != c.want {
			t.Errorf("%s = %v, want %v", c.name, v, c.want)
		}
	}
}

// TestHealthWebhookModeExpectsNoPoll: without polling, a long quiet time
// is healthy.
func TestHealthWebhookModeExpectsNoPoll(t *testing.T) {
	clock := clocktest.New(time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC))
	base, _ := serve(t, ops.Options{Now: clock.Now, Polling: false})
	clock.Advance(24 * time.Hour)
	if code, body := get(t, base+"/healthz"); code != http.StatusOK {
		t.Errorf("webhook mode after a quiet day: %d %q, want 200", code, body)
	}
	if v, _ := scrapeMetrics(t, base).value("branchbot_last_poll_success_timestamp_seconds"); v != 0 {
		t.Errorf("last poll = %v in webhook mode, want 0", v)
	}
}

// TestHealthDatabaseUnreadable: a database that cannot be read makes
// /healthz 503 and the store's gauges give way to
// branchbot_database_readable 0.
func TestHealthDatabaseUnreadable(t *testing.T) {
	base, db := serve(t, ops.Options{Now: time.Now})
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	code, body := get(t, base+"/healthz")
	if code != http.StatusServiceUnavailable || !strings.HasPrefix(body, "database: cannot be read: ") {
		t.Errorf("/healthz = %d %q, want 503 database: cannot be read", code, body)
	}
	m := scrapeMetrics(t, base)
	if v, ok := m.value("branchbot_database_readable"); !ok || v != 0 {
		t.Errorf("branchbot_database_readable = %v, %v; want 0", v, ok)
	}
	if _, ok := m.value("branchbot_outbox_queued"); ok {
		t.Error("branchbot_outbox_queued reported from a database that cannot be read")
	}
}

// TestNewRefusesAddressInUse: a port taken stops the start with the
// address in the error.
func TestNewRefusesAddressInUse(t *testing.T) {
	base, db := serve(t, ops.Options{Now: time.Now})
	addr := strings.TrimPrefix(base, "http://")
	_, err := ops.New(ops.Options{Listen: addr, Store: db, Now: time.Now})
	if err == nil || !strings.Contains(err.Error(), "ops: listen "+addr) {
		t.Errorf("New on %s in use: %v", addr, err)
	}
}

// TestHealthOutboxDrainingIsHealthy: messages that have waited past the
// threshold while others go out (a large morning at 30 a second) are not
// a stuck outbox; once nothing has gone out for the threshold they are.
func TestHealthOutboxDrainingIsHealthy(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	clock := clocktest.New(t0)
	db, err := store.Open(filepath.Join(t.TempDir(), "branchbot.db"), store.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err := ops.New(ops.Options{Listen: "127.0.0.1:0", Store: db, Now: clock.Now, OutboxStale: 10 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	defer func() { cancel(); <-done }()
	base := "http://" + s.Addr().String()

	if err := db.Update(func(tx *store.Tx) error {
		for i := range 3 {
			if _, err := tx.Enqueue(&branchbot.Outgoing{ChatID: int64(5 + i), Text: "x"}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for range 15 { // a message goes out each minute
		clock.Advance(time.Minute)
		s.Metrics().MessageSent("study", false)
	}
	if code, body := get(t, base+"/healthz"); code != http.StatusOK {
		t.Errorf("draining for 15 minutes: %d %q, want 200", code, body)
	}
	clock.Advance(10*time.Minute + time.Second)
	code, body := get(t, base+"/healthz")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "none went out for 10m1s") {
		t.Errorf("nothing sent for 10m1s: %d %q, want 503 naming the outbox", code, body)
	}
}
