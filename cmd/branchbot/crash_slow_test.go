package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
	"github.com/branchbot/branchbot/telegramtest"
)

// soakLimits are the flood limits of the slow soak's server and bot: low
// enough that the outbox is still draining at the last kill.
var soakLimits = telegramtest.Limits{GlobalPerSecond: 25, PerChatPerSecond: 5, PerGroupPerMinute: 600, RetryAfter: 1}

// seedSoak creates the database at path with n joined members and perChat
// messages queued for each, in a shuffled order: message j of member i is
// "soak-i-j" under the key "soak/i/j", and each member's are queued in j's
// order.
func seedSoak(t *testing.T, path string, rng *rand.Rand, n, perChat int) {
	t.Helper()
	db, err := store.Open(path, store.Options{Now: time.Now})
	if err != nil {
		t.Fatal(err)
	}
	var picks []int
	for i := range n {
		for range perChat {
			picks = append(picks, i)
		}
	}
	rng.Shuffle(len(picks), func(a, b int) { picks[a], picks[b] = picks[b], picks[a] })
	err = db.Update(func(tx *store.Tx) error {
		var ms []*branchbot.Member
		for i := range n {
			m := &branchbot.Member{Name: memberUser(i).FirstName, TelegramID: memberChat(i), Role: branchbot.RoleMember, JoinedAt: tx.Now()}
			if err := tx.CreateMember(m); err != nil {
				return err
			}
			ms = append(ms, m)
		}
		next := make([]int, n)
		for _, i := range picks {
			o := &branchbot.Outgoing{Key: fmt.Sprintf("soak/%d/%d", i, next[i]), ChatID: ms[i].ChatID(), MemberID: ms[i].ID, Text: soakText(i, next[i])}
			if ok, err := tx.Enqueue(o); err != nil || !ok {
				return fmt.Errorf("enqueue %s: %v %w", o.Key, ok, err)
			}
			next[i]++
		}
		return nil
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
}

func soakText(i, j int) string { return fmt.Sprintf("soak-%d-%d", i, j) }

// queuedTexts returns the texts still queued in the database of a stopped
// bot, and how many messages failed.
func queuedTexts(t *testing.T, path string) (map[string]bool, int) {
	t.Helper()
	db, err := store.Open(path, store.Options{Now: time.Now, ReadOnly: true, LockTimeout: time.Second})
	if err != nil {
		t.Fatalf("opening the database after the bot stopped: %v", err)
	}
	defer db.Close()
	left := map[string]bool{}
	var failed int
	err = db.View(func(tx *store.Tx) error {
		_, failed = tx.OutboxStats()
		recs, err := tx.Outbox(0, 100000)
		for _, o := range recs {
			left[o.Text] = true
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return left, failed
}

// TestCrashSlowAPI kills the bot with SIGKILL 20 times while it drains
// three messages each for 60 members through a Bot API 50–250 ms away that
// also answers 429s and 5xx, then lets a last run finish. Every message
// must arrive, each chat's in order; only a message whose answer never
// came back (in flight at a kill) may arrive twice, and then only right
// after itself.
func TestCrashSlowAPI(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the binary for ~40 s")
	}
	const (
		members = 60
		perChat = 3
		rounds  = 20
		// The API's latency.
		minDelay = 50 * time.Millisecond
		maxDelay = 250 * time.Millisecond
	)
	began := time.Now()
	seed := crashSeed(t)
	rng := rand.New(rand.NewPCG(seed, seed^0x51))
	bin := buildChildBinary(t)
	srv := telegramtest.NewServer(t, telegramtest.WithLimits(soakLimits))
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "branchbot.db")
	cfg := writeChildConfig(t, dir, childConfig{APIURL: srv.URL(), DBPath: dbPath, Secretaries: []int64{childSecretary.ID}, Limits: soakLimits})
	seedSoak(t, dbPath, rng, members, perChat)
	env := childEnv(srv.Token())

	// The API's latency changes every 50 ms, for the whole test.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		lr := rand.New(rand.NewPCG(seed, 3))
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				srv.SetDelay(minDelay + time.Duration(lr.Int64N(int64(maxDelay-minDelay))))
			}
		}
	})
	t.Cleanup(func() { close(stop); wg.Wait() })

	all := make([]string, 0, members*perChat)
	for i := range members {
		for j := range perChat {
			all = append(all, soakText(i, j))
		}
	}
	arrivals := func() map[string]int {
		n := map[string]int{}
		for i := range members {
			for _, s := range botTexts(srv, memberChat(i)) {
				n[s]++
			}
		}
		return n
	}
	// settled waits until requests the dead process had sent are done:
	// the server reads a request only after its delay, so it does not
	// notice the closed connection and may still deliver the message.
	settled := func() map[string]int {
		time.Sleep(maxDelay + 50*time.Millisecond)
		prev := arrivals()
		for {
			time.Sleep(30 * time.Millisecond)
			cur := arrivals()
			if fmt.Sprint(cur) == fmt.Sprint(prev) {
				return cur
			}
			prev = cur
		}
	}

	// starts[s] counts the processes that started with s queued: each may
	// send it once.
	starts := map[string]int{}
	arrived := map[string]int{}
	left, _ := queuedTexts(t, dbPath)
	var inflightSum, maxInflight, faults int
	for r := range rounds {
		for s := range left {
			starts[s]++
		}
		// Faults wait on the server for the next requests to a chat.
		switch r % 3 {
		case 0:
			srv.FailNext(1, []int{500, 502, 503}[rng.IntN(3)], "", 0)
			faults++
		case 1:
			if r%2 == 1 {
				srv.FailNext(1, 429, "", 1)
				faults++
			}
		}
		polls := srv.Stats().Requests["getUpdates"]
		p := startChildProc(t, fmt.Sprintf("round %d", r), bin, env, "run", "-config", cfg)
		if !pollUntil(15*time.Second, func() bool { return srv.Stats().Requests["getUpdates"] > polls }) {
			t.Fatalf("round %d: no getUpdates within 15 s:\n%s", r, p.stderr.String())
		}
		d := 30*time.Millisecond + time.Duration(rng.Int64N(int64(470*time.Millisecond)))
		time.Sleep(d)
		if !p.kill() {
			t.Fatalf("round %d: the bot exited by itself (%s) before the kill:\n%s", r, p.state, p.stderr.String())
		}
		now := settled()
		var failed int
		left, failed = queuedTexts(t, dbPath)
		if failed != 0 {
			t.Errorf("round %d: %d failed messages", r, failed)
		}
		// A message that arrived in this round but is still queued was in
		// flight at the kill: its answer never came back. One that is no
		// longer queued arrived once.
		inflight := 0
		for _, s := range all {
			switch got := now[s] - arrived[s]; {
			case left[s]:
				inflight += got
			case got > 1:
				t.Errorf("round %d: %s arrived %d times", r, s, got)
			}
		}
		if inflight > senderWorkers {
			t.Errorf("round %d: %d messages in flight at the kill, more than the sender's %d workers", r, inflight, senderWorkers)
		}
		inflightSum += inflight
		maxInflight = max(maxInflight, inflight)
		t.Logf("round %2d: killed %3d ms after start-up: %3d of %d still queued, %d in flight", r, d.Milliseconds(), len(left), len(all), inflight)
		arrived = now
	}

	for s := range left {
		starts[s]++
	}
	polls := srv.Stats().Requests["getUpdates"]
	final := startChildProc(t, "final run", bin, env, "run", "-config", cfg)
	if !pollUntil(15*time.Second, func() bool { return srv.Stats().Requests["getUpdates"] > polls }) {
		t.Fatalf("final run: no getUpdates within 15 s:\n%s", final.stderr.String())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for i := range members {
		want := soakText(i, perChat-1)
		if _, err := srv.WaitMessage(ctx, memberChat(i), func(m telegramtest.Message) bool { return m.FromBot && m.Text == want }); err != nil {
			t.Fatalf("final run: %v", err)
		}
	}
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	var queued int
	if !pollUntil(15*time.Second, func() bool {
		runBackup(t, bin, env, cfg, copyPath)
		q, _ := queuedTexts(t, copyPath)
		queued = len(q)
		return queued == 0
	}) {
		t.Errorf("final run: %d messages still queued after 15 s", queued)
	}
	final.signal(syscall.SIGTERM)
	if code, ok := final.wait(10 * time.Second); !ok || code != 0 {
		t.Fatalf("final run: exit %d (stopped: %v) after SIGTERM:\n%s", code, ok, final.stderr.String())
	}
	if q, failed := queuedTexts(t, dbPath); len(q)+failed != 0 {
		t.Errorf("after the final run: %d queued, %d failed", len(q), failed)
	}

	// Tally: each chat's messages in order, a repeat only right after
	// itself.
	n := arrivals()
	var delivered, dups int
	for i := range members {
		texts := botTexts(srv, memberChat(i))
		var collapsed []string
		for k, s := range texts {
			if k == 0 || s != texts[k-1] {
				collapsed = append(collapsed, s)
			}
		}
		var want []string
		for j := range perChat {
			want = append(want, soakText(i, j))
		}
		if strings.Join(collapsed, "|") != strings.Join(want, "|") {
			t.Errorf("chat %d got %q, want %q (a repeat only right after itself)", memberChat(i), texts, want)
		}
	}
	for _, s := range all {
		switch {
		case n[s] == 0:
			t.Errorf("%s never arrived", s)
		case n[s] > starts[s]:
			t.Errorf("%s arrived %d times, but only %d runs started with it queued", s, n[s], starts[s])
		}
		if n[s] > 0 {
			delivered++
			dups += n[s] - 1
		}
	}
	st := srv.Stats()
	t.Logf("%d kills; delivered %d/%d, duplicates %d (%d messages were in flight at the kills, at most %d at one); "+
		"sendMessage %d, faults injected %d, 429s %d, early retries %d; %s",
		rounds, delivered, len(all), dups, inflightSum, maxInflight,
		st.Requests["sendMessage"], faults, st.TooManyRequests, st.EarlyRetries, time.Since(began).Round(time.Millisecond))
	// Only a message whose answer never came back goes out twice: each
	// duplicate is one counted in flight at a kill.
	if dups > inflightSum {
		t.Errorf("%d duplicates, but only %d messages were in flight at the kills: some went out twice with no crash", dups, inflightSum)
	}
}
