package main

import (
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode"

	"go.yaml.in/yaml/v3"
)

// env returns a getenv func backed by m.
func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// noEnv is an empty environment.
func noEnv(string) string { return "" }

// lines joins YAML lines so that the i-th argument is on line i+1.
func lines(l ...string) string { return strings.Join(l, "\n") + "\n" }

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "config", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// problems returns err's problems as strings, failing the test if err is
// not a *ConfigError.
func problems(t *testing.T, err error) []string {
	t.Helper()
	var ce *ConfigError
	if !errors.As(err, &ce) {
		t.Fatalf("error %v (%T) is not a *ConfigError", err, err)
	}
	var out []string
	for _, p := range ce.Problems {
		out = append(out, p.String())
	}
	return out
}

func TestParseConfigExample(t *testing.T) {
	data, err := os.ReadFile("../../config.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := ParseConfig("../../config.example.yaml", data, noEnv)
	if err != nil {
		t.Fatalf("example does not validate:\n%v", err)
	}
	if got, want := cfg.Branch.Name, "市生态环境局机关党支部"; got != want {
		t.Errorf("branch.name = %q, want %q", got, want)
	}
	if got := cfg.Branch.Secretaries; !reflect.DeepEqual(got, []int64{1001}) {
		t.Errorf("branch.secretaries = %v, want [1001]", got)
	}
	if got := cfg.Location().String(); got != "Asia/Shanghai" {
		t.Errorf("Location() = %s, want Asia/Shanghai", got)
	}
	if got := cfg.QuietHours.From.String() + "-" + cfg.QuietHours.To.String(); got != "22:00-07:00" {
		t.Errorf("quiet hours = %s, want 22:00-07:00", got)
	}
	if cfg.Telegram.Mode != "polling" || cfg.Storage.Path != "branchbot.db" || cfg.Telegram.TokenFile != "" {
		t.Errorf("telegram.mode, storage.path, telegram.token_file = %q, %q, %q; want polling, branchbot.db, empty",
			cfg.Telegram.Mode, cfg.Storage.Path, cfg.Telegram.TokenFile)
	}
}

// TestExampleDocumentsEveryKey checks that config.example.yaml sets every
// key, each under a comment in Chinese and English.
func TestExampleDocumentsEveryKey(t *testing.T) {
	data, err := os.ReadFile("../../config.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	root, probs := parseYAML(data)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	d := newDecoder(noEnv)
	cfg := DefaultConfig()
	d.root(root, reflect.ValueOf(&cfg).Elem())
	text := strings.Split(string(data), "\n")
	for _, path := range keyPaths("", reflect.TypeFor[Config]()) {
		line, ok := d.lines[path]
		if !ok {
			t.Errorf("%s is missing from the example", path)
			continue
		}
		comment := strings.TrimSpace(text[line-2])
		if !strings.HasPrefix(comment, "#") || !strings.ContainsFunc(comment, isHan) || !strings.ContainsFunc(comment, isLatin) {
			t.Errorf("line %d: %s: the line above is not a Chinese and English comment: %q", line, path, comment)
		}
	}
}

func isHan(r rune) bool   { return unicode.Is(unicode.Han, r) }
func isLatin(r rune) bool { return r < unicode.MaxASCII && unicode.IsLetter(r) }

func TestParseConfigDefaults(t *testing.T) {
	cfg, err := ParseConfig("minimal.yaml", readFixture(t, "minimal.yaml"), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	want := DefaultConfig()
	want.Branch.Name = "测试支部"
	want.Branch.Secretaries = []int64{1001}
	got := *cfg
	got.loc, got.study = nil, nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	for _, c := range []struct{ name, got, want string }{
		{"telegram.api_url", cfg.Telegram.APIURL, "https://api.telegram.org"},
		{"telegram.token_env", cfg.Telegram.TokenEnv, "BRANCHBOT_TOKEN"},
		{"telegram.mode", cfg.Telegram.Mode, "polling"},
		{"telegram.poll_timeout", cfg.Telegram.PollTimeout.String(), "50s"},
		{"telegram.webhook.secret_env", cfg.Telegram.Webhook.SecretEnv, "BRANCHBOT_WEBHOOK_SECRET"},
		{"branch.timezone", cfg.Branch.Timezone, "Asia/Shanghai"},
		{"branch.language", cfg.Branch.Language, "zh"},
		{"storage.path", cfg.Storage.Path, "branchbot.db"},
		{"log.format", cfg.Log.Format, "text"},
		{"log.level", cfg.Log.Level, "info"},
		{"Location()", cfg.Location().String(), "Asia/Shanghai"},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if cfg.Telegram.Webhook.MaxBodyBytes != 1<<20 {
		t.Errorf("telegram.webhook.max_body_bytes = %d, want 1 MiB", cfg.Telegram.Webhook.MaxBodyBytes)
	}
	if l := cfg.Telegram.Limits; l.GlobalPerSecond != 30 || l.PerChatPerSecond != 1 || l.PerGroupPerMinute != 20 {
		t.Errorf("telegram.limits = %+v, want 30, 1, 20", l)
	}
	if cfg.Telegram.SendWorkers != 8 {
		t.Errorf("telegram.send_workers = %d, want 8", cfg.Telegram.SendWorkers)
	}
	if o := botOptions(cfg, "token", nil, slog.New(slog.DiscardHandler)); o.SendWorkers != cfg.Telegram.SendWorkers {
		t.Errorf("bot options: %d send workers, want %d", o.SendWorkers, cfg.Telegram.SendWorkers)
	}
	if cfg.QuietHours.Enabled() {
		t.Error("quiet hours are enabled by default")
	}
}

func TestParseConfigValid(t *testing.T) {
	tests := []struct {
		name  string
		data  string
		env   map[string]string
		check func(t *testing.T, c *Config)
	}{
		{
			name: "webhook mode",
			data: string(readFixture(t, "webhook.yaml")),
			env:  map[string]string{"HOOK_SECRET": "s3cr3t_-XYZ"},
			check: func(t *testing.T, c *Config) {
				w := c.Telegram.Webhook
				if c.Telegram.Mode != "webhook" || w.Listen != ":8443" || w.URL != "https://bot.example.org:8443/telegram" || w.MaxBodyBytes != 65536 {
					t.Errorf("telegram = %+v", c.Telegram)
				}
				if got := c.WebhookSecret(env(map[string]string{"HOOK_SECRET": "s3cr3t_-XYZ"})); got != "s3cr3t_-XYZ" {
					t.Errorf("WebhookSecret() = %q", got)
				}
				if c.Telegram.PollTimeout != 0 || c.Telegram.Limits.GlobalPerSecond != 25.5 {
					t.Errorf("poll_timeout, global_per_second = %v, %v", c.Telegram.PollTimeout, c.Telegram.Limits.GlobalPerSecond)
				}
				if c.Location().String() != "Europe/Berlin" || c.Branch.Language != "en" || c.Branch.GroupChat != -1001234567890 {
					t.Errorf("branch = %+v", c.Branch)
				}
				if !reflect.DeepEqual(c.Branch.Secretaries, []int64{1001, 1002}) {
					t.Errorf("secretaries = %v", c.Branch.Secretaries)
				}
				if c.QuietHours.From != (ClockTime{23, 30, true}) || c.QuietHours.To != (ClockTime{6, 15, true}) {
					t.Errorf("quiet hours = %+v", c.QuietHours)
				}
				if c.Log.Format != "json" || c.Log.SlogLevel().String() != "DEBUG" {
					t.Errorf("log = %+v", c.Log)
				}
			},
		},
		{
			name: "webhook keys are not checked in polling mode",
			data: lines(
				"telegram:",
				"  webhook:",
				"    listen: nonsense",
				"    url: ftp://x",
				"    max_body_bytes: -1",
				"branch: {name: x, secretaries: [1]}",
			),
			check: func(t *testing.T, c *Config) {
				if c.Telegram.Webhook.Listen != "nonsense" {
					t.Errorf("listen = %q", c.Telegram.Webhook.Listen)
				}
			},
		},
		{
			name: "api_url trailing slash is dropped",
			data: lines(
				"telegram: {api_url: 'http://localhost:8081/'}",
				"branch: {name: x, secretaries: [1]}",
			),
			check: func(t *testing.T, c *Config) {
				if c.Telegram.APIURL != "http://localhost:8081" {
					t.Errorf("api_url = %q", c.Telegram.APIURL)
				}
			},
		},
		{
			name: "quiet hours may be turned off with empty strings",
			data: lines(
				"branch: {name: x, secretaries: [1]}",
				`quiet_hours: {from: "", to: ""}`,
			),
			check: func(t *testing.T, c *Config) {
				if c.QuietHours.Enabled() {
					t.Errorf("quiet hours = %+v", c.QuietHours)
				}
			},
		},
		{
			name: "anchors and aliases",
			data: lines(
				"branch:",
				"  name: &n x",
				"  secretaries: [&s 7, 8]",
				"  group_chat: -100",
				"storage: {path: *n}",
			),
			check: func(t *testing.T, c *Config) {
				if c.Storage.Path != "x" {
					t.Errorf("storage.path = %q", c.Storage.Path)
				}
			},
		},
		{
			name: "empty sections keep their defaults",
			data: lines("telegram:", "log:", "branch: {name: x, secretaries: [1]}"),
			check: func(t *testing.T, c *Config) {
				if c.Telegram.Mode != "polling" || c.Log.Level != "info" {
					t.Errorf("telegram.mode, log.level = %q, %q", c.Telegram.Mode, c.Log.Level)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ParseConfig("config.yaml", []byte(tt.data), env(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}

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
		{"unknown key without suggestion", lines(ok, "meetings:", "  cron: '0 8 * * *'"),
			nil, []string{`config.yaml:2: meetings: unknown key`}},
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
			c, err := ParseConfig("config.yaml", []byte(tt.data), env(tt.env))
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

// TestParseConfigFixtures checks whole error reports: every problem in a
// file is reported at once, in line order.
func TestParseConfigFixtures(t *testing.T) {
	tests := []struct {
		file string
		env  map[string]string
		want string
	}{
		{"several_errors.yaml", nil, `several_errors.yaml:3: telegram.api_url: must be an absolute http or https URL such as https://api.telegram.org, got "ftp://api.telegram.org"
several_errors.yaml:4: telegram.mode: must be "polling" or "webhook", got "push"
several_errors.yaml:5: telegram.poll_timeout: must be from 0s to 100s, got 2m0s
several_errors.yaml:7: telegram.limits.global_per_second: must be a positive number, got 0
several_errors.yaml:8: telegram.limits.per_chat_per_second: must be a positive number, got -1
several_errors.yaml:9: branch.name: required
several_errors.yaml:10: branch.timezone: unknown time zone "Asia/Shangai"
several_errors.yaml:11: branch.language: must be "zh" or "en", got "fr"
several_errors.yaml:12: branch.secretaries[1]: Telegram user ids are positive, got -5
several_errors.yaml:12: branch.secretaries[2]: duplicate id 1001 (also branch.secretaries[0])
several_errors.yaml:13: branch.group_chat: group chat ids are negative (like -1001234567890), got 42
several_errors.yaml:15: storage.path: required
several_errors.yaml:16: quiet_hours.to: required when quiet_hours.from is set
several_errors.yaml:19: log.format: must be "text" or "json", got "xml"
several_errors.yaml:20: log.level: must be one of "debug", "info", "warn", "error", got "verbose"`},
		{"unknown_keys.yaml", nil, `unknown_keys.yaml:3: telegram.limts: unknown key (did you mean "limits"?)
unknown_keys.yaml:5: telegram.Mode: unknown key (did you mean "mode"?)
unknown_keys.yaml:10: branch.timezone: duplicate key (first set at line 9)
unknown_keys.yaml:11: timezone: unknown key (did you mean "branch.timezone"?)
unknown_keys.yaml:12: logging: unknown key`},
		{"token_key.yaml", nil, `token_key.yaml:2: telegram.token: the bot token must not be in the configuration file; put it in the BRANCHBOT_TOKEN environment variable (or the one named by telegram.token_env) or in a file named by telegram.token_file
token_key.yaml:6: branch.bot_token: the bot token must not be in the configuration file; put it in the BRANCHBOT_TOKEN environment variable (or the one named by telegram.token_env) or in a file named by telegram.token_file`},
		// A value that cannot be decoded is reported once: validation
		// leaves it alone (no "branch.name: required" after line 7).
		{"wrong_types.yaml", nil, `wrong_types.yaml:2: telegram.poll_timeout: want a duration such as "50s" or "1h30m", got "50"
wrong_types.yaml:3: telegram.limits: want a mapping, got "fast"
wrong_types.yaml:5: telegram.webhook.max_body_bytes: want a whole number, got "1.5"
wrong_types.yaml:7: branch.name: want a string, got a list
wrong_types.yaml:8: branch.secretaries: want a list of Telegram user ids, got "abc"
wrong_types.yaml:9: branch.group_chat: want a Telegram group chat id, got "chat"
wrong_types.yaml:11: quiet_hours.from: want a time of day "HH:MM" (00:00 to 23:59), got "25:00"
wrong_types.yaml:12: quiet_hours.to: want a time of day "HH:MM" (00:00 to 23:59), got "7pm"`},
		{"webhook_errors.yaml", nil, `webhook_errors.yaml:3: telegram.webhook.secret_env: environment variable BRANCHBOT_WEBHOOK_SECRET is not set; webhook mode needs a secret of 1-256 characters of A-Z, a-z, 0-9, _ and -
webhook_errors.yaml:4: telegram.webhook.listen: want host:port such as "127.0.0.1:8443" or ":8443", got "localhost"
webhook_errors.yaml:5: telegram.webhook.url: must be an absolute https URL, got "http://bot.example.org/hook"
webhook_errors.yaml:6: telegram.webhook.max_body_bytes: must be positive, got 0`},
		{"syntax_error.yaml", nil, `syntax_error.yaml:3: invalid YAML: did not find expected ',' or ']'`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := ParseConfig(tt.file, readFixture(t, tt.file), env(tt.env))
			if err == nil {
				t.Fatal("no error")
			}
			problems(t, err) // a *ConfigError
			if got := err.Error(); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestParseConfigSyntaxErrors pins the line numbers of YAML syntax errors,
// which go.yaml.in/yaml/v3 reports 0-based for parser errors.
func TestParseConfigSyntaxErrors(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"unclosed flow list", lines("a: 1", "b: [1", "c: 2"), `c.yaml:2: invalid YAML: did not find expected ',' or ']'`},
		{"unclosed flow mapping", lines("a: 1", "b: {c: 1", "d: 2"), `c.yaml:2: invalid YAML: did not find expected ',' or '}'`},
		{"list item in a mapping", lines("a: 1", "- b"), `c.yaml:2: invalid YAML: did not find expected key`},
		{"bad indentation", lines("a:", "  - 1", " - 2"), `c.yaml:3: invalid YAML: did not find expected key`},
		{"error on line 1", lines("{a: 1]", "b: 2"), `c.yaml:1: invalid YAML: did not find expected ',' or '}'`},
		{"error at the end", lines("a: 1", "b: [1, 2"), `c.yaml:2: invalid YAML: did not find expected ',' or ']'`},
		{"error at the end without newline", "a: [1, 2", `c.yaml:1: invalid YAML: did not find expected ',' or ']'`},
		{"error at the end of a list", lines("a: [", "  1,", "  2"), `c.yaml:3: invalid YAML: did not find expected ',' or ']'`},
		{"missing colon", lines("a: 1", "b: 2", "c 2", "d: 3"), `c.yaml:3: invalid YAML: could not find expected ':'`},
		{"mapping in a scalar", lines("a: 1", "b: x: y"), `c.yaml:2: invalid YAML: mapping values are not allowed in this context`},
		{"tab", lines("a: 1", "\tb: 2"), `c.yaml:2: invalid YAML: found a tab character that violates indentation`},
		{"unterminated string", lines("a: 1", `b: "x`), `c.yaml:2: invalid YAML: found unexpected end of stream`},
		{"bad character", lines("a: 1", "c: @x"), `c.yaml:2: invalid YAML: found character that cannot start any token`},
		{"unknown anchor", lines("a: 1", "b: *x"), `c.yaml:1: invalid YAML: unknown anchor 'x' referenced`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseConfig("c.yaml", []byte(tt.data), noEnv)
			if err == nil {
				t.Fatal("no error")
			}
			if got := strings.Join(problems(t, err), "\n"); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestParseConfigEnv(t *testing.T) {
	cfg, err := ParseConfig("env.yaml", readFixture(t, "env.yaml"), env(map[string]string{
		"BRANCH_NAME": "第一",
		"SECRETARY":   "1001",
		"GROUP_CHAT":  "-100200300",
		"DATA_DIR":    "", // empty: the default applies
		"TZ_NAME":     "Asia/Urumqi",
	}))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ key, got, want string }{
		{"telegram.api_url (unset, default)", cfg.Telegram.APIURL, "https://api.telegram.org"},
		{"telegram.token_env (unset, keeps the default)", cfg.Telegram.TokenEnv, "BRANCHBOT_TOKEN"},
		{"telegram.token_file ($${)", cfg.Telegram.TokenFile, "/run/secrets/${not_expanded}"},
		{"branch.name (inside a quoted string)", cfg.Branch.Name, "第一 支部"},
		{"branch.timezone (set, default ignored)", cfg.Branch.Timezone, "Asia/Urumqi"},
		{"storage.path (empty, default)", cfg.Storage.Path, "/var/lib/branchbot/branchbot.db"},
		{"log.level (unset, keeps the default)", cfg.Log.Level, "info"},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.key, c.got, c.want)
		}
	}
	if !reflect.DeepEqual(cfg.Branch.Secretaries, []int64{1001, 1002}) {
		t.Errorf("branch.secretaries = %v, want [1001 1002]", cfg.Branch.Secretaries)
	}
	if cfg.Branch.GroupChat != -100200300 {
		t.Errorf("branch.group_chat = %d, want -100200300", cfg.Branch.GroupChat)
	}
}

func TestExpandEnv(t *testing.T) {
	e := env(map[string]string{"A": "1", "B": "two", "EMPTY": ""})
	tests := []struct {
		name, in, want, err string
	}{
		{"no reference", "plain $A text", "plain $A text", ""},
		{"set", "${A}", "1", ""},
		{"several", "${A}-${B}/${A}", "1-two/1", ""},
		{"unset", "x${NOPE}y", "xy", ""},
		{"default unused", "${B:-d}", "two", ""},
		{"default for unset", "${NOPE:-d e f}", "d e f", ""},
		{"default for empty", "${EMPTY:-d}", "d", ""},
		{"empty default", "${NOPE:-}", "", ""},
		{"literal", "$${A} and ${A}", "${A} and 1", ""},
		{"unterminated", "${A", "", `unterminated "${"`},
		{"empty name", "${}", "", "bad environment variable reference"},
		{"bad name", "${A-B}", "", "bad environment variable reference"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := expandEnv(tt.in, e)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("expandEnv(%q) error = %v, want one containing %q", tt.in, err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("expandEnv(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestToken(t *testing.T) {
	const secret = "123456789:AAHsecretSECRETsecretSECRETsecret12"
	files := map[string]string{
		"token.txt": "\n " + secret + " \n",
		"empty.txt": " \n",
		"bad.txt":   "123:abc def",
	}
	readFile := func(name string) ([]byte, error) {
		if s, ok := files[name]; ok {
			return []byte(s), nil
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	tests := []struct {
		name      string
		tokenEnv  string
		tokenFile string
		env       map[string]string
		want      string
		wantErr   string
	}{
		{"from the default env var", "", "", map[string]string{"BRANCHBOT_TOKEN": secret}, secret, ""},
		{"from another env var, trimmed", "MY_TOKEN", "", map[string]string{"MY_TOKEN": " " + secret + "\n"}, secret, ""},
		{"env var unset", "", "", map[string]string{"OTHER": secret}, "", "set the BRANCHBOT_TOKEN environment variable"},
		{"env var with inner space", "", "", map[string]string{"BRANCHBOT_TOKEN": secret + " x"}, "", "environment variable BRANCHBOT_TOKEN does not hold a bot token"},
		{"from a file, trimmed, env ignored", "", "token.txt", map[string]string{"BRANCHBOT_TOKEN": "other"}, secret, ""},
		{"file missing", "", "missing.txt", map[string]string{"BRANCHBOT_TOKEN": secret}, "", "missing.txt"},
		{"file empty", "", "empty.txt", map[string]string{"BRANCHBOT_TOKEN": secret}, "", `telegram.token_file "empty.txt" is empty`},
		{"file with inner space", "", "bad.txt", nil, "", `telegram.token_file "bad.txt" does not hold a bot token`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := DefaultConfig()
			if tt.tokenEnv != "" {
				cfg.Telegram.TokenEnv = tt.tokenEnv
			}
			cfg.Telegram.TokenFile = tt.tokenFile
			got, err := cfg.Token(env(tt.env), readFile)
			if tt.wantErr == "" {
				if err != nil || got != tt.want {
					t.Fatalf("Token() = %q, %v; want %q", got, err, tt.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("Token() = %q, want an error", got)
			}
			if got != "" {
				t.Errorf("Token() returned %q along with an error", got)
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.wantErr) {
				t.Errorf("error %q does not contain %q", msg, tt.wantErr)
			}
			for _, leak := range []string{secret, "AAHsecret", "abc def"} {
				if strings.Contains(msg, leak) {
					t.Errorf("error %q contains the token", msg)
				}
			}
		})
	}
}

func TestTokenFromRealFile(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Telegram.TokenFile = filepath.Join("testdata", "config", "token.txt")
	got, err := cfg.Token(noEnv, nil) // nil: os.ReadFile
	if err != nil {
		t.Fatal(err)
	}
	if want := "123456789:AAHfakeTokenFromFile_abcdefghijklmn"; got != want {
		t.Errorf("Token() = %q, want %q", got, want)
	}
}

func TestQuietHours(t *testing.T) {
	at := func(hhmm string) time.Time {
		c, ok := parseClock(hhmm)
		if !ok {
			t.Fatalf("bad time %q", hhmm)
		}
		return time.Date(2024, 5, 1, c.Hour, c.Minute, 30, 0, time.UTC)
	}
	tests := []struct {
		name, from, to string
		quiet, loud    []string
	}{
		{"wraps midnight", "22:00", "07:00",
			[]string{"22:00", "23:59", "00:00", "03:00", "06:59"},
			[]string{"07:00", "12:00", "21:59"}},
		{"same day", "12:30", "14:00",
			[]string{"12:30", "13:00", "13:59"},
			[]string{"12:29", "14:00", "23:00", "00:00"}},
		{"off", "", "",
			nil,
			[]string{"00:00", "12:00", "23:59"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := lines("branch: {name: x, secretaries: [1]}", "quiet_hours:", "  from: '"+tt.from+"'", "  to: '"+tt.to+"'")
			cfg, err := ParseConfig("config.yaml", []byte(data), noEnv)
			if err != nil {
				t.Fatal(err)
			}
			q := cfg.QuietHours
			if q.Enabled() != (tt.from != "") {
				t.Errorf("Enabled() = %v", q.Enabled())
			}
			if got := q.From.String(); got != tt.from {
				t.Errorf("From.String() = %q, want %q", got, tt.from)
			}
			for _, s := range tt.quiet {
				if !q.Contains(at(s)) {
					t.Errorf("%s is not in quiet hours %s-%s", s, tt.from, tt.to)
				}
			}
			for _, s := range tt.loud {
				if q.Contains(at(s)) {
					t.Errorf("%s is in quiet hours %s-%s", s, tt.from, tt.to)
				}
			}
		})
	}
}

func TestClockTime(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		minutes int
		ok      bool
	}{
		{"00:00", "00:00", 0, true},
		{"7:05", "07:05", 425, true},
		{"23:59", "23:59", 1439, true},
		{"24:00", "", 0, false},
		{"12:60", "", 0, false},
		{"12:5", "", 0, false},
		{"123:00", "", 0, false},
		{"12-00", "", 0, false},
		{" 12:00", "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			c, ok := parseClock(tt.in)
			if ok != tt.ok || c.String() != tt.want || c.Minutes() != tt.minutes {
				t.Errorf("parseClock(%q) = %v (%d min), %v; want %q (%d min), %v", tt.in, c, c.Minutes(), ok, tt.want, tt.minutes, tt.ok)
			}
		})
	}
}

// TestMarshalRoundTrip checks that a Config written with yaml.Marshal reads
// back the same, so Duration and ClockTime marshal as they unmarshal.
func TestMarshalRoundTrip(t *testing.T) {
	want, err := ParseConfig("webhook.yaml", readFixture(t, "webhook.yaml"), env(map[string]string{"HOOK_SECRET": "x"}))
	if err != nil {
		t.Fatal(err)
	}
	data, err := yaml.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseConfig("marshalled.yaml", data, env(map[string]string{"HOOK_SECRET": "x"}))
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip changed the config:\n got  %+v\nwant %+v\n%s", got, want, data)
	}
}

func TestLoadConfig(t *testing.T) {
	path := filepath.Join("testdata", "config", "minimal.yaml")
	cfg, err := LoadConfig(path, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Branch.Name != "测试支部" {
		t.Errorf("branch.name = %q", cfg.Branch.Name)
	}

	path = filepath.Join("testdata", "config", "several_errors.yaml")
	_, err = LoadConfig(path, noEnv)
	if got := problems(t, err); !strings.HasPrefix(got[0], path+":3: telegram.api_url: ") {
		t.Errorf("first problem %q is not reported against %s", got[0], path)
	}

	_, err = LoadConfig(filepath.Join("testdata", "config", "nope.yaml"), noEnv)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: error %v, want fs.ErrNotExist", err)
	}
}

func TestValidate(t *testing.T) {
	cfg := DefaultConfig()
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

func TestSuggest(t *testing.T) {
	fields := structFields(reflect.TypeFor[TelegramConfig]())
	tests := []struct{ parent, key, want string }{
		{"telegram", "limts", ` (did you mean "limits"?)`},
		{"telegram", "API_URL", ` (did you mean "api_url"?)`},
		{"telegram", "poll-timeout", ` (did you mean "poll_timeout"?)`},
		{"telegram", "timezone", ` (did you mean "branch.timezone"?)`},
		{"telegram", "xyz", ``},
		{"telegram", "m", ``},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			if got := suggest(tt.parent, tt.key, fields); got != tt.want {
				t.Errorf("suggest(%q) = %q, want %q", tt.key, got, tt.want)
			}
		})
	}
}

func FuzzParseConfig(f *testing.F) {
	seeds, err := filepath.Glob(filepath.Join("testdata", "config", "*.yaml"))
	if err != nil {
		f.Fatal(err)
	}
	seeds = append(seeds, "../../config.example.yaml")
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("branch: {name: ${BRANCHBOT_TOKEN}, secretaries: [${BRANCHBOT_TOKEN}]}"))
	f.Add([]byte("a: &a [*a]\nbranch: *a\n"))
	f.Add([]byte("\xef\xbb\xbfbranch: {name: x, secretaries: [1]}\r\n"))

	const token = "987654321:AAFuzzTokenMustNeverShowUpInErrors_x"
	getenv := env(map[string]string{
		"BRANCHBOT_TOKEN":          token,
		"BRANCHBOT_WEBHOOK_SECRET": "hook-secret",
		"NUM":                      "42",
	})
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := ParseConfig("fuzz.yaml", data, getenv)
		if err != nil {
			if cfg != nil {
				t.Error("config returned with an error")
			}
			var ce *ConfigError
			if !errors.As(err, &ce) || len(ce.Problems) == 0 {
				t.Fatalf("error %v is not a non-empty *ConfigError", err)
			}
			for _, p := range ce.Problems {
				if p.File != "fuzz.yaml" || p.Line < 1 || p.Msg == "" {
					t.Errorf("bad problem %+v", p)
				}
			}
			if strings.Contains(err.Error(), token) {
				t.Errorf("error shows the token: %v", err)
			}
			return
		}
		if err := cfg.Validate(getenv); err != nil {
			t.Errorf("ParseConfig accepted a config that Validate rejects: %v", err)
		}
		if cfg.Location() == nil || cfg.Branch.Name == "" || len(cfg.Branch.Secretaries) == 0 {
			t.Errorf("accepted an incomplete config: %+v", cfg)
		}
	})
}

func TestStudyConfig(t *testing.T) {
	dir := t.TempDir()
	hb, err := os.ReadFile("../../handbook.example.yaml")
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
			cfg, err := ParseConfig(name, []byte(base+tt.study), noEnv)
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
			cfg, err := ParseConfig("config.yaml", []byte(base+tt.broadcast), noEnv)
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

func TestStorageKeepFailed(t *testing.T) {
	base := "branch:\n  name: b\n  secretaries: [1]\nstorage:\n  path: b.db\n"
	for _, tt := range []struct {
		name, yaml string
		want       time.Duration
		err        string
	}{
		{"default", "", 90 * 24 * time.Hour, ""},
		{"set", "  keep_failed: 720h\n", 720 * time.Hour, ""},
		{"too short", "  keep_failed: 1h\n", 0, `config.yaml:6: storage.keep_failed: must be from 24h to 87600h`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := ParseConfig("config.yaml", []byte(base+tt.yaml), noEnv)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := cfg.Storage.KeepFailed.Duration(); got != tt.want {
				t.Errorf("keep_failed = %s, want %s", got, tt.want)
			}
		})
	}
}
