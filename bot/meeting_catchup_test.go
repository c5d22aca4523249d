package bot_test

import (
	"testing"

	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/telegramtest"
)

// TestMeetingNoticeForLateJoiner: a member who joins after a meeting was
// confirmed gets its notice, once, with the buttons to answer; a member
// who had it already gets nothing again when they write.
func TestMeetingNoticeForLateJoiner(t *testing.T) {
	clk := clocktest.New(local(2026, 12, 1, 9, 0))
	h, us, _ := meetingSetup(t, clk)
	h.scheduleMeeting("/meeting 2026-12-05 15:00 学习贯彻党章 @ 三楼会议室")
	if _, n := lastWith(h, us[0].ID, "学习贯彻党章"); n != 1 {
		t.Fatalf("a member had %d notices, want 1", n)
	}

	late := telegramtest.User{ID: 2101, FirstName: "新来"}
	h.joinAnother(late, "新来")
	h.settle()
	got, n := lastWith(h, late.ID, "学习贯彻党章")
	if n != 1 {
		t.Fatalf("the late joiner got %d notices, want 1", n)
	}
	if len(got.Keyboard) == 0 {
		t.Errorf("the late joiner's notice has no buttons to answer: %+v", got)
	}
	h.sayAndWait(us[0], "/help", "可用命令")
	h.sayAndWait(late, "/help", "可用命令")
	if _, n := lastWith(h, us[0].ID, "学习贯彻党章"); n != 1 {
		t.Errorf("a member who had the notice got it %d times", n)
	}
	if _, n := lastWith(h, late.ID, "学习贯彻党章"); n != 1 {
		t.Errorf("the late joiner got the notice %d times after writing again", n)
	}
}
