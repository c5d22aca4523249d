package schedule

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/store"
)

// backupReports records what a Backups told, and queues a message per
// report as the bot's reporter does.
type backupReports struct {
	mu   sync.Mutex
	errs []error
	last []time.Time
}

func (r *backupReports) BackupFailed(tx *store.Tx, lastGood time.Time, dir string, err error) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, err)
	r.last = append(r.last, lastGood)
	_, qerr := tx.Enqueue(&branchbot.Outgoing{ChatID: 1001, Text: "backup failed: " + err.Error()})
	return qerr
}

func (r *backupReports) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.errs)
}

type backupHarness struct {
	t   *testing.T
	db  *store.DB
	clk *clocktest.Clock
	loc *time.Location
	set store.BackupSet
	rep *backupReports
}

func newBackupHarness(t *testing.T) *backupHarness {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	clk := clocktest.New(time.Date(2026, 12, 1, 3, 0, 0, 0, loc))
	db, err := store.Open(filepath.Join(dir, "branch.db"), store.Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	err = db.Update(func(tx *store.Tx) error {
		return tx.CreateMember(&branchbot.Member{Name: "张三", TelegramID: 5001, Role: branchbot.RoleMember})
	})
	if err != nil {
		t.Fatal(err)
	}
	return &backupHarness{t: t, db: db, clk: clk, loc: loc, set: store.NewBackupSet(filepath.Join(dir, "backups"), db.Path(), loc), rep: &backupReports{}}
}

// runner is a Backups as a bot starting now would make it.
func (h *backupHarness) runner(keep int) *Backups {
	h.t.Helper()
	spec, err := ParseSpec("30 3 * * *", h.loc)
	if err != nil {
		h.t.Fatal(err)
	}
	b, err := NewBackups(BackupOptions{Store: h.db, Now: h.clk.Now, Set: h.set, Spec: spec, Keep: keep, Reporter: h.rep})
	if err != nil {
		h.t.Fatal(err)
	}
	return b
}

func (h *backupHarness) at(d, hour, minute int) time.Time {
	return time.Date(2026, 12, d, hour, minute, 0, 0, h.loc)
}

// check runs a Check at t and fails the test unless it took a backup
// exactly when want says.
func (h *backupHarness) check(b *Backups, t time.Time, want bool) error {
	h.t.Helper()
	h.clk.Set(t)
	took, err := b.Check(t)
	if took != want {
		h.t.Errorf("Check at %s took a backup: %v, want %v (err %v)", t.Format("01-02 15:04"), took, want, err)
	}
	return err
}

// names lists the backups in the directory, by the times in their names.
func (h *backupHarness) names() []string {
	h.t.Helper()
	all, err := h.set.List()
	if err != nil {
		h.t.Fatal(err)
	}
	var out []string
	for _, f := range all {
		out = append(out, f.Time.Format("01-02T1504"))
		if _, err := store.Verify(f.Path, time.Second); err != nil {
			h.t.Errorf("backup %s does not pass the checks: %v", f.Path, err)
		}
	}
	return out
}

// TestBackupsOnSchedule: the first Check takes one (there is none yet),
// then one at each day's 03:30 and none between; only the newest keep
// are kept, each passing the start-up checks.
func TestBackupsOnSchedule(t *testing.T) {
	h := newBackupHarness(t)
	b := h.runner(3)
	if last, err := b.Status(); !last.IsZero() || err != nil {
		t.Errorf("status before any: %v %v", last, err)
	}
	if err := h.check(b, h.at(1, 3, 0), true); err != nil {
		t.Fatal(err)
	}
	for _, m := range []int{1, 29} {
		h.check(b, h.at(1, 3, m), false)
	}
	for d := 1; d <= 5; d++ {
		h.check(b, h.at(d, 3, 30), true)
		h.check(b, h.at(d, 3, 31), false)
		h.check(b, h.at(d, 23, 59), false)
	}
	if got, want := h.names(), []string{"12-03T0330", "12-04T0330", "12-05T0330"}; !slices.Equal(got, want) {
		t.Errorf("backups %q, want %q", got, want)
	}
	if last, err := b.Status(); !last.Equal(h.at(5, 3, 30)) || err != nil {
		t.Errorf("status %v %v", last, err)
	}
	// What the backup holds is the database.
	db, err := store.Open(h.set.PathFor(h.at(5, 3, 30)), store.Options{Now: h.clk.Now, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.View(func(tx *store.Tx) error {
		if m, err := tx.MemberByTelegramID(5001); err != nil || m.Name != "张三" {
			t.Errorf("member in the backup: %v %v", m, err)
		}
		return nil
	})
	if h.rep.count() != 0 {
		t.Errorf("told of %d failures", h.rep.count())
	}
}

// TestBackupsCatchUp: a bot that starts after the time it was down for
// takes the backup it missed at once, from what the directory holds; one
// that starts after a backup of the day takes none.
func TestBackupsCatchUp(t *testing.T) {
	h := newBackupHarness(t)
	h.check(h.runner(14), h.at(1, 3, 30), true)
	// Down from the 1st to the 4th at 10:00: started again, it takes one.
	b := h.runner(14)
	h.check(b, h.at(4, 10, 0), true)
	if last, _ := b.Status(); !last.Equal(h.at(4, 10, 0)) {
		t.Errorf("status %v", last)
	}
	// Restarted again the same day: nothing is due until the 5th.
	b = h.runner(14)
	h.check(b, h.at(4, 10, 5), false)
	if last, _ := b.Status(); !last.Equal(h.at(4, 10, 0)) {
		t.Errorf("status after a restart %v, want the time in the newest backup's name", last)
	}
	h.check(b, h.at(5, 3, 29), false)
	h.check(b, h.at(5, 3, 30), true)
	if got, want := h.names(), []string{"12-01T0330", "12-04T1000", "12-05T0330"}; !slices.Equal(got, want) {
		t.Errorf("backups %q, want %q", got, want)
	}
}

// TestBackupsFailureToldOnce: a backup that fails deletes nothing, shows
// in Status and is told once, not at each retry; after a success the next
// failure is told again.
func TestBackupsFailureToldOnce(t *testing.T) {
	h := newBackupHarness(t)
	b := h.runner(2)
	for d := 1; d <= 3; d++ {
		h.check(b, h.at(d, 3, 30), true)
	}
	before := h.names()

	// A directory holds the name of the 4th's backup: it cannot take it.
	if err := os.Mkdir(h.set.PathFor(h.at(4, 3, 30)), 0o700); err != nil {
		t.Fatal(err)
	}
	err := h.check(b, h.at(4, 3, 30), false)
	if err == nil {
		t.Fatal("no error")
	}
	if last, serr := b.Status(); !last.Equal(h.at(3, 3, 30)) || !errors.Is(serr, err) {
		t.Errorf("status %v %v, want the 3rd's backup and %v", last, serr, err)
	}
	if got := h.names(); !slices.Equal(got, before) {
		t.Errorf("after a failure the backups are %q, were %q", got, before)
	}
	if h.rep.count() != 1 || !h.rep.last[0].Equal(h.at(3, 3, 30)) {
		t.Fatalf("told %d times (%v), want once with the last good backup", h.rep.count(), h.rep.last)
	}
	// Not tried again until Retry has passed; then it succeeds.
	h.check(b, h.at(4, 3, 31), false)
	h.check(b, h.at(4, 3, 45), true)
	if _, serr := b.Status(); serr != nil {
		t.Errorf("status after the retry succeeded: %v", serr)
	}

	// A file in the place of the directory: every attempt fails.
	if err := os.RemoveAll(h.set.Dir); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(h.set.Dir, []byte("not a directory"), 0o600); err != nil {
		t.Fatal(err)
	}
	for i, m := range []int{30, 45, 46, 60, 75} {
		_, err := b.Check(h.at(5, 3, m))
		if (err != nil) != (i != 2) { // 03:46 is within Retry of 03:45
			t.Errorf("at 03:%d: %v", m, err)
		}
	}
	if h.rep.count() != 2 || !h.rep.last[1].Equal(h.at(4, 3, 45)) {
		t.Errorf("told %d times (%v), want a second time with the 4th's backup", h.rep.count(), h.rep.last)
	}
	var queued int
	h.db.View(func(tx *store.Tx) error { queued, _ = tx.OutboxStats(); return nil })
	if queued != 2 {
		t.Errorf("%d messages queued, want 2", queued)
	}
}

// TestBackupsRun: Run takes the catch-up backup at once and then one
// whenever the clock reaches the schedule, checking every Every.
func TestBackupsRun(t *testing.T) {
	h := newBackupHarness(t)
	spec, _ := ParseSpec("30 3 * * *", h.loc)
	b, err := NewBackups(BackupOptions{Store: h.db, Now: h.clk.Now, Set: h.set, Spec: spec, Every: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	waitBackups := func(n int) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for {
			all, _ := h.set.List()
			if len(all) == n {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d backups, want %d", len(all), n)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	waitBackups(1)
	h.clk.Set(h.at(2, 3, 30))
	waitBackups(2)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestBackupsRemoveStaleTemps: a backup starting deletes the temporary
// files a backup of the set cut short by a crash left behind, and no
// other file: not another set's, nor a file of a name the set does not
// write.
func TestBackupsRemoveStaleTemps(t *testing.T) {
	h := newBackupHarness(t)
	if err := os.MkdirAll(h.set.Dir, 0o700); err != nil {
		t.Fatal(err)
	}
	stale := []string{"branch-2026-11-30T0330.db.tmp-123456", "branch-2026-11-29T0330.db.tmp-9"}
	kept := []string{
		"other-2026-11-30T0330.db.tmp-123456", // another database's set
		"branch-notes.db.tmp-1",               // not a time
		"branch-2026-11-30T0330.db.tmp-",      // not a temp file's name
		"branch.db.tmp-77",                    // not the set's
		"readme.txt",
	}
	for _, n := range append(slices.Clone(stale), kept...) {
		if err := os.WriteFile(filepath.Join(h.set.Dir, n), []byte("half a backup"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := h.check(h.runner(3), h.at(1, 3, 30), true); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(h.set.Dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	want := append(slices.Clone(kept), filepath.Base(h.set.PathFor(h.at(1, 3, 30))))
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("the directory holds %q, want %q", got, want)
	}
}
