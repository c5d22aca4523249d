package bot_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
	"github.com/branchbot/branchbot/telegramtest"
)

func TestInviteJoinDeliver(t *testing.T) {
	h := newHarness(t)
	code := h.invite("张三 第一党小组")
	if len(code) > 64 {
		t.Fatalf("code %q longer than 64", code)
	}
	zhang := telegramtest.User{ID: 2001, FirstName: "三", LastName: "张"}
	h.say(zhang, "/start "+code)
	h.wait(zhang.ID, "欢迎您，张三")
	h.wait(secretaryID, "张三 已通过邀请链接加入")

	m := h.member(zhang.ID)
	if m == nil || m.Name != "张三" || m.Group != "第一党小组" || m.Role != branchbot.RoleMember {
		t.Fatalf("member after join = %+v", m)
	}

	// A message queued for the member reaches them.
	if err := h.db.Update(func(tx *store.Tx) error {
		_, err := tx.Enqueue(&branchbot.Outgoing{Key: "test/1", ChatID: zhang.ID, MemberID: m.ID, Text: "本月主题党日通知"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	h.bot.Kick()
	h.wait(zhang.ID, "本月主题党日通知")

	t.Run("reused invite", func(t *testing.T) {
		li := telegramtest.User{ID: 2002, FirstName: "四", LastName: "李"}
		h.say(li, "/start "+code)
		h.wait(li.ID, "已被使用")
		if h.member(li.ID) != nil {
			t.Fatal("reused invite bound a second account")
		}
	})
	t.Run("unknown invite", func(t *testing.T) {
		u := telegramtest.User{ID: 2003, FirstName: "X"}
		h.say(u, "/start nosuchcode")
		h.wait(u.ID, "邀请链接无效")
		if h.member(u.ID) != nil {
			t.Fatal("unknown invite bound an account")
		}
	})
	t.Run("stranger", func(t *testing.T) {
		u := telegramtest.User{ID: 2004, FirstName: "Y"}
		h.say(u, "/members")
		h.wait(u.ID, "请向支部书记索取邀请链接")
	})
	t.Run("member cannot invite", func(t *testing.T) {
		h.say(zhang, "/invite 王五")
		h.wait(zhang.ID, "仅限书记使用")
		var refused bool
		h.view(func(tx *store.Tx) error {
			es, err := tx.LatestAudit(5)
			for _, e := range es {
				if e.Refused && e.ActorTG == zhang.ID && strings.Contains(e.Detail, "/invite") {
					refused = true
				}
			}
			_, err2 := tx.MemberByName("王五")
			if err2 == nil {
				t.Error("refused /invite created a member")
			}
			return err
		})
		if !refused {
			t.Fatal("refusal not audited")
		}
	})
}

func TestSecretaryCommands(t *testing.T) {
	h := newHarness(t)
	codes := map[string]string{}
	for _, n := range []string{"甲", "乙"} {
		codes[n] = h.invite(n + " 一组")
	}
	jia := telegramtest.User{ID: 3001, FirstName: "甲"}
	h.say(jia, "/start "+codes["甲"])
	h.wait(jia.ID, "欢迎您")

	h.say(secretary, "/members")
	list := h.wait(secretaryID, "党员名单")
	for _, want := range []string{"甲", "乙", "待加入", "已加入", "书记"} {
		if !strings.Contains(list.Text, want) {
			t.Errorf("/members lacks %q:\n%s", want, list.Text)
		}
	}

	h.say(secretary, "/setrole 甲 committee")
	h.wait(secretaryID, "甲 的角色设为支委委员")
	h.wait(jia.ID, "角色已设为支委委员")

	h.say(secretary, "/setgroup 甲 二组")
	newGroup := h.wait(secretaryID, "还没有名为“二组”的党小组")
	h.srv.Press(secretary, secretaryID, newGroup.ID, newGroup.Keyboard[0][0].Data)
	h.settle()
	if got := h.message(secretaryID, newGroup.ID); !strings.Contains(got.Text, "已将 甲 调整到“二组”") {
		t.Errorf("after making the group %q", got.Text)
	}

	// The last secretary cannot step down or be removed.
	h.say(secretary, fmt.Sprintf("/setrole #%d member", h.member(secretaryID).ID))
	h.wait(secretaryID, "最后一位书记")
	if h.member(secretaryID).Role != branchbot.RoleSecretary {
		t.Fatal("last secretary demoted")
	}

	// Removal asks for confirmation; only the asker may confirm.
	h.say(secretary, "/remove 乙")
	confirm := h.wait(secretaryID, "确定要将")
	yes := confirm.Keyboard[0][0]
	_, cbID := h.srv.Press(jia, secretaryID, confirm.ID, yes.Data)
	h.settle()
	if text, _, ok := h.srv.CallbackAnswer(cbID); !ok || !strings.Contains(text, "不是发给您的") {
		t.Errorf("someone else's press answered %q, %v", text, ok)
	}
	h.view(func(tx *store.Tx) error {
		if _, err := tx.MemberByName("乙"); err != nil {
			t.Error("a press by someone else removed the member")
		}
		return nil
	})
	h.srv.Press(secretary, secretaryID, confirm.ID, yes.Data)
	h.wait(secretaryID, "已将 乙 移出支部")
	h.view(func(tx *store.Tx) error {
		if _, err := tx.MemberByName("乙"); err == nil {
			t.Error("confirmed removal left the member")
		}
		return nil
	})

	t.Run("wrong arguments change nothing", func(t *testing.T) {
		for _, c := range []struct{ cmd, want string }{
			{"/setrole 甲", "用法：/setrole"},
			{"/setrole 甲 king", "用法：/setrole"},
			{"/setrole 无此人 member", "找不到党员"},
			{"/invite", "用法：/invite"},
			{"/remove", "用法：/remove"},
			{"/frobnicate", "未知命令"},
			{"/lang fr", "用法：/lang"},
		} {
			h.say(secretary, c.cmd)
			h.wait(secretaryID, c.want)
		}
	})
	t.Run("lang", func(t *testing.T) {
		h.say(jia, "/lang en")
		h.wait(jia.ID, "Language set to English")
		h.say(jia, "/help")
		h.wait(jia.ID, "commands for a committee member")
	})
}

func TestGroupAndForwardedCommandsRefused(t *testing.T) {
	h := newHarness(t)
	h.srv.SendText(secretary, -100200300, "/invite 群里")
	h.say(secretary, "/help")
	h.wait(secretaryID, "可用命令")
	h.settle()
	h.view(func(tx *store.Tx) error {
		if _, err := tx.MemberByName("群里"); err == nil {
			t.Error("a command in a group chat created a member")
		}
		return nil
	})
	if len(h.botMessages(-100200300)) != 0 {
		t.Error("the bot answered in the group")
	}
	h.wait(secretaryID, "只能在与机器人的私聊中使用")
}
