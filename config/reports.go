package config

import (
	"os"
	"strings"

	"github.com/branchbot/branchbot"
)

// ReportsConfig configures the reports that come to the secretaries
// unasked: the weekly digest, the monthly summary with its chart, and
// the quarter's league table of groups (红黑榜); and the font the charts
// draw Chinese with.
type ReportsConfig struct {
	// Digest is when the weekly digest goes to each secretary and group
	// leader, such as "Mon 08:30" in branch.timezone; "off" for never.
	Digest string `yaml:"digest"`
	// Monthly sends last month's summary, with its chart, on the first
	// of each month at the digest's time of day (08:30 when it is off).
	Monthly bool `yaml:"monthly"`
	// League sends the league table of groups at the start of each
	// quarter, at the same time.
	League bool `yaml:"league"`
	// LeagueGroupChat posts the league table in branch.group_chat too.
	LeagueGroupChat bool `yaml:"league_group_chat"`
	// Font is a TrueType or OpenType font file (.ttf, .otf or a .ttc
	// collection) with Chinese characters for the charts; empty looks in
	// the usual places.
	Font string `yaml:"font"`
}

func defaultReports() ReportsConfig {
	return ReportsConfig{Digest: "Mon 08:30", Monthly: true, League: true}
}

// digestOff reports whether the weekly digest is turned off.
func (r *ReportsConfig) digestOff() bool {
	d := strings.ToLower(strings.TrimSpace(r.Digest))
	return d == "off" || d == "" || d == "false"
}

func (r *ReportsConfig) validate(v *validator, quiet QuietHours) {
	if !r.digestOff() {
		w, err := branchbot.ParseWeekly(r.Digest)
		if err != nil {
			v.errorf("reports.digest", "%s: %v, or off", quote(r.Digest), err)
		} else if q := quiet.Hours(); q.Contains(w.At) {
			v.errorf("reports.digest", "%s is in the quiet hours (%s to %s); choose a time outside them", w.At, q.From, q.To)
		}
	}
	if r.Font != "" {
		if _, err := os.Stat(r.Font); err != nil {
			v.errorf("reports.font", "%s cannot be read: %v", quote(r.Font), err)
		}
	}
}

// ReportTimes are when the reports are due: the weekly digest (ok false
// when it is off) and the time of day of the monthly and quarterly ones.
func (c *Config) ReportTimes() (digest branchbot.Weekly, digestOn bool, at branchbot.ClockTime) {
	at = branchbot.ClockTime{Hour: 8, Minute: 30}
	if c.Reports.digestOff() {
		return branchbot.Weekly{}, false, at
	}
	w, err := branchbot.ParseWeekly(c.Reports.Digest)
	if err != nil {
		return branchbot.Weekly{}, false, at
	}
	return w, true, w.At
}
