package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

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
			_, err := Parse(tt.file, readFixture(t, tt.file), env(tt.env))
			if err == nil {
				t.Fatal("no error")
			}
			problems(t, err) // a *Error
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
			_, err := Parse("c.yaml", []byte(tt.data), noEnv)
			if err == nil {
				t.Fatal("no error")
			}
			if got := strings.Join(problems(t, err), "\n"); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func FuzzParseConfig(f *testing.F) {
	seeds, err := filepath.Glob(filepath.Join("testdata", "*.yaml"))
	if err != nil {
		f.Fatal(err)
	}
	seeds = append(seeds, "../config.example.yaml")
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
		cfg, err := Parse("fuzz.yaml", data, getenv)
		if err != nil {
			if cfg != nil {
				t.Error("config returned with an error")
			}
			var ce *Error
			if !errors.As(err, &ce) || len(ce.Problems) == 0 {
				t.Fatalf("error %v is not a non-empty *Error", err)
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
			t.Errorf("Parse accepted a config that Validate rejects: %v", err)
		}
		if cfg.Location() == nil || cfg.Branch.Name == "" || len(cfg.Branch.Secretaries) == 0 {
			t.Errorf("accepted an incomplete config: %+v", cfg)
		}
	})
}
