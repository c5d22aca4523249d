package main

import (
	"log/slog"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/bot"
	"github.com/branchbot/branchbot/chart"
	"github.com/branchbot/branchbot/config"
	"github.com/branchbot/branchbot/schedule"
	"github.com/branchbot/branchbot/store"
)

// The wiring from the configuration to the bot and the scheduler, shared
// by `run` and `demo`.

// botOptions configures the bot from the configuration.
func botOptions(cfg *config.Config, token string, db *store.DB, log *slog.Logger) bot.Options {
	lang, _ := branchbot.ParseLang(cfg.Branch.Language)
	o := bot.Options{
		APIURL:      cfg.Telegram.APIURL,
		Token:       token,
		Store:       db,
		Now:         time.Now,
		Logger:      log.With("component", "bot"),
		BranchName:  cfg.Branch.Name,
		Language:    lang,
		Location:    cfg.Location(),
		Secretaries: cfg.Branch.Secretaries,
		GroupChat:   cfg.Branch.GroupChat,
		Study:       studyRules(cfg),
		PollTimeout: cfg.Telegram.PollTimeout.Duration(),
		Limits: bot.Limits{
			GlobalPerSecond:   cfg.Telegram.Limits.GlobalPerSecond,
			PerChatPerSecond:  cfg.Telegram.Limits.PerChatPerSecond,
			PerGroupPerMinute: cfg.Telegram.Limits.PerGroupPerMinute,
		},
		SendWorkers: cfg.Telegram.SendWorkers,
		Cases:       cfg.CaseRules(),
		QuizBank:    cfg.QuizBank(),
		Quiz:        cfg.QuizRules(),
		Meetings: bot.MeetingOptions{
			Kinds:         cfg.MeetingKinds(),
			LeaveApproval: cfg.Meetings.LeaveApproval,
			CheckinBefore: cfg.Meetings.CheckinBefore.Duration(),
			CheckinAfter:  cfg.Meetings.CheckinAfter.Duration(),
			CheckinCode:   cfg.Meetings.CheckinCode,
		},
	}
	o.Quiet = cfg.QuietHours.Hours()
	o.Charts = charts(cfg, log)
	o.Meetings.AgendaDeadline = cfg.Meetings.AgendaDeadline.Duration()
	o.DefaultStudyMinute = -1
	if prompt := cfg.PromptSpec(); prompt != nil {
		// The default time on an ordinary Monday, shown to members who
		// keep it.
		t := prompt.Next(time.Date(2001, 1, 1, 0, 0, 0, 0, cfg.Location()))
		o.DefaultStudyMinute = t.Hour()*60 + t.Minute()
	}
	if cfg.Telegram.Mode == "webhook" {
		o.Webhook = &bot.WebhookOptions{
			Listen:         cfg.Telegram.Webhook.Listen,
			URL:            cfg.Telegram.Webhook.URL,
			Secret:         cfg.WebhookSecret(nil),
			MaxBody:        cfg.Telegram.Webhook.MaxBodyBytes,
			MaxConnections: cfg.Telegram.Webhook.MaxConnections,
		}
	}
	return o
}

// schedOptions wires the scheduler from the configuration. Without daily
// study (no study.handbook) the scheduler only follows up broadcasts and
// conversation-due cases.
func schedOptions(cfg *config.Config, db *store.DB, now func() time.Time, b *bot.Bot, log *slog.Logger) schedule.Options {
	o := schedule.Options{
		Store:    db,
		Now:      now,
		Location: cfg.Location(),
		Cutoff:   cfg.Study.Cutoff.Clock(),
		Quiet:    cfg.QuietHours.Hours(),
		Broadcasts: schedule.BroadcastOptions{
			Renderer:    b,
			RemindAfter: cfg.Broadcast.RemindAfter.Duration(),
			ReportAfter: cfg.Broadcast.ReportAfter.Duration(),
		},
		Meetings: b,
		Cases:    schedule.CaseOptions{Renderer: b, Rules: cfg.CaseRules()},
		Quizzes:  b,
		Plan: schedule.PlanOptions{
			Planner: b, Kinds: cfg.MeetingKinds(),
			Recurring: cfg.RecurringMeetings(), Cadence: cfg.Cadences(),
		},
		Notify: b.Kick,
		Logger: log,
	}
	digest, digestOn, at := cfg.ReportTimes()
	o.Reports = schedule.ReportOptions{Renderer: b, Digest: digest, DigestOn: digestOn, At: at,
		Monthly: cfg.Reports.Monthly, League: cfg.Reports.League, LeagueChat: cfg.Reports.LeagueGroupChat && cfg.Branch.GroupChat != 0}
	if rules := studyRules(cfg); rules != nil {
		o.Rules, o.Prompt, o.Nudge, o.Missed = rules, cfg.PromptSpec(), cfg.NudgeSpec(), b.Scheduled()
	}
	return o
}

// charts is the painter of the report charts: with the font in
// reports.font, or one found on the machine, or (logged once) English
// labels in a Latin font.
func charts(cfg *config.Config, log *slog.Logger) *chart.Painter {
	p, err := chart.New(cfg.Reports.Font, log.With("component", "chart"))
	if err != nil {
		log.Error("reports.font cannot draw Chinese: charts are labelled in English", "err", err)
		return chart.Latin()
	}
	return p
}

// studyRules are the study settings the bot and the scheduler share.
func studyRules(cfg *config.Config) *branchbot.StudyRules {
	if cfg.Handbook() == nil {
		return nil
	}
	rules := &branchbot.StudyRules{
		Handbook: cfg.Handbook(),
		Streaks: branchbot.StreakRules{
			RestDays:   cfg.RestDays(),
			Weekends:   cfg.Study.WeekendsOff,
			SkipBudget: cfg.Study.SkipBudget,
		},
		GraceMinute:   cfg.Study.Grace.Minutes(),
		SnoozeMinutes: int(cfg.Study.Snooze.Duration() / time.Minute),
		CutoffMinute:  cfg.Study.Cutoff.Minutes(),
		Quiet:         cfg.QuietHours.Hours(),
	}
	return rules
}

// loadConfig loads the configuration file and checks its handbook as the
// bot renders it (bot.CheckHandbook: every section's prompt fits in one
// Telegram message), which package config cannot do without depending on
// the Telegram package. The problems read as config.Load's do.
func loadConfig(path string, getenv func(string) string) (*config.Config, error) {
	cfg, err := config.Load(path, getenv)
	if err != nil {
		return nil, err
	}
	if err := cfg.CheckHandbook(path, bot.CheckHandbook); err != nil {
		return nil, err
	}
	return cfg, nil
}
