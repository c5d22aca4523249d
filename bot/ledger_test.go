package bot_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/internal/clocktest"
	"github.com/branchbot/branchbot/schedule"
	"github.com/branchbot/branchbot/store"
	"github.com/branchbot/branchbot/telegramtest"
)

// ledgerMonth runs the first days of December 2026 through the bot: 张三
// studies (and the bot is down on the 3rd), 李组长 studies only after the
// evening reminder, then takes leave; a hospital case is opened and its
// talk logged; a meeting with leave, sign-in and a make-up; a directive
// read by one member. It returns the harness with the clock on the 5th.
func ledgerMonth(t *testing.T) *harness {
	t.Helper()
	clk := clocktest.New(local(2026, 12, 1, 7, 0))
	h, _ := caseBranch(t, clk)
	rules := testRules()
	sched, err := schedule.New(schedule.Options{
		Store: h.db, Now: clk.Now, Location: shanghai, Rules: rules,
		Prompt: mustSpec(t, "30 7 * * *"), Nudge: mustSpec(t, "0 21 * * *"),
		Quiet: rules.Quiet, Notify: h.bot.Kick,
		Broadcasts: schedule.BroadcastOptions{Renderer: h.bot}, Meetings: h.bot,
	})
	if err != nil {
		t.Fatal(err)
	}
	at := func(tm time.Time) {
		t.Helper()
		clk.Set(tm)
		if _, err := sched.Tick(tm); err != nil {
			t.Fatal(err)
		}
		if _, err := sched.TickFollowUps(tm); err != nil {
			t.Fatal(err)
		}
		h.settle()
	}
	say := func(u telegramtest.User, tm time.Time, text string) {
		t.Helper()
		clk.Set(tm)
		h.say(u, text)
		h.settle()
	}

	// 1 December.
	at(local(2026, 12, 1, 7, 30))
	say(subjectU, local(2026, 12, 1, 8, 0), "/done 30 学习党章第一章")
	clk.Set(local(2026, 12, 1, 9, 0))
	h.say(secretary, "/event 张三 生病住院 住市一院")
	preview := h.wait(secretaryID, "请确认谈话事项")
	h.press(secretary, preview, button(t, preview, "确认"))
	clk.Set(local(2026, 12, 1, 9, 10))
	h.scheduleMeeting("/meeting 2026-12-04 15:00 学习贯彻党章 @ 三楼会议室")
	notice := h.wait(memberU.ID, "会议通知")
	h.press(memberU, notice, button(t, notice, "请假"))
	h.press(memberU, h.message(memberU.ID, notice.ID), button(t, h.message(memberU.ID, notice.ID), "出差"))
	clk.Set(local(2026, 12, 1, 10, 0))
	h.say(secretary, "/broadcast 指示 全体 传达学习十二月指示精神")
	summary := h.wait(secretaryID, "预览")
	h.press(secretary, summary, button(t, summary, "发送"))
	h.settle()
	directive := h.wait(subjectU.ID, "传达学习十二月指示精神")
	clk.Set(local(2026, 12, 1, 11, 0))
	h.press(subjectU, directive, button(t, directive, "已阅"))
	at(local(2026, 12, 1, 21, 0))
	say(leaderU, local(2026, 12, 1, 21, 10), "/done")

	// 2 December.
	at(local(2026, 12, 2, 7, 30))
	say(subjectU, local(2026, 12, 2, 8, 0), "/done")
	say(leaderU, local(2026, 12, 2, 9, 0), "/studytime 请假 12-03 外出培训")
	clk.Set(local(2026, 12, 2, 10, 0))
	h.say(leaderU, "/talked 1")
	h.wait(leaderU.ID, "谈话是哪天")
	h.say(leaderU, "今天")
	mode := h.wait(leaderU.ID, "谈话方式")
	h.press(leaderU, mode, button(t, mode, "面谈"))
	h.wait(leaderU.ID, "简要记录")
	h.say(leaderU, "到医院看望，恢复良好")
	fu := h.wait(leaderU.ID, "是否需要跟进")
	h.press(leaderU, fu, button(t, fu, "不需要"))
	h.wait(leaderU.ID, "已登记事项 #1 的谈话")

	// 3 December: the bot is down all day. 4 December: the meeting.
	at(local(2026, 12, 4, 7, 30))
	say(subjectU, local(2026, 12, 4, 8, 0), "/done")
	at(local(2026, 12, 4, 14, 30))
	open := h.wait(subjectU.ID, "开始签到（")
	clk.Set(local(2026, 12, 4, 14, 40))
	h.press(subjectU, open, open.Keyboard[0][0].Data)
	say(committeU, local(2026, 12, 4, 15, 5), "/checkin")
	at(local(2026, 12, 4, 17, 0))
	task := h.wait(memberU.ID, "补课任务")
	clk.Set(local(2026, 12, 4, 18, 0))
	h.press(memberU, task, task.Keyboard[0][0].Data)
	say(memberU, local(2026, 12, 4, 18, 5), "学习了党章总纲")
	// An item and its decision, as /agenda and /minutes record them.
	if err := h.db.Update(func(tx *store.Tx) error {
		mt, err := tx.Meeting(1)
		if err != nil {
			return err
		}
		mt.Items = append(mt.Items, branchbot.AgendaItem{N: 1, MemberID: 1, Text: "发展对象的确定", At: local(2026, 12, 2, 9, 0), Decision: "同意"})
		return tx.PutMeeting(mt)
	}); err != nil {
		t.Fatal(err)
	}
	clk.Set(local(2026, 12, 5, 10, 0))
	return h
}

// ledgerOf asks for /ledger as u and opens the workbook it gets.
func ledgerOf(t *testing.T, h *harness, u telegramtest.User, args, wantName string) *excelize.File {
	t.Helper()
	h.say(u, "/ledger"+args)
	msg := h.waitFor(u.ID, "📒")
	if msg.Document != "" && msg.Document != wantName {
		t.Errorf("document %q, want %q", msg.Document, wantName)
	}
	data, name, ok := h.srv.DocumentData(u.ID, msg.ID)
	if !ok || name != wantName {
		t.Fatalf("no document %q in the reply (%q, %v)\n%s", wantName, name, ok, h.srv.Transcript(u.ID))
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// chartsIn counts the chart parts of an .xlsx file.
func chartsIn(t *testing.T, data []byte) int {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range z.File {
		if strings.HasPrefix(f.Name, "xl/charts/chart") {
			n++
		}
	}
	return n
}

// cellIs checks the value of a cell.
func cellIs(t *testing.T, f *excelize.File, sheet, ref, want string) {
	t.Helper()
	got, err := f.GetCellValue(sheet, ref)
	if err != nil || got != want {
		t.Errorf("%s!%s = %q (%v), want %q", sheet, ref, got, err, want)
	}
}

// rowOf finds the row whose first cell is name.
func rowOf(t *testing.T, f *excelize.File, sheet, name string) []string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if len(r) > 0 && r[0] == name {
			return r
		}
	}
	t.Fatalf("no row %q on %s", name, sheet)
	return nil
}

// calc is the value Excel computes for a cell's formula.
func calc(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	if fm, _ := f.GetCellFormula(sheet, ref); fm == "" {
		t.Errorf("%s!%s has no formula", sheet, ref)
	}
	v, err := f.CalcCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Errorf("%s!%s: %v", sheet, ref, err)
	}
	return v
}

// TestLedgerSecretary: the secretary's /ledger is a workbook of every
// sheet; the study register shows done, done after the reminder, missed,
// missed by the bot and leave with its reason, with totals as formulas;
// the meeting's register its leave, sign-in and make-up; the talk, the
// directive's reads, the audit log in the branch's zone; the summary's
// two charts; frozen header rows and A4 pages.
func TestLedgerSecretary(t *testing.T) {
	h := ledgerMonth(t)
	f := ledgerOf(t, h, secretary, " 2026-12", "台账-2026-12.xlsx")
	want := []string{"汇总", "学习台账", "学习心得", "签到表", "谈心谈话记录", "通知与指示精神", "考学成绩", "审计日志"}
	if got := f.GetSheetList(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("sheets %v, want %v", got, want)
	}

	// The study register: days from column C, totals after the 31 days
	// (AH on): done, after reminder, missed, bot missed, leave, due, rate.
	const s = "学习台账"
	cellIs(t, f, s, "A3", "姓名")
	cellIs(t, f, s, "C3", "1")
	cellIs(t, f, s, "C4", "二") // 2026-12-01 is a Tuesday
	cellIs(t, f, s, "AH3", "已学")
	zhang := rowOf(t, f, s, "张三")
	if got := strings.Join(zhang[2:7], ","); got != "✓,✓,漏,✓," {
		t.Errorf("张三's days 1–5: %q", got)
	}
	li := rowOf(t, f, s, "李组长")
	// The 4th is missed and forgiven from the month's skip budget.
	if got := strings.Join(li[2:6], ","); got != "催,假,假,免" {
		t.Errorf("李组长's days 1–4: %q", got)
	}
	if reason := li[len(li)-1]; reason != "12-02–12-03 外出培训" {
		t.Errorf("李组长's leave: %q", reason)
	}
	rows, _ := f.GetRows(s)
	var zr, lr int
	for i, r := range rows {
		if len(r) == 0 {
			continue
		}
		switch r[0] {
		case "张三":
			zr = i + 1
		case "李组长":
			lr = i + 1
		}
	}
	for _, c := range []struct{ ref, want string }{
		{cellName("AH", zr), "3"}, {cellName("AK", zr), "1"}, {cellName("AM", zr), "3"}, {cellName("AN", zr), "1"},
		{cellName("AH", lr), "1"}, {cellName("AI", lr), "1"}, {cellName("AJ", lr), "0"}, {cellName("AL", lr), "2"}, {cellName("AM", lr), "2"}, {cellName("AN", lr), "0.5"},
	} {
		if got := calc(t, f, s, c.ref); got != c.want {
			t.Errorf("%s = %s, want %s", c.ref, got, c.want)
		}
	}
	// 一组 (李组长, 张三, 孙五): the group's total sums its members.
	group := 0
	for i, r := range rows {
		if len(r) > 1 && r[0] == "党小组合计" && r[1] == "一组" {
			group = i + 1
		}
	}
	if group == 0 {
		t.Fatal("no total of 一组")
	}
	if fm, _ := f.GetCellFormula(s, cellName("AH", group)); !strings.HasPrefix(fm, "SUMIF(") {
		t.Errorf("group total formula %q", fm)
	}
	if p, _ := f.GetPanes(s); !p.Freeze || p.YSplit != 4 || p.XSplit != 2 {
		t.Errorf("study panes %+v", p)
	}
	if lay, err := f.GetPageLayout(s); err != nil || lay.Size == nil || *lay.Size != 9 || *lay.Orientation != "landscape" {
		t.Errorf("page layout %+v %v", lay, err)
	}

	notes := rowOf(t, f, "学习心得", "2026-12-01")
	if notes[1] != "张三" || notes[3] != "学习党章第一章" {
		t.Errorf("note %q", notes)
	}

	// The meeting's register.
	const m = "签到表"
	mrows, _ := f.GetRows(m)
	byName := map[string][]string{}
	for _, r := range mrows {
		if len(r) > 5 {
			byName[r[1]] = r
		}
	}
	if r := byName["张三"]; r == nil || r[5] != "出席" || !strings.HasPrefix(r[4], "2026-12-04 14:40") {
		t.Errorf("张三 at the meeting: %q", r)
	}
	if r := byName["孙五"]; r == nil || r[5] != "已补课" || r[6] != "出差" || r[8] != "学习了党章总纲" {
		t.Errorf("孙五 at the meeting: %q", r)
	}
	if r := byName["王组长"]; r == nil || r[5] != "缺席" {
		t.Errorf("王组长 at the meeting: %q", r)
	}
	if r := byName["发展对象的确定"]; r == nil || r[4] != "王书记" || r[5] != "同意" {
		t.Errorf("agenda item: %q", r)
	}
	if got := calc(t, f, m, "B4"); got != "5" { // invited: everyone but the organiser
		t.Errorf("invited = %s", got)
	}

	// The talk.
	trows, _ := f.GetRows("谈心谈话记录")
	talk := false
	for _, r := range trows {
		if len(r) >= 10 && r[1] == "生病住院" && r[2] == "张三" && r[3] == "李组长" && r[6] == "2026-12-02" && r[7] == "面谈" && r[8] == "到医院看望，恢复良好" && r[9] == "按时完成" {
			talk = true
		}
	}
	if !talk {
		t.Errorf("talk missing:\n%q", trows)
	}

	// The directive: 张三 read it.
	nrows, _ := f.GetRows("通知与指示精神")
	read := false
	for _, r := range nrows {
		if len(r) >= 6 && r[1] == "张三" && r[3] == "已送达" && strings.HasPrefix(r[5], "2026-12-01 11:00") {
			read = true
		}
	}
	if !read {
		t.Errorf("张三's read missing:\n%q", nrows)
	}
	if got := calc(t, f, "通知与指示精神", "J5"); got != "1" {
		t.Errorf("read count %s", got)
	}

	// The audit log, in the branch's zone and in Chinese.
	arows, _ := f.GetRows("审计日志")
	if len(arows) < 3 || arows[1][1] != "时间" {
		t.Fatalf("audit sheet:\n%q", arows)
	}
	zoned := false
	for _, r := range arows[2:] {
		if strings.HasPrefix(r[1], "2026-12-01 09:00") {
			zoned = true
		}
	}
	if !zoned {
		t.Errorf("no entry at 09:00 Shanghai time:\n%q", arows)
	}

	// The summary: the day's completion and its chart.
	day1 := rowOf(t, f, "汇总", "2026-12-01")
	if day1[1] != "2" || day1[2] != "6" {
		t.Errorf("summary of 12-01: %q", day1)
	}
	data := workbookBytes(t, f)
	if n := chartsIn(t, data); n != 2 {
		t.Errorf("%d charts, want 2", n)
	}
	wellFormed(t, data)
}

// wellFormed checks that every XML part of an .xlsx file parses to its
// end: a sheet whose stream was not flushed is cut short, which readers
// that go row by row do not notice.
func wellFormed(t *testing.T, data []byte) {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range z.File {
		if !strings.HasSuffix(zf.Name, ".xml") && !strings.HasSuffix(zf.Name, ".rels") {
			continue
		}
		r, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		d := xml.NewDecoder(r)
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Errorf("%s: %v", zf.Name, err)
				break
			}
		}
		r.Close()
	}
}

func cellName(c string, row int) string { return c + itoa(int64(row)) }

func workbookBytes(t *testing.T, f *excelize.File) []byte {
	t.Helper()
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestLedgerLeaderScope: a group leader's ledger holds their group's
// study and meetings only: no talks, notices or audit log, nobody of
// another group, not the branch's meeting.
func TestLedgerLeaderScope(t *testing.T) {
	h := ledgerMonth(t)
	f := ledgerOf(t, h, leaderU, "", "台账-2026-12.xlsx")
	want := []string{"汇总", "学习台账", "学习心得", "签到表"}
	if got := f.GetSheetList(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	rows, _ := f.GetRows("学习台账")
	for _, r := range rows[4:] {
		if len(r) > 1 && r[0] != "" && r[1] != "一组" && !strings.Contains(r[0], "合计") && !strings.Contains(r[0], "当日") {
			t.Errorf("another group's member in the leader's ledger: %q", r)
		}
	}
	rowOf(t, f, "学习台账", "张三")
	cellIs(t, f, "签到表", "A2", "本期没有已召开的会议。")

	// A member has no /ledger.
	h.say(subjectU, "/ledger")
	h.settle()
	if _, ok := h.lastBot(subjectU.ID, "台账"); ok {
		t.Error("a member got a ledger")
	}
}

// TestLedgerEnglish: a secretary who reads English gets English sheet
// names, headings and file name.
func TestLedgerEnglish(t *testing.T) {
	h := ledgerMonth(t)
	h.sayAndWait(secretary, "/lang en", "English")
	f := ledgerOf(t, h, secretary, " 2026-Q4", "ledger-2026-Q4.xlsx")
	want := []string{"Summary", "Study register", "Study notes", "Sign-in registers", "Talk records", "Notices", "Quiz scores", "Audit log"}
	if got := f.GetSheetList(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	cellIs(t, f, "Study register", "A3", "Name")
	cellIs(t, f, "Study register", "C3", "10/1") // a quarter's days are dated
	zhang := rowOf(t, f, "Study register", "张三")
	if zhang[2+61] != "✓" || zhang[2+62] != "✓" || zhang[2+63] != "B" {
		t.Errorf("张三 in December: %q", zhang[2+61:2+66])
	}
	trows, _ := f.GetRows("Talk records")
	found := false
	for _, r := range trows {
		if len(r) >= 10 && r[1] == "In hospital" && r[7] == "In person" && r[9] == "On time" {
			found = true
		}
	}
	if !found {
		t.Errorf("talk in English:\n%q", trows)
	}
}
