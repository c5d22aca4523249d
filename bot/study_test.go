package bot_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/bot"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/store"
	"github.com/branchbot/branchbot/telegramtest"
)

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

// local is a wall-clock time in the branch's zone.
func local(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, shanghai)
}

// dayOf is the branch's date of a local date.
func dayOf(y int, m time.Month, d int) branchbot.Day {
	return branchbot.DayOf(local(y, m, d, 12, 0), shanghai)
}

// longReading is past branchbot.LongReading, so prompts show an excerpt.
var longReading = strings.Repeat("坚持以人民为中心的发展思想，把群众身边的环境问题当作自己的事。", 30)

func testHandbook() *branchbot.Handbook {
	return &branchbot.Handbook{
		Title:   "党章学习手册",
		TitleEN: "Constitution handbook",
		Sections: []branchbot.Section{
			{ID: "nature", Title: "党的性质和宗旨", TitleEN: "Nature and purpose", Reading: "党章开篇的总纲，首先回答“我们是一个什么样的党”。",
				Questions: []string{"宗旨在工作中体现在哪里？", "举一个例子。"}, Minutes: 10},
			{ID: "long", Title: "长篇阅读", Reading: longReading},
			{ID: "paper", Title: "纸质手册", Page: "第12–15页", Minutes: 20},
		},
	}
}

func testRules() *branchbot.StudyRules {
	return &branchbot.StudyRules{
		Handbook:      testHandbook(),
		GraceMinute:   3 * 60,
		SnoozeMinutes: 60,
	}
}

// newStudyHarness is newHarness with daily study on and a clock the test
// sets, shared by the bot and its store as in production.
func newStudyHarness(t *testing.T, clk *clocktest.Clock, rules *branchbot.StudyRules) *harness {
	t.Helper()
	srv := telegramtest.NewServer(t)
	path := filepath.Join(t.TempDir(), "branchbot.db")
	db, err := store.Open(path, store.Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	bo := bot.Options{
		APIURL:             srv.URL(),
		Token:              srv.Token(),
		Store:              db,
		Now:                clk.Now,
		SendClock:          time.Now, // Telegram's limits run on real time
		BranchName:         "测试支部",
		Language:           branchbot.LangZH,
		Location:           shanghai,
		Secretaries:        []int64{secretaryID},
		PollTimeout:        2 * time.Second,
		Limits:             bot.Limits{GlobalPerSecond: 1000, PerChatPerSecond: 100, PerGroupPerMinute: 600},
		Study:              rules,
		DefaultStudyMinute: 7*60 + 30,
	}
	h := &harness{t: t, srv: srv, db: db, path: path}
	h.start(bo)
	t.Cleanup(func() {
		h.stop()
		db.Close()
		srv.Close()
	})
	return h
}

// join invites name and has u follow the link.
func (h *harness) join(u telegramtest.User, name string) *branchbot.Member {
	h.t.Helper()
	code := h.invite(name)
	h.say(u, "/start "+code)
	h.wait(u.ID, "欢迎您")
	return h.member(u.ID)
}

// promptFor does for one member and day what the scheduler does when the
// member's time comes (repeat 0) or a snooze runs out (repeat n): it records
// the prompt in the day's record and the plan, and queues what the bot
// renders under PromptKey(day, member, repeat). It returns the message as
// delivered.
func (h *harness) promptFor(m *branchbot.Member, day branchbot.Day, repeat int) telegramtest.Message {
	h.t.Helper()
	rules := testRules()
	n := len(rules.Handbook.Sections)
	err := h.db.Update(func(tx *store.Tx) error {
		p, err := tx.StudyPlan(m.ID)
		if err != nil {
			return err
		}
		rec, err := tx.StudyDay(m.ID, day)
		if err != nil {
			return err
		}
		index := int(p.Section) % n
		if repeat > 0 {
			index = int(rec.Section) - 1
		}
		o := h.bot.Renderer().Prompt(p, day, &rules.Handbook.Sections[index], index, false, repeat)
		o.Key = branchbot.PromptKey(day, m.ID, repeat)
		o.ChatID, o.MemberID = p.ChatID, p.MemberID
		if _, err := tx.Enqueue(&o); err != nil {
			return err
		}
		if repeat == 0 {
			rec.Prompted, rec.Prompts, rec.Section = true, 1, uint16(index+1)
		} else {
			rec.Prompts++
		}
		if err := tx.PutStudyDay(m.ID, day, rec); err != nil {
			return err
		}
		return tx.PutStudyPlan(p)
	})
	if err != nil {
		h.t.Fatal(err)
	}
	h.bot.Kick()
	key := branchbot.PromptKey(day, m.ID, repeat)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for {
		var d branchbot.Delivery
		var ok bool
		h.view(func(tx *store.Tx) error { d, ok = tx.Delivered(key); return nil })
		if ok {
			return h.message(m.ChatID(), d.MessageID)
		}
		select {
		case <-ctx.Done():
			h.t.Fatalf("prompt %s not delivered\n%s", key, h.srv.Transcript(m.ChatID()))
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// message returns message id of chat as it is now.
func (h *harness) message(chat int64, id int) telegramtest.Message {
	h.t.Helper()
	for _, m := range h.srv.Messages(chat) {
		if m.ID == id {
			return m
		}
	}
	h.t.Fatalf("no message %d in chat %d", id, chat)
	return telegramtest.Message{}
}

// press presses a button of u's private chat as u and waits until the bot
// has answered and sent what followed; it returns the answer.
func (h *harness) press(u telegramtest.User, msg telegramtest.Message, data string) (text string, alert bool) {
	h.t.Helper()
	return h.pressIn(u, u.ID, msg, data)
}

// pressIn is press in chat, which need not be u's.
func (h *harness) pressIn(u telegramtest.User, chat int64, msg telegramtest.Message, data string) (text string, alert bool) {
	h.t.Helper()
	_, cb := h.srv.Press(u, chat, msg.ID, data)
	h.settle()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for {
		text, alert, ok := h.srv.CallbackAnswer(cb)
		if ok {
			return text, alert
		}
		select {
		case <-ctx.Done():
			h.t.Fatalf("press %q not answered", data)
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// sayAndWait sends text as u and waits for a new bot message holding want.
func (h *harness) sayAndWait(u telegramtest.User, text, want string) telegramtest.Message {
	h.t.Helper()
	last := 0
	for _, m := range h.srv.Messages(u.ID) {
		last = max(last, m.ID)
	}
	h.say(u, text)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	m, err := h.srv.WaitMessage(ctx, u.ID, func(m telegramtest.Message) bool {
		return m.FromBot && m.ID > last && strings.Contains(m.Text, want)
	})
	if err != nil {
		h.t.Fatalf("after %q, waiting for %q: %v", text, want, err)
	}
	return m
}

func (h *harness) studyDay(id int64, d branchbot.Day) branchbot.StudyDay {
	h.t.Helper()
	var rec branchbot.StudyDay
	h.view(func(tx *store.Tx) (err error) { rec, err = tx.StudyDay(id, d); return err })
	return rec
}

func (h *harness) plan(id int64) branchbot.StudyPlan {
	h.t.Helper()
	var p *branchbot.StudyPlan
	h.view(func(tx *store.Tx) (err error) { p, err = tx.StudyPlan(id); return err })
	return *p
}

// setJoined makes day the members' first study day.
func (h *harness) setJoined(ms []*branchbot.Member, day branchbot.Day) {
	h.t.Helper()
	h.update(func(tx *store.Tx) error {
		for _, m := range ms {
			p, err := tx.StudyPlan(m.ID)
			if err != nil {
				return err
			}
			p.JoinedDay = day
			if err := tx.PutStudyPlan(p); err != nil {
				return err
			}
		}
		return nil
	})
}

func (h *harness) update(fn func(*store.Tx) error) {
	h.t.Helper()
	if err := h.db.Update(fn); err != nil {
		h.t.Fatal(err)
	}
}

func buttonTexts(m telegramtest.Message) []string {
	var out []string
	for _, row := range m.Keyboard {
		for _, b := range row {
			out = append(out, b.Text)
		}
	}
	return out
}

func button(t *testing.T, m telegramtest.Message, label string) string {
	t.Helper()
	for _, row := range m.Keyboard {
		for _, b := range row {
			if strings.Contains(b.Text, label) {
				return b.Data
			}
		}
	}
	t.Fatalf("no %q button on %q (buttons %v)", label, m.Text, buttonTexts(m))
	return ""
}

func TestRenderPrompt(t *testing.T) {
	rules := testRules()
	rd := bot.NewRenderer(rules)
	day := dayOf(2026, 11, 25)
	hb := rules.Handbook
	zh := &branchbot.StudyPlan{MemberID: 17, ChatID: 7017, Minute: branchbot.DefaultMinute}
	en := &branchbot.StudyPlan{MemberID: 18, ChatID: 7018, LangEN: true, Minute: branchbot.DefaultMinute}

	tests := []struct {
		name    string
		p       *branchbot.StudyPlan
		index   int
		late    bool
		repeat  int
		want    []string
		notWant []string
		buttons []string
	}{
		{"short zh", zh, 0, false, 0,
			[]string{"📖 黄金一刻 · 第1节/共3节 · 党的性质和宗旨", "我们是一个什么样的党", "1. 宗旨在工作中体现在哪里？", "2. 举一个例子。", "约 10 分钟"},
			[]string{"补发", "再次提醒", "全文"},
			[]string{"✅ 已学", "⏰ 1 小时后"}},
		{"late zh", zh, 0, true, 0, []string{"党的性质和宗旨（补发）"}, nil, []string{"✅ 已学", "⏰ 1 小时后"}},
		{"long zh", zh, 1, false, 0, []string{"第2节/共3节 · 长篇阅读", "…", "约 15 分钟"}, []string{longReading}, []string{"✅ 已学", "⏰ 1 小时后", "📖 全文"}},
		{"page zh", zh, 2, false, 0, []string{"请阅读手册第12–15页", "约 20 分钟"}, nil, []string{"✅ 已学", "⏰ 1 小时后"}},
		{"repeat 1", zh, 0, false, 1, []string{"⏰ 再次提醒\n📖 黄金一刻"}, nil, []string{"✅ 已学", "⏰ 1 小时后"}},
		{"last repeat has no snooze", zh, 1, false, branchbot.MaxSnoozes, []string{"⏰ 再次提醒"}, nil, []string{"✅ 已学", "📖 全文"}},
		{"english", en, 0, true, 0, []string{"📖 Golden quarter hour · Section 1 of 3 · Nature and purpose (late)", "About 10 minutes"}, []string{"黄金一刻"}, []string{"✅ Done", "⏰ In 1 hour"}},
		{"english without an English title", en, 1, false, 0, []string{"Section 2 of 3 · 长篇阅读"}, nil, []string{"✅ Done", "⏰ In 1 hour", "📖 Full text"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := rd.Prompt(tt.p, day, &hb.Sections[tt.index], tt.index, tt.late, tt.repeat)
			for _, w := range tt.want {
				if !strings.Contains(o.Text, w) {
					t.Errorf("prompt lacks %q:\n%s", w, o.Text)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(o.Text, w) {
					t.Errorf("prompt has %q:\n%s", w, o.Text)
				}
			}
			if len(o.Keyboard) != 1 {
				t.Fatalf("keyboard %+v", o.Keyboard)
			}
			var labels []string
			for _, b := range o.Keyboard[0] {
				labels = append(labels, b.Text)
				cb, err := branchbot.DecodeCallback(b.Data)
				if err != nil || len(b.Data) > branchbot.MaxCallbackData {
					t.Fatalf("button %q data %q: %v", b.Text, b.Data, err)
				}
				if cb.Owner != tt.p.MemberID {
					t.Errorf("button %q owned by %d", b.Text, cb.Owner)
				}
				want := fmt.Sprint(int(day))
				if cb.Action == "full" {
					want = fmt.Sprint(tt.index)
				}
				if cb.Arg != want {
					t.Errorf("button %q arg %q, want %q", b.Text, cb.Arg, want)
				}
			}
			if strings.Join(labels, "|") != strings.Join(tt.buttons, "|") {
				t.Errorf("buttons %q, want %q", labels, tt.buttons)
			}
			if o.Key != branchbot.PromptKey(day, tt.p.MemberID, tt.repeat) || o.ChatID != tt.p.ChatID {
				t.Errorf("key %q chat %d", o.Key, o.ChatID)
			}
		})
	}

	t.Run("nudge", func(t *testing.T) {
		o := rd.Nudge(zh, day, &hb.Sections[0], 0)
		if o.Text != "🔔 今天的黄金一刻还没完成：党的性质和宗旨。学完后回复“已学”或点按钮。" {
			t.Errorf("nudge %q", o.Text)
		}
		if len(o.Keyboard) != 1 || len(o.Keyboard[0]) != 1 || o.Keyboard[0][0].Text != "✅ 已学" || o.Key != branchbot.NudgeKey(day, 17) {
			t.Errorf("nudge %+v", o)
		}
		if o := rd.Nudge(en, day, &hb.Sections[0], 0); !strings.Contains(o.Text, "not done yet: Nature and purpose") {
			t.Errorf("English nudge %q", o.Text)
		}
	})
	t.Run("snooze label follows the rules", func(t *testing.T) {
		r := testRules()
		r.SnoozeMinutes = 30
		o := bot.NewRenderer(r).Prompt(zh, day, &hb.Sections[0], 0, false, 0)
		if got := o.Keyboard[0][1].Text; got != "⏰ 30 分钟后" {
			t.Errorf("snooze label %q", got)
		}
	})
}

func TestStudyDonePress(t *testing.T) {
	clk := clocktest.New(local(2026, 11, 25, 7, 30))
	h := newStudyHarness(t, clk, testRules())
	today := dayOf(2026, 11, 25)
	zhang := telegramtest.User{ID: 2001, FirstName: "三", LastName: "张"}
	m := h.join(zhang, "张三")
	if p := h.plan(m.ID); p.JoinedDay != today {
		t.Fatalf("JoinedDay %s, want %s", p.JoinedDay, today)
	}

	prompt := h.promptFor(m, today, 0)
	done := button(t, prompt, "已学")

	t.Run("someone else's press is refused", func(t *testing.T) {
		li := telegramtest.User{ID: 2002, FirstName: "四", LastName: "李"}
		addMembers(t, h.db, li.ID, 1)
		before, plan := h.studyDay(m.ID, today), h.plan(m.ID)
		text, alert := h.pressIn(li, zhang.ID, prompt, done)
		if !alert || !strings.Contains(text, "不是发给您的") {
			t.Errorf("answer %q alert %v", text, alert)
		}
		if h.studyDay(m.ID, today) != before || h.plan(m.ID) != plan {
			t.Error("someone else's press changed the record")
		}
		if got := h.message(zhang.ID, prompt.ID); got.Edited {
			t.Error("someone else's press edited the prompt")
		}
		var audited bool
		h.view(func(tx *store.Tx) error {
			es, err := tx.LatestAudit(5)
			for _, e := range es {
				audited = audited || (e.Refused && e.ActorTG == li.ID && strings.Contains(e.Detail, "done"))
			}
			return err
		})
		if !audited {
			t.Error("refusal not audited")
		}
	})

	clk.Set(local(2026, 11, 25, 7, 42))
	text, alert := h.press(zhang, prompt, done)
	if text != "已记录" || alert {
		t.Errorf("answer %q alert %v", text, alert)
	}
	edited := h.message(zhang.ID, prompt.ID)
	if !edited.Edited || !strings.Contains(edited.Text, "✅ 已学 · 连续 1 天") || len(edited.Keyboard) != 0 {
		t.Errorf("prompt after done: edited %v, buttons %v:\n%s", edited.Edited, buttonTexts(edited), edited.Text)
	}
	rec := h.studyDay(m.ID, today)
	want := branchbot.StudyDay{Status: branchbot.DayDone, Prompted: true, Prompts: 1, Section: 1, Minutes: 10, At: 7*60 + 42}
	if rec != want {
		t.Errorf("record %+v, want %+v", rec, want)
	}
	plan := h.plan(m.ID)
	if plan.DoneDay != today || plan.Section != 1 {
		t.Errorf("plan after done: DoneDay %s Section %d", plan.DoneDay, plan.Section)
	}

	t.Run("a second press counts once", func(t *testing.T) {
		clk.Set(local(2026, 11, 25, 8, 0))
		text, _ := h.press(zhang, prompt, done)
		if !strings.Contains(text, "今天已经打过卡了") {
			t.Errorf("answer %q", text)
		}
		if h.studyDay(m.ID, today) != rec || h.plan(m.ID) != plan {
			t.Error("a second press changed the record")
		}
		h.sayAndWait(zhang, "已学", "今天已经打过卡了")
		if h.studyDay(m.ID, today) != rec || h.plan(m.ID) != plan {
			t.Error("a second done by text changed the record")
		}
	})

	t.Run("next day the streak grows and the long section has its button", func(t *testing.T) {
		clk.Set(local(2026, 11, 26, 7, 30))
		p := h.promptFor(m, today+1, 0)
		if !strings.Contains(p.Text, "第2节/共3节 · 长篇阅读") {
			t.Fatalf("second prompt:\n%s", p.Text)
		}
		h.press(zhang, p, button(t, p, "已学"))
		got := h.message(zhang.ID, p.ID)
		if !strings.Contains(got.Text, "✅ 已学 · 连续 2 天") {
			t.Errorf("edited prompt:\n%s", got.Text)
		}
		if b := buttonTexts(got); len(b) != 1 || b[0] != "📖 全文" {
			t.Errorf("buttons after done %v, want only 📖 全文", b)
		}
		if rec := h.studyDay(m.ID, today+1); rec.Minutes != branchbot.DefaultStudyMinutes || rec.Section != 2 {
			t.Errorf("record %+v", rec)
		}
		if s := h.plan(m.ID).Section; s != 2 {
			t.Errorf("section %d, want 2", s)
		}
	})

	t.Run("an old or future prompt changes nothing", func(t *testing.T) {
		clk.Set(local(2026, 11, 27, 9, 0))
		before := h.plan(m.ID)
		text, alert := h.press(zhang, prompt, done) // 11-25's prompt
		if !alert || !strings.Contains(text, "已过补记时间") {
			t.Errorf("old press: %q %v", text, alert)
		}
		future := branchbot.Callback{Action: "done", Owner: m.ID, Arg: fmt.Sprint(int(today + 5))}.MustEncode()
		text, alert = h.press(zhang, prompt, future)
		if !alert || !strings.Contains(text, "还没到") {
			t.Errorf("future press: %q %v", text, alert)
		}
		if h.plan(m.ID) != before || h.studyDay(m.ID, today+5).Status != branchbot.DayDue {
			t.Error("an old or future press changed something")
		}
	})
}

func TestStudyDoneByText(t *testing.T) {
	clk := clocktest.New(local(2026, 11, 25, 20, 0))
	h := newStudyHarness(t, clk, testRules())
	today := dayOf(2026, 11, 25)
	ms := addMembers(t, h.db, 5001, 6)

	tests := []struct {
		text    string
		reply   bool // as a reply to the prompt
		minutes uint16
		note    string
	}{
		{text: "已学", minutes: 10},
		{text: "打卡。", minutes: 10},
		{text: " Done! ", minutes: 10},
		{text: "学完了！", reply: true, minutes: 10},
		{text: "/done 20 学习体会", minutes: 20, note: "学习体会"},
		{text: "/done 心得：要把宗旨落到实处", minutes: 10, note: "心得：要把宗旨落到实处"},
	}
	for i, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			m := ms[i]
			u := telegramtest.User{ID: m.TelegramID, FirstName: m.Name}
			prompt := h.promptFor(m, today, 0)
			last := 0
			for _, x := range h.srv.Messages(u.ID) {
				last = max(last, x.ID)
			}
			if tt.reply {
				h.srv.Reply(u, u.ID, prompt.ID, tt.text)
			} else {
				h.say(u, tt.text)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			reply, err := h.srv.WaitMessage(ctx, u.ID, func(x telegramtest.Message) bool { return x.FromBot && x.ID > last })
			if err != nil {
				t.Fatal(err)
			}
			want := "✅ 已记录：第1节《党的性质和宗旨》。连续学习 1 天，本月 1/1 天。"
			if tt.note != "" {
				// The member is told where the note went and who reads it.
				want += "\n📝 心得已保存，可发送 /me 查看；党小组长和书记也能看到。"
			}
			if reply.Text != want {
				t.Errorf("reply %q, want %q", reply.Text, want)
			}
			h.settle()
			if got := h.message(u.ID, prompt.ID); !strings.Contains(got.Text, "✅ 已学 · 连续 1 天") || len(got.Keyboard) != 0 {
				t.Errorf("prompt not edited:\n%s", got.Text)
			}
			rec := h.studyDay(m.ID, today)
			if rec.Status != branchbot.DayDone || rec.Minutes != tt.minutes || rec.At != 20*60 {
				t.Errorf("record %+v", rec)
			}
			var note string
			h.view(func(tx *store.Tx) error { note = tx.StudyNote(m.ID, today); return nil })
			if note != tt.note {
				t.Errorf("note %q, want %q", note, tt.note)
			}
		})
	}

	t.Run("mistakes change nothing", func(t *testing.T) {
		m := ms[len(ms)-1]
		u := telegramtest.User{ID: m.TelegramID, FirstName: m.Name}
		for _, c := range []struct{ text, want string }{
			{"/done 0", "1–300"},
			{"/done 301 太久了", "1–300"},
			{"/done -5", "1–300"},
			{"/done 30 " + strings.Repeat("好", 501), "最多 500 字"},
			{"已学习了吗", "没有转给任何人"},
		} {
			h.sayAndWait(u, c.text, c.want)
		}
		if rec := h.studyDay(m.ID, today); rec.Status != branchbot.DayDone || rec.Minutes != 10 {
			// The earlier subtest left it done; a mistake must not change it.
			t.Errorf("record changed by a mistake: %+v", rec)
		}
	})

	t.Run("300 minutes fit", func(t *testing.T) {
		m := ms[len(ms)-1]
		u := telegramtest.User{ID: m.TelegramID, FirstName: m.Name}
		h.update(func(tx *store.Tx) error { return tx.PutStudyDay(m.ID, today+1, branchbot.StudyDay{}) })
		clk.Set(local(2026, 11, 26, 21, 0))
		h.sayAndWait(u, "/done 300", "已记录")
		if rec := h.studyDay(m.ID, today+1); rec.Minutes != 300 {
			t.Errorf("minutes %d, want 300", rec.Minutes)
		}
	})
}

func TestStudyDoneBeforeGrace(t *testing.T) {
	clk := clocktest.New(local(2026, 11, 24, 7, 30))
	h := newStudyHarness(t, clk, testRules())
	yesterday := dayOf(2026, 11, 24)
	today := yesterday + 1
	ms := addMembers(t, h.db, 6001, 3)
	h.setJoined(ms, yesterday-1)
	prompts := make([]telegramtest.Message, len(ms))
	for i, m := range ms {
		prompts[i] = h.promptFor(m, yesterday, 0)
	}
	users := make([]telegramtest.User, len(ms))
	for i, m := range ms {
		users[i] = telegramtest.User{ID: m.TelegramID, FirstName: m.Name}
	}

	t.Run("before the grace minute marks yesterday", func(t *testing.T) {
		clk.Set(local(2026, 11, 25, 2, 30))
		h.sayAndWait(users[0], "已学", "✅ 已记录（昨天）：第1节《党的性质和宗旨》")
		if rec := h.studyDay(ms[0].ID, yesterday); rec.Status != branchbot.DayDone || rec.At != 150 {
			t.Errorf("yesterday %+v", rec)
		}
		if rec := h.studyDay(ms[0].ID, today); rec.Status != branchbot.DayDue {
			t.Errorf("today %+v", rec)
		}
		p := h.plan(ms[0].ID)
		if p.DoneDay != yesterday || p.Section != 1 {
			t.Errorf("plan DoneDay %s Section %d", p.DoneDay, p.Section)
		}
		h.settle()
		if got := h.message(users[0].ID, prompts[0].ID); !strings.Contains(got.Text, "✅ 已学 · 连续 1 天") {
			t.Errorf("yesterday's prompt not edited:\n%s", got.Text)
		}
	})
	t.Run("yesterday's button works before the grace minute", func(t *testing.T) {
		text, _ := h.press(users[1], prompts[1], button(t, prompts[1], "已学"))
		if text != "已记录" || h.studyDay(ms[1].ID, yesterday).Status != branchbot.DayDone {
			t.Errorf("answer %q, record %+v", text, h.studyDay(ms[1].ID, yesterday))
		}
	})
	t.Run("after the grace minute it is today", func(t *testing.T) {
		clk.Set(local(2026, 11, 25, 3, 0))
		text, alert := h.press(users[2], prompts[2], button(t, prompts[2], "已学"))
		if !alert || !strings.Contains(text, "已过补记时间") || h.studyDay(ms[2].ID, yesterday).Status == branchbot.DayDone {
			t.Errorf("late press on yesterday's prompt: %q %v", text, alert)
		}
		h.sayAndWait(users[2], "打卡", "✅ 已记录：第1节")
		if h.studyDay(ms[2].ID, yesterday).Status == branchbot.DayDone || h.studyDay(ms[2].ID, today).Status != branchbot.DayDone {
			t.Error("done after the grace minute did not mark today")
		}
	})
	t.Run("today already prompted means today", func(t *testing.T) {
		m, u := ms[1], users[1]
		// Yesterday is done for ms[1]; undo it, then prompt today early.
		h.update(func(tx *store.Tx) error {
			return tx.PutStudyDay(m.ID, yesterday, branchbot.StudyDay{Prompted: true, Prompts: 1, Section: 1})
		})
		clk.Set(local(2026, 11, 25, 0, 10))
		h.promptFor(m, today, 0)
		h.sayAndWait(u, "done", "✅ 已记录：")
		if h.studyDay(m.ID, today).Status != branchbot.DayDone || h.studyDay(m.ID, yesterday).Status == branchbot.DayDone {
			t.Error("with today prompted, done before the grace minute did not mark today")
		}
	})
}

func TestStudySnooze(t *testing.T) {
	clk := clocktest.New(local(2026, 11, 25, 8, 0))
	h := newStudyHarness(t, clk, testRules())
	today := dayOf(2026, 11, 25)
	ms := addMembers(t, h.db, 7001, 2)
	m, u := ms[0], telegramtest.User{ID: ms[0].TelegramID, FirstName: ms[0].Name}
	h.update(func(tx *store.Tx) error {
		p, err := tx.StudyPlan(m.ID)
		if err != nil {
			return err
		}
		p.Section = 1 // the long one
		return tx.PutStudyPlan(p)
	})

	r0 := h.promptFor(m, today, 0)
	snooze := button(t, r0, "小时后")
	text, alert := h.press(u, r0, snooze)
	if text != "已推迟到 09:00" || alert {
		t.Errorf("first snooze answered %q %v", text, alert)
	}
	got := h.message(u.ID, r0.ID)
	if !strings.Contains(got.Text, "⏰ 已推迟到 09:00") || strings.Join(buttonTexts(got), "|") != "✅ 已学|📖 全文" {
		t.Errorf("prompt after snooze, buttons %v:\n%s", buttonTexts(got), got.Text)
	}
	if rec := h.studyDay(m.ID, today); rec.Snoozes != 1 || rec.At != 9*60 || rec.Status != branchbot.DayDue {
		t.Errorf("record after a snooze %+v", rec)
	}

	clk.Set(local(2026, 11, 25, 9, 0))
	r1 := h.promptFor(m, today, 1)
	if !strings.HasPrefix(r1.Text, "⏰ 再次提醒") {
		t.Errorf("re-prompt:\n%s", r1.Text)
	}
	clk.Set(local(2026, 11, 25, 9, 5))
	if text, _ := h.press(u, r1, button(t, r1, "小时后")); text != "已推迟到 10:05" {
		t.Errorf("second snooze answered %q", text)
	}
	clk.Set(local(2026, 11, 25, 10, 5))
	r2 := h.promptFor(m, today, 2)
	if strings.Contains(strings.Join(buttonTexts(r2), "|"), "小时后") {
		t.Errorf("the last re-prompt offers a snooze: %v", buttonTexts(r2))
	}
	before := h.studyDay(m.ID, today)
	text, alert = h.press(u, r0, snooze)
	if !alert || !strings.Contains(text, "今天已推迟两次") {
		t.Errorf("third snooze answered %q %v", text, alert)
	}
	if h.studyDay(m.ID, today) != before {
		t.Error("a third snooze changed the record")
	}

	t.Run("full text", func(t *testing.T) {
		n := len(h.botMessages(u.ID))
		h.press(u, r2, button(t, r2, "全文"))
		msgs := h.botMessages(u.ID)
		if len(msgs) != n+1 || !strings.Contains(msgs[n].Text, strings.TrimSpace(longReading)) {
			t.Fatalf("full text not sent: %d messages", len(msgs)-n)
		}
	})

	t.Run("done after snoozes edits every prompt", func(t *testing.T) {
		clk.Set(local(2026, 11, 25, 10, 30))
		h.press(u, r2, button(t, r2, "已学"))
		// The first keeps its reading, and 📖 全文 for it.
		if got := h.message(u.ID, r0.ID); !strings.Contains(got.Text, "坚持以人民为中心") || !strings.HasSuffix(got.Text, "✅ 已学 · 连续 1 天") ||
			strings.Join(buttonTexts(got), "|") != "📖 全文" {
			t.Errorf("first prompt after done, buttons %v:\n%s", buttonTexts(got), got.Text)
		}
		if got := h.message(u.ID, r1.ID); !strings.HasSuffix(got.Text, "✅ 已学") || len(got.Keyboard) != 0 {
			t.Errorf("earlier reminder after done, buttons %v:\n%s", buttonTexts(got), got.Text)
		}
		if got := h.message(u.ID, r2.ID); !strings.HasSuffix(got.Text, "✅ 已学 · 连续 1 天") || len(got.Keyboard) != 0 {
			t.Errorf("last prompt after done:\n%s", got.Text)
		}
		if text, _ := h.press(u, r2, snooze); !strings.Contains(text, "已经打过卡了") {
			t.Errorf("snooze after done answered %q", text)
		}
	})

	t.Run("no snooze past the day", func(t *testing.T) {
		m, u := ms[1], telegramtest.User{ID: ms[1].TelegramID, FirstName: ms[1].Name}
		clk.Set(local(2026, 11, 25, 23, 30))
		p := h.promptFor(m, today, 0)
		if text, alert := h.press(u, p, button(t, p, "小时后")); !alert || !strings.Contains(text, "今天不能再推迟了：推迟到 00:30") {
			t.Errorf("late snooze answered %q", text)
		}
		if rec := h.studyDay(m.ID, today); rec.At != 0 || rec.Snoozes != 0 {
			t.Errorf("record %+v", rec)
		}
	})
}

func TestStudyTime(t *testing.T) {
	clk := clocktest.New(local(2026, 11, 25, 6, 0))
	h := newStudyHarness(t, clk, testRules())
	today := dayOf(2026, 11, 25)
	m := addMembers(t, h.db, 8001, 1)[0]
	u := telegramtest.User{ID: m.TelegramID, FirstName: m.Name}

	h.sayAndWait(u, "/studytime", "您使用支部默认学习时间：每天 07:30")
	for _, c := range []struct {
		arg    string
		minute int16
	}{
		{"7:45", 7*60 + 45},
		{"19:05", 19*60 + 5},
		{"07:45", 7*60 + 45},
		{"6：15", 6*60 + 15},
	} {
		h.sayAndWait(u, "/studytime "+c.arg, "已将您的学习时间设为每天")
		if p := h.plan(m.ID); p.Minute != c.minute {
			t.Errorf("/studytime %s: minute %d, want %d", c.arg, p.Minute, c.minute)
		}
	}
	h.sayAndWait(u, "/studytime", "您的学习时间：每天 06:15")
	for _, bad := range []string{"24:00", "7:60", "7.45", "7:5", "abc", "-1:00"} {
		h.sayAndWait(u, "/studytime "+bad, "不是有效的时间")
	}
	if p := h.plan(m.ID); p.Minute != 6*60+15 {
		t.Errorf("a bad time changed the minute to %d", p.Minute)
	}

	h.sayAndWait(u, "/studytime off 事假", "从今天起暂停每日学习提醒")
	if p := h.plan(m.ID); !p.Paused || p.PausedUntil != 0 {
		t.Errorf("after off: %+v", p)
	}
	h.sayAndWait(u, "/studytime", "请假中：自 2026-11-25 起（事由：事假），发送 /studytime on 恢复提醒")
	h.sayAndWait(u, "/studytime off 2026-12-10 事假", "已请假至 2026-12-10（含，事由：事假）")
	if p := h.plan(m.ID); !p.Paused || p.PausedUntil != dayOf(2026, 12, 10) {
		t.Errorf("after off with a date: %+v", p)
	}
	h.sayAndWait(u, "/studytime off 2026-11-01 事假", "已经过去了")
	h.sayAndWait(u, "/studytime off 2026-13-01 事假", "不是有效的日期")
	if p := h.plan(m.ID); p.PausedUntil != dayOf(2026, 12, 10) {
		t.Errorf("a bad date changed the pause: %+v", p)
	}
	// The scheduler marks a paused day when it opens it; resuming before
	// the prompt makes today due again.
	h.update(func(tx *store.Tx) error {
		return tx.PutStudyDay(m.ID, today, branchbot.StudyDay{Status: branchbot.DayPaused})
	})
	h.sayAndWait(u, "/studytime on", "已恢复每日学习提醒")
	if p := h.plan(m.ID); p.Paused || p.PausedUntil != 0 {
		t.Errorf("after on: %+v", p)
	}
	if rec := h.studyDay(m.ID, today); rec.Status != branchbot.DayDue {
		t.Errorf("today after on: %+v", rec)
	}
	h.sayAndWait(u, "/studytime default", "已改用支部默认学习时间")
	if p := h.plan(m.ID); p.Minute != branchbot.DefaultMinute {
		t.Errorf("after default: minute %d", p.Minute)
	}
	h.sayAndWait(u, "/studytime 7:45 8:00", "用法：")

	t.Run("after today's prompt", func(t *testing.T) {
		clk.Set(local(2026, 11, 25, 7, 30))
		h.promptFor(m, today, 0)
		rec, plan := h.studyDay(m.ID, today), h.plan(m.ID)
		h.sayAndWait(u, "/studytime 20:00", "今天的提醒已经发出，新时间从明天起生效")
		after := h.plan(m.ID)
		if after.Minute != 20*60 || after.DayOpen != plan.DayOpen || h.studyDay(m.ID, today) != rec {
			t.Errorf("setting the time after the prompt: plan %+v record %+v", after, h.studyDay(m.ID, today))
		}
	})
	t.Run("english", func(t *testing.T) {
		h.sayAndWait(u, "/lang en", "English")
		h.sayAndWait(u, "/studytime 25:00", "is not a time. Use HH:MM")
		h.sayAndWait(u, "/studytime", "Your study time: 20:00 every day")
	})
}

func TestHandbookCommand(t *testing.T) {
	clk := clocktest.New(local(2026, 11, 25, 9, 0))
	h := newStudyHarness(t, clk, testRules())
	ms := addMembers(t, h.db, 9001, 3)
	h.update(func(tx *store.Tx) error {
		p, err := tx.StudyPlan(ms[0].ID)
		if err != nil {
			return err
		}
		p.Section = 2
		return tx.PutStudyPlan(p)
	})

	list := h.sayAndWait(secretary, "/handbook", "《党章学习手册》共 3 节")
	for _, w := range []string{"1. nature · 党的性质和宗旨", "2. long · 长篇阅读", "3. paper · 纸质手册"} {
		if !strings.Contains(list.Text, w) {
			t.Errorf("contents lack %q:\n%s", w, list.Text)
		}
	}
	// Four plans (the secretary's too); one is at section 3 already.
	// Moving everyone is shown first and confirmed.
	confirm := h.sayAndWait(secretary, "/handbook 3", "要把全体党员调到第3节《纸质手册》吗")
	for _, w := range []string{"共 4 人，其中 3 人的进度会改变", "· 第1节《党的性质和宗旨》：3 人", "· 第3节《纸质手册》：1 人", "无法撤销"} {
		if !strings.Contains(confirm.Text, w) {
			t.Errorf("confirmation lacks %q:\n%s", w, confirm.Text)
		}
	}
	if p := h.plan(ms[2].ID); p.Section != 0 {
		t.Fatalf("moved to %d before the confirmation", p.Section)
	}
	h.press(secretary, confirm, button(t, confirm, "全部调到第3节"))
	if got := h.message(secretaryID, confirm.ID); !strings.Contains(got.Text, "已将 3 名党员调到第3节《纸质手册》") {
		t.Errorf("after the confirmation %q", got.Text)
	}
	h.view(func(tx *store.Tx) error {
		return tx.ForEachStudyPlan(func(p *branchbot.StudyPlan) error {
			if p.Section != 2 {
				t.Errorf("plan %d at section %d after /handbook 3", p.MemberID, p.Section)
			}
			return nil
		})
	})
	// Cancelled, nothing moves.
	confirm = h.sayAndWait(secretary, "/handbook long", "调到第2节《长篇阅读》吗")
	h.press(secretary, confirm, button(t, confirm, "取消"))
	if p := h.plan(ms[2].ID); p.Section != 2 {
		t.Errorf("section %d after a cancelled /handbook long", p.Section)
	}
	confirm = h.sayAndWait(secretary, "/handbook long", "调到第2节《长篇阅读》吗")
	h.press(secretary, confirm, button(t, confirm, "全部调到第2节"))
	if got := h.message(secretaryID, confirm.ID); !strings.Contains(got.Text, "已将 4 名党员调到第2节《长篇阅读》") {
		t.Errorf("after the confirmation %q", got.Text)
	}
	if p := h.plan(ms[2].ID); p.Section != 1 {
		t.Errorf("section %d after /handbook long", p.Section)
	}
	h.sayAndWait(secretary, "/handbook 9", "没有“9”这一节")
	h.sayAndWait(secretary, "/handbook nosuch", "没有“nosuch”这一节")
	if p := h.plan(ms[2].ID); p.Section != 1 {
		t.Errorf("a bad /handbook moved the plan to %d", p.Section)
	}
	var audited bool
	h.view(func(tx *store.Tx) error {
		es, err := tx.LatestAudit(10)
		for _, e := range es {
			audited = audited || (e.Action == "handbook" && !e.Refused && strings.Contains(e.Detail, "section 2 long"))
		}
		return err
	})
	if !audited {
		t.Error("/handbook not audited")
	}
	u := telegramtest.User{ID: ms[0].TelegramID, FirstName: ms[0].Name}
	h.sayAndWait(u, "/handbook 1", "仅限书记使用")
	if p := h.plan(ms[0].ID); p.Section != 1 {
		t.Error("a member's /handbook moved a plan")
	}
}

func TestStudyOff(t *testing.T) {
	h := newHarness(t)
	for _, text := range []string{"/done", "已学", "/me", "/studytime 7:45", "/report", "/handbook"} {
		h.sayAndWait(secretary, text, "本支部未开启每日学习")
	}
}

// A secretary from the config starts studying as a joining member does:
// bootstrapped after the day's prompt time, tomorrow; before it, today.
func TestBootstrapFirstStudyDay(t *testing.T) {
	for _, tt := range []struct {
		at   time.Time
		want branchbot.Day
	}{
		{local(2026, 11, 25, 20, 0), dayOf(2026, 11, 26)},
		{local(2026, 11, 25, 7, 0), dayOf(2026, 11, 25)},
	} {
		clk := clocktest.New(tt.at)
		h := newStudyHarness(t, clk, testRules())
		h.sayAndWait(secretary, "/help", "可用命令")
		if p := h.plan(h.member(secretaryID).ID); p.JoinedDay != tt.want {
			t.Errorf("bootstrapped at %s: first study day %s, want %s", tt.at.Format("15:04"), p.JoinedDay, tt.want)
		}
	}
}

// A done press after months of history shows the streak the whole record
// gives, reading only the days since the member's streak mark, which it
// moves to the latest settled month; rewriting a day the mark counted
// drops it, and the next press counts that day.
func TestStudyStreakMark(t *testing.T) {
	clk := clocktest.New(local(2026, 11, 25, 7, 30))
	h := newStudyHarness(t, clk, testRules())
	u := telegramtest.User{ID: 2601, FirstName: "五", LastName: "王"}
	m := h.join(u, "王五")
	today := dayOf(2026, 11, 25)
	joined := today - 200
	// Done every day but two long ago (past the skip budget: a break) and
	// a run of the last 100 days.
	days := map[branchbot.Day]branchbot.StudyDay{}
	for d := joined; d < today; d++ {
		days[d] = done(15)
	}
	broken := today - 120 // a month with three misses: the streak breaks there
	for _, d := range []branchbot.Day{broken - 2, broken - 1, broken} {
		delete(days, d)
	}
	h.history(m.ID, joined, days)
	rules := testRules().Streaks
	whole := func(at branchbot.Day) branchbot.StreakStats {
		var st branchbot.StreakStats
		h.view(func(tx *store.Tx) error {
			hist, err := tx.StudyHistory(m.ID, joined, at)
			ss := make([]branchbot.DayStatus, len(hist))
			for i, d := range hist {
				ss[i] = d.Status
			}
			st = branchbot.ComputeStreaks(joined, ss, at, rules)
			return err
		})
		return st
	}
	pressDone := func(day branchbot.Day) string {
		t.Helper()
		prompt := h.promptFor(m, day, 0)
		h.press(u, prompt, button(t, prompt, "已学"))
		return h.message(u.ID, prompt.ID).Text
	}
	mark := func() (branchbot.StreakMark, bool) {
		var mk branchbot.StreakMark
		var ok bool
		h.view(func(tx *store.Tx) (err error) { mk, ok, err = tx.StreakMark(m.ID); return err })
		return mk, ok
	}

	got := pressDone(today)
	want := whole(today)
	if want.Current < 100 || !strings.Contains(got, fmt.Sprintf("连续 %d 天", want.Current)) {
		t.Fatalf("press: %q, want the streak %d", got, want.Current)
	}
	mk, ok := mark()
	if !ok || mk.Upto != branchbot.SettledMonth(today) || mk.First != joined {
		t.Fatalf("mark after the press: %+v %v, want one at %s", mk, ok, branchbot.SettledMonth(today))
	}

	// The next day uses the mark.
	clk.Set(local(2026, 11, 26, 7, 30))
	if got := pressDone(today + 1); !strings.Contains(got, fmt.Sprintf("连续 %d 天", whole(today+1).Current)) {
		t.Errorf("press with the mark: %q, want the streak %d", got, whole(today+1).Current)
	}

	// A day the mark counted is rewritten: the break goes away.
	h.history(m.ID, joined, map[branchbot.Day]branchbot.StudyDay{broken: done(15)})
	if _, ok := mark(); ok {
		t.Fatal("the mark survived a rewrite of a day it counted")
	}
	clk.Set(local(2026, 11, 27, 7, 30))
	got = pressDone(today + 2)
	// Every day from the first but the two misses the budget forgives.
	if want := whole(today + 2); !strings.Contains(got, fmt.Sprintf("连续 %d 天", want.Current)) || want.Current != 201 {
		t.Errorf("press after the rewrite: %q, want the streak %d (201)", got, want.Current)
	}
}
