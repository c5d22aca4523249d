package bot_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/bot"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/store"
	"github.com/branchbot/branchbot/telegramtest"
)

// manyQuestions is a section whose prompt is longer than one message: a
// short reading and two dozen long questions.
func manyQuestions() branchbot.Section {
	qs := make([]string, 24)
	for i := range qs {
		qs[i] = fmt.Sprintf("第%d问：", i+1) + strings.Repeat("结合本职工作谈谈如何践行全心全意为人民服务的根本宗旨，", 6)
	}
	return branchbot.Section{ID: "many", Title: "问题很多的一节", Reading: "党章总纲。", Questions: qs}
}

// newPacedHarness is newStudyHarness with Telegram's own per-chat limit,
// one message a second, kept by both the bot and telegramtest, which
// answers 429 to a bot that sends faster.
func newPacedHarness(t *testing.T, clk *clocktest.Clock, rules *branchbot.StudyRules) *harness {
	t.Helper()
	limits := bot.Limits{GlobalPerSecond: 30, PerChatPerSecond: 1, PerGroupPerMinute: 20}
	srv := telegramtest.NewServer(t, telegramtest.WithLimits(telegramtest.Limits{
		GlobalPerSecond: 30, PerChatPerSecond: 1, PerGroupPerMinute: 20, RetryAfter: 1,
	}))
	path := filepath.Join(t.TempDir(), "branchbot.db")
	db, err := store.Open(path, store.Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, srv: srv, db: db, path: path}
	h.start(bot.Options{
		APIURL: srv.URL(), Token: srv.Token(), Store: db,
		Now: clk.Now, SendClock: time.Now,
		BranchName: "测试支部", Language: branchbot.LangZH, Location: shanghai,
		Secretaries: []int64{secretaryID}, PollTimeout: 2 * time.Second,
		Limits: limits, Study: rules, DefaultStudyMinute: 7*60 + 30,
	})
	t.Cleanup(func() {
		h.stop()
		db.Close()
		srv.Close()
	})
	return h
}

// TestSplitPromptRenderedWhenSent: a prompt the sender renders when it
// sends it, too long for one message, arrives whole, in several messages
// in order, before what was queued after it, with the buttons on the last
// part, which the outbox key then names; no request is refused and none
// breaks the chat's limit. Pressing ✅ edits that last part within the
// limit.
func TestSplitPromptRenderedWhenSent(t *testing.T) {
	clk := clocktest.New(local(2026, 11, 25, 7, 30))
	rules := testRules()
	rules.Handbook.Sections = append([]branchbot.Section{manyQuestions()}, rules.Handbook.Sections...)
	h := newPacedHarness(t, clk, rules)
	today := dayOf(2026, 11, 25)
	m := addMembers(t, h.db, 6001, 1)[0]
	sec := &rules.Handbook.Sections[0]
	key := branchbot.PromptKey(today, m.ID, 0)
	var whole string
	h.update(func(tx *store.Tx) error {
		p, err := tx.StudyPlan(m.ID)
		if err != nil {
			return err
		}
		whole = h.bot.Renderer().Prompt(p, today, sec, 0, true, 0).Text
		o := branchbot.Outgoing{Live: branchbot.PromptLive(today, 0, true, 0)}
		o.Key, o.ChatID, o.MemberID = key, p.ChatID, p.MemberID
		if _, err := tx.Enqueue(&o); err != nil {
			return err
		}
		rec, err := tx.StudyDay(m.ID, today)
		if err != nil {
			return err
		}
		rec.Prompted, rec.Prompts, rec.Section, rec.Late = true, 1, 1, true
		if err := tx.PutStudyDay(m.ID, today, rec); err != nil {
			return err
		}
		_, err = tx.Enqueue(&branchbot.Outgoing{ChatID: m.ChatID(), MemberID: m.ID, Text: "排在提醒后面的消息"})
		return err
	})
	if n := utf8.RuneCountInString(whole); n <= branchbot.MaxMessageLen {
		t.Fatalf("the prompt has %d characters; the test needs more than %d", n, branchbot.MaxMessageLen)
	}
	h.bot.Kick()
	h.wait(m.ChatID(), "排在提醒后面的消息")
	h.settle()

	got := h.botMessages(m.ChatID())
	if len(got) < 3 {
		t.Fatalf("%d messages, want the prompt in 2 or more parts and the message after it:\n%s", len(got), h.srv.Transcript(m.ChatID()))
	}
	parts, after := got[:len(got)-1], got[len(got)-1]
	var texts []string
	for i, p := range parts {
		texts = append(texts, p.Text)
		if hasKB := len(p.Keyboard) > 0; hasKB != (i == len(parts)-1) {
			t.Errorf("part %d of %d has buttons: %v", i+1, len(parts), hasKB)
		}
	}
	if joined := strings.Join(texts, "\n"); joined != whole {
		t.Errorf("the parts put together differ from the prompt:\n got %q\nwant %q", joined, whole)
	}
	if after.Text != "排在提醒后面的消息" {
		t.Errorf("last message %q, want the one queued after the prompt", after.Text)
	}
	var d branchbot.Delivery
	h.view(func(tx *store.Tx) error {
		var ok bool
		if d, ok = tx.Delivered(key); !ok {
			t.Errorf("the prompt's key is not delivered")
		}
		failed, err := tx.FailedOutgoing(10)
		if len(failed) != 0 {
			t.Errorf("failed: %+v", failed)
		}
		return err
	})
	last := parts[len(parts)-1]
	if d.MessageID != last.ID {
		t.Errorf("the key names message %d, want the last part %d", d.MessageID, last.ID)
	}
	if st := h.srv.Stats(); st.TooManyRequests != 0 {
		t.Errorf("%d answers 429", st.TooManyRequests)
	}

	h.press(userOf(m), last, button(t, last, "已学"))
	h.settle()
	edited := h.message(m.ChatID(), last.ID)
	if !strings.Contains(edited.Text, "✅ 已学 · 连续") || utf8.RuneCountInString(edited.Text) > branchbot.MaxMessageLen {
		t.Errorf("the last part after ✅: %q", edited.Text)
	}
	if first := h.message(m.ChatID(), parts[0].ID); first.Text != parts[0].Text {
		t.Errorf("the first part changed: %q", first.Text)
	}
}

// TestSplitEditBounded: an edit longer than a message, counted in UTF-16
// code units as Telegram counts entity offsets (an emoji counts twice), is
// cut to the limit with "…" rather than sent too long; the outbox, which
// counts characters, let it through.
func TestSplitEditBounded(t *testing.T) {
	h := newHarness(t)
	m := addMembers(t, h.db, 6101, 1)[0]
	enqueueEach(t, h.db, []*branchbot.Member{m}, func(*branchbot.Member) string { return "原来的消息" })
	h.bot.Kick()
	orig := h.wait(m.ChatID(), "原来的消息")
	long := strings.Repeat("📢通知", branchbot.MaxMessageLen/3)
	h.update(func(tx *store.Tx) error {
		_, err := tx.Enqueue(&branchbot.Outgoing{ChatID: m.ChatID(), Edit: orig.ID, Text: long})
		return err
	})
	h.bot.Kick()
	h.settle()
	got := h.message(m.ChatID(), orig.ID)
	if n := branchbot.UTF16Len(got.Text); n > branchbot.MaxMessageLen || !strings.HasSuffix(got.Text, "…") ||
		!strings.HasPrefix(long, strings.TrimSuffix(got.Text, "…")) {
		t.Errorf("edited to %d UTF-16 units: …%q", n, got.Text[max(0, len(got.Text)-30):])
	}
}

// TestSplitLateCaption: a notice with a photo whose caption was at
// Telegram's 1,024 with its heading (as /broadcast allowed before it kept
// room for the late mark) goes out late to a member who reads English,
// whose mark " (sent late)" makes it longer than a caption may be: the
// photo carries what fits and the rest of the text follows at once, with
// the 已阅 button, which works. /broadcast now refuses such a caption.
func TestSplitLateCaption(t *testing.T) {
	h := newHarness(t)
	h.sayAndWait(secretary, "/help", "可用命令")
	ms := addMembers(t, h.db, 6201, 2)
	back := ms[1]
	back.Lang = branchbot.LangEN
	h.update(func(tx *store.Tx) error { return tx.PutMember(back) })
	h.srv.FailChat(back.ChatID(), 403, "Forbidden: bot was blocked by the user")

	h.pushMessage(secretary, "/broadcast all 会议安排见图", nil, "AgACphoto", "")
	summary := h.wait(secretaryID, "预览")
	h.press(secretary, summary, button(t, summary, "发送"))
	h.waitSettled(1)

	// The caption as long as the old rule let it be: the English heading
	// (the longer one), a blank line and the text make 1,024.
	oldRoom := branchbot.MaxCaption - utf8.RuneCountInString("📢 测试支部 · Notice") - 2
	caption := strings.Repeat("请各位党员按时参加支部党员大会。", oldRoom/16) + "会议地点：三楼会议室。"
	caption = string([]rune(caption)[:oldRoom-8]) + "。会议地点见图。"
	h.update(func(tx *store.Tx) error {
		bc, err := tx.Broadcast(1)
		if err != nil {
			return err
		}
		bc.Text = caption
		return tx.PutBroadcast(bc)
	})

	h.srv.ClearChat(back.ChatID())
	h.sayAndWait(userOf(back), "/help", "commands")
	h.waitFor(back.ChatID(), "会议地点见图")
	h.settle()
	var photo, rest *telegramtest.Message
	for _, msg := range h.botMessages(back.ChatID()) {
		switch {
		case msg.Photo:
			photo = &msg
		case photo != nil && rest == nil:
			rest = &msg
		}
	}
	if photo == nil || rest == nil {
		t.Fatalf("want the photo and the rest of its caption:\n%s", h.srv.Transcript(back.ChatID()))
	}
	// The cut falls at the line break after the heading: the photo keeps
	// the heading, the text follows whole rather than cut mid-sentence.
	if photo.Caption != "📢 测试支部 · Notice (sent late)" {
		t.Errorf("caption %q", photo.Caption)
	}
	if rest.Text != caption {
		t.Errorf("the follow-up:\n got %q\nwant %q", rest.Text, caption)
	}
	if len(photo.Keyboard) != 0 || len(rest.Keyboard) != 1 {
		t.Errorf("buttons: photo %v, follow-up %v", photo.Keyboard, rest.Keyboard)
	}
	h.press(userOf(back), *rest, button(t, *rest, "Mark as read"))
	if rc := h.recipients(1)[back.ID]; rc.State != branchbot.RecipientSent || rc.AckedAt.IsZero() {
		t.Errorf("the late copy's recipient: %+v", rc)
	}

	// The same caption now is refused, with the room it has.
	h.pushMessage(secretary, "/broadcast all "+caption, nil, "AgACphoto2", "")
	h.wait(secretaryID, "通知太长")
}

// TestSplitRestAfterFailure: once the first part of a split prompt is out,
// the outbox record holds the rest, rendered; when the next part fails and
// the bot restarts before retrying, the rest goes out after the restart,
// and no part is lost or sent twice.
func TestSplitRestAfterFailure(t *testing.T) {
	clk := clocktest.New(local(2026, 11, 25, 7, 30))
	rules := testRules()
	rules.Handbook.Sections = append([]branchbot.Section{manyQuestions()}, rules.Handbook.Sections...)
	h := newPacedHarness(t, clk, rules)
	today := dayOf(2026, 11, 25)
	m := addMembers(t, h.db, 6301, 1)[0]
	key := branchbot.PromptKey(today, m.ID, 0)
	var whole string
	h.update(func(tx *store.Tx) error {
		p, err := tx.StudyPlan(m.ID)
		if err != nil {
			return err
		}
		whole = h.bot.Renderer().Prompt(p, today, &rules.Handbook.Sections[0], 0, false, 0).Text
		o := branchbot.Outgoing{Live: branchbot.PromptLive(today, 0, false, 0)}
		o.Key, o.ChatID, o.MemberID = key, p.ChatID, p.MemberID
		_, err = tx.Enqueue(&o)
		return err
	})
	h.bot.Kick()
	h.wait(m.ChatID(), "问题很多的一节")
	// The next part, a second later, fails.
	h.srv.FailNext(1, 500, "Internal Server Error", 0)
	deadline := time.Now().Add(10 * time.Second)
	var rest branchbot.Outgoing
	for {
		var recs []branchbot.Outgoing
		h.view(func(tx *store.Tx) (err error) { recs, err = tx.Outbox(0, 10); return err })
		if len(recs) == 1 && recs[0].Attempts > 0 {
			rest = recs[0]
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no failed attempt recorded; outbox %+v", recs)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if rest.Live != "" || rest.Key != key || !strings.HasSuffix(whole, rest.Text) || strings.Contains(rest.Text, "问题很多的一节") {
		t.Errorf("the record after the first part: live %q key %q text %.60q…", rest.Live, rest.Key, rest.Text)
	}
	h.restart(nil)
	ctx := time.Now().Add(15 * time.Second)
	for {
		var ok bool
		h.view(func(tx *store.Tx) error { _, ok = tx.Delivered(key); return nil })
		if ok {
			break
		}
		if time.Now().After(ctx) {
			t.Fatalf("the rest was not sent after the restart\n%s", h.srv.Transcript(m.ChatID()))
		}
		time.Sleep(10 * time.Millisecond)
	}
	var texts []string
	for _, msg := range h.botMessages(m.ChatID()) {
		texts = append(texts, msg.Text)
	}
	if joined := strings.Join(texts, "\n"); joined != whole {
		t.Errorf("%d messages put together differ from the prompt:\n got %q\nwant %q", len(texts), joined, whole)
	}
}
