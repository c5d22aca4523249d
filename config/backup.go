package config

import (
	"path/filepath"

	"github.com/branchbot/branchbot/schedule"
)

// BackupConfig configures the backups the running bot takes of its
// database on a schedule.
type BackupConfig struct {
	// Enabled turns the scheduled backups on; `branchbot backup` works
	// either way.
	Enabled bool `yaml:"enabled"`
	// Dir is the directory the backups go to; empty means a directory
	// "backups" beside storage.path.
	Dir string `yaml:"dir"`
	// Schedule is when a backup is taken, a 5-field cron spec read in
	// branch.timezone (CRON_TZ= allowed). A backup the bot was down for
	// is taken when it starts.
	Schedule string `yaml:"schedule"`
	// Keep is how many backups are kept, the newest.
	Keep int `yaml:"keep"`
}

// maxBackupKeep bounds backup.keep.
const maxBackupKeep = 10000

func defaultBackup() BackupConfig {
	return BackupConfig{Enabled: true, Schedule: "30 3 * * *", Keep: schedule.DefaultBackupKeep}
}

func (b *BackupConfig) validate(v *validator, c *Config) {
	if !b.Enabled {
		return
	}
	// Without a valid branch.timezone there is nothing to read the
	// spec in; that problem is reported on its own.
	if _, err := schedule.ParseSpec(b.Schedule, c.loc); err != nil && c.loc != nil {
		v.errorf("backup.schedule", "%v", err)
	}
	if b.Keep < 1 || b.Keep > maxBackupKeep {
		v.errorf("backup.keep", "must be from 1 to %d backups, got %d", maxBackupKeep, b.Keep)
	}
	if b.Dir != "" && c.Storage.Path != "" && filepath.Clean(b.Dir) == filepath.Clean(c.Storage.Path) {
		v.errorf("backup.dir", "must be a directory, not the database file storage.path (%s)", quote(c.Storage.Path))
	}
}

// BackupDir is the directory of the scheduled backups: backup.dir, or
// "backups" beside storage.path.
func (c *Config) BackupDir() string {
	if c.Backup.Dir != "" {
		return c.Backup.Dir
	}
	return filepath.Join(filepath.Dir(c.Storage.Path), "backups")
}

// BackupSpec returns backup.schedule parsed in the branch's zone, or nil
// when scheduled backups are off or the spec does not parse (which
// validation refuses).
func (c *Config) BackupSpec() *schedule.Spec {
	if !c.Backup.Enabled {
		return nil
	}
	spec, err := schedule.ParseSpec(c.Backup.Schedule, c.Location())
	if err != nil {
		return nil
	}
	return spec
}
