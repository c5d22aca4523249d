package bot_test

import (
	"bytes"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/chart"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/schedule"
	"github.com/branchbot/branchbot/store"
	"github.com/branchbot/branchbot/telegramtest"
	"github.com/xuri/excelize/v2"
)

// reportsBranch is caseBranch (李组长 leads 一组 of 张三 and 孙五, 王组长
// leads 二组) whose bot draws charts, and a function that ticks a fresh scheduler's reports at a time, as after a
// restart.
func reportsBranch(t *testing.T, clk *clocktest.Clock) (*harness, func(time.Time) schedule.ReportResult) {
	t.Helper()
	h, _ := caseBranchWith(t, clk, nil)
	h.restart(func() { h.opts.Charts = chart.Latin() })
	digest, err := branchbot.ParseWeekly("Mon 08:30")
	if err != nil {
		t.Fatal(err)
	}
	return h, func(at time.Time) schedule.ReportResult {
		t.Helper()
		clk.Set(at)
		sched, err := schedule.New(schedule.Options{
			Store: h.db, Now: clk.Now, Location: shanghai,
			Quiet: branchbot.QuietHours{From: branchbot.ClockTime{Hour: 22}, To: branchbot.ClockTime{Hour: 7}},
			Reports: schedule.ReportOptions{Renderer: h.bot, Digest: digest, DigestOn: true, At: digest.At,
				Monthly: true, League: true},
			Notify: h.bot.Kick,
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
}

// studied records days as done for member u.
func (h *harness) studied(u telegramtest.User, days ...string) {
	h.t.Helper()
	m := h.member(u.ID)
	if err := h.db.Update(func(tx *store.Tx) error {
		for _, d := range days {
			day, err := branchbot.ParseDay(d)
			if err != nil {
				return err
			}
			if err := tx.PutStudyDay(m.ID, day, branchbot.StudyDay{Status: branchbot.DayDone, Minutes: 15}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) withText(chat int64, part string) []telegramtest.Message {
	var out []telegramtest.Message
	for _, m := range h.botMessages(chat) {
		if strings.Contains(m.Text, part) {
			out = append(out, m)
		}
	}
	return out
}

func TestWeeklyDigest(t *testing.T) {
	clk := clocktest.New(local(2026, 11, 16, 10, 0)) // a Monday: everyone joins today
	h, tick := reportsBranch(t, clk)

	// This Monday's digest covers last week, before anyone joined:
	// nothing in it, so nothing sent.
	if res := tick(local(2026, 11, 16, 10, 1)); res.Digests != 0 {
		t.Errorf("an empty week sent %d digests", res.Digests)
	}
	if n := len(h.withText(secretaryID, "每周摘要")); n != 0 {
		t.Fatalf("%d digests of an empty week", n)
	}

	h.studied(subjectU, "2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19")
	h.studied(leader2U, "2026-11-16")
	// Next Monday, before 08:30: not yet.
	if res := tick(local(2026, 11, 23, 8, 29)); res.Digests != 0 {
		t.Errorf("digest before its time: %+v", res)
	}
	tick(local(2026, 11, 23, 8, 30))
	d := h.wait(secretaryID, "每周摘要 · 2026-11-16 至 2026-11-22 · 全支部")
	for _, want := range []string{"全支部：", "一组：", "二组：", "本周一次未学", "孙五", "李组长"} {
		if !strings.Contains(d.Text, want) {
			t.Errorf("secretary's digest lacks %q:\n%s", want, d.Text)
		}
	}
	if strings.Contains(d.Text, "本周一次未学（") && strings.Contains(strings.SplitAfter(d.Text, "本周一次未学")[1], "张三") {
		t.Errorf("张三 studied, yet is listed as silent:\n%s", d.Text)
	}
	l := h.wait(leaderU.ID, "每周摘要 · 2026-11-16 至 2026-11-22 · 党小组：一组")
	if strings.Contains(l.Text, "二组") || strings.Contains(l.Text, "王组长") || strings.Contains(l.Text, "全支部：") {
		t.Errorf("一组's leader reads of others:\n%s", l.Text)
	}
	if !strings.Contains(l.Text, "孙五") {
		t.Errorf("leader's digest lacks the silent member of the group:\n%s", l.Text)
	}
	h.wait(leader2U.ID, "党小组：二组")

	// A restart and later ticks the same week: nothing again.
	for _, at := range []time.Time{local(2026, 11, 23, 8, 31), local(2026, 11, 25, 12, 0), local(2026, 11, 29, 23, 59)} {
		if res := tick(at); res != (schedule.ReportResult{}) {
			t.Errorf("tick at %s sent %+v", at, res)
		}
	}
	if n := len(h.withText(secretaryID, "每周摘要")); n != 1 {
		t.Errorf("secretary got %d digests, want 1", n)
	}
	if n := len(h.withText(leaderU.ID, "每周摘要")); n != 1 {
		t.Errorf("leader got %d digests, want 1", n)
	}
	// The bot was down over the next Monday morning: the digest comes
	// when it is back.
	if res := tick(local(2026, 12, 1, 7, 30)); res.Digests == 0 {
		t.Errorf("the week's digest was not caught up: %+v", res)
	}
	h.wait(secretaryID, "每周摘要 · 2026-11-23 至 2026-11-29")
}

func TestMonthlySummaryAndLeague(t *testing.T) {
	clk := clocktest.New(local(2026, 11, 16, 10, 0))
	h, tick := reportsBranch(t, clk)
	h.studied(subjectU, "2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20")
	h.studied(memberU, "2026-11-16", "2026-11-17")
	h.studied(leader2U, "2026-11-16")

	res := tick(local(2026, 12, 1, 8, 30))
	if res.Summaries != 1 {
		t.Fatalf("summaries %+v", res)
	}
	sum := h.wait(secretaryID, "2026-11 月度总结")
	if !strings.Contains(sum.Text, "学习完成率") || !strings.Contains(sum.Text, "【一组】") {
		t.Errorf("summary:\n%s", sum.Text)
	}
	var photos, docs int
	for _, m := range h.botMessages(secretaryID) {
		if m.Photo {
			photos++
		}
		if m.Document != "" {
			docs++
			data, name, ok := h.srv.DocumentData(secretaryID, m.ID)
			if !ok || name != "台账-2026-11.xlsx" {
				t.Errorf("ledger %q %v", name, ok)
				continue
			}
			f, err := excelize.OpenReader(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("the ledger does not open: %v", err)
			}
			if v, _ := f.GetCellValue("学习台账", "A1"); v == "" {
				t.Errorf("the ledger's study sheet is empty: sheets %v", f.GetSheetList())
			}
			f.Close()
		}
	}
	if photos != 1 || docs != 1 {
		t.Errorf("summary came with %d photos and %d documents, want the chart and the ledger", photos, docs)
	}
	if n := len(h.withText(leaderU.ID, "月度总结")); n != 0 {
		t.Error("a group leader got the branch's monthly summary")
	}
	tick(local(2026, 12, 2, 9, 0)) // again, as after a restart: nothing more
	if n := len(h.withText(secretaryID, "月度总结")); n != 1 {
		t.Errorf("%d summaries", n)
	}

	// The quarter's league table, on the first of January.
	h.studied(subjectU, "2026-12-01", "2026-12-02")
	res = tick(local(2027, 1, 1, 8, 30))
	if res.Leagues != 1 {
		t.Fatalf("leagues %+v", res)
	}
	lg := h.wait(secretaryID, "2026-Q4 党小组红黑榜")
	one, two := strings.Index(lg.Text, "1. 一组"), strings.Index(lg.Text, "2. 二组")
	if one < 0 || two < 0 || !strings.Contains(lg.Text, "红榜：一组") || !strings.Contains(lg.Text, "黑榜：二组") {
		t.Errorf("league:\n%s", lg.Text)
	}
	if n := len(h.withText(leaderU.ID, "红黑榜")); n != 0 {
		t.Error("a group leader got the league table")
	}
}

func TestReportStudyComesWithChart(t *testing.T) {
	clk := clocktest.New(local(2026, 11, 20, 10, 0))
	h, _ := reportsBranch(t, clk)
	clk.Set(local(2026, 11, 25, 10, 0))
	h.studied(subjectU, "2026-11-23")
	h.say(secretary, "/report study")
	h.wait(secretaryID, "学习统计")
	h.settle()
	n := 0
	for _, m := range h.botMessages(secretaryID) {
		if !m.Photo {
			continue
		}
		n++
		data, name, ok := h.srv.PhotoData(secretaryID, m.ID)
		if !ok {
			t.Fatalf("the chart %q was not uploaded", name)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("the chart %q is not a PNG: %v", name, err)
		}
		if b := img.Bounds(); b.Dx() != 1000 || b.Dy() != 600 {
			t.Errorf("the chart %q is %d×%d, want 1000×600", name, b.Dx(), b.Dy())
		}
	}
	if n != 1 {
		t.Errorf("/report study came with %d photos, want its chart", n)
	}
}
