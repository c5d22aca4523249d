// Package config reads branchbot's configuration file: the types and
// their defaults (this file), a YAML decoder that keeps line numbers
// (decode.go), ${VAR} expansion (expand.go), "did you mean" hints for
// unknown keys (suggest.go) and the checks of every value (validate.go).
// Every problem in a file is reported at once, as FILE:LINE: key: message.
package config

import (
	"log/slog"
	"time"
	_ "time/tzdata" // The branch time zone must load even on hosts without /usr/share/zoneinfo.

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/schedule"
)

// Config is branchbot's configuration file.
//
// To add a key: add a field with a yaml tag to the right section struct
// (decoding, unknown-key detection and line tracking follow from the tag),
// give it a default in Default if it has one, and add its check to the
// section's validate method.
type Config struct {
	Telegram   TelegramConfig  `yaml:"telegram"`
	Branch     BranchConfig    `yaml:"branch"`
	Storage    StorageConfig   `yaml:"storage"`
	QuietHours QuietHours      `yaml:"quiet_hours"`
	Study      StudyConfig     `yaml:"study"`
	Broadcast  BroadcastConfig `yaml:"broadcast"`
	Talks      TalksConfig     `yaml:"talks"`
	Meetings   MeetingsConfig  `yaml:"meetings"`
	Quiz       QuizConfig      `yaml:"quiz"`
	Reports    ReportsConfig   `yaml:"reports"`
	Backup     BackupConfig    `yaml:"backup"`
	Log        LogConfig       `yaml:"log"`
	Ops        OpsConfig       `yaml:"ops"`

	loc          *time.Location              // set by validation
	study        *studySetup                 // set by validation when study.handbook is set
	meetingKinds []branchbot.MeetingKindSpec // set by validation
	meetings     *meetingSetup               // set by validation
	quiz         *quizSetup                  // set by validation when there is a question bank

	warnings []Problem // set by Parse
}

// StudyConfig configures the daily golden quarter-hour (黄金一刻).
type StudyConfig struct {
	// Handbook is the study handbook (YAML), relative to the configuration
	// file's directory; empty turns daily study off.
	Handbook string `yaml:"handbook"`
	// Prompt is the default prompt time as a 5-field cron spec, read in
	// branch.timezone; a member's own /studytime overrides it.
	Prompt string `yaml:"prompt"`
	// Nudge is when those not yet done that day are reminded.
	Nudge string `yaml:"nudge"`
	// Cutoff is the evening time after which a prompt the bot could not
	// send (it was down) is recorded as missed by the bot instead.
	Cutoff ClockTime `yaml:"cutoff"`
	// Grace is the time next morning until which done still counts for
	// yesterday.
	Grace ClockTime `yaml:"grace"`
	// Snooze is how long the snooze button puts the prompt off.
	Snooze Duration `yaml:"snooze"`
	// RestDays are dates (YYYY-MM-DD) with no study due.
	RestDays []string `yaml:"rest_days,omitempty"`
	// WeekendsOff makes Saturdays and Sundays rest days.
	WeekendsOff bool `yaml:"weekends_off"`
	// SkipBudget is how many missed days a month do not break a streak.
	SkipBudget int `yaml:"skip_budget"`
}

// BroadcastConfig configures the follow-up of the secretary's notices.
type BroadcastConfig struct {
	// RemindAfter is how long after a notice was sent those who have not
	// acknowledged it get one reminder.
	RemindAfter Duration `yaml:"remind_after"`
	// ReportAfter is how long after a notice was sent the secretary gets
	// the list of those still silent and those unreachable; it must be
	// longer than RemindAfter.
	ReportAfter Duration `yaml:"report_after"`
}

// RecurringConfig is one meeting held on a schedule.
type RecurringConfig struct {
	// Kind is the kind of meeting, by id or name.
	Kind string `yaml:"kind"`
	// Spec is a 5-field cron spec read in branch.timezone (CRON_TZ=
	// allowed), e.g. "0 9 * * 1" for Mondays at 09:00.
	Spec string `yaml:"spec"`
	// Audience is all, committee or a group's name; empty means the
	// kind's.
	Audience string `yaml:"audience"`
	Title    string `yaml:"title"`
	Place    string `yaml:"place"`
	// Ahead is how long before its start each occurrence is created and
	// announced.
	Ahead DayDuration `yaml:"ahead"`
}

// studySetup is the study configuration parsed and loaded.
type studySetup struct {
	handbook *branchbot.Handbook
	prompt   *schedule.Spec
	nudge    *schedule.Spec
	restDays map[branchbot.Day]bool

	// handbookPath and handbookData are the handbook's file and contents,
	// and handbookLine the line of study.handbook, for CheckHandbook.
	handbookPath string
	handbookData []byte
	handbookLine int
}

// TelegramConfig says how branchbot talks to the Telegram Bot API.
type TelegramConfig struct {
	// APIURL is the Bot API base URL, an absolute http(s) URL without a
	// trailing slash.
	APIURL string `yaml:"api_url"`
	// TokenEnv names the environment variable holding the bot token.
	TokenEnv string `yaml:"token_env"`
	// TokenFile, if set, names a file holding the bot token; it takes
	// precedence over TokenEnv.
	TokenFile string `yaml:"token_file"`
	// Mode is "polling" (getUpdates) or "webhook".
	Mode string `yaml:"mode"`
	// PollTimeout is the getUpdates long-poll timeout, a whole number of
	// seconds from 0s to 100s.
	PollTimeout Duration `yaml:"poll_timeout"`
	// Webhook is only used, and only validated, when Mode is "webhook".
	Webhook WebhookConfig `yaml:"webhook"`
	// Limits caps the rate of outgoing messages.
	Limits LimitsConfig `yaml:"limits"`
	// SendWorkers is how many requests to Telegram may be in flight at
	// once, 1 to 64: about the global limit times the round trip to the
	// Bot API (30/s × 0.25 s ≈ 8). A crash can double a message in flight
	// (at most one per chat).
	SendWorkers int `yaml:"send_workers"`
}

// WebhookConfig configures receiving updates by webhook.
type WebhookConfig struct {
	// Listen is the host:port the webhook HTTP server listens on.
	Listen string `yaml:"listen"`
	// URL is the public https URL Telegram delivers updates to.
	URL string `yaml:"url"`
	// SecretEnv names the environment variable holding the webhook secret
	// token (1-256 characters of A-Z, a-z, 0-9, _ and -).
	SecretEnv string `yaml:"secret_env"`
	// MaxBodyBytes caps the size of an update request body.
	MaxBodyBytes int64 `yaml:"max_body_bytes"`
	// MaxConnections is how many connections Telegram may open at once to
	// deliver updates (setWebhook's max_connections), 1 to 100.
	MaxConnections int `yaml:"max_connections"`
}

// LimitsConfig caps the rate of outgoing messages; every limit is positive.
type LimitsConfig struct {
	// GlobalPerSecond caps messages per second over all chats.
	GlobalPerSecond float64 `yaml:"global_per_second"`
	// PerChatPerSecond caps messages per second to one private chat.
	PerChatPerSecond float64 `yaml:"per_chat_per_second"`
	// PerGroupPerMinute caps messages per minute to one group chat.
	PerGroupPerMinute float64 `yaml:"per_group_per_minute"`
}

// BranchConfig describes the branch the bot serves.
type BranchConfig struct {
	// Name is the branch's name, shown in messages.
	Name string `yaml:"name"`
	// Timezone is an IANA time zone name; see Config.Location.
	Timezone string `yaml:"timezone"`
	// Language is "zh" or "en".
	Language string `yaml:"language"`
	// Secretaries are the Telegram user ids of the branch secretaries;
	// at least one, each positive, no duplicates.
	Secretaries []int64 `yaml:"secretaries" want:"a list of Telegram user ids" item:"a Telegram user id"`
	// GroupChat is the branch's Telegram group chat id (negative), or 0
	// for none.
	GroupChat int64 `yaml:"group_chat" want:"a Telegram group chat id"`
}

// StorageConfig says where branchbot keeps its data.
type StorageConfig struct {
	// Path is the database file.
	Path string `yaml:"path"`
	// KeepFailed is how long a message the bot gave up sending stays in
	// the failed list (/outbox); the list also keeps at most the 10,000
	// most recent.
	KeepFailed Duration `yaml:"keep_failed"`
}

// QuietHours is a daily period in which the bot sends nothing unprompted.
// Both ends are set or neither is; the period may wrap midnight
// (22:00 to 07:00).
type QuietHours struct {
	// From is the start of the period (inclusive).
	From ClockTime `yaml:"from"`
	// To is the end of the period (exclusive).
	To ClockTime `yaml:"to"`
}

// LogConfig configures logging.
type LogConfig struct {
	// Format is "text" or "json".
	Format string `yaml:"format"`
	// Level is "debug", "info", "warn" or "error".
	Level string `yaml:"level"`
}

// Default returns the configuration used for every key the file
// leaves out.
func Default() Config {
	return Config{
		Telegram: TelegramConfig{
			APIURL:      "https://api.telegram.org",
			TokenEnv:    "BRANCHBOT_TOKEN",
			Mode:        "polling",
			PollTimeout: Duration(50 * time.Second),
			Webhook: WebhookConfig{
				SecretEnv:    "BRANCHBOT_WEBHOOK_SECRET",
				MaxBodyBytes: 1 << 20,
				// The Bot API's own default, stated so it is what the bot
				// asks for.
				MaxConnections: 40,
			},
			Limits: LimitsConfig{
				GlobalPerSecond:   30,
				PerChatPerSecond:  1,
				PerGroupPerMinute: 20,
			},
			SendWorkers: 8,
		},
		Branch: BranchConfig{
			Timezone: "Asia/Shanghai",
			Language: "zh",
		},
		Storage: StorageConfig{Path: "branchbot.db", KeepFailed: Duration(90 * 24 * time.Hour)},
		Study: StudyConfig{
			Prompt:     "45 7 * * *",
			Nudge:      "0 21 * * *",
			Cutoff:     ClockTime{Hour: 21, Minute: 30, Set: true},
			Grace:      ClockTime{Hour: 3, Set: true},
			Snooze:     Duration(time.Hour),
			SkipBudget: 2,
		},
		Broadcast: BroadcastConfig{
			RemindAfter: Duration(24 * time.Hour),
			ReportAfter: Duration(48 * time.Hour),
		},
		Talks:    defaultTalks(),
		Meetings: defaultMeetings(),
		Quiz:     defaultQuiz(),
		Reports:  defaultReports(),
		Backup:   defaultBackup(),
		Log:      LogConfig{Format: "text", Level: "info"},
		Ops:      defaultOps(),
	}
}

// Location returns the branch time zone. For a Config that was never
// validated it loads Branch.Timezone, falling back to UTC if that fails.
func (c *Config) Location() *time.Location {
	if c.loc != nil {
		return c.loc
	}
	loc, err := loadLocation(c.Branch.Timezone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// Handbook returns the study handbook that validation loaded from
// study.handbook, or nil when daily study is off.
func (c *Config) Handbook() *branchbot.Handbook {
	if c.study == nil {
		return nil
	}
	return c.study.handbook
}

// PromptSpec returns study.prompt as parsed by validation, or nil for a
// Config that was never validated.
func (c *Config) PromptSpec() *schedule.Spec {
	if c.study == nil {
		return nil
	}
	return c.study.prompt
}

// NudgeSpec returns study.nudge as parsed by validation, or nil for a
// Config that was never validated.
func (c *Config) NudgeSpec() *schedule.Spec {
	if c.study == nil {
		return nil
	}
	return c.study.nudge
}

// RestDays returns study.rest_days as parsed by validation, or nil for a
// Config that was never validated.
func (c *Config) RestDays() map[branchbot.Day]bool {
	if c.study == nil {
		return nil
	}
	return c.study.restDays
}

// SlogLevel returns Level as a slog.Level; an unknown level is slog.LevelInfo.
func (l LogConfig) SlogLevel() slog.Level {
	switch l.Level {
	case "debug":
		return slog.LevelDebug
	case "warn":
		return slog.LevelWarn
	case "error":
		return slog.LevelError
	}
	return slog.LevelInfo
}
