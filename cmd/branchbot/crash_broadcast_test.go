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

// TestCrashDuringBroadcast kills the bot with SIGKILL again and again while
// it sends a notice to 300 members, then lets a last run finish. Every
// member must get the notice, only copies in flight at a kill may arrive
// twice, every copy must be recorded as sent and the secretary's status
// message must end at 300/300.
func TestCrashDuringBroadcast(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the binary for a few seconds")
	}
	const (
		members = 300
		kills   = 5
		notice  = "全体党员：本周五下午三点在三楼会议室召开支部大会。"
	)
	seed := crashSeed(t)
	rng := rand.New(rand.NewPCG(seed, seed^0xb))
	bin := buildChildBinary(t)
	srv := newChildServer(t)
	srv.SetDelay(2 * time.Millisecond) // so that kills land inside requests too
	cfg, dbPath := newChildSetup(t, srv)
	seedDB(t, dbPath, members, false)
	env := childEnv(srv.Token())
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	p := startChildProc(t, "run 0", bin, env, "run", "-config", cfg)
	srv.SendText(childSecretary, childSecretary.ID, "/broadcast "+notice)
	preview, err := srv.WaitMessage(ctx, childSecretary.ID, func(m telegramtest.Message) bool {
		return m.FromBot && strings.Contains(m.Text, "预览（")
	})
	if err != nil {
		t.Fatalf("no preview: %v\n%s", err, p.stderr.String())
	}
	send := ""
	for _, row := range preview.Keyboard {
		for _, b := range row {
			if strings.Contains(b.Text, "发送") {
				send = b.Data
			}
		}
	}
	if send == "" {
		t.Fatalf("no send button on the preview: %+v", preview.Keyboard)
	}
	srv.Press(childSecretary, childSecretary.ID, preview.ID, send)

	arrived := func() (got, copies int) {
		for i := range members {
			n := countContaining(botTexts(srv, memberChat(i)), notice)
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
			return m.FromBot && strings.Contains(m.Text, notice)
		}); err != nil {
			t.Fatalf("member %d never got the notice: %v", i, err)
		}
	}
	final := fmt.Sprintf("已发送完毕：%d/%d", members, members)
	if !pollUntil(20*time.Second, func() bool {
		return strings.Contains(strings.Join(botTexts(srv, childSecretary.ID), "\n"), final)
	}) {
		t.Errorf("the status message never reached %q:\n%s", final, srv.Transcript(childSecretary.ID))
	}
	// The status edits queued among the copies may still be going out.
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
		if n := countContaining(botTexts(srv, memberChat(i)), notice); n > runs {
			t.Errorf("member %d got the notice %d times in %d runs", i, n, runs)
		}
	}
	if dups > kills*senderWorkers {
		t.Errorf("%d copies arrived twice after %d kills: more than the %d requests the sender may have in flight at each", dups, kills, senderWorkers)
	}
	t.Logf("%d members, %d kills: %d copies, %d duplicates", members, kills, copies, dups)

	db, err := store.Open(dbPath, store.Options{Now: time.Now, ReadOnly: true, LockTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.View(func(tx *store.Tx) error {
		bc, err := tx.Broadcast(1)
		if err != nil {
			return err
		}
		if bc.State != branchbot.BroadcastSent || bc.Total != members || bc.Sent != members || bc.Failed+bc.Unreachable != 0 {
			t.Errorf("broadcast after the runs: %+v", bc)
		}
		rs, err := tx.Recipients(1)
		if err != nil {
			return err
		}
		for _, r := range rs {
			if r.State != branchbot.RecipientSent {
				t.Errorf("member #%d's copy is %s", r.MemberID, r.State)
			}
		}
		if queued, failed := tx.OutboxStats(); queued+failed != 0 {
			t.Errorf("%d messages queued and %d failed after the last run", queued, failed)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
