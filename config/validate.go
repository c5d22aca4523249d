package config

import (
	"errors"
	"fmt"
	"math"
	"net"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/schedule"
)

// validator collects problems found by the validate methods.
type validator struct {
	lines    map[string]int  // key path -> line; nil when not from a file
	failed   map[string]bool // key paths that could not be decoded
	getenv   func(string) string
	dir      string // the configuration file's directory, for relative paths
	problems []Problem
}

// errorf records a problem with the key at path. It reports it at the line
// of the key, or else of its nearest parent that is in the file, or else
// line 1. It drops the problem if the key, or a parent, could not be decoded:
// that has been reported already.
func (v *validator) errorf(path, format string, args ...any) {
	line := 0
	for p := path; ; p = parentPath(p) {
		if v.failed[p] {
			return
		}
		if l, ok := v.lines[p]; ok && line == 0 {
			line = l
		}
		if p == "" {
			break
		}
	}
	if line == 0 && v.lines != nil {
		line = 1
	}
	v.problems = append(v.problems, Problem{Line: line, Key: path, Msg: fmt.Sprintf(format, args...)})
}

// line returns the line of the key at path, or 0.
func (v *validator) line(path string) int { return v.lines[path] }

func parentPath(p string) string {
	if i := strings.LastIndexAny(p, ".["); i >= 0 {
		return p[:i]
	}
	return ""
}

func (v *validator) required(path, s string) bool {
	if strings.TrimSpace(s) == "" {
		v.errorf(path, "required")
		return false
	}
	return true
}

func (v *validator) oneOf(path, s string, allowed ...string) {
	for _, a := range allowed {
		if s == a {
			return
		}
	}
	quoted := make([]string, len(allowed))
	for i, a := range allowed {
		quoted[i] = strconv.Quote(a)
	}
	want := quoted[0]
	if len(quoted) == 2 {
		want = quoted[0] + " or " + quoted[1]
	} else if len(quoted) > 2 {
		want = "one of " + strings.Join(quoted, ", ")
	}
	v.errorf(path, "must be %s, got %s", want, quote(s))
}

func (v *validator) positive(path string, x float64) {
	if !(x > 0) || math.IsInf(x, 1) {
		v.errorf(path, "must be a positive number, got %v", x)
	}
}

func (v *validator) envName(path, name string) {
	if !envNameRE.MatchString(name) {
		v.errorf(path, "must be an environment variable name (letters, digits and _), got %s", quote(name))
	}
}

func (c *Config) validate(v *validator) {
	c.Telegram.validate(v)
	c.loc = c.Branch.validate(v)
	c.Storage.validate(v)
	c.QuietHours.validate(v)
	c.study = c.Study.validate(v, c.loc)
	c.Broadcast.validate(v)
	c.Talks.validate(v, c.QuietHours)
	c.meetingKinds = c.Meetings.validate(v)
	c.meetings = c.Meetings.validateRhythm(v, c.loc, c.meetingKinds)
	c.quiz = c.Quiz.validate(v, c.study) // quiz.go
	c.Reports.validate(v, c.QuietHours)
	c.Backup.validate(v, c)
	c.Log.validate(v)
	c.Ops.validate(v, c.Telegram.PollTimeout.Duration())
}

// maxFollowUp bounds the broadcast delays: a notice is followed up within
// a month or not at all.
const maxFollowUp = 30 * 24 * time.Hour

func (b *BroadcastConfig) validate(v *validator) {
	remind, report := b.RemindAfter.Duration(), b.ReportAfter.Duration()
	okRemind := remind >= time.Minute && remind <= maxFollowUp
	if !okRemind {
		v.errorf("broadcast.remind_after", "must be from 1m to 720h (30 days), got %s", remind)
	}
	switch {
	case report < time.Minute || report > maxFollowUp:
		v.errorf("broadcast.report_after", "must be from 1m to 720h (30 days), got %s", report)
	case okRemind && report <= remind:
		v.errorf("broadcast.report_after", "must be longer than broadcast.remind_after (%s), got %s", remind, report)
	}
}

func (s *StudyConfig) validate(v *validator, loc *time.Location) *studySetup {
	if loc == nil {
		loc = time.UTC
	}
	st := &studySetup{restDays: map[branchbot.Day]bool{}}
	var err error
	if st.prompt, err = schedule.ParseSpec(s.Prompt, loc); err != nil {
		v.errorf("study.prompt", "%v", err)
	}
	if st.nudge, err = schedule.ParseSpec(s.Nudge, loc); err != nil {
		v.errorf("study.nudge", "%v", err)
	}
	if !s.Cutoff.Set {
		v.errorf("study.cutoff", "required, a time such as 21:30")
	}
	if !s.Grace.Set {
		v.errorf("study.grace", "required, a time such as 03:00")
	}
	if d := s.Snooze.Duration(); d < time.Minute || d > 12*time.Hour || d%time.Minute != 0 {
		v.errorf("study.snooze", "must be whole minutes from 1m to 12h, got %s", d)
	}
	if s.SkipBudget < 0 || s.SkipBudget > 31 {
		v.errorf("study.skip_budget", "must be from 0 to 31, got %d", s.SkipBudget)
	}
	for i, r := range s.RestDays {
		d, err := branchbot.ParseDay(r)
		if err != nil {
			v.errorf(fmt.Sprintf("study.rest_days[%d]", i), "want a date such as 2026-10-01, got %s", quote(r))
			continue
		}
		st.restDays[d] = true
	}
	if s.Handbook == "" {
		return st
	}
	path := s.Handbook
	if !filepath.IsAbs(path) {
		path = filepath.Join(v.dir, path)
	}
	hb, data, err := loadHandbook(path)
	if err != nil {
		v.errorf("study.handbook", "%v", err)
		return st
	}
	st.handbook, st.handbookPath, st.handbookData, st.handbookLine = hb, path, data, v.line("study.handbook")
	return st
}

func (t *TelegramConfig) validate(v *validator) {
	if u, err := url.Parse(t.APIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		v.errorf("telegram.api_url", "must be an absolute http or https URL such as https://api.telegram.org, got %s", quote(t.APIURL))
	}
	v.envName("telegram.token_env", t.TokenEnv)
	v.oneOf("telegram.mode", t.Mode, "polling", "webhook")
	if pt := t.PollTimeout.Duration(); pt < 0 || pt > 100*time.Second {
		v.errorf("telegram.poll_timeout", "must be from 0s to 100s, got %s", pt)
	} else if pt%time.Second != 0 {
		v.errorf("telegram.poll_timeout", "must be a whole number of seconds, got %s", pt)
	}
	if t.Mode == "webhook" {
		t.Webhook.validate(v)
	}
	t.Limits.validate(v)
	if t.SendWorkers < 1 || t.SendWorkers > 64 {
		v.errorf("telegram.send_workers", "must be from 1 to 64, got %d", t.SendWorkers)
	}
}

// webhookPorts are the ports Telegram delivers webhooks to.
var webhookPorts = map[string]bool{"": true, "443": true, "80": true, "88": true, "8443": true}

var webhookSecretRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

func (w *WebhookConfig) validate(v *validator) {
	const when = " when telegram.mode is webhook"
	if w.Listen == "" {
		v.errorf("telegram.webhook.listen", "required"+when+` (host:port, e.g. "127.0.0.1:8443")`)
	} else if _, port, err := net.SplitHostPort(w.Listen); err != nil {
		v.errorf("telegram.webhook.listen", `want host:port such as "127.0.0.1:8443" or ":8443", got %s`, quote(w.Listen))
	} else if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		v.errorf("telegram.webhook.listen", "want a port from 1 to 65535, got %s", quote(port))
	}
	if w.URL == "" {
		v.errorf("telegram.webhook.url", "required"+when+" (the public https URL Telegram sends updates to)")
	} else if u, err := url.Parse(w.URL); err != nil || u.Scheme != "https" || u.Hostname() == "" {
		v.errorf("telegram.webhook.url", "must be an absolute https URL, got %s", quote(w.URL))
	} else if !webhookPorts[u.Port()] {
		v.errorf("telegram.webhook.url", "Telegram only delivers webhooks to ports 443, 80, 88 and 8443, got port %s", u.Port())
	}
	v.envName("telegram.webhook.secret_env", w.SecretEnv)
	if envNameRE.MatchString(w.SecretEnv) {
		switch secret := v.getenv(w.SecretEnv); {
		case secret == "":
			v.errorf("telegram.webhook.secret_env", "environment variable %s is not set; webhook mode needs a secret of 1-256 characters of A-Z, a-z, 0-9, _ and -", w.SecretEnv)
		case !webhookSecretRE.MatchString(secret):
			v.errorf("telegram.webhook.secret_env", "environment variable %s must hold 1-256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule for webhook secrets)", w.SecretEnv)
		}
	}
	if w.MaxBodyBytes <= 0 {
		v.errorf("telegram.webhook.max_body_bytes", "must be positive, got %d", w.MaxBodyBytes)
	}
	if w.MaxConnections < 1 || w.MaxConnections > 100 {
		v.errorf("telegram.webhook.max_connections", "must be from 1 to 100 (Telegram's range), got %d", w.MaxConnections)
	}
}

func (l *LimitsConfig) validate(v *validator) {
	v.positive("telegram.limits.global_per_second", l.GlobalPerSecond)
	v.positive("telegram.limits.per_chat_per_second", l.PerChatPerSecond)
	v.positive("telegram.limits.per_group_per_minute", l.PerGroupPerMinute)
}

// validate checks the branch and returns its time zone (nil if invalid).
func (b *BranchConfig) validate(v *validator) *time.Location {
	v.required("branch.name", b.Name)
	var loc *time.Location
	if v.required("branch.timezone", b.Timezone) {
		var err error
		if loc, err = loadLocation(b.Timezone); err != nil {
			v.errorf("branch.timezone", "%v", err)
		}
	}
	v.oneOf("branch.language", b.Language, "zh", "en")
	if len(b.Secretaries) == 0 {
		v.errorf("branch.secretaries", "at least one secretary's Telegram user id is required")
	}
	first := map[int64]int{}
	for i, id := range b.Secretaries {
		path := fmt.Sprintf("branch.secretaries[%d]", i)
		if id <= 0 {
			v.errorf(path, "Telegram user ids are positive, got %d", id)
			continue
		}
		if j, dup := first[id]; dup {
			if l := v.line(fmt.Sprintf("branch.secretaries[%d]", j)); l > 0 && l != v.line(path) {
				v.errorf(path, "duplicate id %d (also at line %d)", id, l)
			} else {
				v.errorf(path, "duplicate id %d (also branch.secretaries[%d])", id, j)
			}
			continue
		}
		first[id] = i
	}
	if b.GroupChat > 0 {
		v.errorf("branch.group_chat", "group chat ids are negative (like -1001234567890), got %d", b.GroupChat)
	}
	return loc
}

func loadLocation(name string) (*time.Location, error) {
	if name == "Local" {
		return nil, errors.New(`"Local" depends on the host; use an IANA time zone name such as "Asia/Shanghai"`)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %s", quote(name))
	}
	return loc, nil
}

func (s *StorageConfig) validate(v *validator) {
	v.required("storage.path", s.Path)
	if d := s.KeepFailed.Duration(); d < 24*time.Hour || d > 10*8760*time.Hour {
		v.errorf("storage.keep_failed", "must be from 24h to 87600h (10 years), got %s", d)
	}
}

func (q *QuietHours) validate(v *validator) {
	switch {
	case q.From.Set && !q.To.Set:
		v.errorf("quiet_hours.to", "required when quiet_hours.from is set")
	case !q.From.Set && q.To.Set:
		v.errorf("quiet_hours.from", "required when quiet_hours.to is set")
	case q.From.Set && q.From == q.To:
		v.errorf("quiet_hours.to", "must differ from quiet_hours.from (%s)", q.From)
	}
}

func (l *LogConfig) validate(v *validator) {
	v.oneOf("log.format", l.Format, "text", "json")
	v.oneOf("log.level", l.Level, "debug", "info", "warn", "error")
}
