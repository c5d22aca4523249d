package config

import (
	"fmt"
	"strings"
	"time"

	"github.com/branchbot/branchbot/schedule"
)

// Warnings returns what Parse found valid but likely not meant, such as
// quiet hours that cover the default study prompt time. Each is a Problem
// with Warning set, printed as "FILE:LINE: key: warning: message". A
// Config with warnings works as written.
func (c *Config) Warnings() []Problem { return c.warnings }

// warn returns the warnings of a validated configuration; lines maps key
// paths to their lines in the file.
func (c *Config) warn(lines map[string]int) []Problem {
	q := c.QuietHours
	if !q.Enabled() || c.Handbook() == nil {
		return nil
	}
	var out []Problem
	check := func(key, what, plural, raw string, spec *schedule.Spec) {
		times := quietFirings(spec, q, c.Location())
		if len(times) == 0 {
			return
		}
		quiet := fmt.Sprintf("%s to %s", q.From, q.To)
		held := fmt.Sprintf("%s at %s wait until %s", plural, strings.Join(times, ", "), q.To)
		if plural == "nudges" {
			held = fmt.Sprintf("%s at %s are held back until %s", plural, strings.Join(times, ", "), q.To)
		}
		if line, ok := lines[key]; ok {
			out = append(out, Problem{Line: line, Key: key, Warning: true,
				Msg: fmt.Sprintf("%s time %s is inside quiet_hours (%s): %s", what, strings.Join(times, ", "), quiet, held)})
			return
		}
		line := lines["quiet_hours.from"]
		if line == 0 {
			line = lines["quiet_hours"]
		}
		out = append(out, Problem{Line: line, Key: "quiet_hours", Warning: true,
			Msg: fmt.Sprintf("%s covers the default %s time %s (%q): %s", quiet, key, strings.Join(times, ", "), raw, held)})
	}
	check("study.prompt", "the prompt", "prompts", c.Study.Prompt, c.PromptSpec())
	check("study.nudge", "the nudge", "nudges", c.Study.Nudge, c.NudgeSpec())
	return out
}

// quietFirings returns the distinct times of day, in the branch's zone,
// at which spec fires inside the quiet hours q during a week.
func quietFirings(spec *schedule.Spec, q QuietHours, loc *time.Location) []string {
	if spec == nil {
		return nil
	}
	// A week from an ordinary Monday covers every weekday of the spec.
	from := time.Date(2001, 1, 1, 0, 0, 0, 0, loc).Add(-time.Nanosecond)
	seen := map[string]bool{}
	var times []string
	for _, t := range spec.Occurrences(from, from.Add(7*24*time.Hour)) {
		t = t.In(loc)
		s := t.Format("15:04")
		if q.Contains(t) && !seen[s] {
			seen[s] = true
			times = append(times, s)
		}
	}
	return times
}
