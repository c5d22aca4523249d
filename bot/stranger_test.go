package bot_test

import (
	"testing"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
	"github.com/branchbot/branchbot/telegramtest"
)

// strangerAudit counts the audit entries that name a Telegram user.
func (h *harness) strangerAudit(tgID int64) int {
	h.t.Helper()
	n := 0
	h.view(func(tx *store.Tx) error {
		return tx.ForEachAudit(func(e branchbot.AuditEntry) error {
			if e.ActorTG == tgID {
				n++
			}
			return nil
		})
	})
	return n
}

// TestStrangerAnsweredOnce: someone who is not a member and writes to the
// bot over and over is told once to ask for a link, and adds a bounded
// number of entries to the audit log.
func TestStrangerAnsweredOnce(t *testing.T) {
	h := newHarness(t)
	u := telegramtest.User{ID: 7001, FirstName: "陌生人"}
	for range 40 {
		h.say(u, "你好")
		h.say(u, "/broadcast 全体 通知") // privileged: refused and audited
	}
	h.settle()
	if got := h.botMessages(u.ID); len(got) != 1 {
		t.Errorf("the stranger got %d answers, want 1:\n%s", len(got), h.srv.Transcript(u.ID))
	}
	if n := h.strangerAudit(u.ID); n != branchbot.StrangerAuditEntries {
		t.Errorf("%d audit entries for the stranger, want %d", n, branchbot.StrangerAuditEntries)
	}
}

// TestStrangerBadInviteBounded: refused invite codes are answered up to
// the bound, and a good invite still works after it.
func TestStrangerBadInviteBounded(t *testing.T) {
	h := newHarness(t)
	u := telegramtest.User{ID: 7002, FirstName: "李"}
	for range 10 {
		h.say(u, "/start nosuchcode")
	}
	h.settle()
	if got := h.botMessages(u.ID); len(got) != branchbot.StrangerAnswers {
		t.Errorf("%d answers to bad invites, want %d:\n%s", len(got), branchbot.StrangerAnswers, h.srv.Transcript(u.ID))
	}
	if n := h.strangerAudit(u.ID); n != branchbot.StrangerAuditEntries {
		t.Errorf("%d audit entries, want %d", n, branchbot.StrangerAuditEntries)
	}
	code := h.invite("李四")
	h.say(u, "/start "+code)
	h.wait(u.ID, "李四")
	if m := h.member(u.ID); m == nil || m.Name != "李四" {
		t.Fatalf("the good invite did not bind: %+v", m)
	}
	// Once a member, their refusals are all logged again.
	before := h.strangerAudit(u.ID)
	for range 5 {
		h.say(u, "/invite 某人")
	}
	h.settle()
	if n := h.strangerAudit(u.ID) - before; n != 5 {
		t.Errorf("%d of the member's 5 refusals audited", n)
	}
}
