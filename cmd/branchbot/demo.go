package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/bot"
	"github.com/branchbot/branchbot/schedule"
	"github.com/branchbot/branchbot/store"
	"github.com/branchbot/branchbot/telegramtest"
)

// The demo runs the real bot and the real scheduler, on a real database in
// a temporary directory, against telegramtest: a secretary and 30
// simulated members over 14 simulated days. Simulated time moves minute by
// minute; after each step the demo waits until the bot has handled every
// update and sent every message, so a run is the same for the same seed.

const (
	demoSecretaryID = 1001
	demoDays        = 14
)

// persona is how a simulated member behaves.
type persona int

const (
	diligent   persona = iota // answers nearly every prompt with the button
	casual                    // answers most days, often in text
	snoozer                   // puts the prompt off, then studies
	silent                    // never answers
	blocker                   // blocks the bot on day 3
	lateJoiner                // is invited on day 6
	pauser                    // pauses study for a few days
	noter                     // reports minutes and a note with /done
)

type simMember struct {
	user    telegramtest.User
	name    string
	group   string
	persona persona
	studyAt string // "" keeps the branch's default time
	seen    int    // bot messages already read in their chat
	joined  bool
}

// simClock is the demo's clock: the bot, the scheduler and the store read
// it; the demo moves it.
type simClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *simClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *simClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// action is something a simulated person does at a simulated time.
type action struct {
	at  time.Time
	seq int
	do  func() error
}

type demoWorld struct {
	srv     *telegramtest.Server
	db      *store.DB
	sched   *schedule.Scheduler
	clock   *simClock
	loc     *time.Location
	rng     *rand.Rand
	members []*simMember
	// secretary studies too, and reads their notices.
	secretary *simMember
	queue     []action
	// finalReport is the bot's answer to the last /report study.
	finalReport string
	seq         int
	out         io.Writer
}

func demo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("demo", stderr)
	seed := fs.Uint64("seed", 1, "seed for the simulated members' behaviour")
	show := fs.Int("member", 3, "which member's chat to print (1-30)")
	verbose := fs.Bool("v", false, "log the bot's own messages to stderr")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *show < 1 || *show > 30 {
		return usageError{"demo: -member must be from 1 to 30"}
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

	db, err := store.Open(filepath.Join(dir, "demo.db"), store.Options{Now: clock.Now})
	if err != nil {
		return err
	}
	defer db.Close()

	level := slog.LevelError
	if *verbose {
		level = slog.LevelInfo
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))

	cfg := DefaultConfig()
	cfg.Branch.Name = "市生态环境局机关党支部"
	cfg.Branch.Secretaries = []int64{demoSecretaryID}
	cfg.QuietHours = QuietHours{From: ClockTime{Hour: 22, Set: true}, To: ClockTime{Hour: 7, Set: true}}
	cfg.Telegram.APIURL = srv.URL()
	cfg.Telegram.PollTimeout = Duration(time.Second)
	cfg.Telegram.Limits = LimitsConfig{GlobalPerSecond: 1000, PerChatPerSecond: 100, PerGroupPerMinute: 600}
	if err := cfg.Validate(func(string) string { return "" }); err != nil {
		return err
	}
	hb, err := parseHandbook("handbook.example.yaml", branchbot.SampleHandbook)
	if err != nil {
		return err
	}
	cfg.study.handbook = hb

	bo := botOptions(&cfg, srv.Token(), db, log)
	bo.Now = clock.Now
	bo.SendClock = time.Now // Telegram's limits run on real time
	codes := rand.New(rand.NewPCG(*seed, 0x696e76697465))
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
	sched, err := schedule.New(schedOptions(&cfg, db, clock.Now, b, log))
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

	w := &demoWorld{srv: srv, db: db, sched: sched, clock: clock, loc: loc,
		rng: rand.New(rand.NewPCG(*seed, 0x6272616e6368)), out: stdout}
	w.members = cast()
	w.secretary = &simMember{user: telegramtest.User{ID: demoSecretaryID, FirstName: "王", LastName: "书记"}, name: "王书记", persona: diligent, joined: true}
	if err := w.run(ctx); err != nil {
		return err
	}

	m := w.members[*show-1]
	names := map[int64]string{demoSecretaryID: w.secretary.name}
	for _, sm := range w.members {
		names[sm.user.ID] = sm.name
	}
	fmt.Fprintf(stdout, "=== %s 的对话（共 %d 天）/ %s's chat over %d days ===\n", m.name, demoDays, m.name, demoDays)
	if err := writeTimeline(stdout, srv.History(m.user.ID), loc, names); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\n=== 书记的对话 / the secretary's chat ===\n")
	if err := writeTimeline(stdout, srv.History(demoSecretaryID), loc, names); err != nil {
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
	fmt.Fprintf(stdout, "demo: seed %d, %d simulated days, %d requests to the simulated Bot API (long polls aside), none violating it.\n", *seed, demoDays, totalRequests(srv.Stats()))
	return nil
}

// cast is the branch: 30 members with their groups, study times and ways.
func cast() []*simMember {
	names := []string{
		"李建国", "张芳", "刘伟", "陈静", "杨洋", "赵敏", "黄磊", "周婷", "吴强", "徐丽",
		"孙涛", "马超", "朱琳", "胡军", "郭娜", "何平", "高峰", "林雪", "罗斌", "梁燕",
		"宋杰", "郑红", "谢刚", "韩梅", "唐亮", "冯霞", "于洋", "董洁", "萧然", "Li Ming",
	}
	personas := []persona{
		diligent, casual, snoozer, diligent, casual, silent, diligent, noter, casual, diligent,
		blocker, diligent, casual, snoozer, diligent, pauser, casual, diligent, silent, casual,
		diligent, casual, diligent, snoozer, casual, diligent, lateJoiner, casual, diligent, diligent,
	}
	times := []string{"", "06:30", "07:15", "", "12:30", "", "20:00", "08:00", "", "06:45",
		"", "21:00", "13:00", "07:30", "", "", "19:30", "06:30", "", "12:00",
		"", "08:30", "", "20:30", "", "07:00", "", "22:30", "09:00", ""}
	groups := []string{"第一党小组", "第二党小组", "第三党小组"}
	ms := make([]*simMember, len(names))
	for i, n := range names {
		u := telegramtest.User{ID: int64(2001 + i), FirstName: n}
		if n == "Li Ming" {
			u.FirstName, u.LastName, u.LanguageCode = "Ming", "Li", "en"
		}
		ms[i] = &simMember{user: u, name: n, group: groups[i%3], persona: personas[i], studyAt: times[i]}
	}
	return ms
}

// run plays the 14 days.
func (w *demoWorld) run(ctx context.Context) error {
	sec := w.secretary.user
	if err := w.say(ctx, sec, "/start"); err != nil {
		return err
	}
	w.secretary.seen = len(w.botMessages(sec.ID))
	for _, m := range w.members {
		if m.persona != lateJoiner {
			if err := w.join(ctx, sec, m); err != nil {
				return err
			}
		}
	}
	day1 := time.Date(2026, 12, 1, 0, 0, 0, 0, w.loc)
	for i, m := range w.members {
		switch m.persona {
		case lateJoiner:
			w.at(day1.AddDate(0, 0, 5).Add(9*time.Hour), func() error { return w.join(ctx, sec, m) })
		case blocker:
			w.at(day1.AddDate(0, 0, 2).Add(12*time.Hour), func() error {
				w.srv.FailChat(m.user.ID, 403, "Forbidden: bot was blocked by the user")
				return nil
			})
		case pauser:
			w.at(day1.AddDate(0, 0, 3).Add(6*time.Hour+time.Duration(i)*time.Minute), func() error {
				return w.say(ctx, m.user, "/studytime off 2026-12-07")
			})
		}
	}
	w.at(day1.AddDate(0, 0, 1).Add(9*time.Hour), func() error {
		return w.broadcast(ctx, sec, "/broadcast directive all 十二月指示精神传达：深入学习贯彻党章，抓好本月生态环境保护督察反馈问题整改，各党小组月底前报送整改进展。")
	})
	w.at(day1.AddDate(0, 0, 3).Add(9*time.Hour+30*time.Minute), func() error { return w.say(ctx, sec, "/broadcasts") })
	w.at(day1.AddDate(0, 0, 4).Add(9*time.Hour), func() error { return w.say(ctx, sec, "/report study") })
	end := day1.AddDate(0, 0, demoDays)
	for t := w.clock.Now().Truncate(time.Minute); t.Before(end); t = t.Add(time.Minute) {
		w.clock.Set(t)
		acted, err := w.act(t)
		if err != nil {
			return err
		}
		res, err := w.sched.Tick(t)
		if err != nil {
			return err
		}
		if !acted && res == (schedule.TickResult{}) {
			continue
		}
		if err := w.quiesce(ctx); err != nil {
			return err
		}
		w.react()
	}
	w.clock.Set(end.Add(-30 * time.Minute))
	before := len(w.botMessages(demoSecretaryID))
	if err := w.say(ctx, sec, "/report study 2026-12"); err != nil {
		return err
	}
	var parts []string
	for _, msg := range w.botMessages(demoSecretaryID)[before:] {
		parts = append(parts, msg.Text)
	}
	w.finalReport = strings.Join(parts, "\n")
	return w.say(ctx, sec, "/members")
}

// broadcast has the secretary compose a notice and press send on the
// preview.
func (w *demoWorld) broadcast(ctx context.Context, sec telegramtest.User, text string) error {
	if err := w.say(ctx, sec, text); err != nil {
		return err
	}
	msgs := w.botMessages(sec.ID)
	for i := len(msgs) - 1; i >= 0; i-- {
		if send, ok := button(msgs[i], "📤"); ok {
			w.srv.Press(sec, sec.ID, msgs[i].ID, send.Data)
			return w.quiesce(ctx)
		}
	}
	return errors.New("demo: no send button on the broadcast preview")
}

// at plans an action.
func (w *demoWorld) at(t time.Time, do func() error) {
	w.seq++
	w.queue = append(w.queue, action{at: t, seq: w.seq, do: do})
}

// act runs the actions due at t, in the order they were planned.
func (w *demoWorld) act(t time.Time) (bool, error) {
	sort.SliceStable(w.queue, func(i, j int) bool {
		if !w.queue[i].at.Equal(w.queue[j].at) {
			return w.queue[i].at.Before(w.queue[j].at)
		}
		return w.queue[i].seq < w.queue[j].seq
	})
	n := 0
	for n < len(w.queue) && !w.queue[n].at.After(t) {
		if err := w.queue[n].do(); err != nil {
			return false, err
		}
		n++
	}
	w.queue = w.queue[n:]
	return n > 0, nil
}

// say sends text as u in their private chat and waits until the bot has
// dealt with it.
func (w *demoWorld) say(ctx context.Context, u telegramtest.User, text string) error {
	w.srv.SendText(u, u.ID, text)
	return w.quiesce(ctx)
}

var inviteLink = regexp.MustCompile(`\?start=([A-Za-z0-9_-]+)`)

// join has the secretary invite m, and m follow the link and set their
// study time and language.
func (w *demoWorld) join(ctx context.Context, sec telegramtest.User, m *simMember) error {
	if err := w.say(ctx, sec, fmt.Sprintf("/invite %q %s", m.name, m.group)); err != nil {
		return err
	}
	msgs := w.srv.Messages(demoSecretaryID)
	code := inviteLink.FindStringSubmatch(msgs[len(msgs)-1].Text)
	if code == nil {
		return fmt.Errorf("demo: no invite link for %s", m.name)
	}
	if err := w.say(ctx, m.user, "/start "+code[1]); err != nil {
		return err
	}
	if m.user.LanguageCode == "en" {
		if err := w.say(ctx, m.user, "/lang en"); err != nil {
			return err
		}
	}
	if m.studyAt != "" {
		if err := w.say(ctx, m.user, "/studytime "+m.studyAt); err != nil {
			return err
		}
		msgs := w.botMessages(m.user.ID)
		if strings.Contains(msgs[len(msgs)-1].Text, "请选择") {
			// Too late in the evening: take the bot's advice.
			if err := w.say(ctx, m.user, "/studytime 21:00"); err != nil {
				return err
			}
		}
	}
	m.joined = true
	m.seen = len(w.botMessages(m.user.ID))
	return nil
}

func (w *demoWorld) botMessages(chat int64) []telegramtest.Message {
	var out []telegramtest.Message
	for _, m := range w.srv.Messages(chat) {
		if m.FromBot {
			out = append(out, m)
		}
	}
	return out
}

// quiesce waits until the bot has applied every update and the outbox is
// empty.
func (w *demoWorld) quiesce(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	for {
		if err := w.srv.WaitIdle(ctx); err != nil {
			return fmt.Errorf("demo: the bot stopped reading updates: %w", err)
		}
		var queued int
		if err := w.db.View(func(tx *store.Tx) error {
			queued, _ = tx.OutboxStats()
			return nil
		}); err != nil {
			return err
		}
		if queued == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return errors.New("demo: the outbox did not drain")
		case <-time.After(200 * time.Microsecond):
		}
	}
}

// react reads what the bot sent each member and plans their answers.
func (w *demoWorld) react() {
	now := w.clock.Now()
	for _, m := range append([]*simMember{w.secretary}, w.members...) {
		if !m.joined {
			continue
		}
		msgs := w.botMessages(m.user.ID)
		for _, msg := range msgs[m.seen:] {
			w.respond(now, m, msg)
		}
		m.seen = len(msgs)
	}
}

func button(msg telegramtest.Message, prefix string) (telegramtest.Button, bool) {
	for _, row := range msg.Keyboard {
		for _, b := range row {
			if strings.HasPrefix(b.Text, prefix) {
				return b, true
			}
		}
	}
	return telegramtest.Button{}, false
}

// respond plans how m answers one message from the bot.
func (w *demoWorld) respond(now time.Time, m *simMember, msg telegramtest.Message) {
	if ack, ok := button(msg, "已阅"); ok {
		// A notice: most read it within hours, some need the reminder.
		if m.persona == silent || (m.persona == casual && w.rng.IntN(10) < 4) {
			return
		}
		at := now.Add(time.Duration(10+w.rng.IntN(300)) * time.Minute)
		w.at(at, func() error { w.srv.Press(m.user, m.user.ID, msg.ID, ack.Data); return nil })
		return
	}
	done, isPrompt := button(msg, "✅")
	if !isPrompt {
		return
	}
	later := func(minMin, maxMin int) time.Time {
		return now.Add(time.Duration(minMin+w.rng.IntN(maxMin-minMin+1)) * time.Minute)
	}
	press := func(b telegramtest.Button) func() error {
		return func() error { w.srv.Press(m.user, m.user.ID, msg.ID, b.Data); return nil }
	}
	reply := func(text string) func() error {
		return func() error { w.srv.Reply(m.user, m.user.ID, msg.ID, text); return nil }
	}
	nudge := strings.Contains(msg.Text, "还没完成") || strings.Contains(msg.Text, "not done yet")
	switch m.persona {
	case diligent:
		if full, ok := button(msg, "📖"); ok && w.rng.IntN(3) == 0 {
			w.at(later(2, 5), press(full))
		}
		if w.rng.IntN(10) < 9 || nudge {
			w.at(later(8, 40), press(done))
		}
	case casual:
		if w.rng.IntN(10) < 6 || (nudge && w.rng.IntN(2) == 0) {
			words := []string{"已学", "打卡", "学完了", "done"}
			if w.rng.IntN(2) == 0 {
				w.at(later(15, 90), reply(words[w.rng.IntN(len(words))]))
			} else {
				w.at(later(15, 90), press(done))
			}
		}
	case snoozer, pauser, lateJoiner, blocker:
		if snooze, ok := button(msg, "⏰"); ok && m.persona == snoozer && w.rng.IntN(3) > 0 {
			w.at(later(1, 3), press(snooze))
			return
		}
		w.at(later(5, 30), press(done))
	case noter:
		w.at(later(20, 45), func() error {
			w.srv.SendText(m.user, m.user.ID, fmt.Sprintf("/done %d 联系生态环境保护工作谈体会", 15+w.rng.IntN(10)))
			return nil
		})
	case silent:
	}
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
