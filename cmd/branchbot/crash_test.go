package main

// End-to-end tests of the built binary as an operator runs it: killed at
// random moments, started twice on one database, started on a damaged
// file, and backed up while it runs.

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
	"github.com/branchbot/branchbot/telegramtest"
)

const (
	// crashSeedEnv overrides the seed of the kill timings.
	crashSeedEnv = "BRANCHBOT_CRASH_SEED"
	// crashDefaultSeed makes the kill timings the same from run to run.
	crashDefaultSeed = 20261125
	crashRounds      = 30
	crashMembers     = 200
	// firstMemberChat is the Telegram id (and private chat) of member 0.
	firstMemberChat = 10000
	// helpMark is in every answer to /help (in Chinese, the branch's
	// language).
	helpMark = "可用命令"
	// senderWorkers is bot.Options.SendWorkers as runBot leaves it (the
	// default): how many requests the sender may have in flight.
	senderWorkers = 8
)

var (
	childSecretary = telegramtest.User{ID: 1001, FirstName: "王", LastName: "书记", LanguageCode: "zh-hans"}
	// childLimits are the flood limits of both the fake server and the bot:
	// fast enough to drain quickly, low enough that the bot's limiter
	// matters.
	childLimits = telegramtest.Limits{GlobalPerSecond: 400, PerChatPerSecond: 50, PerGroupPerMinute: 600, RetryAfter: 1}
)

func memberChat(i int) int64 { return firstMemberChat + int64(i) }

func memberUser(i int) telegramtest.User {
	return telegramtest.User{ID: memberChat(i), FirstName: fmt.Sprintf("成员%03d", i), LanguageCode: "zh-hans"}
}

// newChildServer starts a fake Telegram with childLimits, closed when the
// test ends (after the children it started are killed).
func newChildServer(t *testing.T) *telegramtest.Server {
	srv := telegramtest.NewServer(t, telegramtest.WithLimits(childLimits))
	t.Cleanup(srv.Close)
	return srv
}

// newChildSetup writes a configuration for a database in a fresh
// directory and returns the config path and the database path.
func newChildSetup(t *testing.T, srv *telegramtest.Server) (cfg, dbPath string) {
	t.Helper()
	dir := t.TempDir()
	dbPath = filepath.Join(dir, "branchbot.db")
	cfg = writeChildConfig(t, dir, childConfig{
		APIURL:      srv.URL(),
		DBPath:      dbPath,
		Secretaries: []int64{childSecretary.ID},
		Limits:      childLimits,
	})
	return cfg, dbPath
}

// seedDB creates the database at path with n joined members (Telegram ids
// firstMemberChat+i) and, if queue is set, one queued message "msg-i" (key
// "crash/i") for each.
func seedDB(t *testing.T, path string, n int, queue bool) {
	t.Helper()
	db, err := store.Open(path, store.Options{Now: time.Now})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *store.Tx) error {
		for i := range n {
			m := &branchbot.Member{Name: memberUser(i).FirstName, TelegramID: memberChat(i), Role: branchbot.RoleMember, JoinedAt: tx.Now()}
			if err := tx.CreateMember(m); err != nil {
				return err
			}
			if !queue {
				continue
			}
			o := &branchbot.Outgoing{Key: fmt.Sprintf("crash/%d", i), ChatID: m.ChatID(), MemberID: m.ID, Text: fmt.Sprintf("msg-%d", i)}
			if ok, err := tx.Enqueue(o); err != nil {
				return err
			} else if !ok {
				return fmt.Errorf("message %s was not enqueued", o.Key)
			}
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

// outboxState is what a stopped bot left in its database.
type outboxState struct {
	queued, failed int
	crash          map[int]bool // the "crash/i" messages still queued, by i
	failedUpdates  int
}

// readOutbox opens the database of a stopped bot read-only.
func readOutbox(t *testing.T, path string) outboxState {
	t.Helper()
	db, err := store.Open(path, store.Options{Now: time.Now, ReadOnly: true, LockTimeout: time.Second})
	if err != nil {
		t.Fatalf("opening the database after the bot stopped: %v", err)
	}
	defer db.Close()
	st := outboxState{crash: map[int]bool{}}
	err = db.View(func(tx *store.Tx) error {
		st.queued, st.failed = tx.OutboxStats()
		recs, err := tx.Outbox(0, 100000)
		if err != nil {
			return err
		}
		for _, o := range recs {
			if s, ok := strings.CutPrefix(o.Key, "crash/"); ok {
				i, err := strconv.Atoi(s)
				if err != nil {
					return fmt.Errorf("odd key %q", o.Key)
				}
				st.crash[i] = true
			}
		}
		fu, err := tx.FailedUpdates()
		st.failedUpdates = len(fu)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func crashSeed(t *testing.T) uint64 {
	t.Helper()
	seed := uint64(crashDefaultSeed)
	if s := os.Getenv(crashSeedEnv); s != "" {
		var err error
		if seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			t.Fatalf("%s=%q: %v", crashSeedEnv, s, err)
		}
	}
	t.Logf("seed %d (set %s to change it)", seed, crashSeedEnv)
	return seed
}

// botTexts returns the texts of the bot's messages in a chat.
func botTexts(srv *telegramtest.Server, chat int64) []string {
	var out []string
	for _, m := range srv.Messages(chat) {
		if m.FromBot {
			out = append(out, m.Text)
		}
	}
	return out
}

func countText(texts []string, want string) int {
	n := 0
	for _, s := range texts {
		if s == want {
			n++
		}
	}
	return n
}

func countHelp(texts []string) int { return countContaining(texts, helpMark) }

// countContaining counts the texts that contain want.
func countContaining(texts []string, want string) int {
	n := 0
	for _, s := range texts {
		if strings.Contains(s, want) {
			n++
		}
	}
	return n
}

// TestCrashRecovery kills the bot with SIGKILL at random moments while it
// drains an outbox of 200 messages and answers /help, then lets a last run
// finish. Every message and every answer must arrive; only a message in
// flight at a kill may arrive twice.
func TestCrashRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the binary for ~15 s")
	}
	began := time.Now()
	seed := crashSeed(t)
	rng := rand.New(rand.NewPCG(seed, seed))
	bin := buildChildBinary(t)
	srv := newChildServer(t)
	srv.SetDelay(2 * time.Millisecond) // so that kills land inside requests too
	cfg, dbPath := newChildSetup(t, srv)
	seedDB(t, dbPath, crashMembers, true)
	env := childEnv(srv.Token())

	// starts[i] counts the processes that started with msg-i queued: each
	// may send it once, so it bounds how often msg-i may arrive.
	starts := make([]int, crashMembers)
	// arrived[i] is how often msg-i had arrived at the end of the last round.
	arrived := make([]int, crashMembers)
	queued := readOutbox(t, dbPath).crash
	var kills, secretaryHelp, startupKills, drainKills, maxInflight int
	drainedAt := -1
	for r := range crashRounds {
		for i := range queued {
			starts[i]++
		}
		before := srv.Stats()
		p := startChildProc(t, fmt.Sprintf("round %d", r), bin, env, "run", "-config", cfg)
		// Every fifth round is killed within 60 ms, most likely during
		// start-up; the others at up to 400 ms, mostly mid-drain.
		d := 20*time.Millisecond + time.Duration(rng.Int64N(int64(380*time.Millisecond)))
		if r%5 == 0 {
			d = 20*time.Millisecond + time.Duration(rng.Int64N(int64(40*time.Millisecond)))
		}
		split := time.Duration(rng.Int64N(int64(d)))
		time.Sleep(split)
		srv.SendText(childSecretary, childSecretary.ID, "/help")
		secretaryHelp++
		srv.SendText(memberUser(r), memberChat(r), "/help")
		time.Sleep(d - split)
		if !p.kill() {
			t.Fatalf("round %d: the bot exited by itself (%s) before the kill:\n%s", r, p.state, p.stderr.String())
		}
		// Let the server finish requests the dead process had sent.
		time.Sleep(20 * time.Millisecond)
		kills++
		after := srv.Stats()
		st := readOutbox(t, dbPath)
		if st.failed != 0 || st.failedUpdates != 0 {
			t.Errorf("round %d: %d failed messages, %d failed updates", r, st.failed, st.failedUpdates)
		}
		// A message that arrived in this round but is still queued was in
		// flight at the kill: the next run sends it again.
		inflight := 0
		for i := range crashMembers {
			n := countText(botTexts(srv, memberChat(i)), fmt.Sprintf("msg-%d", i))
			if st.crash[i] && n > arrived[i] {
				inflight++
			}
			arrived[i] = n
		}
		if inflight > senderWorkers {
			t.Errorf("round %d: %d messages were in flight at the kill, more than the sender's %d workers", r, inflight, senderWorkers)
		}
		maxInflight = max(maxInflight, inflight)
		sent := after.Requests["sendMessage"] - before.Requests["sendMessage"]
		phase := "idle"
		switch {
		case sent == 0 && after.Requests["getUpdates"] == before.Requests["getUpdates"]:
			phase = "start-up"
			startupKills++
		case len(queued) > 0 && sent > 0:
			phase = "mid-drain"
			drainKills++
		}
		t.Logf("round %2d: killed after %3d ms (%s): %3d sendMessage, %3d of the 200 still queued (%d of them already delivered), %d records in the outbox",
			r, d.Milliseconds(), phase, sent, len(st.crash), inflight, st.queued)
		queued = st.crash
		if len(queued) == 0 && drainedAt < 0 {
			drainedAt = r
		}
	}

	// The last run is left to finish its work.
	for i := range queued {
		starts[i]++
	}
	polls := srv.Stats().Requests["getUpdates"]
	final := startChildProc(t, "final run", bin, env, "run", "-config", cfg)
	// Everything may have arrived during the rounds already; wait for the
	// final run to be up (polling, so its admin socket is listening).
	if !pollUntil(10*time.Second, func() bool { return srv.Stats().Requests["getUpdates"] > polls }) {
		t.Fatalf("final run: no getUpdates within 10 s:\n%s", final.stderr.String())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for i := range crashMembers {
		want := fmt.Sprintf("msg-%d", i)
		if _, err := srv.WaitMessage(ctx, memberChat(i), func(m telegramtest.Message) bool { return m.FromBot && m.Text == want }); err != nil {
			t.Fatalf("final run: %v", err)
		}
	}
	helpDone := func() bool {
		if countHelp(botTexts(srv, childSecretary.ID)) < secretaryHelp {
			return false
		}
		for r := range crashRounds {
			if countHelp(botTexts(srv, memberChat(r))) == 0 {
				return false
			}
		}
		return true
	}
	if !pollUntil(10*time.Second, helpDone) {
		t.Errorf("final run: not every /help was answered within 10 s")
	}
	if err := srv.WaitIdle(ctx); err != nil {
		t.Errorf("final run: updates left unconfirmed: %v", err)
	}
	// The database is locked while the bot runs; a hot backup shows its
	// outbox.
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	var left int
	if !pollUntil(10*time.Second, func() bool {
		runBackup(t, bin, env, cfg, copyPath)
		left = readOutbox(t, copyPath).queued
		return left == 0
	}) {
		t.Errorf("final run: %d messages still queued after 10 s", left)
	}
	final.signal(syscall.SIGTERM)
	if code, ok := final.wait(10 * time.Second); !ok {
		t.Fatal("final run: still running 10 s after SIGTERM")
	} else if code != 0 {
		t.Errorf("final run: exit status %d after SIGTERM, want 0:\n%s", code, final.stderr.String())
	}
	st := readOutbox(t, dbPath)
	if st.queued != 0 || st.failed != 0 || st.failedUpdates != 0 {
		t.Errorf("after the final run: %d queued, %d failed messages, %d failed updates; want none", st.queued, st.failed, st.failedUpdates)
	}

	// Tally what arrived.
	var delivered, dupMsgs, memberHelp, helpDups int
	for i := range crashMembers {
		want := fmt.Sprintf("msg-%d", i)
		texts := botTexts(srv, memberChat(i))
		n := countText(texts, want)
		if other := len(texts) - n - countHelp(texts); other > 0 {
			t.Errorf("chat %d: %d unexpected messages:\n%s", memberChat(i), other, srv.Transcript(memberChat(i)))
		}
		switch {
		case n == 0:
			t.Errorf("msg-%d never reached chat %d", i, memberChat(i))
		case n > starts[i]:
			t.Errorf("msg-%d arrived %d times, but only %d runs started with it queued: it was sent again after being recorded as sent", i, n, starts[i])
		}
		if n > 0 {
			delivered++
			dupMsgs += n - 1
		}
		if h := countHelp(texts); i < crashRounds {
			memberHelp += min(h, 1)
			helpDups += max(h-1, 0)
		} else if h > 0 {
			t.Errorf("chat %d: %d answers to /help nobody sent", memberChat(i), h)
		}
	}
	secTexts := botTexts(srv, childSecretary.ID)
	secAnswers := countHelp(secTexts)
	if other := len(secTexts) - secAnswers; other > 0 {
		t.Errorf("secretary's chat: %d unexpected messages:\n%s", other, srv.Transcript(childSecretary.ID))
	}
	if secAnswers < secretaryHelp {
		t.Errorf("secretary sent /help %d times, got %d answers: a reply was lost", secretaryHelp, secAnswers)
	}
	helpDups += max(secAnswers-secretaryHelp, 0)
	helpAnswered := memberHelp + min(secAnswers, secretaryHelp)
	stats := srv.Stats()
	t.Logf("rounds %d, kills %d (%d during start-up, %d mid-drain), outbox drained in round %d; delivered %d/%d, duplicates %d (at most %d in flight at one kill); "+
		"/help sent %d, answered %d, duplicated %d; sendMessage %d, 429s %d, early retries %d; %s",
		crashRounds, kills, startupKills, drainKills, drainedAt, delivered, crashMembers, dupMsgs, maxInflight,
		secretaryHelp+crashRounds, helpAnswered, helpDups, stats.Requests["sendMessage"], stats.TooManyRequests, stats.EarlyRetries,
		time.Since(began).Round(time.Millisecond))
	// Only what was in flight at a kill may go out twice. That is not one
	// message per kill: the sender has senderWorkers requests out at once
	// and records their outcomes through DB.Batch, which holds a commit for
	// up to 10 ms, so a kill mid-drain doubles several.
	if dups := dupMsgs + helpDups; dups > kills*senderWorkers {
		t.Errorf("%d duplicates after %d kills: more than the %d requests the sender may have in flight at each kill", dups, kills, senderWorkers)
	}
	if startupKills == 0 || drainKills == 0 {
		t.Errorf("the kills missed a phase: %d during start-up, %d mid-drain", startupKills, drainKills)
	}
}

// runBackup runs `branchbot backup -o out` and fails the test unless it
// succeeds within 10 s.
func runBackup(t *testing.T, bin string, env []string, cfg, out string) {
	t.Helper()
	p := startChildProc(t, "backup", bin, env, "backup", "-o", out, "-config", cfg)
	code, ok := p.wait(10 * time.Second)
	if !ok {
		t.Fatalf("backup still running after 10 s")
	}
	if code != 0 {
		t.Fatalf("backup: exit status %d:\n%s", code, p.stderr.String())
	}
	if !strings.Contains(p.stdout.String(), "backup: wrote") {
		t.Errorf("backup printed %q", p.stdout.String())
	}
}

// TestSecondProcessRefused starts a second bot on the database of a
// running one: it must give up within seconds, naming the file, and leave
// the first alone.
func TestSecondProcessRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildChildBinary(t)
	srv := newChildServer(t)
	cfg, dbPath := newChildSetup(t, srv)
	env := childEnv(srv.Token())

	first := startChildProc(t, "first bot", bin, env, "run", "-config", cfg)
	if !pollUntil(10*time.Second, func() bool { return srv.Stats().Requests["getUpdates"] > 0 }) {
		t.Fatalf("the first bot never polled:\n%s", first.stderr.String())
	}
	began := time.Now()
	second := startChildProc(t, "second bot", bin, env, "run", "-config", cfg)
	code, ok := second.wait(5 * time.Second)
	if !ok {
		t.Fatal("the second bot is still running after 5 s")
	}
	msg := second.stderr.String()
	t.Logf("the second bot exited with status %d after %s: %s", code, time.Since(began).Round(time.Millisecond), strings.TrimSpace(msg))
	if code == 0 {
		t.Error("the second bot exited 0")
	}
	if !strings.Contains(msg, dbPath) {
		t.Errorf("the second bot's message does not name %s", dbPath)
	}
	if n := srv.Stats().Requests["getMe"]; n != 1 {
		t.Errorf("getMe was called %d times; the second bot must not reach Telegram", n)
	}
	if first.exited() {
		t.Fatalf("the first bot stopped (%s):\n%s", first.state, first.stderr.String())
	}

	// The first bot still works.
	srv.SendText(childSecretary, childSecretary.ID, "/help")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := srv.WaitMessage(ctx, childSecretary.ID, func(m telegramtest.Message) bool {
		return m.FromBot && strings.Contains(m.Text, helpMark)
	}); err != nil {
		t.Errorf("the first bot no longer answers: %v", err)
	}
	first.signal(syscall.SIGTERM)
	if code, ok := first.wait(10 * time.Second); !ok {
		t.Error("the first bot is still running 10 s after SIGTERM")
	} else if code != 0 {
		t.Errorf("the first bot exited with status %d after SIGTERM, want 0:\n%s", code, first.stderr.String())
	}
}

// TestCorruptDatabaseRefused starts the bot on files that are not usable
// databases: it must refuse at once, naming the file, and leave it as it
// was.
func TestCorruptDatabaseRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildChildBinary(t)

	random := make([]byte, 4096)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	// A real database cut in half, as a full disk or a bad copy leaves it.
	realPath := filepath.Join(t.TempDir(), "real.db")
	seedDB(t, realPath, 100, true)
	whole, err := os.ReadFile(realPath)
	if err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name    string
		content []byte
	}{
		{"random bytes", random},
		{"empty", nil},
		{"truncated", whole[:len(whole)/2]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newChildServer(t)
			cfg, dbPath := newChildSetup(t, srv)
			if err := os.WriteFile(dbPath, tc.content, 0o600); err != nil {
				t.Fatal(err)
			}
			began := time.Now()
			p := startChildProc(t, "bot", bin, childEnv(srv.Token()), "run", "-config", cfg)
			code, ok := p.wait(5 * time.Second)
			if !ok {
				t.Fatal("still running after 5 s")
			}
			msg := p.stderr.String()
			t.Logf("exit status %d after %s: %s", code, time.Since(began).Round(time.Millisecond), strings.TrimSpace(msg))
			if code == 0 {
				t.Error("exit status 0")
			}
			if !strings.Contains(msg, dbPath) {
				t.Errorf("the message does not name %s", dbPath)
			}
			got, err := os.ReadFile(dbPath)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, tc.content) {
				t.Errorf("the file changed: %d bytes, was %d", len(got), len(tc.content))
			}
			entries, err := os.ReadDir(filepath.Dir(dbPath))
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			if want := []string{"branchbot.db", "config.yaml"}; !slices.Equal(names, want) {
				t.Errorf("the directory holds %q, want %q", names, want)
			}
			if n := len(srv.Stats().Requests); n != 0 {
				t.Errorf("the bot talked to Telegram: %v", srv.Stats().Requests)
			}
		})
	}
}

// TestBackupWhileRunning takes a backup with `branchbot backup` from a
// second process while the bot runs.
func TestBackupWhileRunning(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	const members = 20
	bin := buildChildBinary(t)
	srv := newChildServer(t)
	cfg, dbPath := newChildSetup(t, srv)
	seedDB(t, dbPath, members, true)
	env := childEnv(srv.Token())

	bot := startChildProc(t, "bot", bin, env, "run", "-config", cfg)
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	waitFor := func(chat int64, match func(string) bool) {
		t.Helper()
		if _, err := srv.WaitMessage(ctx, chat, func(m telegramtest.Message) bool { return m.FromBot && match(m.Text) }); err != nil {
			t.Fatal(err)
		}
	}
	isHelp := func(s string) bool { return strings.Contains(s, helpMark) }
	srv.SendText(childSecretary, childSecretary.ID, "/help")
	for i := range members {
		want := fmt.Sprintf("msg-%d", i)
		waitFor(memberChat(i), func(s string) bool { return s == want })
	}
	waitFor(childSecretary.ID, isHelp)

	out := filepath.Join(t.TempDir(), "backup.db")
	runBackup(t, bin, env, cfg, out)
	if bot.exited() {
		t.Fatalf("the bot stopped during the backup (%s):\n%s", bot.state, bot.stderr.String())
	}

	db, err := store.Open(out, store.Options{Now: time.Now, ReadOnly: true})
	if err != nil {
		t.Fatalf("opening the backup: %v", err)
	}
	err = db.View(func(tx *store.Tx) error {
		all, err := tx.Members()
		if err != nil {
			return err
		}
		if len(all) != members+1 {
			t.Errorf("the backup holds %d members, want %d and the secretary", len(all), members)
		}
		for i := range members {
			m, err := tx.MemberByTelegramID(memberChat(i))
			if err != nil {
				t.Errorf("member %d: %v", i, err)
			} else if m.Name != memberUser(i).FirstName {
				t.Errorf("member %d is named %q", i, m.Name)
			}
		}
		if m, err := tx.MemberByTelegramID(childSecretary.ID); err != nil {
			t.Errorf("secretary: %v", err)
		} else if m.Role != branchbot.RoleSecretary {
			t.Errorf("secretary has role %s", m.Role)
		}
		return nil
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}

	// The bot carries on after the backup.
	srv.SendText(memberUser(0), memberChat(0), "/help")
	waitFor(memberChat(0), isHelp)
	// A client that connects to the admin socket and says nothing does
	// not hold the bot up when it is told to stop.
	idle, err := net.Dial("unix", adminSocketPath(dbPath))
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()
	bot.signal(syscall.SIGTERM)
	if code, ok := bot.wait(5 * time.Second); !ok {
		t.Error("the bot is still running 5 s after SIGTERM")
	} else if code != 0 {
		t.Errorf("exit status %d after SIGTERM, want 0:\n%s", code, bot.stderr.String())
	}
	if _, err := os.Stat(adminSocketPath(dbPath)); err == nil {
		t.Errorf("the admin socket %s is left behind", adminSocketPath(dbPath))
	}
}
