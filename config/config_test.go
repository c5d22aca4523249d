package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode"
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
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// problems returns err's problems as strings, failing the test if err is
// not a *Error.
func problems(t *testing.T, err error) []string {
	t.Helper()
	var ce *Error
	if !errors.As(err, &ce) {
		t.Fatalf("error %v (%T) is not a *Error", err, err)
	}
	var out []string
	for _, p := range ce.Problems {
		out = append(out, p.String())
	}
	return out
}

func TestParseConfigExample(t *testing.T) {
	data, err := os.ReadFile("../config.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := Parse("../config.example.yaml", data, noEnv)
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
	data, err := os.ReadFile("../config.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	root, probs := parseYAML(data)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	d := newDecoder(noEnv)
	cfg := Default()
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
	cfg, err := Parse("minimal.yaml", readFixture(t, "minimal.yaml"), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	want.Branch.Name = "测试支部"
	want.Branch.Secretaries = []int64{1001}
	got := *cfg
	got.loc, got.study, got.meetingKinds, got.meetings = nil, nil, nil, nil
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
			c, err := Parse("config.yaml", []byte(tt.data), env(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}

func TestLoadConfig(t *testing.T) {
	path := filepath.Join("testdata", "minimal.yaml")
	cfg, err := Load(path, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Branch.Name != "测试支部" {
		t.Errorf("branch.name = %q", cfg.Branch.Name)
	}

	path = filepath.Join("testdata", "several_errors.yaml")
	_, err = Load(path, noEnv)
	if got := problems(t, err); !strings.HasPrefix(got[0], path+":3: telegram.api_url: ") {
		t.Errorf("first problem %q is not reported against %s", got[0], path)
	}

	_, err = Load(filepath.Join("testdata", "nope.yaml"), noEnv)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: error %v, want fs.ErrNotExist", err)
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
			cfg, err := Parse("config.yaml", []byte(base+tt.yaml), noEnv)
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
