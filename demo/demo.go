// Package demo runs the real bot and the real scheduler, on a real
// database in a temporary directory, against telegramtest: a secretary and
// 30 simulated members over 14 simulated days. Simulated time moves minute
// by minute; after each step the demo waits until the bot has handled
// every update and sent every message, so a run is the same for the same
// seed. It then prints one member's chat and the secretary's as timelines
// (timeline.go).
package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/bot"
	"github.com/branchbot/branchbot/config"
	"github.com/branchbot/branchbot/schedule"
	"github.com/branchbot/branchbot/store"
	"github.com/branchbot/branchbot/telegramtest"
)

const (
	secretaryID = 1001
	simDays     = 14
)

// Members is how many simulated members the branch has.
const Members = 30

// Options configures a run of the demo.
type Options struct {
	// Seed decides the simulated members' behaviour: the same seed prints
	// the same, byte for byte.
	Seed uint64
	// Member is whose chat to print, from 1 to Members.
	Member int
	// Logger receives the bot's and the scheduler's own log; nil discards
	// it.
	Logger *slog.Logger
	// BotOptions and SchedulerOptions build the bot's and the scheduler's
	// options from the configuration, as `branchbot run` does, so that the
	// demo runs the same wiring.
	BotOptions       func(cfg *config.Config, token string, db *store.DB, log *slog.Logger) bot.Options
	SchedulerOptions func(cfg *config.Config, db *store.DB, now func() time.Time, b *bot.Bot, log *slog.Logger) schedule.Options
}

// Run plays the 14 days and writes the timelines, the final study report
// and a summary line to stdout. It fails if the bot breaks a rule of the
// Bot API.
func Run(ctx context.Context, opts Options, stdout io.Writer) error {
	if opts.Member < 1 || opts.Member > Members {
		return fmt.Errorf("demo: the member to show must be from 1 to %d, got %d", Members, opts.Member)
	}
	if opts.BotOptions == nil || opts.SchedulerOptions == nil {
		return errors.New("demo: BotOptions and SchedulerOptions are required")
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	dir, err := os.MkdirTemp("", "branchbot-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	loc := mustLoad("Asia/Shanghai")
	clock := &simClock{t: time.Date(2026, 11, 30, 20, 0, 0, 0, loc)}
	violations := &violationLog{}
	srv := telegramtest.NewServer(violations, telegramtest.WithHistory(), telegramtest.WithClock(clock.Now))
	defer srv.Close()

	db, err := store.Open(filepath.Join(dir, "demo.db"), store.Options{Now: clock.Now, NoSync: true}) // thrown away after the run
	if err != nil {
		return err
	}
	defer db.Close()

	// The sample handbook goes in as a file, as an operator's would.
	hbPath := filepath.Join(dir, "handbook.example.yaml")
	if err := os.WriteFile(hbPath, branchbot.SampleHandbook, 0o600); err != nil {
		return err
	}
	cfg := config.Default()
	cfg.Branch.Name = "市生态环境局机关党支部"
	cfg.Branch.Secretaries = []int64{secretaryID}
	cfg.QuietHours = config.QuietHours{From: config.ClockTime{Hour: 22, Set: true}, To: config.ClockTime{Hour: 7, Set: true}}
	cfg.Telegram.APIURL = srv.URL()
	cfg.Telegram.PollTimeout = config.Duration(time.Second)
	cfg.Telegram.Limits = config.LimitsConfig{GlobalPerSecond: 1000, PerChatPerSecond: 100, PerGroupPerMinute: 600}
	cfg.Study.Handbook = hbPath
	if err := cfg.Validate(func(string) string { return "" }); err != nil {
		return err
	}

	bo := opts.BotOptions(&cfg, srv.Token(), db, log)
	bo.Now = clock.Now
	bo.SendClock = time.Now                                 // Telegram's limits run on real time
	bo.QuizBank, bo.GroupChat = cfg.QuizBank(), groupChatID // the built-in sample bank; quiz.go
	codes := rand.New(rand.NewPCG(opts.Seed, 0x696e76697465))
	bo.InviteCode = func() string {
		const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
		b := make([]byte, 22)
		for i := range b {
			b[i] = alphabet[codes.IntN(len(alphabet))]
		}
		return string(b)
	}
	b, err := bot.New(bo)
	if err != nil {
		return err
	}
	sched, err := schedule.New(opts.SchedulerOptions(&cfg, db, clock.Now, b, log))
	if err != nil {
		return err
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	var runErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		runErr = b.Run(ctx)
	}()
	defer func() {
		cancel()
		wg.Wait()
	}()

	w := &world{srv: srv, db: db, sched: sched, clock: clock, loc: loc, quizBank: bo.QuizBank,
		rng: rand.New(rand.NewPCG(opts.Seed, 0x6272616e6368)), out: stdout}
	w.members = cast()
	w.secretary = &simMember{user: telegramtest.User{ID: secretaryID, FirstName: "王", LastName: "书记"}, name: "王书记", persona: diligent, joined: true}
	if err := w.run(ctx); err != nil {
		return err
	}

	m := w.members[opts.Member-1]
	names := map[int64]string{secretaryID: w.secretary.name}
	for _, sm := range w.members {
		names[sm.user.ID] = sm.name
	}
	fmt.Fprintf(stdout, "=== %s 的对话（共 %d 天）/ %s's chat over %d days ===\n", m.name, simDays, m.name, simDays)
	if err := writeTimeline(stdout, srv.History(m.user.ID), loc, names); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\n=== 书记的对话 / the secretary's chat ===\n")
	if err := writeTimeline(stdout, srv.History(secretaryID), loc, names); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\n=== 支部群 / the branch's group chat ===\n")
	if err := writeTimeline(stdout, srv.History(groupChatID), loc, names); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\n=== 最终学习统计 / the final study report ===\n%s\n", w.finalReport)

	cancel()
	wg.Wait()
	if runErr != nil {
		return runErr
	}
	if v := violations.list(); len(v) > 0 {
		return fmt.Errorf("demo: %d Bot API violations:\n%s", len(v), strings.Join(v, "\n"))
	}
	fmt.Fprintf(stdout, "demo: seed %d, %d simulated days, %d requests to the simulated Bot API (long polls aside), none violating it.\n", opts.Seed, simDays, totalRequests(srv.Stats()))
	return nil
}

// totalRequests counts the requests the bot made, long polls aside: how
// many of those there are depends on timing, the rest on the seed alone.
func totalRequests(s telegramtest.Stats) int {
	n := 0
	for method, c := range s.Requests {
		if method != "getUpdates" {
			n += c
		}
	}
	return n
}

// violationLog collects what telegramtest reports as a breach of the Bot API.
type violationLog struct {
	mu sync.Mutex
	v  []string
}

func (l *violationLog) Errorf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.v = append(l.v, fmt.Sprintf(format, args...))
}

func (l *violationLog) list() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.v...)
}

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(errors.New("time zone data missing: " + name))
	}
	return loc
}
