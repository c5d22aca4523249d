package bot_test

import (
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/branchbot/branchbot/internal/clocktest"
)

// TestMeetingMoveButton: the status message offers 改时间/地点 beside 取消会议;
// it answers with the meeting's /meeting move command in a code span to
// copy, which, changed and sent, moves the meeting; a member's press of
// it is refused; once the meeting is cancelled the status has no buttons.
func TestMeetingMoveButton(t *testing.T) {
	clk := clocktest.New(local(2026, 12, 1, 10, 0))
	h, us, _ := meetingSetup(t, clk)
	status := h.scheduleMeeting("/meeting 2026-12-05 15:00 学习贯彻党章 @ 三楼会议室")
	if got := buttonTexts(status); len(got) != 2 || got[0] != "改时间/地点" || got[1] != "取消会议" {
		t.Fatalf("status buttons %v", got)
	}
	if text, alert := h.pressIn(us[0], secretaryID, status, status.Keyboard[0][0].Data); !alert || text == "" {
		t.Errorf("a member's press of 改时间/地点 answered %q (alert %v)", text, alert)
	}
	h.press(secretary, status, status.Keyboard[0][0].Data)
	hint := h.wait(secretaryID, "改时间或地点")
	const cmd = "/meeting move 1 2026-12-05 15:00 @ 三楼会议室"
	if !strings.HasSuffix(hint.Text, "\n\n"+cmd) {
		t.Fatalf("hint:\n%s", hint.Text)
	}
	if len(hint.Entities) != 1 || hint.Entities[0].Type != "code" {
		t.Fatalf("hint entities %+v, want one code span", hint.Entities)
	}
	u := utf16.Encode([]rune(hint.Text))
	e := hint.Entities[0]
	if got := string(utf16.Decode(u[e.Offset : e.Offset+e.Length])); got != cmd {
		t.Errorf("code span %q, want %q", got, cmd)
	}
	h.sayAndWait(secretary, strings.Replace(cmd, "15:00 @ 三楼会议室", "16:00 @ 二楼会议室", 1), "已改到")
	h.settle()
	for _, u := range us {
		h.wait(u.ID, "会议改期通知")
	}
	h.press(secretary, status, status.Keyboard[0][0].Data)
	hint, n := lastWith(h, secretaryID, "改时间或地点")
	if n != 2 || !strings.HasSuffix(hint.Text, "/meeting move 1 2026-12-05 16:00 @ 二楼会议室") {
		t.Errorf("hint after the move (%d hints):\n%s", n, hint.Text)
	}
	h.sayAndWait(secretary, "/meeting cancel 1", "已取消")
	h.settle()
	if got := h.message(secretaryID, status.ID); len(got.Keyboard) != 0 {
		t.Errorf("status buttons after the cancellation: %v", buttonTexts(got))
	}
}
