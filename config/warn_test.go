package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestQuietHoursWarnings checks the warnings for quiet hours that cover
// the study prompt or nudge: at the key's line when the file sets it, at
// quiet_hours when the default is covered, and none when daily study is
// off or nothing is covered. Warnings do not make Parse fail.
func TestQuietHoursWarnings(t *testing.T) {
	hb, err := os.ReadFile("../handbook.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "hb.yaml"), hb, 0o600); err != nil {
		t.Fatal(err)
	}
	const head = "branch: {name: b, secretaries: [1]}\n"
	tests := []struct {
		name, data string
		want       []string
	}{
		{"default prompt covered", head + lines(
			"quiet_hours:",
			`  from: "22:00"`,
			`  to: "08:00"`,
			"study:",
			"  handbook: hb.yaml",
		), []string{`c.yaml:3: quiet_hours: warning: 22:00 to 08:00 covers the default study.prompt time 07:45 ("45 7 * * *"): prompts at 07:45 wait until 08:00`}},
		{"prompt and nudge set in the file", head + lines(
			"study:",
			"  handbook: hb.yaml",
			`  prompt: "30 6,12 * * 1-5"`,
			`  nudge: "0 21 * * *"`,
			"quiet_hours: {from: \"20:30\", to: \"07:00\"}",
		), []string{
			`c.yaml:4: study.prompt: warning: the prompt time 06:30 is inside quiet_hours (20:30 to 07:00): prompts at 06:30 wait until 07:00`,
			`c.yaml:5: study.nudge: warning: the nudge time 21:00 is inside quiet_hours (20:30 to 07:00): nudges at 21:00 are held back until 07:00`,
		}},
		// A prompt in another zone is compared in the branch's.
		{"CRON_TZ", head + lines(
			"study:",
			"  handbook: hb.yaml",
			`  prompt: "CRON_TZ=Europe/London 30 23 * * *"`,
			"quiet_hours: {from: \"07:00\", to: \"08:00\"}",
		), []string{`c.yaml:4: study.prompt: warning: the prompt time 07:30 is inside quiet_hours (07:00 to 08:00): prompts at 07:30 wait until 08:00`}},
		{"nothing covered", head + lines(
			"study:",
			"  handbook: hb.yaml",
			"quiet_hours: {from: \"22:00\", to: \"07:00\"}",
		), nil},
		{"daily study off", head + lines(
			"quiet_hours: {from: \"22:00\", to: \"08:00\"}",
		), nil},
		{"no quiet hours", head + lines(
			"study:",
			"  handbook: hb.yaml",
		), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := Parse(filepath.Join(dir, "c.yaml"), []byte(tt.data), noEnv)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, w := range cfg.Warnings() {
				if !w.Warning {
					t.Errorf("%v: Warning is not set", w)
				}
				got = append(got, strings.TrimPrefix(w.String(), dir+string(filepath.Separator)))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
