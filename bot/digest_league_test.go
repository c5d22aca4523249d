package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/chart"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/schedule"
)

// TestLeagueToGroupChat: with reports.league_group_chat the quarter's
// league table is posted to the branch's group chat as well as sent to
// the secretary, once, also when the reports are ticked again.
func TestLeagueToGroupChat(t *testing.T) {
	const group = -100888
	clk := clocktest.New(local(2026, 11, 16, 10, 0))
	h, _ := reportsBranch(t, clk)
	h.restart(func() { h.opts.Charts, h.opts.GroupChat = chart.Latin(), group })
	h.studied(subjectU, "2026-11-16", "2026-11-17", "2026-12-01")
	h.studied(leader2U, "2026-11-16")
	tick := func(at time.Time) schedule.ReportResult {
		t.Helper()
		clk.Set(at)
		sched, err := schedule.New(schedule.Options{
			Store: h.db, Now: clk.Now, Location: shanghai,
			Quiet:   branchbot.QuietHours{From: branchbot.ClockTime{Hour: 22}, To: branchbot.ClockTime{Hour: 7}},
			Reports: schedule.ReportOptions{Renderer: h.bot, League: true, LeagueChat: true},
			Notify:  h.bot.Kick,
		})
		if err != nil {
			t.Fatal(err)
		}
		res, err := sched.TickReports(at)
		if err != nil {
			t.Fatal(err)
		}
		h.settle()
		return res
	}

	if res := tick(local(2027, 1, 1, 8, 30)); res.Leagues != 2 {
		t.Fatalf("leagues %+v, want the secretary's and the group chat's", res)
	}
	posted := h.wait(group, "2026-Q4 党小组红黑榜")
	if !strings.Contains(posted.Text, "1. 一组") || !strings.Contains(posted.Text, "红榜：一组") {
		t.Errorf("league in the group chat:\n%s", posted.Text)
	}
	h.wait(secretaryID, "2026-Q4 党小组红黑榜")

	tick(local(2027, 1, 2, 9, 0)) // again, as after a restart: nothing more
	if n := len(h.withText(group, "红黑榜")); n != 1 {
		t.Errorf("the group chat got the league table %d times, want once", n)
	}
	if n := len(h.withText(secretaryID, "红黑榜")); n != 1 {
		t.Errorf("the secretary got the league table %d times, want once", n)
	}
	if n := len(h.withText(leaderU.ID, "红黑榜")); n != 0 {
		t.Error("a group leader got the league table")
	}
}
