package config

import (
	"strings"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
)

func TestReportsConfig(t *testing.T) {
	const ok = "branch: {name: x, secretaries: [1]}"
	cfg, err := Parse("config.yaml", []byte(lines(ok)), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	w, on, at := cfg.ReportTimes()
	if !on || w != (branchbot.Weekly{Day: time.Monday, At: branchbot.ClockTime{Hour: 8, Minute: 30}}) || at != w.At ||
		!cfg.Reports.Monthly || !cfg.Reports.League || cfg.Reports.LeagueGroupChat {
		t.Errorf("defaults: %v %v %v %+v", w, on, at, cfg.Reports)
	}
	cfg, err = Parse("config.yaml", []byte(lines(ok, "reports: {digest: \"off\"}")), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if _, on, at := cfg.ReportTimes(); on || at != (branchbot.ClockTime{Hour: 8, Minute: 30}) {
		t.Errorf("off: %v %v", on, at)
	}
	_, err = Parse("config.yaml", []byte(lines(ok, "quiet_hours: {from: \"22:00\", to: \"07:00\"}", "reports:",
		"  digest: Mon 06:00", "  font: /nonexistent/font.ttc")), env(nil))
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		`config.yaml:4: reports.digest: 06:00 is in the quiet hours (22:00 to 07:00)`,
		`config.yaml:5: reports.font: "/nonexistent/font.ttc" cannot be read`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in\n%v", want, err)
		}
	}
	_, err = Parse("config.yaml", []byte(lines(ok, "reports:", "  digest: Someday 8:00")), env(nil))
	if err == nil || !strings.Contains(err.Error(), `config.yaml:3: reports.digest: "Someday 8:00": want a day and a time`) {
		t.Errorf("bad digest: %v", err)
	}
}
