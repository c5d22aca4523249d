package config

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestBackupConfig(t *testing.T) {
	const ok = "branch: {name: x, secretaries: [1]}"
	cfg, err := Parse("config.yaml", []byte(lines(ok, "storage: {path: /var/lib/branchbot/branch.db}")), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := cfg.BackupDir(), filepath.FromSlash("/var/lib/branchbot/backups"); got != want {
		t.Errorf("default dir %q, want %q", got, want)
	}
	spec := cfg.BackupSpec()
	if spec == nil {
		t.Fatal("no spec by default")
	}
	loc, _ := time.LoadLocation("Asia/Shanghai")
	if next := spec.Next(time.Date(2026, 12, 4, 12, 0, 0, 0, loc)); !next.Equal(time.Date(2026, 12, 5, 3, 30, 0, 0, loc)) {
		t.Errorf("default schedule fires next at %s, want 03:30 Shanghai time", next)
	}
	if cfg.Backup.Keep != 14 || !cfg.Backup.Enabled {
		t.Errorf("defaults: %+v", cfg.Backup)
	}

	cfg, err = Parse("config.yaml", []byte(lines(ok, "backup:", "  enabled: false", "  schedule: nonsense")), env(nil))
	if err != nil {
		t.Fatalf("a switched-off section is not checked: %v", err)
	}
	if cfg.BackupSpec() != nil {
		t.Error("a spec while switched off")
	}

	_, err = Parse("config.yaml", []byte(lines(ok, "storage: {path: b.db}", "backup:", "  dir: ./b.db",
		"  schedule: \"30 25 * * *\"", "  keep: 0")), env(nil))
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		`config.yaml:4: backup.dir: must be a directory, not the database file storage.path ("b.db")`,
		`config.yaml:5: backup.schedule: cron spec "30 25 * * *": hour: 25 out of range 0-23`,
		`config.yaml:6: backup.keep: must be from 1 to 10000 backups, got 0`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("errors lack %q:\n%v", want, err)
		}
	}
}
