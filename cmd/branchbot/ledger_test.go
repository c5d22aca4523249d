package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// ledgerFixture is auditFixture with a member who studied in November
// 2026, took leave and missed a day.
func ledgerFixture(t *testing.T) (cfgPath, dbPath string) {
	t.Helper()
	cfgPath, dbPath = auditFixture(t)
	db, err := store.Open(dbPath, store.Options{Now: time.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	first, _ := branchbot.ParseDay("2026-11-02")
	err = db.Update(func(tx *store.Tx) error {
		m := &branchbot.Member{Name: "张三", TelegramID: 2002, Role: branchbot.RoleMember, Group: "第一党小组"}
		if err := tx.CreateMember(m); err != nil {
			return err
		}
		if err := tx.PutStudyPlan(&branchbot.StudyPlan{MemberID: m.ID, ChatID: 2002, Active: true, JoinedDay: first}); err != nil {
			return err
		}
		for i, st := range []branchbot.DayStatus{branchbot.DayDone, branchbot.DayDone, branchbot.DayPaused, branchbot.DayDue, branchbot.DayDone} {
			if err := tx.PutStudyDay(m.ID, first+branchbot.Day(i), branchbot.StudyDay{Status: st}); err != nil {
				return err
			}
		}
		return tx.PutLeave(m.ID, branchbot.Leave{From: first + 2, Until: first + 2, Reason: "外出培训"})
	})
	if err != nil {
		t.Fatal(err)
	}
	return cfgPath, dbPath
}

// openLedger opens an exported workbook.
func openLedger(t *testing.T, path string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestLedgerExportBinary: the real binary writes the ledger read-only
// from the file, and, while a bot holds the database, through its admin
// socket; in English with -lang en; a bad period is a usage error.
func TestLedgerExportBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	cfg, dbPath := ledgerFixture(t)
	bin := buildChildBinary(t)
	ledger := func(args ...string) (string, int) {
		t.Helper()
		cmd := exec.Command(bin, append([]string{"ledger", "-config", cfg}, args...)...)
		cmd.Env = childEnv("")
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return out.String(), exit.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return out.String(), 0
	}

	// Read-only from the file.
	out := filepath.Join(t.TempDir(), "台账.xlsx")
	if got, code := ledger("-period", "2026-11", "-o", out); code != 0 || !strings.Contains(got, "wrote 8 sheets") {
		t.Fatalf("read-only: exit %d: %s", code, got)
	}
	f := openLedger(t, out)
	want := "汇总,学习台账,学习心得,签到表,谈心谈话记录,通知与指示精神,考学成绩,审计日志"
	if got := strings.Join(f.GetSheetList(), ","); got != want {
		t.Errorf("sheets %s", got)
	}
	rows, _ := f.GetRows("学习台账")
	var zhang []string
	for _, r := range rows {
		if len(r) > 0 && r[0] == "张三" {
			zhang = r
		}
	}
	// November 2026 from the 2nd: done, done, leave, missed (forgiven
	// from the skip budget), done.
	if len(zhang) < 8 || strings.Join(zhang[3:8], ",") != "✓,✓,假,免,✓" || zhang[len(zhang)-1] != "11-04–11-04 外出培训" {
		t.Errorf("张三: %q", zhang)
	}
	if v, _ := f.GetCellValue("审计日志", "B3"); v != "2026-11-25 10:00:00" {
		t.Errorf("audit time %q, want Shanghai time", v)
	}
	if v, _ := f.GetCellValue("审计日志", "F3"); v != "邀请" {
		t.Errorf("audit action %q", v)
	}

	// Through the running bot's admin socket.
	db, err := store.Open(dbPath, store.Options{Now: time.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conf, err := loadConfig(cfg, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := listenAdmin(context.Background(), db, conf, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	viaBot := filepath.Join(t.TempDir(), "ledger en.xlsx")
	if got, code := ledger("-period", "2026-q4", "-lang", "en", "-o", viaBot); code != 0 || !strings.Contains(got, "wrote 8 sheets") {
		t.Fatalf("through the bot: exit %d: %s", code, got)
	}
	g := openLedger(t, viaBot)
	if got := g.GetSheetList(); len(got) != 8 || got[1] != "Study register" {
		t.Errorf("English sheets %v", got)
	}
	if v, _ := g.GetCellValue("Summary", "A1"); !strings.Contains(v, "2026-Q4") {
		t.Errorf("title %q", v)
	}
	if got, code := ledger("-period", "2026-13", "-o", out); code != 2 || !strings.Contains(got, "YYYY-MM or YYYY-Qn") {
		t.Errorf("bad period: exit %d: %s", code, got)
	}
	if matches, _ := filepath.Glob(filepath.Join(filepath.Dir(viaBot), "*.tmp-*")); len(matches) > 0 {
		t.Errorf("temporary files left: %v", matches)
	}
}

// TestLedgerExportNeedsO: -o is required, as for every export.
func TestLedgerExportNeedsO(t *testing.T) {
	cfg, _ := ledgerFixture(t)
	var u usageError
	if err := run(context.Background(), []string{"ledger", "-config", cfg}, noEnv, io.Discard, io.Discard); !errors.As(err, &u) {
		t.Errorf("no -o: %v", err)
	}
}
