package main

// End-to-end tests of scheduled backups and `branchbot restore` with the
// built binary.

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
	"github.com/branchbot/branchbot/telegramtest"
)

// slowLimits keep the outbox full for the whole test: two messages a
// second, each answered a quarter of a second late.
var slowLimits = telegramtest.Limits{GlobalPerSecond: 2, PerChatPerSecond: 1, PerGroupPerMinute: 20, RetryAfter: 1}

// studyDay is the study record seeded for member i.
func studyDay(i int) branchbot.StudyDay {
	return branchbot.StudyDay{Status: branchbot.DayDone, Prompted: true, Prompts: 1, Minutes: uint16(10 + i%20), Section: 1, At: uint16(480 + i)}
}

// seedLoad adds to the database of seedDB a study record for each member
// on day and a meeting per member count, as a busy branch has them.
func seedLoad(t *testing.T, path string, n int, day branchbot.Day, start time.Time) {
	t.Helper()
	db, err := store.Open(path, store.Options{Now: time.Now})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *store.Tx) error {
		for i := range n {
			m, err := tx.MemberByTelegramID(memberChat(i))
			if err != nil {
				return err
			}
			if err := tx.PutStudyDay(m.ID, day, studyDay(i)); err != nil {
				return err
			}
		}
		for i := range 3 {
			mt := &branchbot.Meeting{Kind: branchbot.MeetingLesson, State: branchbot.MeetingScheduled, Title: fmt.Sprintf("党课%d", i),
				Start: start.Add(time.Duration(i) * 24 * time.Hour), Length: time.Hour, Version: 1}
			if err := tx.CreateMeeting(mt); err != nil {
				return err
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

// runRestoreBin runs `branchbot restore FILE -config cfg` and returns its
// exit status and output.
func runRestoreBin(t *testing.T, bin string, env []string, cfg, file string) (int, string, string) {
	t.Helper()
	p := startChildProc(t, "restore", bin, env, "restore", file, "-config", cfg)
	code, ok := p.wait(20 * time.Second)
	if !ok {
		t.Fatal("restore still running after 20 s")
	}
	return code, p.stdout.String(), p.stderr.String()
}

// TestRestoreBackupUnderLoad: the bot takes its scheduled backup at
// start-up (there is none yet) while it drains a full outbox slowly;
// restore refuses while the bot runs and for a damaged backup, changing
// nothing, and then puts the backup back, keeping the file that was
// there: every member, study record, meeting and queued message is in
// it, and the bot runs on it.
func TestRestoreBackupUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	const members = 40
	bin := buildChildBinary(t)
	srv := telegramtest.NewServer(t, telegramtest.WithLimits(slowLimits))
	t.Cleanup(srv.Close)
	srv.SetDelay(250 * time.Millisecond)
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "branchbot.db")
	cfg := writeChildConfig(t, dir, childConfig{APIURL: srv.URL(), DBPath: dbPath, Secretaries: []int64{childSecretary.ID}, Limits: slowLimits})
	env := childEnv(srv.Token())
	loc, _ := time.LoadLocation("Asia/Shanghai")
	day := branchbot.DayOf(time.Now(), loc) - 1
	start := time.Now().In(loc).Truncate(time.Hour).Add(72 * time.Hour)
	seedDB(t, dbPath, members, true)
	seedLoad(t, dbPath, members, day, start)

	bot := startChildProc(t, "bot", bin, env, "run", "-config", cfg)
	set := store.NewBackupSet(filepath.Join(dir, "backups"), dbPath, loc)
	var backup string
	if !pollUntil(15*time.Second, func() bool {
		all, _ := set.List()
		if len(all) > 0 {
			backup = all[0].Path
		}
		return backup != ""
	}) {
		t.Fatalf("no scheduled backup at start-up:\n%s", bot.stderr.String())
	}

	// Refused while the bot runs.
	code, _, stderr := runRestoreBin(t, bin, env, cfg, backup)
	if code != exitHeld || !strings.Contains(stderr, "running") {
		t.Errorf("restore while the bot runs: status %d, %s", code, stderr)
	}
	if bot.exited() {
		t.Fatalf("the bot stopped (%s):\n%s", bot.state, bot.stderr.String())
	}
	bot.signal(syscall.SIGTERM)
	if code, ok := bot.wait(10 * time.Second); !ok || code != 0 {
		t.Fatalf("bot after SIGTERM: status %d, ended %v:\n%s", code, ok, bot.stderr.String())
	}
	files := dirNames(t, dir)
	live, err := os.ReadFile(dbPath)
	if err != nil {
		t.Fatal(err)
	}

	// Refused for a damaged backup: nothing changes.
	whole, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		content []byte
	}{{"truncated", whole[:len(whole)/2]}, {"empty", nil}, {"zeroed page", zeroPage(whole, 4)}} {
		bad := filepath.Join(t.TempDir(), c.name+".db")
		if err := os.WriteFile(bad, c.content, 0o600); err != nil {
			t.Fatal(err)
		}
		code, stdout, stderr := runRestoreBin(t, bin, env, cfg, bad)
		if code != exitBadBackup || !strings.Contains(stderr, "nothing was changed") {
			t.Errorf("%s backup: status %d, stdout %q, stderr %s", c.name, code, stdout, stderr)
		}
		if got, _ := os.ReadFile(dbPath); !bytes.Equal(got, live) {
			t.Errorf("%s backup: the database changed", c.name)
		}
		if got := dirNames(t, dir); !slices.Equal(got, files) {
			t.Errorf("%s backup: the directory holds %q, held %q", c.name, got, files)
		}
	}

	// Restored.
	code, stdout, stderr := runRestoreBin(t, bin, env, cfg, backup)
	if code != 0 {
		t.Fatalf("restore: status %d: %s", code, stderr)
	}
	t.Logf("restore said: %s", strings.TrimSpace(stdout))
	keptRE := regexp.MustCompile(`kept as (\S+\.\d{4}-\d\d-\d\dT\d{4}\.before-restore)\n`)
	m := keptRE.FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("no kept file named: %q", stdout)
	}
	if kept, err := os.ReadFile(m[1]); err != nil || !bytes.Equal(kept, live) {
		t.Errorf("the kept file %s differs from the database that was there (%v)", m[1], err)
	}
	if got, _ := os.ReadFile(dbPath); !bytes.Equal(got, whole) {
		t.Error("the database is not the backup")
	}

	queued, delivered := checkRestored(t, dbPath, members, day)
	t.Logf("restored: %d of the %d seeded messages queued, %d delivered before the backup", queued, members, delivered)
	if queued == 0 {
		t.Error("the outbox was empty at the backup: not taken under load")
	}

	// The bot runs on the restored database and sends what was queued
	// (again, for what went out after the backup was taken: a restore
	// goes back in time).
	bot = startChildProc(t, "bot after restore", bin, env, "run", "-config", cfg)
	before := len(botTexts(srv, memberChat(0)))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := srv.WaitMessage(ctx, memberChat(0), func(m telegramtest.Message) bool { return m.FromBot && len(botTexts(srv, memberChat(0))) > before }); err != nil {
		t.Errorf("the bot on the restored database sends nothing: %v\n%s", err, bot.stderr.String())
	}
	bot.signal(syscall.SIGTERM)
	if code, ok := bot.wait(10 * time.Second); !ok || code != 0 {
		t.Errorf("bot after restore, SIGTERM: status %d, ended %v:\n%s", code, ok, bot.stderr.String())
	}
}

// zeroPage returns data with page n (of 4 KiB) zeroed, as a bad sector
// leaves it.
func zeroPage(data []byte, n int) []byte {
	out := slices.Clone(data)
	clear(out[n*4096 : min((n+1)*4096, len(out))])
	return out
}

// checkRestored opens the restored database read-only and checks that
// every seeded member, study record and meeting is there, and each
// seeded message either still queued or recorded as delivered. It
// returns how many were queued and how many delivered.
func checkRestored(t *testing.T, path string, members int, day branchbot.Day) (queued, delivered int) {
	t.Helper()
	db, err := store.Open(path, store.Options{Now: time.Now, ReadOnly: true, LockTimeout: time.Second})
	if err != nil {
		t.Fatalf("opening the restored database: %v", err)
	}
	defer db.Close()
	err = db.View(func(tx *store.Tx) error {
		recs, err := tx.Outbox(0, 100000)
		if err != nil {
			return err
		}
		inOutbox := map[string]bool{}
		for _, o := range recs {
			inOutbox[o.Key] = true
		}
		for i := range members {
			m, err := tx.MemberByTelegramID(memberChat(i))
			if err != nil {
				t.Errorf("member %d: %v", i, err)
				continue
			}
			if sd, err := tx.StudyDay(m.ID, day); err != nil || sd != studyDay(i) {
				t.Errorf("member %d's study record: %+v %v, want %+v", i, sd, err, studyDay(i))
			}
			key := fmt.Sprintf("crash/%d", i)
			_, sent := tx.Delivered(key)
			switch {
			case inOutbox[key]:
				queued++
			case sent:
				delivered++
			default:
				t.Errorf("message %s is neither queued nor delivered", key)
			}
		}
		up, err := tx.UpcomingMeetings()
		if len(up) != 3 {
			t.Errorf("%d upcoming meetings, want 3", len(up))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return queued, delivered
}

// dirNames lists the names in dir.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
