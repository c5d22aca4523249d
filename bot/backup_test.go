package bot_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// TestBackupFailedTold: a failed scheduled backup reaches every
// secretary, in their language, once per last good backup: the same
// failure told again (a retry, or a restarted bot) is not sent twice,
// and a failure after a newer good backup is.
func TestBackupFailedTold(t *testing.T) {
	h := newHarness(t, withZone("Asia/Shanghai"))
	h.sayAndWait(secretary, "/help", "可用命令")
	deputy := addMembers(t, h.db, 2101, 1)[0]
	deputy.Role, deputy.Lang = branchbot.RoleSecretary, branchbot.LangEN
	h.update(func(tx *store.Tx) error { return tx.PutMember(deputy) })
	member := addMembers(t, h.db, 2201, 1)[0]

	good := time.Date(2026, 12, 3, 19, 30, 25, 0, time.UTC) // 03:30 in Shanghai
	fail := errors.New("store: backup: mkdir /srv/backups: not a directory")
	// A restarted bot reads the last good backup's time back from its
	// name, to the minute: the same backup.
	for _, last := range []time.Time{{}, {}, good, good, good.Truncate(time.Minute)} {
		h.update(func(tx *store.Tx) error { return h.bot.Scheduled().BackupFailed(tx, last, "/srv/backups", fail) })
	}
	h.bot.Kick()
	h.settle()
	zh := h.botMessages(secretaryID)
	var told []string
	for _, m := range zh {
		if strings.Contains(m.Text, "数据库自动备份失败") {
			told = append(told, m.Text)
		}
	}
	if len(told) != 2 {
		t.Fatalf("the secretary was told %d times, want 2 (no good backup, then the one of 03:30): %q", len(told), told)
	}
	if !strings.Contains(told[0], "上次成功的备份：无") || !strings.Contains(told[0], "not a directory") || !strings.Contains(told[0], "/srv/backups") {
		t.Errorf("first notice %q", told[0])
	}
	if !strings.Contains(told[1], "上次成功的备份：2026-12-04 03:30") {
		t.Errorf("second notice %q", told[1])
	}
	en := h.botMessages(deputy.ChatID())
	if len(en) != 2 || !strings.Contains(en[0].Text, "The scheduled database backup failed") || !strings.Contains(en[0].Text, "Last good backup: none") {
		t.Errorf("deputy got %d messages: %+v", len(en), en)
	}
	if n := len(h.botMessages(member.ChatID())); n != 0 {
		t.Errorf("a member was told: %d messages", n)
	}
}
