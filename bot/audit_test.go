package bot_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

func TestAuditCommand(t *testing.T) {
	h := newHarness(t)
	h.say(secretary, "/help")
	h.wait(secretaryID, "可用命令")
	h.update(func(tx *store.Tx) error {
		for i := range 250 {
			if err := tx.Audit(branchbot.AuditEntry{Action: "test", Detail: fmt.Sprintf("第%d条", i+1)}); err != nil {
				return err
			}
		}
		return nil
	})
	h.invite("张三")

	got := h.sayAndWait(secretary, "/audit 3", "审计日志")
	lines := strings.Split(got.Text, "\n")
	if len(lines) != 4 || !strings.Contains(lines[0], "最近 3 条") {
		t.Fatalf("/audit 3:\n%s", got.Text)
	}
	if !strings.Contains(lines[1], "王书记 · 邀请 · #2 张三（未分组）") || !strings.Contains(lines[2], "系统 · test · 第250条") || !strings.Contains(lines[3], "第249条") {
		t.Errorf("/audit 3, newest first:\n%s", got.Text)
	}

	got = h.sayAndWait(secretary, "/audit", "审计日志")
	if !strings.Contains(got.Text, "最近 20 条") || strings.Count(got.Text, "\n") != 20 {
		t.Errorf("/audit:\n%s", got.Text)
	}
	h.sayAndWait(secretary, "/audit 999", "最近 200 条")
	h.sayAndWait(secretary, "/audit 0", "用法：/audit")
	h.sayAndWait(secretary, "/audit x y", "用法：/audit")

	// A refusal is there, marked.
	member := addMembers(t, h.db, 5100, 1)[0]
	h.say(userOf(member), "/audit")
	h.wait(member.ChatID(), "仅限书记使用")
	got = h.sayAndWait(secretary, "/audit 1", "审计日志")
	if !strings.Contains(got.Text, "⛔ #") || !strings.Contains(got.Text, member.Name+" · 拒绝执行 · /audit 仅限书记使用") {
		t.Errorf("refusal:\n%s", got.Text)
	}
}
