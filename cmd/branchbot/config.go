package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // The branch time zone must load even on hosts without /usr/share/zoneinfo.
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/schedule"
)

// Config is branchbot's configuration file.
//
// To add a key: add a field with a yaml tag to the right section struct
// (decoding, unknown-key detection and line tracking follow from the tag),
// give it a default in DefaultConfig if it has one, and add its check to the
// section's validate method.
type Config struct {
	Telegram   TelegramConfig  `yaml:"telegram"`
	Branch     BranchConfig    `yaml:"branch"`
	Storage    StorageConfig   `yaml:"storage"`
	QuietHours QuietHours      `yaml:"quiet_hours"`
	Study      StudyConfig     `yaml:"study"`
	Broadcast  BroadcastConfig `yaml:"broadcast"`
	Log        LogConfig       `yaml:"log"`

	loc   *time.Location // set by validation
	study *studySetup    // set by validation when study.handbook is set
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

// studySetup is the study configuration parsed and loaded.
type studySetup struct {
	handbook *branchbot.Handbook
	prompt   *schedule.Spec
	nudge    *schedule.Spec
	restDays map[branchbot.Day]bool
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

// Duration is a time.Duration written in YAML as "50s" or "1h30m".
type Duration time.Duration

// ClockTime is a time of day written in YAML as "HH:MM" (24-hour clock).
// Set is false when the value was left empty.
type ClockTime struct {
	Hour, Minute int
	Set          bool
}

// DefaultConfig returns the configuration used for every key the file
// leaves out.
func DefaultConfig() Config {
	return Config{
		Telegram: TelegramConfig{
			APIURL:      "https://api.telegram.org",
			TokenEnv:    "BRANCHBOT_TOKEN",
			Mode:        "polling",
			PollTimeout: Duration(50 * time.Second),
			Webhook: WebhookConfig{
				SecretEnv:    "BRANCHBOT_WEBHOOK_SECRET",
				MaxBodyBytes: 1 << 20,
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
		Log: LogConfig{Format: "text", Level: "info"},
	}
}

// LoadConfig reads and validates the file. getenv is os.Getenv in
// production (nil means os.Getenv). Problems with the file's contents are
// returned as a *ConfigError.
func LoadConfig(path string, getenv func(string) string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load config: %w", err)
	}
	return ParseConfig(path, data, getenv)
}

// ParseConfig parses YAML from data over DefaultConfig and validates the
// result; name is the file name used in messages.
//
// Before a scalar value is decoded, ${VAR} and ${VAR:-default} in it are
// replaced using getenv (nil means os.Getenv); $${ stands for a literal ${.
// An unset variable expands to the empty string. A value that contained
// ${...} is typed by its expanded text whether it was quoted or not, and
// leaves the default in place if it expands to nothing. Expansion happens
// inside the parsed value, so line numbers are those of the file.
//
// Every problem found is returned at once, as a *ConfigError.
func ParseConfig(name string, data []byte, getenv func(string) string) (*Config, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	cfg := DefaultConfig()
	d := newDecoder(getenv)
	root, problems := parseYAML(data)
	if len(problems) == 0 {
		if root != nil {
			d.root(root, reflect.ValueOf(&cfg).Elem())
		}
		problems = d.problems
		if !d.failed[""] { // the top level was a mapping (or empty)
			v := &validator{lines: d.lines, failed: d.failed, getenv: getenv, dir: filepath.Dir(name)}
			cfg.validate(v)
			problems = append(problems, v.problems...)
		}
	}
	if len(problems) > 0 {
		for i := range problems {
			problems[i].File = name
		}
		sort.SliceStable(problems, func(i, j int) bool { return problems[i].Line < problems[j].Line })
		return nil, &ConfigError{Problems: problems}
	}
	cfg.Telegram.APIURL = strings.TrimRight(cfg.Telegram.APIURL, "/")
	return &cfg, nil
}

// Validate checks a Config that was not read from a file, such as one built
// from DefaultConfig in a test; ParseConfig and LoadConfig validate for you.
// getenv (nil means os.Getenv) is used to check the webhook secret. The
// problems in the returned *ConfigError carry no file or line.
func (c *Config) Validate(getenv func(string) string) error {
	if getenv == nil {
		getenv = os.Getenv
	}
	v := &validator{getenv: getenv}
	c.validate(v)
	if len(v.problems) > 0 {
		return &ConfigError{Problems: v.problems}
	}
	return nil
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

// Token returns the bot token: the trimmed contents of telegram.token_file
// if that is set, else the value of the environment variable named by
// telegram.token_env. A nil getenv means os.Getenv and a nil readFile means
// os.ReadFile. Errors name the variable or file but never contain the token.
func (c *Config) Token(getenv func(string) string, readFile func(string) ([]byte, error)) (string, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	if readFile == nil {
		readFile = os.ReadFile
	}
	if file := c.Telegram.TokenFile; file != "" {
		data, err := readFile(file)
		if err != nil {
			return "", fmt.Errorf("read bot token from telegram.token_file: %w", err)
		}
		token := strings.TrimSpace(string(data))
		if token == "" {
			return "", fmt.Errorf("telegram.token_file %q is empty; it must hold the bot token", file)
		}
		if !plausibleToken(token) {
			return "", fmt.Errorf("telegram.token_file %q does not hold a bot token: it has spaces, slashes or control characters inside", file)
		}
		return token, nil
	}
	env := c.Telegram.TokenEnv
	token := strings.TrimSpace(getenv(env))
	if token == "" {
		return "", fmt.Errorf("no bot token: set the %s environment variable (or telegram.token_file in the configuration)", env)
	}
	if !plausibleToken(token) {
		return "", fmt.Errorf("environment variable %s does not hold a bot token: it has spaces, slashes or control characters inside", env)
	}
	return token, nil
}

// plausibleToken reports whether token can be used in a Bot API URL path.
func plausibleToken(token string) bool {
	for _, r := range token {
		if r == '/' || unicode.IsSpace(r) || unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// WebhookSecret returns the webhook secret token from the environment
// variable named by telegram.webhook.secret_env (nil getenv means
// os.Getenv). ParseConfig has already checked it when the mode is webhook.
func (c *Config) WebhookSecret(getenv func(string) string) string {
	if getenv == nil {
		getenv = os.Getenv
	}
	return getenv(c.Telegram.Webhook.SecretEnv)
}

// Enabled reports whether quiet hours are configured.
func (q QuietHours) Enabled() bool {
	return q.From.Set && q.To.Set && q.From != q.To
}

// Contains reports whether the wall-clock time of t falls in the quiet
// hours, From inclusive and To exclusive. Convert t to the branch time zone
// (Config.Location) first.
func (q QuietHours) Contains(t time.Time) bool {
	if !q.Enabled() {
		return false
	}
	m := t.Hour()*60 + t.Minute()
	from, to := q.From.Minutes(), q.To.Minutes()
	if from < to {
		return from <= m && m < to
	}
	return m >= from || m < to // wraps midnight
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

// Duration returns d as a time.Duration.
func (d Duration) Duration() time.Duration { return time.Duration(d) }

// String formats d like time.Duration, e.g. "50s".
func (d Duration) String() string { return time.Duration(d).String() }

// UnmarshalYAML parses a duration such as "50s" or "1h30m".
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		if v, err := time.ParseDuration(n.Value); err == nil {
			*d = Duration(v)
			return nil
		}
	}
	return fmt.Errorf(`want a duration such as "50s" or "1h30m", got %s`, describe(n))
}

// MarshalYAML writes d as a duration string such as "50s".
func (d Duration) MarshalYAML() (any, error) { return d.String(), nil }

// Minutes returns the number of minutes from midnight to t.
func (t ClockTime) Minutes() int { return t.Hour*60 + t.Minute }

// String formats t as "HH:MM", or "" if t is not set.
func (t ClockTime) String() string {
	if !t.Set {
		return ""
	}
	return fmt.Sprintf("%02d:%02d", t.Hour, t.Minute)
}

// UnmarshalYAML parses a time of day "HH:MM" (24-hour clock); an empty
// string leaves t unset.
func (t *ClockTime) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		if n.Value == "" {
			*t = ClockTime{}
			return nil
		}
		if v, ok := parseClock(n.Value); ok {
			*t = v
			return nil
		}
	}
	return fmt.Errorf(`want a time of day "HH:MM" (00:00 to 23:59), got %s`, describe(n))
}

// MarshalYAML writes t as "HH:MM".
func (t ClockTime) MarshalYAML() (any, error) { return t.String(), nil }

var clockRE = regexp.MustCompile(`^([01]?[0-9]|2[0-3]):([0-5][0-9])$`)

func parseClock(s string) (ClockTime, bool) {
	m := clockRE.FindStringSubmatch(s)
	if m == nil {
		return ClockTime{}, false
	}
	h, _ := strconv.Atoi(m[1])
	min, _ := strconv.Atoi(m[2])
	return ClockTime{Hour: h, Minute: min, Set: true}, true
}

// ConfigError lists every problem found in a configuration file.
type ConfigError struct {
	Problems []Problem
}

// Error returns the problems, one per line.
func (e *ConfigError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Problem is one problem in a configuration file.
type Problem struct {
	// File is the file name given to ParseConfig or LoadConfig.
	File string
	// Line is the 1-based line of the problem, or 0 if unknown.
	Line int
	// Key is the dotted key path, such as "branch.timezone" or
	// "branch.secretaries[1]"; it is empty for YAML syntax errors.
	Key string
	// Msg says what is wrong.
	Msg string
}

// String formats p as "FILE:LINE: key.path: message".
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		b.WriteString(":" + strconv.Itoa(p.Line))
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	if p.Key != "" {
		b.WriteString(p.Key + ": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// ---- YAML decoding ----

var yamlLineRE = regexp.MustCompile(`(?s)^yaml: line (\d+): (.*)$`)

// parseYAML parses data into the node of its single document (nil if there
// is none), or returns syntax problems.
func parseYAML(data []byte) (root *yaml.Node, problems []Problem) {
	defer func() {
		// The YAML parser is third-party code fed with operator input;
		// turn an internal panic into a problem rather than a crash.
		if r := recover(); r != nil {
			root, problems = nil, []Problem{{Line: 1, Msg: fmt.Sprintf("invalid YAML: %v", r)}}
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, []Problem{syntaxProblem(err, data)}
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, []Problem{syntaxProblem(err, data)}
	default:
		return nil, []Problem{{Line: extra.Line, Msg: "invalid YAML: only one document is allowed (remove the second ---)"}}
	}
	if doc.Kind == yaml.DocumentNode {
		if len(doc.Content) == 0 {
			return nil, nil
		}
		return doc.Content[0], nil
	}
	return &doc, nil
}

// yamlParserErrors are the messages of the YAML library's parser (as
// opposed to its scanner). go.yaml.in/yaml/v3 v3.0.6 reports their line
// 0-based: "line 2" means line 3, and an error on line 1 has no line at all.
// TestParseConfigSyntaxErrors pins this.
var yamlParserErrors = map[string]bool{
	"did not find expected <stream-start>":   true,
	"did not find expected <document start>": true,
	"found undefined tag handle":             true,
	"did not find expected node content":     true,
	"did not find expected '-' indicator":    true,
	"did not find expected key":              true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found duplicate %TAG directive":         true,
}

func syntaxProblem(err error, data []byte) Problem {
	msg := err.Error()
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		if yamlParserErrors[m[2]] {
			line++
		}
		// An error at the end of the input is reported on the line after
		// the last one.
		last := bytes.Count(data, []byte("\n"))
		if len(data) > 0 && data[len(data)-1] != '\n' {
			last++
		}
		return Problem{Line: max(1, min(line, last)), Msg: "invalid YAML: " + m[2]}
	}
	return Problem{Line: 1, Msg: "invalid YAML: " + strings.TrimPrefix(msg, "yaml: ")}
}

type expansion struct {
	from string // the value before expansion
	err  error
}

// decoder decodes a YAML node tree into a Config, recording the line of
// every key it sets and a problem for everything it cannot decode.
type decoder struct {
	getenv   func(string) string
	lines    map[string]int  // key path -> line of the key
	failed   map[string]bool // key paths whose values could not be decoded
	expanded map[*yaml.Node]expansion
	problems []Problem
}

func newDecoder(getenv func(string) string) *decoder {
	return &decoder{
		getenv:   getenv,
		lines:    map[string]int{},
		failed:   map[string]bool{},
		expanded: map[*yaml.Node]expansion{},
	}
}

// errorf records a problem with the value of the key at path, which
// validation then leaves alone.
func (d *decoder) errorf(line int, path, format string, args ...any) {
	d.keyErrorf(line, path, format, args...)
	d.failed[path] = true
}

// keyErrorf records a problem with a key itself.
func (d *decoder) keyErrorf(line int, path, format string, args ...any) {
	d.problems = append(d.problems, Problem{Line: line, Key: path, Msg: fmt.Sprintf(format, args...)})
}

func (d *decoder) root(n *yaml.Node, v reflect.Value) {
	n = deref(n)
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(max(n.Line, 1), "", "want a mapping of sections (telegram, branch, storage, quiet_hours, log), got %s", describe(n))
		return
	}
	d.mapping("", n, v)
}

// mapping decodes the keys of the YAML mapping n into the struct v.
func (d *decoder) mapping(path string, n *yaml.Node, v reflect.Value) {
	fields := structFields(v.Type())
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := deref(n.Content[i]), n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.keyErrorf(k.Line, path, "want a key name, got %s", describe(k))
			continue
		}
		name := k.Value
		kp := joinPath(path, name)
		if first, dup := seen[name]; dup {
			d.keyErrorf(k.Line, kp, "duplicate key (first set at line %d)", first)
			continue
		}
		seen[name] = k.Line
		f, ok := fields[name]
		switch {
		case ok:
			d.lines[kp] = k.Line
			d.value(kp, val, v.Field(f.index), f)
		case isTokenKey(name):
			d.keyErrorf(k.Line, kp, "the bot token must not be in the configuration file; "+
				"put it in the BRANCHBOT_TOKEN environment variable (or the one named by telegram.token_env) "+
				"or in a file named by telegram.token_file")
		case name == "<<" && k.ShortTag() == "!!merge":
			d.keyErrorf(k.Line, path, "merge keys (<<) are not supported; write the keys out")
		default:
			d.keyErrorf(k.Line, kp, "unknown key%s", suggest(path, name, fields))
		}
	}
}

// value decodes the YAML node n into v, whose key path is path.
func (d *decoder) value(path string, n *yaml.Node, v reflect.Value, f field) {
	line := n.Line
	n = deref(n)
	if n.Kind == yaml.ScalarNode {
		if err := d.expand(n); err != nil {
			d.errorf(line, path, "%v", err)
			return
		}
	}
	if isNull(n) {
		if f.noNull {
			d.errorf(line, path, "want %s, got nothing", f.wantText(v.Type()))
		}
		return // keep the default
	}
	if u, ok := v.Addr().Interface().(yaml.Unmarshaler); ok {
		if err := u.UnmarshalYAML(n); err != nil {
			d.errorf(line, path, "%v", err)
		}
		return
	}
	wrongType := func() { d.errorf(line, path, "want %s, got %s", f.wantText(v.Type()), d.describeValue(n)) }
	switch v.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			wrongType()
			return
		}
		d.mapping(path, n, v)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			wrongType()
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, item := range n.Content {
			ip := fmt.Sprintf("%s[%d]", path, i)
			d.lines[ip] = item.Line
			d.value(ip, item, s.Index(i), field{want: f.item, noNull: true})
		}
		v.Set(s)
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			wrongType()
			return
		}
		v.SetString(n.Value)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		var x int64
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" || n.Decode(&x) != nil {
			wrongType()
			return
		}
		if v.OverflowInt(x) {
			d.errorf(line, path, "%d is out of range", x)
			return
		}
		v.SetInt(x)
	case reflect.Float32, reflect.Float64:
		var x float64
		tag := n.ShortTag()
		if n.Kind != yaml.ScalarNode || (tag != "!!int" && tag != "!!float") || n.Decode(&x) != nil {
			wrongType()
			return
		}
		v.SetFloat(x)
	case reflect.Bool:
		var x bool
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" || n.Decode(&x) != nil {
			wrongType()
			return
		}
		v.SetBool(x)
	default:
		panic(fmt.Sprintf("config: field %s has unsupported type %s", path, v.Type()))
	}
}

// expand replaces ${VAR} and ${VAR:-default} in the scalar n once.
func (d *decoder) expand(n *yaml.Node) error {
	if e, done := d.expanded[n]; done {
		return e.err
	}
	value, err := expandEnv(n.Value, d.getenv)
	e := expansion{from: n.Value, err: err}
	d.expanded[n] = e
	if err != nil || value == n.Value {
		return err
	}
	// The expanded text decides the type, quoted or not: quotes are often
	// needed around ${...} for YAML's sake ([${A}, ${B}] is a syntax
	// error), and "${GROUP_CHAT}" should still give a number.
	n.Value = value
	if n.Style&yaml.TaggedStyle == 0 {
		n.Tag = ""
		n.Style = 0
	}
	return nil
}

// describeValue is like describe, and also says what an expanded value was
// expanded from.
func (d *decoder) describeValue(n *yaml.Node) string {
	s := describe(n)
	if e, ok := d.expanded[n]; ok && e.err == nil && e.from != n.Value {
		s += " (expanded from " + quote(e.from) + ")"
	}
	return s
}

var envNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// expandEnv replaces ${VAR} and ${VAR:-default} in s; $${ is a literal ${.
func expandEnv(s string, getenv func(string) string) (string, error) {
	if !strings.Contains(s, "${") {
		return s, nil
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			return b.String(), nil
		}
		if i > 0 && s[i-1] == '$' { // $${ -> ${
			b.WriteString(s[:i-1] + "${")
			s = s[i+2:]
			continue
		}
		b.WriteString(s[:i])
		end := strings.IndexByte(s[i:], '}')
		if end < 0 {
			return "", errors.New(`unterminated "${" (missing "}"; write "$${" for a literal "${")`)
		}
		expr := s[i+2 : i+end]
		name, def, hasDef := strings.Cut(expr, ":-")
		if !envNameRE.MatchString(name) {
			return "", fmt.Errorf("bad environment variable reference %s (want ${NAME} or ${NAME:-default})", quote("${"+expr+"}"))
		}
		val := getenv(name)
		if val == "" && hasDef {
			val = def
		}
		b.WriteString(val)
		s = s[i+end+1:]
	}
}

// deref follows an alias to the node it names.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; i < 8 && n.Kind == yaml.AliasNode && n.Alias != nil; i++ {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == 0 || n.Kind == yaml.AliasNode || (n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null")
}

// describe says what n is, for "want X, got Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.ShortTag() == "!!null" {
			return "nothing"
		}
		return quote(n.Value)
	}
	return "nothing"
}

var tokenLikeRE = regexp.MustCompile(`[0-9]{3,}:[A-Za-z0-9_-]{20,}`)

// quote quotes a value from the file for a message, shortening long values
// and hiding anything that looks like a bot token.
func quote(s string) string {
	if tokenLikeRE.MatchString(s) {
		return "a value that looks like a bot token (not shown)"
	}
	if utf8.RuneCountInString(s) > 60 {
		s = string([]rune(s)[:57]) + "..."
	}
	return strconv.Quote(s)
}

func isTokenKey(name string) bool {
	n := strings.ToLower(strings.ReplaceAll(name, "-", "_"))
	return n == "token" || strings.HasSuffix(n, "_token") || n == "bottoken"
}

func joinPath(parent, key string) string {
	if !keyNameRE.MatchString(key) {
		key = strconv.Quote(key)
	}
	if parent == "" {
		return key
	}
	return parent + "." + key
}

var keyNameRE = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// field describes a struct field that a YAML key decodes into.
type field struct {
	index      int
	want, item string // from the want and item struct tags
	noNull     bool   // a list item: null is an error, not "keep the default"
}

func (f field) wantText(t reflect.Type) string {
	if f.want != "" {
		return f.want
	}
	return typeText(t)
}

func typeText(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Struct:
		return "a mapping"
	case reflect.Slice:
		return "a list"
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	}
	return t.String()
}

// structFields maps the yaml key names of t's fields to the fields.
func structFields(t reflect.Type) map[string]field {
	fields := map[string]field{}
	for i := range t.NumField() {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
		if !sf.IsExported() || name == "" || name == "-" {
			continue
		}
		fields[name] = field{index: i, want: sf.Tag.Get("want"), item: sf.Tag.Get("item")}
	}
	return fields
}

// suggest returns a " (did you mean ...?)" hint for the unknown key name
// under parent: a similar sibling key, or the same key in another section.
func suggest(parent, name string, siblings map[string]field) string {
	norm := func(s string) string { return strings.ToLower(strings.ReplaceAll(s, "-", "_")) }
	best, bestDist := "", 0
	for s := range siblings {
		dist := levenshtein(norm(name), s)
		if dist > 2 || dist > len(s)/2 {
			continue
		}
		if best == "" || dist < bestDist || dist == bestDist && s < best {
			best, bestDist = s, dist
		}
	}
	if best != "" {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	var elsewhere []string
	for _, p := range keyPaths("", reflect.TypeFor[Config]()) {
		if p != joinPath(parent, name) && (p == norm(name) || strings.HasSuffix(p, "."+norm(name))) {
			elsewhere = append(elsewhere, p)
		}
	}
	if len(elsewhere) > 0 {
		return fmt.Sprintf(" (did you mean %q?)", elsewhere[0])
	}
	return ""
}

// keyPaths lists every key path of t in field order.
func keyPaths(prefix string, t reflect.Type) []string {
	var paths []string
	for i := range t.NumField() {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
		if !sf.IsExported() || name == "" || name == "-" {
			continue
		}
		p := joinPath(prefix, name)
		paths = append(paths, p)
		if sf.Type.Kind() == reflect.Struct && !reflect.PointerTo(sf.Type).Implements(reflect.TypeFor[yaml.Unmarshaler]()) {
			paths = append(paths, keyPaths(p, sf.Type)...)
		}
	}
	return paths
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// ---- validation ----

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
	c.Log.validate(v)
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
	hb, err := loadHandbook(path)
	if err != nil {
		v.errorf("study.handbook", "%v", err)
		return st
	}
	st.handbook = hb
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
