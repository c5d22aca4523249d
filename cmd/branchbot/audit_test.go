package main

import (
	"context"
	"encoding/csv"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// auditFixture writes a database with a member and audit entries whose
// details need CSV quoting, and a configuration naming it; it returns the
// configuration's path and the database's.
func auditFixture(t *testing.T) (cfgPath, dbPath string) {
	t.Helper()
	dir := t.TempDir()
	dbPath = filepath.Join(dir, "branch.db")
	clock := time.Date(2026, 11, 25, 2, 0, 0, 0, time.UTC)
	db, err := store.Open(dbPath, store.Options{Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *store.Tx) error {
		m := &branchbot.Member{Name: "王书记", TelegramID: 1001, Role: branchbot.RoleSecretary}
		if err := tx.CreateMember(m); err != nil {
			return err
		}
		for _, e := range []branchbot.AuditEntry{
			{ActorTG: 1001, ActorID: m.ID, Action: "invite", Detail: `#2 张三 group="第一党小组"`},
			{ActorTG: 2002, Action: "refused", Detail: "/broadcast needs role secretary, from a stranger", Refused: true},
			{Action: "unreachable", Detail: "#3 李四: Forbidden,\nblocked"},
		} {
			if err := tx.Audit(e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	cfgPath = filepath.Join(dir, "config.yaml")
	cfg := "branch:\n  name: 测试支部\n  secretaries: [1001]\nstorage:\n  path: " + dbPath + "\n"
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return cfgPath, dbPath
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// wantAuditRows is the audit log as `branchbot audit` writes it by
// default: in Chinese, times in the branch's zone (Asia/Shanghai) with
// the offset, actions and details as /audit words them.
var wantAuditRows = [][]string{
	{"序号", "时间", "Telegram 用户", "党员编号", "姓名", "操作", "详情", "被拒绝"},
	{"1", "2026-11-25T10:00:00+08:00", "1001", "1", "王书记", "邀请", "#2 张三（第一党小组）", "否"},
	{"2", "2026-11-25T10:00:00+08:00", "2002", "0", "", "拒绝执行", "/broadcast needs role secretary, from a stranger", "是"},
	{"3", "2026-11-25T10:00:00+08:00", "0", "0", "", "无法送达", "#3 李四: Forbidden,\nblocked", "否"},
}

// wantAuditRowsEN is the same with -lang en.
var wantAuditRowsEN = [][]string{
	{"seq", "time", "actor_tg", "actor_id", "actor_name", "action", "detail", "refused"},
	{"1", "2026-11-25T10:00:00+08:00", "1001", "1", "王书记", "invite", "#2 张三 (第一党小组)", "false"},
}

func checkAuditCSV(t *testing.T, path string) {
	t.Helper()
	checkAuditRows(t, path, wantAuditRows)
}

func checkAuditRows(t *testing.T, path string, wantAuditRows [][]string) {
	t.Helper()
	rows := readCSV(t, path)
	if len(rows) < len(wantAuditRows) {
		t.Fatalf("%d rows, want %d: %q", len(rows), len(wantAuditRows), rows)
	}
	for i := range rows {
		if i < len(wantAuditRows) && strings.Join(rows[i], "|") != strings.Join(wantAuditRows[i], "|") {
			t.Errorf("row %d = %q, want %q", i, rows[i], wantAuditRows[i])
		}
	}
}

func TestAuditExportWithoutBot(t *testing.T) {
	cfg, dbPath := auditFixture(t)
	out := filepath.Join(t.TempDir(), "audit.csv")
	var stdout strings.Builder
	if err := run(context.Background(), []string{"audit", "-o", out, "-config", cfg}, noEnv, &stdout, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "wrote 3 entries") {
		t.Errorf("stdout %q", stdout.String())
	}
	checkAuditCSV(t, out)
	if rows := readCSV(t, out); len(rows) != len(wantAuditRows) {
		t.Errorf("%d rows, want %d", len(rows), len(wantAuditRows))
	}
	en := filepath.Join(t.TempDir(), "audit-en.csv")
	if err := run(context.Background(), []string{"audit", "-lang", "en", "-o", en, "-config", cfg}, noEnv, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	checkAuditRows(t, en, wantAuditRowsEN)

	// Mistakes on the command line.
	var u usageError
	if err := run(context.Background(), []string{"audit", "-config", cfg}, noEnv, io.Discard, io.Discard); !errors.As(err, &u) {
		t.Errorf("no -o: %v", err)
	}
	if err := run(context.Background(), []string{"audit", "-o", dbPath, "-config", cfg}, noEnv, io.Discard, io.Discard); !errors.As(err, &u) {
		t.Errorf("-o the database: %v", err)
	}
	if err := run(context.Background(), []string{"audit", "-lang", "fr", "-o", en, "-config", cfg}, noEnv, io.Discard, io.Discard); !errors.As(err, &u) {
		t.Errorf("-lang fr: %v", err)
	}
}

func TestAuditExportThroughRunningBot(t *testing.T) {
	cfg, dbPath := auditFixture(t)
	db, err := store.Open(dbPath, store.Options{Now: time.Now, LockTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	conf, err := loadConfig(cfg, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := listenAdmin(ctx, db, conf, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	out := filepath.Join(t.TempDir(), "audit.csv")
	if err := run(ctx, []string{"audit", "-o", out, "-config", cfg}, noEnv, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	checkAuditCSV(t, out)
	// Writing again replaces the file whole.
	if err := db.Update(func(tx *store.Tx) error { return tx.Audit(branchbot.AuditEntry{Action: "later"}) }); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"audit", "-o", out, "-config", cfg}, noEnv, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	if rows := readCSV(t, out); len(rows) != 5 || rows[4][5] != "later" {
		t.Errorf("second export %q", rows)
	}
	if matches, _ := filepath.Glob(out + ".tmp-*"); len(matches) > 0 {
		t.Errorf("temporary files left: %v", matches)
	}
}
