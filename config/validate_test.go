package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
)

func TestParseConfigErrors(t *testing.T) {
	const ok = "branch: {name: x, secretaries: [1]}"
	tests := []struct {
		name string
		data string
		env  map[string]string
		want []string
	}{
		// telegram
		{"api_url not http", lines(ok, "telegram:", "  api_url: ftp://x"),
			nil, []string{`config.yaml:3: telegram.api_url: must be an absolute http or https URL such as https://api.telegram.org, got "ftp://x"`}},
		{"api_url relative", lines(ok, "telegram:", "  api_url: /bot"),
			nil, []string{`config.yaml:3: telegram.api_url: must be an absolute http or https URL such as https://api.telegram.org, got "/bot"`}},
		{"token_env not a name", lines(ok, "telegram:", "  token_env: MY-TOKEN"),
			nil, []string{`config.yaml:3: telegram.token_env: must be an environment variable name (letters, digits and _), got "MY-TOKEN"`}},
		{"mode", lines(ok, "telegram:", "  mode: Polling"),
			nil, []string{`config.yaml:3: telegram.mode: must be "polling" or "webhook", got "Polling"`}},
		{"poll_timeout too long", lines(ok, "telegram:", "  poll_timeout: 101s"),
			nil, []string{`config.yaml:3: telegram.poll_timeout: must be from 0s to 100s, got 1m41s`}},
		{"poll_timeout negative", lines(ok, "telegram:", "  poll_timeout: -1s"),
			nil, []string{`config.yaml:3: telegram.poll_timeout: must be from 0s to 100s, got -1s`}},
		{"poll_timeout fraction", lines(ok, "telegram:", "  poll_timeout: 1500ms"),
			nil, []string{`config.yaml:3: telegram.poll_timeout: must be a whole number of seconds, got 1.5s`}},
		{"poll_timeout without unit", lines(ok, "telegram:", "  poll_timeout: 50"),
			nil, []string{`config.yaml:3: telegram.poll_timeout: want a duration such as "50s" or "1h30m", got "50"`}},
		{"limits", lines(ok, "telegram:", "  limits:", "    global_per_second: 0", "    per_chat_per_second: -1", "    per_group_per_minute: .inf"),
			nil, []string{
				`config.yaml:4: telegram.limits.global_per_second: must be a positive number, got 0`,
				`config.yaml:5: telegram.limits.per_chat_per_second: must be a positive number, got -1`,
				`config.yaml:6: telegram.limits.per_group_per_minute: must be a positive number, got +Inf`,
			}},
		{"limit not a number", lines(ok, "telegram:", "  limits: {per_chat_per_second: fast}"),
			nil, []string{`config.yaml:3: telegram.limits.per_chat_per_second: want a number, got "fast"`}},
		{"send_workers zero", lines(ok, "telegram:", "  send_workers: 0"),
			nil, []string{`config.yaml:3: telegram.send_workers: must be from 1 to 64, got 0`}},
		{"send_workers too many", lines(ok, "telegram:", "  send_workers: 65"),
			nil, []string{`config.yaml:3: telegram.send_workers: must be from 1 to 64, got 65`}},

		// telegram.webhook
		{"webhook keys missing", lines(ok, "telegram:", "  mode: webhook"),
			map[string]string{"BRANCHBOT_WEBHOOK_SECRET": "abc"}, []string{
				`config.yaml:2: telegram.webhook.listen: required when telegram.mode is webhook (host:port, e.g. "127.0.0.1:8443")`,
				`config.yaml:2: telegram.webhook.url: required when telegram.mode is webhook (the public https URL Telegram sends updates to)`,
			}},
		{"webhook bad values", lines(ok, "telegram:", "  mode: webhook", "  webhook:", "    listen: ':http'", "    url: https://example.org:8080/hook", "    max_body_bytes: 0"),
			map[string]string{"BRANCHBOT_WEBHOOK_SECRET": "abc"}, []string{
				`config.yaml:5: telegram.webhook.listen: want a port from 1 to 65535, got "http"`,
				`config.yaml:6: telegram.webhook.url: Telegram only delivers webhooks to ports 443, 80, 88 and 8443, got port 8080`,
				`config.yaml:7: telegram.webhook.max_body_bytes: must be positive, got 0`,
			}},
		{"webhook max_connections out of range", lines(ok, "telegram:", "  mode: webhook", "  webhook:", "    listen: 127.0.0.1:8443", "    url: https://example.org/hook", "    max_connections: 101"),
			map[string]string{"BRANCHBOT_WEBHOOK_SECRET": "abc"}, []string{
				`config.yaml:7: telegram.webhook.max_connections: must be from 1 to 100 (Telegram's range), got 101`,
			}},
		{"webhook url not https", lines(ok, "telegram:", "  mode: webhook", "  webhook:", "    listen: 127.0.0.1:8443", "    url: http://example.org/hook"),
			map[string]string{"BRANCHBOT_WEBHOOK_SECRET": "abc"}, []string{
				`config.yaml:6: telegram.webhook.url: must be an absolute https URL, got "http://example.org/hook"`,
			}},
		{"webhook secret unset", lines(ok, "telegram:", "  mode: webhook", "  webhook:", "    listen: 127.0.0.1:8443", "    url: https://example.org/hook", "    secret_env: HOOK"),
			nil, []string{
				`config.yaml:7: telegram.webhook.secret_env: environment variable HOOK is not set; webhook mode needs a secret of 1-256 characters of A-Z, a-z, 0-9, _ and -`,
			}},
		{"webhook secret bad characters", lines(ok, "telegram:", "  mode: webhook", "  webhook:", "    listen: 127.0.0.1:8443", "    url: https://example.org/hook"),
			map[string]string{"BRANCHBOT_WEBHOOK_SECRET": "has space"}, []string{
				`config.yaml:4: telegram.webhook.secret_env: environment variable BRANCHBOT_WEBHOOK_SECRET must hold 1-256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule for webhook secrets)`,
			}},
		{"webhook secret too long", lines(ok, "telegram:", "  mode: webhook", "  webhook:", "    listen: 127.0.0.1:8443", "    url: https://example.org/hook"),
			map[string]string{"BRANCHBOT_WEBHOOK_SECRET": strings.Repeat("a", 257)}, []string{
				`config.yaml:4: telegram.webhook.secret_env: environment variable BRANCHBOT_WEBHOOK_SECRET must hold 1-256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule for webhook secrets)`,
			}},

		// branch
		{"no branch at all", lines("log: {level: info}"),
			nil, []string{
				`config.yaml:1: branch.name: required`,
				`config.yaml:1: branch.secretaries: at least one secretary's Telegram user id is required`,
			}},
		{"empty file", "",
			nil, []string{
				`config.yaml:1: branch.name: required`,
				`config.yaml:1: branch.secretaries: at least one secretary's Telegram user id is required`,
			}},
		{"name missing is reported at its parent", lines("log: {level: info}", "branch:", "  secretaries: [1]"),
			nil, []string{`config.yaml:2: branch.name: required`}},
		{"name blank", lines("branch:", "  name: '  '", "  secretaries: [1]"),
			nil, []string{`config.yaml:2: branch.name: required`}},
		{"unknown time zone", lines("branch:", "  name: x", "  secretaries: [1]", "  timezone: Asia/Shangai"),
			nil, []string{`config.yaml:4: branch.timezone: unknown time zone "Asia/Shangai"`}},
		{"Local time zone", lines("branch:", "  name: x", "  secretaries: [1]", "  timezone: Local"),
			nil, []string{`config.yaml:4: branch.timezone: "Local" depends on the host; use an IANA time zone name such as "Asia/Shanghai"`}},
		{"empty time zone", lines("branch:", "  name: x", "  secretaries: [1]", "  timezone: ''"),
			nil, []string{`config.yaml:4: branch.timezone: required`}},
		{"language", lines("branch:", "  name: x", "  secretaries: [1]", "  language: zh-CN"),
			nil, []string{`config.yaml:4: branch.language: must be "zh" or "en", got "zh-CN"`}},
		{"no secretaries", lines("branch:", "  name: x", "  secretaries: []"),
			nil, []string{`config.yaml:3: branch.secretaries: at least one secretary's Telegram user id is required`}},
		{"secretaries not a list", lines("branch:", "  name: x", "  secretaries: abc"),
			nil, []string{`config.yaml:3: branch.secretaries: want a list of Telegram user ids, got "abc"`}},
		{"secretary not a number", lines("branch:", "  name: x", "  secretaries:", "    - 1001", "    - abc", "    -"),
			nil, []string{
				`config.yaml:5: branch.secretaries[1]: want a Telegram user id, got "abc"`,
				`config.yaml:6: branch.secretaries[2]: want a Telegram user id, got nothing`,
			}},
		{"secretary not positive", lines("branch:", "  name: x", "  secretaries: [1001, 0, -3]"),
			nil, []string{
				`config.yaml:3: branch.secretaries[1]: Telegram user ids are positive, got 0`,
				`config.yaml:3: branch.secretaries[2]: Telegram user ids are positive, got -3`,
			}},
		{"duplicate secretary", lines("branch:", "  name: x", "  secretaries:", "    - 1001", "    - 1002", "    - 1001"),
			nil, []string{`config.yaml:6: branch.secretaries[2]: duplicate id 1001 (also at line 4)`}},
		{"group chat positive", lines("branch:", "  name: x", "  secretaries: [1]", "  group_chat: 12345"),
			nil, []string{`config.yaml:4: branch.group_chat: group chat ids are negative (like -1001234567890), got 12345`}},
		{"group chat not a number", lines("branch:", "  name: x", "  secretaries: [1]", "  group_chat: '@mygroup'"),
			nil, []string{`config.yaml:4: branch.group_chat: want a Telegram group chat id, got "@mygroup"`}},

		// storage
		{"storage path empty", lines(ok, "storage:", "  path: ''"),
			nil, []string{`config.yaml:3: storage.path: required`}},

		// quiet_hours
		{"quiet hours from only", lines(ok, "quiet_hours:", "  from: '22:00'"),
			nil, []string{`config.yaml:2: quiet_hours.to: required when quiet_hours.from is set`}},
		{"quiet hours to only", lines(ok, "quiet_hours:", "  to: '07:00'"),
			nil, []string{`config.yaml:2: quiet_hours.from: required when quiet_hours.to is set`}},
		{"quiet hours equal", lines(ok, "quiet_hours:", "  from: '07:00'", "  to: '7:00'"),
			nil, []string{`config.yaml:4: quiet_hours.to: must differ from quiet_hours.from (07:00)`}},
		{"quiet hours bad time", lines(ok, "quiet_hours:", "  from: '24:00'", "  to: '07:60'"),
			nil, []string{
				`config.yaml:3: quiet_hours.from: want a time of day "HH:MM" (00:00 to 23:59), got "24:00"`,
				`config.yaml:4: quiet_hours.to: want a time of day "HH:MM" (00:00 to 23:59), got "07:60"`,
			}},

		// log
		{"log format", lines(ok, "log:", "  format: logfmt"),
			nil, []string{`config.yaml:3: log.format: must be "text" or "json", got "logfmt"`}},
		{"log level", lines(ok, "log:", "  level: WARN"),
			nil, []string{`config.yaml:3: log.level: must be one of "debug", "info", "warn", "error", got "WARN"`}},

		// structure
		{"unknown key", lines(ok, "telegram:", "  mode: polling", "  limits:", "    global_per_second: 30", "  webhook: {}", "  limts: {}"),
			nil, []string{`config.yaml:7: telegram.limts: unknown key (did you mean "limits"?)`}},
		{"unknown key in the wrong section", lines(ok, "timezone: Asia/Shanghai"),
			nil, []string{`config.yaml:2: timezone: unknown key (did you mean "branch.timezone"?)`}},
		{"unknown key without suggestion", lines(ok, "quizzes:", "  cron: '0 8 * * *'"),
			nil, []string{`config.yaml:2: quizzes: unknown key`}},
		{"odd key is quoted", lines(ok, "'a b': 1"),
			nil, []string{`config.yaml:2: "a b": unknown key`}},
		{"non-scalar key", lines(ok, "? [a]", ": 1"),
			nil, []string{`config.yaml:2: want a key name, got a list`}},
		{"duplicate key", lines("branch:", "  name: x", "  secretaries: [1]", "  name: y"),
			nil, []string{`config.yaml:4: branch.name: duplicate key (first set at line 2)`}},
		{"merge key", lines("defaults: &d {name: x}", "branch:", "  <<: *d", "  secretaries: [1]"),
			nil, []string{
				`config.yaml:1: defaults: unknown key`,
				`config.yaml:2: branch.name: required`,
				`config.yaml:3: branch: merge keys (<<) are not supported; write the keys out`,
			}},
		{"section not a mapping", lines(ok, "telegram: polling"),
			nil, []string{`config.yaml:2: telegram: want a mapping, got "polling"`}},
		{"top level not a mapping", lines("- a", "- b"),
			nil, []string{`config.yaml:1: want a mapping of sections (telegram, branch, storage, quiet_hours, log), got a list`}},
		{"string wanted", lines("branch:", "  name: {zh: x}", "  secretaries: [1]"),
			nil, []string{`config.yaml:2: branch.name: want a string, got a mapping`}},
		{"whole number wanted", lines(ok, "telegram:", "  mode: webhook", "  webhook:", "    listen: :8443", "    url: https://x.org/", "    max_body_bytes: 1e6"),
			map[string]string{"BRANCHBOT_WEBHOOK_SECRET": "abc"}, []string{`config.yaml:7: telegram.webhook.max_body_bytes: want a whole number, got "1e6"`}},
		{"number out of range", lines("branch:", "  name: x", "  secretaries: [99999999999999999999]"),
			nil, []string{`config.yaml:3: branch.secretaries[0]: want a Telegram user id, got "99999999999999999999"`}},
		{"a second document", lines(ok, "---", "log: {}"),
			nil, []string{`config.yaml:2: invalid YAML: only one document is allowed (remove the second ---)`}},

		// the token
		{"token key", lines(ok, "telegram:", "  token: 123456789:AAHfakefakefakefakefakefakefakefake"),
			nil, []string{`config.yaml:3: telegram.token: the bot token must not be in the configuration file; put it in the BRANCHBOT_TOKEN environment variable (or the one named by telegram.token_env) or in a file named by telegram.token_file`}},
		{"token key at top level", lines(ok, "TOKEN: x"),
			nil, []string{`config.yaml:2: TOKEN: the bot token must not be in the configuration file; put it in the BRANCHBOT_TOKEN environment variable (or the one named by telegram.token_env) or in a file named by telegram.token_file`}},
		{"token-like value is not echoed", lines("branch:", "  name: x", "  secretaries: 123456789:AAHfakefakefakefakefakefakefakefake"),
			nil, []string{`config.yaml:3: branch.secretaries: want a list of Telegram user ids, got a value that looks like a bot token (not shown)`}},

		// expansion
		{"expanded value is typed by its text", lines("branch:", "  name: x", "  secretaries: [1]", "  group_chat: ${CHAT}"),
			map[string]string{"CHAT": "mygroup"}, []string{`config.yaml:4: branch.group_chat: want a Telegram group chat id, got "mygroup" (expanded from "${CHAT}")`}},
		{"unterminated reference", lines("branch:", "  name: ${NAME", "  secretaries: [1]"),
			nil, []string{`config.yaml:2: branch.name: unterminated "${" (missing "}"; write "$${" for a literal "${")`}},
		{"bad variable name", lines("branch:", "  name: ${1X}", "  secretaries: [1]"),
			nil, []string{`config.yaml:2: branch.name: bad environment variable reference "${1X}" (want ${NAME} or ${NAME:-default})`}},
		{"multi-line variable keeps line numbers", lines("branch:", "  name: ${NAME}", "  secretaries: [1]", "  language: ${LANG}"),
			map[string]string{"NAME": "a\nb\nc\n", "LANG": "de"}, []string{`config.yaml:4: branch.language: must be "zh" or "en", got "de"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse("config.yaml", []byte(tt.data), env(tt.env))
			if err == nil {
				t.Fatalf("no error; config %+v", c)
			}
			if c != nil {
				t.Errorf("got a config along with the error")
			}
			got := problems(t, err)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestValidate(t *testing.T) {
	cfg := Default()
	cfg.Branch.Name = "x"
	cfg.Branch.Secretaries = []int64{1, 1}
	cfg.Branch.Timezone = "Mars/Olympus"
	cfg.Telegram.Mode = "webhook"
	cfg.Telegram.Webhook.Listen = ":8443"
	cfg.Telegram.Webhook.URL = "https://example.org/hook"
	err := cfg.Validate(noEnv)
	want := []string{
		"telegram.webhook.secret_env: environment variable BRANCHBOT_WEBHOOK_SECRET is not set; webhook mode needs a secret of 1-256 characters of A-Z, a-z, 0-9, _ and -",
		`branch.timezone: unknown time zone "Mars/Olympus"`,
		"branch.secretaries[1]: duplicate id 1 (also branch.secretaries[0])",
	}
	if got := problems(t, err); !reflect.DeepEqual(got, want) {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := cfg.Location(); got != time.UTC {
		t.Errorf("Location() of an invalid config = %v, want UTC", got)
	}

	cfg.Branch.Secretaries = []int64{1}
	cfg.Branch.Timezone = "Asia/Shanghai"
	if err := cfg.Validate(env(map[string]string{"BRANCHBOT_WEBHOOK_SECRET": "abc"})); err != nil {
		t.Errorf("Validate() = %v", err)
	}
	if got := cfg.Location().String(); got != "Asia/Shanghai" {
		t.Errorf("Location() = %s", got)
	}
}

func TestStudyConfig(t *testing.T) {
	dir := t.TempDir()
	hb, err := os.ReadFile("../handbook.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "hb.yaml"), hb, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "bad.yaml"), []byte("title: x\nsections:\n  - id: a\n    title: t\n    reading: r\n  - id: a\n    title: t\n    reading: r\n    colour: red\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	base := "branch:\n  name: b\n  secretaries: [1]\nstudy:\n"
	tests := []struct {
		name, study string
		want        []string
	}{
		{"handbook loads", "  handbook: hb.yaml\n", nil},
		{"missing handbook", "  handbook: nope.yaml\n", []string{`:5: study.handbook: handbook: open`}},
		{"bad handbook", "  handbook: bad.yaml\n", []string{`:5: study.handbook: handbook`, `colour`}},
		{"bad cron", "  prompt: '61 7 * * *'\n", []string{`:5: study.prompt: cron spec "61 7 * * *": minute`}},
		{"bad rest day", "  rest_days: [2026-13-01]\n", []string{`:5: study.rest_days[0]: want a date`}},
		{"bad snooze", "  snooze: 30s\n", []string{`study.snooze: must be whole minutes`}},
		{"bad budget", "  skip_budget: -1\n", []string{`study.skip_budget: must be from 0 to 31`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := filepath.Join(dir, "config.yaml")
			cfg, err := Parse(name, []byte(base+tt.study), noEnv)
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatal(err)
				}
				if cfg.study == nil || cfg.study.handbook == nil || len(cfg.study.handbook.Sections) < 10 {
					t.Fatalf("handbook not loaded: %+v", cfg.study)
				}
				return
			}
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestBroadcastConfig(t *testing.T) {
	base := "branch:\n  name: b\n  secretaries: [1]\nbroadcast:\n"
	tests := []struct {
		name, broadcast string
		remind, report  time.Duration
		want            []string
	}{
		{"defaults", "", 24 * time.Hour, 48 * time.Hour, nil},
		{"set", "  remind_after: 12h\n  report_after: 36h\n", 12 * time.Hour, 36 * time.Hour, nil},
		{"only remind", "  remind_after: 30h\n", 30 * time.Hour, 48 * time.Hour, nil},
		{"not a duration", "  remind_after: tomorrow\n", 0, 0, []string{`config.yaml:5: broadcast.remind_after: want a duration`}},
		{"too short", "  remind_after: 30s\n", 0, 0, []string{`config.yaml:5: broadcast.remind_after: must be from 1m to 720h`}},
		{"too long", "  report_after: 1000h\n", 0, 0, []string{`config.yaml:5: broadcast.report_after: must be from 1m to 720h`}},
		{"report before reminder", "  remind_after: 24h\n  report_after: 12h\n", 0, 0, []string{`config.yaml:6: broadcast.report_after: must be longer than broadcast.remind_after (24h0m0s), got 12h0m0s`}},
		{"unknown key", "  remind: 1h\n", 0, 0, []string{`config.yaml:5: broadcast.remind: unknown key`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Parse("config.yaml", []byte(base+tt.broadcast), noEnv)
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatal(err)
				}
				if got := cfg.Broadcast.RemindAfter.Duration(); got != tt.remind {
					t.Errorf("remind_after = %s, want %s", got, tt.remind)
				}
				if got := cfg.Broadcast.ReportAfter.Duration(); got != tt.report {
					t.Errorf("report_after = %s, want %s", got, tt.report)
				}
				return
			}
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

// TestStudyAccessors checks what validation hands to the wiring: the
// loaded handbook, the parsed specs and rest days, and nothing for a
// Config that was never validated.
func TestStudyAccessors(t *testing.T) {
	dir := t.TempDir()
	hb, err := os.ReadFile("../handbook.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "hb.yaml"), hb, 0o600); err != nil {
		t.Fatal(err)
	}
	data := "branch: {name: b, secretaries: [1]}\nstudy:\n  handbook: hb.yaml\n  prompt: '30 6 * * *'\n  rest_days: [2026-10-01]\n"
	cfg, err := Parse(filepath.Join(dir, "config.yaml"), []byte(data), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Handbook() == nil || len(cfg.Handbook().Sections) < 10 {
		t.Errorf("Handbook() = %v, want the example handbook", cfg.Handbook())
	}
	if cfg.PromptSpec() == nil || cfg.NudgeSpec() == nil {
		t.Fatalf("PromptSpec() = %v, NudgeSpec() = %v", cfg.PromptSpec(), cfg.NudgeSpec())
	}
	next := cfg.PromptSpec().Next(time.Date(2026, 10, 2, 0, 0, 0, 0, cfg.Location()))
	if next.Hour() != 6 || next.Minute() != 30 {
		t.Errorf("PromptSpec().Next = %s, want 06:30", next)
	}
	if days := cfg.RestDays(); len(days) != 1 || !days[mustDay(t, "2026-10-01")] {
		t.Errorf("RestDays() = %v, want 2026-10-01", days)
	}

	off, err := Parse("config.yaml", []byte("branch: {name: b, secretaries: [1]}\n"), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if off.Handbook() != nil || off.PromptSpec() == nil {
		t.Errorf("without study.handbook: Handbook() = %v, PromptSpec() = %v; want nil, the default", off.Handbook(), off.PromptSpec())
	}
	raw := Default()
	if raw.Handbook() != nil || raw.PromptSpec() != nil || raw.NudgeSpec() != nil || raw.RestDays() != nil {
		t.Error("a Config that was never validated has study settings")
	}
}

func mustDay(t *testing.T, s string) branchbot.Day {
	t.Helper()
	d, err := branchbot.ParseDay(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
