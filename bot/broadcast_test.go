package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/bot"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/schedule"
	"github.com/branchbot/branchbot/store"
	"github.com/branchbot/branchbot/telegramtest"
)

// pushMessage makes u write text (with entities) in their private chat, or
// send a photo or document with text as its caption; it is SendText for
// what SendText cannot make.
func (h *harness) pushMessage(u telegramtest.User, text string, ents []models.MessageEntity, photo, document string) {
	msg := &models.Message{
		ID:   int(time.Now().UnixNano() % 1e9),
		From: &models.User{ID: u.ID, FirstName: u.FirstName, LastName: u.LastName},
		Chat: models.Chat{ID: u.ID, Type: models.ChatTypePrivate},
		Date: int(time.Now().Unix()),
	}
	cmd := []models.MessageEntity{{Type: models.MessageEntityTypeBotCommand, Offset: 0, Length: len(strings.Fields(text)[0])}}
	switch {
	case photo != "":
		msg.Photo = []models.PhotoSize{{FileID: photo + "-small", FileUniqueID: "s", Width: 90, Height: 90}, {FileID: photo, FileUniqueID: "b", Width: 800, Height: 600}}
		msg.Caption, msg.CaptionEntities = text, append(cmd, ents...)
	case document != "":
		msg.Document = &models.Document{FileID: document, FileUniqueID: "d", FileName: "通知.pdf"}
		msg.Caption, msg.CaptionEntities = text, append(cmd, ents...)
	default:
		msg.Text, msg.Entities = text, append(cmd, ents...)
	}
	h.srv.PushUpdate(models.Update{Message: msg})
}

// waitFor waits for a bot message in chat whose text or caption holds
// want.
func (h *harness) waitFor(chat int64, want string) telegramtest.Message {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	m, err := h.srv.WaitMessage(ctx, chat, func(m telegramtest.Message) bool {
		return m.FromBot && strings.Contains(m.Text+m.Caption, want)
	})
	if err != nil {
		h.t.Fatalf("waiting for %q in chat %d: %v\n%s", want, chat, err, h.srv.Transcript(chat))
	}
	return m
}

// lastBot is the bot's latest message in chat whose text or caption holds
// want.
func (h *harness) lastBot(chat int64, want string) (telegramtest.Message, bool) {
	ms := h.botMessages(chat)
	for i := len(ms) - 1; i >= 0; i-- {
		if strings.Contains(ms[i].Text+ms[i].Caption, want) {
			return ms[i], true
		}
	}
	return telegramtest.Message{}, false
}

// compose has the secretary send a broadcast command and returns the
// preview's summary, the message with the buttons.
func (h *harness) compose(text string) telegramtest.Message {
	h.t.Helper()
	h.say(secretary, text)
	return h.wait(secretaryID, "· 预览（")
}

// broadcastOf reads a broadcast.
func (h *harness) broadcastOf(id int64) *branchbot.Broadcast {
	h.t.Helper()
	var b *branchbot.Broadcast
	h.view(func(tx *store.Tx) (err error) { b, err = tx.Broadcast(id); return err })
	return b
}

// recipients reads a broadcast's recipients by member id.
func (h *harness) recipients(id int64) map[int64]*branchbot.Recipient {
	h.t.Helper()
	out := map[int64]*branchbot.Recipient{}
	h.view(func(tx *store.Tx) error {
		rs, err := tx.Recipients(id)
		for _, r := range rs {
			out[r.MemberID] = r
		}
		return err
	})
	return out
}

// waitSettled waits until broadcast id has every copy settled and its
// final status shown.
func (h *harness) waitSettled(id int64) *branchbot.Broadcast {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for {
		b := h.broadcastOf(id)
		if b.State == branchbot.BroadcastSent {
			h.settle()
			return h.broadcastOf(id)
		}
		select {
		case <-ctx.Done():
			h.t.Fatalf("broadcast %d not settled: %+v", id, b)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func userOf(m *branchbot.Member) telegramtest.User {
	return telegramtest.User{ID: m.TelegramID, FirstName: m.Name}
}

func TestBroadcastPreviewSendAck(t *testing.T) {
	h := newHarness(t)
	h.say(secretary, "/help")
	h.wait(secretaryID, "可用命令")
	ms := addMembers(t, h.db, 3000, 3)
	// One member was invited and has not joined: counted as unreachable.
	h.update(func(tx *store.Tx) error {
		return tx.CreateMember(&branchbot.Member{Name: "未加入", Role: branchbot.RoleMember})
	})

	text := "/broadcast all 周五下午三点召开支部党员大会。\n地点：三楼会议室"
	// 周五下午三点 in bold; offsets count UTF-16 units, and
	// "/broadcast all " is 15 of them.
	bold := models.MessageEntity{Type: models.MessageEntityTypeBold, Offset: 15, Length: 6}
	h.pushMessage(secretary, text, []models.MessageEntity{bold}, "", "")
	summary := h.wait(secretaryID, "预览")
	if !strings.Contains(summary.Text, "全体党员，共 4 人") || !strings.Contains(summary.Text, "其中 1 人未加入或无法送达") {
		t.Errorf("summary %q", summary.Text)
	}
	preview, ok := h.lastBot(secretaryID, "地点：三楼会议室")
	if !ok {
		t.Fatalf("no preview of the notice\n%s", h.srv.Transcript(secretaryID))
	}
	wantHead := "📢 测试支部 · 通知\n\n"
	if !strings.HasPrefix(preview.Text, wantHead+"周五下午三点") {
		t.Errorf("preview %q", preview.Text)
	}
	if len(preview.Entities) != 1 || preview.Entities[0].Type != models.MessageEntityTypeBold ||
		preview.Entities[0].Offset != branchbot.UTF16Len(wantHead) || preview.Entities[0].Length != 6 {
		t.Errorf("preview entities %+v", preview.Entities)
	}
	if len(preview.Keyboard) != 0 {
		t.Errorf("preview has buttons %v", buttonTexts(preview))
	}
	for _, m := range ms {
		if n := len(h.botMessages(m.ChatID())); n != 0 {
			t.Fatalf("member %d got %d messages before the secretary confirmed", m.ID, n)
		}
	}

	// Acknowledgement can be turned off and on again before sending.
	h.press(secretary, summary, button(t, summary, "回执：需要"))
	summary = h.message(secretaryID, summary.ID)
	if !strings.Contains(summary.Text, "回执：不需要") {
		t.Fatalf("after toggling: %q", summary.Text)
	}
	h.press(secretary, summary, button(t, summary, "回执：不需要"))
	summary = h.message(secretaryID, summary.ID)

	if text, _ := h.press(secretary, summary, button(t, summary, "发送")); text != "" {
		t.Errorf("send answered %q", text)
	}
	id := int64(1)
	b := h.waitSettled(id)
	if b.Total != 4 || b.Sent != 3 || b.Unreachable != 1 || b.Failed != 0 || !b.Ack {
		t.Errorf("broadcast %+v", b)
	}
	status := h.message(secretaryID, summary.ID)
	if !strings.Contains(status.Text, "通知 #1 已发送完毕：4/4") || !strings.Contains(status.Text, "已送达 3 · 失败 0 · 无法送达 1") || len(status.Keyboard) != 0 {
		t.Errorf("status %q %v", status.Text, buttonTexts(status))
	}
	// Pressing send again changes nothing.
	if text, _ := h.pressIn(secretary, secretaryID, status, button(t, summary, "发送")); !strings.Contains(text, "已经处理过了") {
		t.Errorf("second send answered %q", text)
	}

	for _, m := range ms {
		got := h.botMessages(m.ChatID())
		if len(got) != 1 {
			t.Fatalf("member %d got %d messages", m.ID, len(got))
		}
		if got[0].Text != preview.Text || len(got[0].Entities) != 1 || got[0].Entities[0] != preview.Entities[0] {
			t.Errorf("member %d got %q %+v", m.ID, got[0].Text, got[0].Entities)
		}
		if bt := buttonTexts(got[0]); len(bt) != 1 || bt[0] != "已阅" {
			t.Errorf("member %d buttons %v", m.ID, bt)
		}
	}

	// Someone else's 已阅 is refused.
	first, other := ms[0], ms[1]
	note := h.botMessages(first.ChatID())[0]
	if text, alert := h.pressIn(userOf(other), first.ChatID(), note, button(t, note, "已阅")); !alert || !strings.Contains(text, "不是发给您的") {
		t.Errorf("foreign press answered %q %v", text, alert)
	}
	if r := h.recipients(id)[first.ID]; !r.AckedAt.IsZero() {
		t.Fatal("a foreign press acknowledged")
	}

	// The member's own press records the time and turns into a check.
	if text, _ := h.press(userOf(first), note, button(t, note, "已阅")); !strings.Contains(text, "已记录") {
		t.Errorf("ack answered %q", text)
	}
	r := h.recipients(id)[first.ID]
	if r.AckedAt.IsZero() || r.State != branchbot.RecipientSent {
		t.Fatalf("recipient %+v", r)
	}
	note = h.message(first.ChatID(), note.ID)
	want := "✅ 已阅 " + r.AckedAt.In(time.UTC).Format("15:04")
	if bt := buttonTexts(note); len(bt) != 1 || bt[0] != want {
		t.Errorf("after ack: buttons %v, want %q", bt, want)
	}
	if note.Text != preview.Text || len(note.Entities) != 1 {
		t.Errorf("ack changed the notice: %q %+v", note.Text, note.Entities)
	}
	// A second press changes nothing and says when.
	if text, _ := h.press(userOf(first), note, button(t, note, "已阅")); !strings.Contains(text, "已于") {
		t.Errorf("second ack answered %q", text)
	}
	if b := h.broadcastOf(id); b.Acked != 1 {
		t.Errorf("acked %d, want 1", b.Acked)
	}

	// Every step is in the audit log.
	h.view(func(tx *store.Tx) error {
		es, _ := tx.LatestAudit(50)
		var actions []string
		for _, e := range es {
			actions = append(actions, e.Action)
		}
		got := strings.Join(actions, " ")
		for _, a := range []string{"broadcast.draft", "broadcast "} {
			if !strings.Contains(got+" ", a) {
				t.Errorf("audit %q lacks %q", got, a)
			}
		}
		return nil
	})
}

func TestBroadcastAudiences(t *testing.T) {
	h := newHarness(t)
	h.say(secretary, "/help")
	h.wait(secretaryID, "可用命令")
	var g1, g2, committee *branchbot.Member
	h.update(func(tx *store.Tx) error {
		g1 = &branchbot.Member{Name: "一组成员", TelegramID: 3101, Group: "第一党小组", Role: branchbot.RoleMember}
		g2 = &branchbot.Member{Name: "二组成员", TelegramID: 3102, Group: "Group 2", Role: branchbot.RoleMember}
		committee = &branchbot.Member{Name: "支委", TelegramID: 3103, Group: "第一党小组", Role: branchbot.RoleCommittee}
		for _, m := range []*branchbot.Member{g1, g2, committee} {
			if err := tx.CreateMember(m); err != nil {
				return err
			}
		}
		return nil
	})
	tests := []struct {
		cmd  string
		want []*branchbot.Member
		aud  string
		kind branchbot.BroadcastKind
		text string
	}{
		{"/broadcast 第一党小组 交心得", []*branchbot.Member{g1, committee}, "党小组“第一党小组”", branchbot.BroadcastNotice, "交心得"},
		{"/broadcast \"Group 2\" hand in notes", []*branchbot.Member{g2}, "党小组“Group 2”", branchbot.BroadcastNotice, "hand in notes"},
		{"/broadcast committee 明早支委会", []*branchbot.Member{committee}, "支委会", branchbot.BroadcastNotice, "明早支委会"},
		{"/broadcast directive all 本月指示精神", []*branchbot.Member{g1, g2, committee}, "全体党员", branchbot.BroadcastDirective, "本月指示精神"},
		{"/broadcast 全体学习会改期", []*branchbot.Member{g1, g2, committee}, "全体党员", branchbot.BroadcastNotice, "全体学习会改期"},
	}
	for i, tt := range tests {
		t.Run(tt.cmd, func(t *testing.T) {
			summary := h.compose(tt.cmd)
			if !strings.Contains(summary.Text, fmt.Sprintf("通知 #%d", i+1)) || !strings.Contains(summary.Text, tt.aud) {
				t.Errorf("summary %q, want audience %q", summary.Text, tt.aud)
			}
			h.press(secretary, summary, button(t, summary, "发送"))
			b := h.waitSettled(int64(i + 1))
			if b.Kind != tt.kind || b.Text != tt.text || b.Total != len(tt.want) {
				t.Errorf("broadcast %+v", b)
			}
			rs := h.recipients(b.ID)
			for _, m := range tt.want {
				if rs[m.ID] == nil || rs[m.ID].State != branchbot.RecipientSent {
					t.Errorf("%s: %+v", m.Name, rs[m.ID])
				}
			}
		})
	}
	// The directive's heading names the month.
	if m, ok := h.lastBot(g2.ChatID(), "本月指示精神"); !ok || !strings.HasPrefix(m.Text, "📜 指示精神传达 · ") {
		t.Errorf("directive %q", m.Text)
	}
}

func TestBroadcastRefusedToOthers(t *testing.T) {
	h := newHarness(t)
	h.say(secretary, "/help")
	h.wait(secretaryID, "可用命令")
	ms := addMembers(t, h.db, 3200, 2)
	member := userOf(ms[0])
	var committee *branchbot.Member
	h.update(func(tx *store.Tx) error {
		committee = &branchbot.Member{Name: "支委甲", TelegramID: 3299, Role: branchbot.RoleCommittee}
		return tx.CreateMember(committee)
	})
	cu := userOf(committee)

	for _, cmd := range []string{"/broadcast all 假通知", "/broadcasts", "/audit"} {
		h.say(member, cmd)
		h.say(cu, cmd)
	}
	h.settle()
	for _, u := range []telegramtest.User{member, cu} {
		if n := len(h.botMessages(u.ID)); n != 3 {
			t.Errorf("%d got %d answers, want 3 refusals", u.ID, n)
		}
		for _, m := range h.botMessages(u.ID) {
			if !strings.Contains(m.Text, "仅限书记使用") {
				t.Errorf("%d was answered %q", u.ID, m.Text)
			}
		}
	}

	// The secretary's preview buttons are the secretary's alone; a
	// committee member forging one with their own id is refused too.
	summary := h.compose("/broadcast all 真通知")
	send := button(t, summary, "发送")
	if text, alert := h.pressIn(cu, secretaryID, summary, send); !alert || !strings.Contains(text, "不是发给您的") {
		t.Errorf("foreign send answered %q %v", text, alert)
	}
	forged := branchbot.Callback{Action: "bcgo", Owner: committee.ID, Arg: "1"}.MustEncode()
	h.srv.SendText(cu, cu.ID, "x") // a chat with a message to press on
	h.settle()
	msg := h.srv.Messages(cu.ID)[0]
	if text, alert := h.pressIn(cu, cu.ID, msg, forged); !alert || !strings.Contains(text, "仅限书记使用") {
		t.Errorf("forged send answered %q %v", text, alert)
	}
	if b := h.broadcastOf(1); b.State != branchbot.BroadcastDraft {
		t.Fatalf("broadcast state %s after refused presses", b.State)
	}
	for _, m := range ms {
		if n := len(h.botMessages(m.ChatID())); n > 0 && m.ID != ms[0].ID {
			t.Errorf("member %d got a notice", m.ID)
		}
	}
	h.view(func(tx *store.Tx) error {
		es, _ := tx.LatestAudit(100)
		refused := 0
		for _, e := range es {
			if e.Refused {
				refused++
			}
		}
		if refused < 8 {
			t.Errorf("%d refusals audited, want at least 8", refused)
		}
		return nil
	})

	// Cancelling drops the draft.
	h.press(secretary, summary, button(t, summary, "取消"))
	if b := h.broadcastOf(1); b.State != branchbot.BroadcastCancelled {
		t.Errorf("state %s after cancel", b.State)
	}
	if m := h.message(secretaryID, summary.ID); !strings.Contains(m.Text, "已取消") {
		t.Errorf("summary after cancel %q", m.Text)
	}
}

func TestBroadcastUsageAndLimits(t *testing.T) {
	h := newHarness(t)
	h.say(secretary, "/help")
	h.wait(secretaryID, "可用命令")
	addMembers(t, h.db, 3300, 1)
	h.say(secretary, "/broadcast")
	h.wait(secretaryID, "用法：/broadcast")
	h.say(secretary, "/broadcast committee")
	h.settle()
	if m, _ := h.lastBot(secretaryID, "用法"); m.ID == 0 {
		t.Error("no usage for an empty notice")
	}
	h.say(secretary, "/broadcast committee 只有书记")
	h.wait(secretaryID, "支委会中没有可以发送的党员")
	h.say(secretary, "/broadcast all "+strings.Repeat("长", 4090))
	h.wait(secretaryID, "通知太长")
	h.pushMessage(secretary, "/broadcast all "+strings.Repeat("图", 1020), nil, "AgACphoto", "")
	h.wait(secretaryID, "最多 ")
	h.view(func(tx *store.Tx) error {
		if bs, _ := tx.RecentBroadcasts(10); len(bs) != 0 {
			t.Errorf("%d broadcasts stored", len(bs))
		}
		return nil
	})
}

func TestBroadcastPhotoDocumentGroupChat(t *testing.T) {
	const group = -100555
	h := newHarness(t, func(o *bot.Options, _ *[]telegramtest.Option) { o.GroupChat = group })
	h.say(secretary, "/help")
	h.wait(secretaryID, "可用命令")
	ms := addMembers(t, h.db, 3400, 2)

	h.pushMessage(secretary, "/broadcast all 请看会议安排图", nil, "AgACphoto", "")
	summary := h.wait(secretaryID, "预览")
	if !strings.Contains(summary.Text, "支部群：不发布") {
		t.Errorf("summary %q", summary.Text)
	}
	h.press(secretary, summary, button(t, summary, "支部群"))
	summary = h.message(secretaryID, summary.ID)
	if !strings.Contains(summary.Text, "支部群：同时发布") {
		t.Fatalf("summary after toggle %q", summary.Text)
	}
	h.press(secretary, summary, button(t, summary, "发送"))
	h.waitSettled(1)
	for _, m := range ms {
		got := h.botMessages(m.ChatID())
		if len(got) != 1 || !got[0].Photo || got[0].Caption != "📢 测试支部 · 通知\n\n请看会议安排图" || len(got[0].Keyboard) != 1 {
			t.Errorf("member %d got %+v", m.ID, got)
		}
	}
	posted := h.botMessages(group)
	if len(posted) != 1 || !posted[0].Photo || len(posted[0].Keyboard) != 0 {
		t.Errorf("group chat got %+v", posted)
	}

	// A document goes out as a document; pressing 已阅 keeps its caption.
	h.pushMessage(secretary, "/broadcast all 附件是学习材料", nil, "", "BQACdoc")
	summary = h.wait(secretaryID, "通知 #2 · 预览")
	h.press(secretary, summary, button(t, summary, "发送"))
	h.waitSettled(2)
	doc, ok := h.lastBot(ms[0].ChatID(), "学习材料")
	if !ok || doc.Document == "" {
		t.Fatalf("no document: %+v", h.botMessages(ms[0].ChatID()))
	}
	h.press(userOf(ms[0]), doc, button(t, doc, "已阅"))
	doc = h.message(ms[0].ChatID(), doc.ID)
	if !strings.Contains(doc.Caption, "学习材料") || !strings.HasPrefix(buttonTexts(doc)[0], "✅ 已阅") {
		t.Errorf("document after ack %q %v", doc.Caption, buttonTexts(doc))
	}
}

func itoa(n int64) string { return fmt.Sprint(n) }

// TestBroadcastRemindAndReport follows a directive on an injected clock:
// the 已阅 presses, one reminder after 24 hours to those silent (which
// replies to their copy and checks both when pressed), the report after
// 48 hours with those still silent and those unreachable, and the
// acknowledgement in /me.
func TestBroadcastRemindAndReport(t *testing.T) {
	clk := clocktest.New(local(2026, 11, 25, 10, 0))
	h := newStudyHarness(t, clk, testRules())
	h.say(secretary, "/help")
	h.wait(secretaryID, "可用命令")
	ms := addMembers(t, h.db, 4000, 4)
	a, b, c, blocked := ms[0], ms[1], ms[2], ms[3]
	h.update(func(tx *store.Tx) error {
		return tx.CreateMember(&branchbot.Member{Name: "未加入", Role: branchbot.RoleMember})
	})
	h.srv.FailChat(blocked.ChatID(), 403, "Forbidden: bot was blocked by the user")
	tick := h.scheduler(clk)

	summary := h.compose("/broadcast directive 本月指示精神：认真学习党章，按时参加组织生活。")
	h.press(secretary, summary, button(t, summary, "发送"))
	bc := h.waitSettled(1)
	if bc.Sent != 3 || bc.Unreachable != 2 || bc.Kind != branchbot.BroadcastDirective {
		t.Fatalf("broadcast %+v", bc)
	}

	clk.Set(local(2026, 11, 25, 11, 5))
	noteA, _ := h.lastBot(a.ChatID(), "本月指示精神")
	h.press(userOf(a), noteA, button(t, noteA, "已阅"))
	if bt := buttonTexts(h.message(a.ChatID(), noteA.ID)); bt[0] != "✅ 已阅 11:05" {
		t.Errorf("A's button %v", bt)
	}
	me := h.sayAndWait(userOf(a), "/me", "学习记录")
	if !strings.Contains(me.Text, "📜 本月上级指示精神传达：已阅 1/1") || !strings.Contains(me.Text, "#1 ✅ 已阅 11-25 11:05") {
		t.Errorf("A's /me %q", me.Text)
	}
	if rep := h.sayAndWait(secretary, "/report study", "学习统计"); !strings.Contains(rep.Text, "\n📜 指示精神传达 #1（11-25）：已阅 1/4\n") {
		t.Errorf("the secretary's /report study does not count the directive's readers:\n%s", rep.Text)
	}

	tick(local(2026, 11, 26, 9, 59))
	if n := len(h.botMessages(b.ChatID())); n != 1 {
		t.Fatalf("B has %d messages before 24 hours", n)
	}
	tick(local(2026, 11, 26, 10, 0))
	tick(local(2026, 11, 26, 10, 1)) // a second tick changes nothing
	for _, m := range []*branchbot.Member{b, c} {
		got := h.botMessages(m.ChatID())
		if len(got) != 2 || !strings.Contains(got[1].Text, "🔔 提醒：您还没有确认阅读通知 #1") || got[1].ReplyTo != got[0].ID {
			t.Fatalf("%s: %+v", m.Name, got)
		}
	}
	if _, reminded := h.lastBot(a.ChatID(), "提醒"); reminded {
		t.Errorf("A, who had read it, was reminded\n%s", h.srv.Transcript(a.ChatID()))
	}

	clk.Set(local(2026, 11, 26, 20, 30))
	reminder := h.botMessages(b.ChatID())[1]
	h.press(userOf(b), reminder, button(t, reminder, "已阅"))
	for _, m := range h.botMessages(b.ChatID()) {
		if bt := buttonTexts(m); len(bt) != 1 || bt[0] != "✅ 已阅 20:30" {
			t.Errorf("B's message %d buttons %v", m.ID, bt)
		}
	}

	tick(local(2026, 11, 27, 10, 0))
	report, ok := h.lastBot(secretaryID, "回执情况")
	if !ok {
		t.Fatalf("no report\n%s", h.srv.Transcript(secretaryID))
	}
	for _, want := range []string{"已阅 2/5 · 仍未阅 1 · 无法送达 2", "⏳ 仍未阅（1 人）", "#" + itoa(c.ID) + " " + c.Name, "⚠️ 无法送达（2 人）", blocked.Name + "（已屏蔽机器人）", "未加入（未加入）"} {
		if !strings.Contains(report.Text, want) {
			t.Errorf("report lacks %q:\n%s", want, report.Text)
		}
	}
	if strings.Contains(report.Text, a.Name) || strings.Contains(report.Text, b.Name) {
		t.Errorf("report names those who read it:\n%s", report.Text)
	}
	before := len(h.botMessages(secretaryID))
	tick(local(2026, 11, 28, 10, 0))
	if n := len(h.botMessages(secretaryID)); n != before {
		t.Errorf("%d more messages to the secretary after the report", n-before)
	}
	h.view(func(tx *store.Tx) error {
		open, _ := tx.OpenBroadcasts()
		if len(open) != 0 {
			t.Errorf("%d broadcasts still open", len(open))
		}
		return nil
	})
}

// scheduler returns a function that runs the scheduler's Tick at an
// instant, with the clock set to it, and waits for what it queued to go
// out.
func (h *harness) scheduler(clk *clocktest.Clock) func(time.Time) {
	t := h.t
	sched, err := schedule.New(schedule.Options{
		Store:    h.db,
		Now:      clk.Now,
		Location: shanghai,
		Rules:    testRules(),
		Prompt:   mustSpec(t, "59 23 * * *"), // no study prompt in the way
		Broadcasts: schedule.BroadcastOptions{
			Renderer:    h.bot,
			RemindAfter: 24 * time.Hour,
			ReportAfter: 48 * time.Hour,
		},
		Notify: h.bot.Kick,
	})
	if err != nil {
		t.Fatal(err)
	}
	return func(at time.Time) {
		t.Helper()
		clk.Set(at)
		if _, err := sched.Tick(at); err != nil {
			t.Fatal(err)
		}
		h.settle()
	}
}

func TestBroadcastAtSetTime(t *testing.T) {
	clk := clocktest.New(local(2026, 11, 25, 20, 0))
	h := newStudyHarness(t, clk, testRules())
	h.say(secretary, "/help")
	h.wait(secretaryID, "可用命令")
	ms := addMembers(t, h.db, 5300, 2)
	tick := h.scheduler(clk)

	summary := h.compose("/broadcast at 08:00 明早八点集合。")
	if !strings.Contains(summary.Text, "发送：定时 11-26 08:00") {
		t.Errorf("summary %q", summary.Text)
	}
	// The audience button walks all → committee → all.
	h.press(secretary, summary, button(t, summary, "对象：全体党员"))
	summary = h.message(secretaryID, summary.ID)
	if !strings.Contains(summary.Text, "对象：支委会，共 0 人") {
		t.Errorf("after the audience button %q", summary.Text)
	}
	if text, alert := h.press(secretary, summary, button(t, summary, "定时发送")); !alert || !strings.Contains(text, "没有可以发送的党员") {
		t.Errorf("send to nobody answered %q %v", text, alert)
	}
	h.press(secretary, summary, button(t, summary, "对象：支委会"))
	summary = h.message(secretaryID, summary.ID)
	h.press(secretary, summary, button(t, summary, "定时发送"))
	status := h.message(secretaryID, summary.ID)
	if !strings.Contains(status.Text, "⏰ 通知 #1 将于 11-26 08:00 发给全体党员") {
		t.Errorf("status %q", status.Text)
	}

	// A second one, withdrawn before its time.
	other := h.compose("/broadcast at 2026-11-26 08:00 撤回的通知")
	h.press(secretary, other, button(t, other, "定时发送"))
	other = h.message(secretaryID, other.ID)
	h.press(secretary, other, button(t, other, "撤回"))
	if b := h.broadcastOf(2); b.State != branchbot.BroadcastCancelled {
		t.Errorf("withdrawn: %s", b.State)
	}

	list := h.sayAndWait(secretary, "/broadcasts", "最近的通知")
	if !strings.Contains(list.Text, "⏰ 定时 11-26 08:00") {
		t.Errorf("list %q", list.Text)
	}

	tick(local(2026, 11, 26, 7, 59))
	for _, m := range ms {
		if n := len(h.botMessages(m.ChatID())); n != 0 {
			t.Fatalf("member %d got %d messages early", m.ID, n)
		}
	}
	tick(local(2026, 11, 26, 8, 0))
	for _, m := range ms {
		got := h.botMessages(m.ChatID())
		if len(got) != 1 || !strings.Contains(got[0].Text, "明早八点集合") {
			t.Errorf("member %d got %+v", m.ID, got)
		}
	}
	h.waitSettled(1)
	if status := h.message(secretaryID, summary.ID); !strings.Contains(status.Text, "通知 #1 已发送完毕：2/2") {
		t.Errorf("status after sending %q", status.Text)
	}
	h.view(func(tx *store.Tx) error {
		es, _ := tx.LatestAudit(20)
		var actions []string
		for _, e := range es {
			actions = append(actions, e.Action)
		}
		got := strings.Join(actions, " ")
		if !strings.Contains(got, "broadcast.schedule") || !strings.Contains(got, "broadcast.cancel") {
			t.Errorf("audit %q", got)
		}
		return nil
	})

	// Times that cannot be: past, malformed, too far.
	for _, cmd := range []string{"/broadcast at 2026-11-25 09:00 过去", "/broadcast at 25:00 坏时间", "/broadcast at 2027-03-01 08:00 太远"} {
		h.say(secretary, cmd)
	}
	h.settle()
	n := 0
	for _, m := range h.botMessages(secretaryID) {
		if strings.Contains(m.Text, "不是可用的发送时间") {
			n++
		}
	}
	if n != 3 {
		t.Errorf("%d of 3 bad times refused", n)
	}
}

func mustSpec(t *testing.T, s string) *schedule.Spec {
	t.Helper()
	sp, err := schedule.ParseSpec(s, shanghai)
	if err != nil {
		t.Fatal(err)
	}
	return sp
}

// TestDeputyBroadcasts: a deputy named with /setrole may broadcast, and
// loses the power with the role, drafts included.
func TestDeputyBroadcasts(t *testing.T) {
	h := newHarness(t)
	h.say(secretary, "/help")
	h.wait(secretaryID, "可用命令")
	ms := addMembers(t, h.db, 5200, 3)
	deputy := userOf(ms[0])
	h.sayAndWait(secretary, "/setrole "+ms[0].Name+" secretary", "的角色设为书记")

	h.say(deputy, "/broadcast all 副书记的通知")
	summary := h.wait(deputy.ID, "预览")
	if !strings.Contains(summary.Text, "共 3 人") { // the secretary and the two others
		t.Errorf("summary %q", summary.Text)
	}
	h.press(deputy, summary, button(t, summary, "发送"))
	b := h.waitSettled(1)
	if b.AuthorID != ms[0].ID || b.Sent != 3 {
		t.Errorf("broadcast %+v", b)
	}
	if _, ok := h.lastBot(secretaryID, "副书记的通知"); !ok {
		t.Error("the secretary did not get the deputy's notice")
	}

	h.say(deputy, "/broadcast all 第二条")
	second := h.wait(deputy.ID, "通知 #2 · 预览")
	h.sayAndWait(secretary, "/setrole "+ms[0].Name+" member", "的角色设为党员")
	if text, alert := h.press(deputy, second, button(t, second, "发送")); !alert || !strings.Contains(text, "仅限书记使用") {
		t.Errorf("demoted deputy's send answered %q %v", text, alert)
	}
	if b := h.broadcastOf(2); b.State != branchbot.BroadcastDraft {
		t.Errorf("state %s", b.State)
	}
	// The last secretary still cannot step down.
	h.sayAndWait(secretary, "/setrole 王 member", "最后一位书记")
}

// TestBroadcastSettledByRemoval: removing the member whose copy was the
// last one waiting settles the broadcast.
func TestBroadcastSettledByRemoval(t *testing.T) {
	h := newHarness(t)
	h.say(secretary, "/help")
	h.wait(secretaryID, "可用命令")
	ms := addMembers(t, h.db, 5400, 2)
	stuck := ms[1]
	h.srv.FailChat(stuck.ChatID(), 502, "Bad Gateway") // retried, so it waits
	summary := h.compose("/broadcast all 请注意")
	h.srv.Press(secretary, secretaryID, summary.ID, button(t, summary, "发送"))
	h.waitFor(ms[0].ChatID(), "请注意")
	if b := h.broadcastOf(1); b.State != branchbot.BroadcastSending {
		t.Fatalf("state %s while a copy waits", b.State)
	}
	h.say(secretary, "/remove "+stuck.Name)
	confirm := h.wait(secretaryID, "确定要将")
	h.srv.Press(secretary, secretaryID, confirm.ID, button(t, confirm, "确认移除"))
	h.waitSettled(1)
	b := h.broadcastOf(1)
	if b.Sent != 1 || b.Failed != 1 {
		t.Errorf("counts %+v", b)
	}
	if r := h.recipients(1)[stuck.ID]; r.State != branchbot.RecipientFailed || r.Why != "member removed" {
		t.Errorf("removed member's copy %+v", r)
	}
}
