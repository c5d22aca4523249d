package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
	"github.com/branchbot/branchbot/telegramtest"
)

// TestCrashDuringMeetingNotice kills the bot with SIGKILL again and again
// while the notices of a meeting for 300 members go out, then lets a last
// run finish. Every member must get the notice, only notices in flight at
// a kill may arrive twice, every notice must be recorded as delivered and
// the organiser's status message must count all 300 invited.
func TestCrashDuringMeetingNotice(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the binary for a few seconds")
	}
	const (
		members = 300
		kills   = 5
		title   = "学习贯彻党章（第四季度）"
	)
	seed := crashSeed(t)
	rng := rand.New(rand.NewPCG(seed, seed^0x3e))
	bin := buildChildBinary(t)
	srv := newChildServer(t)
	srv.SetDelay(2 * time.Millisecond) // so that kills land inside requests too
	cfg, dbPath := newChildSetup(t, srv)
	seedDB(t, dbPath, members, false)
	env := childEnv(srv.Token())
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	// A week ahead, at 15:00 in the branch's zone: a time /meeting takes
	// whatever day the test runs.
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	day := time.Now().In(loc).AddDate(0, 0, 7).Format("2006-01-02")
	p := startChildProc(t, "run 0", bin, env, "run", "-config", cfg)
	srv.SendText(childSecretary, childSecretary.ID, "/meeting "+day+" 15:00 "+title+" @ 三楼会议室")
	preview, err := srv.WaitMessage(ctx, childSecretary.ID, func(m telegramtest.Message) bool {
		return m.FromBot && strings.Contains(m.Text, "预览")
	})
	if err != nil {
		t.Fatalf("no preview: %v\n%s", err, p.stderr.String())
	}
	if len(preview.Keyboard) == 0 || !strings.Contains(preview.Keyboard[0][0].Text, "确认") {
		t.Fatalf("no confirm button on the preview: %+v", preview.Keyboard)
	}
	srv.Press(childSecretary, childSecretary.ID, preview.ID, preview.Keyboard[0][0].Data)

	isNotice := func(text string) bool { return strings.Contains(text, "会议通知") && strings.Contains(text, title) }
	count := func(i int) (n int) {
		for _, text := range botTexts(srv, memberChat(i)) {
			if isNotice(text) {
				n++
			}
		}
		return n
	}
	arrived := func() (got, copies int) {
		for i := range members {
			n := count(i)
			got += min(n, 1)
			copies += n
		}
		return got, copies
	}
	runs := 1
	for r := range kills {
		time.Sleep(30*time.Millisecond + time.Duration(rng.Int64N(int64(250*time.Millisecond))))
		if !p.kill() {
			t.Fatalf("run %d exited by itself (%s):\n%s", r, p.state, p.stderr.String())
		}
		time.Sleep(20 * time.Millisecond) // let the server finish what the dead process sent
		got, copies := arrived()
		t.Logf("kill %d: %d of %d members have the notice (%d copies)", r+1, got, members, copies)
		p = startChildProc(t, fmt.Sprintf("run %d", r+1), bin, env, "run", "-config", cfg)
		runs++
	}

	for i := range members {
		if _, err := srv.WaitMessage(ctx, memberChat(i), func(m telegramtest.Message) bool {
			return m.FromBot && isNotice(m.Text)
		}); err != nil {
			t.Fatalf("member %d never got the notice: %v", i, err)
		}
	}
	final := fmt.Sprintf("未答复 %d（共 %d 人）", members, members)
	if !pollUntil(20*time.Second, func() bool {
		return strings.Contains(strings.Join(botTexts(srv, childSecretary.ID), "\n"), final)
	}) {
		t.Errorf("the status message never showed %q:\n%s", final, srv.Transcript(childSecretary.ID))
	}
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	if !pollUntil(10*time.Second, func() bool {
		runBackup(t, bin, env, cfg, copyPath)
		return readOutbox(t, copyPath).queued == 0
	}) {
		t.Errorf("messages still queued 10 s after every member had the notice")
	}
	p.signal(syscall.SIGTERM)
	if code, ok := p.wait(10 * time.Second); !ok || code != 0 {
		t.Fatalf("last run: exit %d (stopped: %v) after SIGTERM:\n%s", code, ok, p.stderr.String())
	}

	got, copies := arrived()
	dups := copies - got
	for i := range members {
		if n := count(i); n > runs {
			t.Errorf("member %d got the notice %d times in %d runs", i, n, runs)
		}
	}
	if dups > kills*senderWorkers {
		t.Errorf("%d notices arrived twice after %d kills: more than the %d requests the sender may have in flight at each", dups, kills, senderWorkers)
	}
	t.Logf("%d members, %d kills: %d notices, %d duplicates", members, kills, copies, dups)

	db, err := store.Open(dbPath, store.Options{Now: time.Now, ReadOnly: true, LockTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.View(func(tx *store.Tx) error {
		mt, err := tx.Meeting(1)
		if err != nil {
			return err
		}
		if mt.State != branchbot.MeetingScheduled || mt.Version != 1 || mt.Invited != members {
			t.Errorf("meeting after the runs: %s v%d, %d invited", mt.State, mt.Version, mt.Invited)
		}
		delivered := 0
		err = tx.ForEachMember(func(m *branchbot.Member) error {
			if !mt.Invites(m) {
				return nil
			}
			if _, ok := tx.Delivered(branchbot.MeetingNoticeKey(mt.ID, mt.Version, m.ID)); ok {
				delivered++
			} else {
				t.Errorf("member #%d's notice is not recorded as delivered", m.ID)
			}
			return nil
		})
		if delivered != members {
			t.Errorf("%d notices recorded as delivered, want %d", delivered, members)
		}
		if queued, failed := tx.OutboxStats(); queued+failed != 0 {
			t.Errorf("%d messages queued and %d failed after the last run", queued, failed)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
