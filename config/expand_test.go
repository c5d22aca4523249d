package config

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseConfigEnv(t *testing.T) {
	cfg, err := Parse("env.yaml", readFixture(t, "env.yaml"), env(map[string]string{
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
