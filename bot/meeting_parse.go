package bot

// Parsing of /meeting: "[KIND] [all|GROUP|committee] [YYYY-]MM-DD HH:MM
// TITLE [@ PLACE]", and the dates and times of its cancel and move.

import (
	"strconv"
	"strings"
	"time"

	"github.com/branchbot/branchbot"
)

// meetingLine is what the organiser typed after /meeting.
type meetingLine struct {
	kind     branchbot.MeetingKindSpec
	audience string
	group    string
	named    bool // the audience was written out
	start    time.Time
	title    string
	place    string
	items    []string // agenda items (the guided flow only)
}

// parseMeeting reads a /meeting line (without the command). It returns
// the text key of what is wrong, with its argument, when it cannot.
func parseMeeting(s string, kinds branchbot.MeetingKinds, groups []string, now time.Time, loc *time.Location) (meetingLine, string, string) {
	ml := meetingLine{kind: kinds[0]}
	pos := 0
	kindSet := false
	for {
		w, end := nextWord(s, pos)
		if w == "" {
			return ml, "mt.usage", ""
		}
		if k, kEnd, ok := kindAt(s, pos, kinds); ok && !kindSet && !ml.named {
			ml.kind, kindSet, pos = k, true, kEnd
			continue
		}
		if a, ok := audienceWords[strings.ToLower(w)]; ok && !ml.named {
			ml.audience, ml.named, pos = a, true, end
			continue
		}
		if containsString(groups, w) && !ml.named {
			ml.audience, ml.group, ml.named, pos = branchbot.AudienceGroup, w, true, end
			continue
		}
		break
	}
	dateW, end := nextWord(s, pos)
	clockW, end := nextWord(s, end)
	start, ok := meetingTime(dateW, clockW, now, loc)
	if !ok {
		return ml, "mt.badtime", strings.TrimSpace(dateW + " " + clockW)
	}
	ml.start = start
	rest := strings.TrimSpace(s[end:])
	if i := strings.LastIndexAny(rest, "@＠"); i >= 0 {
		_, size := firstRune(rest[i:])
		ml.place = strings.TrimSpace(rest[i+size:])
		rest = strings.TrimSpace(rest[:i])
	}
	ml.title = rest
	if ml.title == "" && !branchbot.TakesTheme(ml.kind.Kind) {
		return ml, "mt.notitle", ""
	}
	if !ml.named {
		ml.audience = ml.kind.Audience
	}
	return ml, "", ""
}

// kindAt reads the kind named at s[pos:]: its id or a name, which may be
// several words ("committee meeting"); the longest that names one wins.
func kindAt(s string, pos int, kinds branchbot.MeetingKinds) (branchbot.MeetingKindSpec, int, bool) {
	var words []string
	var ends []int
	for end := pos; len(words) < kinds.MaxWords(); {
		w, e := nextWord(s, end)
		if w == "" {
			break
		}
		words, ends, end = append(words, w), append(ends, e), e
	}
	for n := len(words); n > 0; n-- {
		if k, ok := kinds.Lookup(strings.Join(words[:n], " ")); ok {
			return k, ends[n-1], true
		}
	}
	return branchbot.MeetingKindSpec{}, pos, false
}

func firstRune(s string) (rune, int) {
	for _, r := range s {
		return r, len(string(r))
	}
	return 0, 0
}

// meetingTime reads "[YYYY-]MM-DD" and "HH:MM" in the branch's zone. A
// date without a year is the next such date (this year's, if it is still
// ahead, else next year's). The time must be in the future.
func meetingTime(date, clock string, now time.Time, loc *time.Location) (time.Time, bool) {
	c, err := branchbot.ParseClock(clock)
	if err != nil {
		return time.Time{}, false
	}
	parts := strings.Split(date, "-")
	nums := make([]int, len(parts))
	for i, p := range parts {
		if nums[i], err = strconv.Atoi(p); err != nil || p == "" {
			return time.Time{}, false
		}
	}
	local := now.In(loc)
	var y, m, d int
	switch len(nums) {
	case 3:
		y, m, d = nums[0], nums[1], nums[2]
	case 2:
		y, m, d = local.Year(), nums[0], nums[1]
	default:
		return time.Time{}, false
	}
	mk := func(y int) (time.Time, bool) {
		t := time.Date(y, time.Month(m), d, c.Hour, c.Minute, 0, 0, loc)
		return t, t.Month() == time.Month(m) && t.Day() == d // 02-30 is no date
	}
	t, ok := mk(y)
	if ok && len(nums) == 2 && !t.After(now) {
		t, ok = mk(y + 1)
	}
	if !ok || !t.After(now) || t.Sub(now) > 366*24*time.Hour {
		return time.Time{}, false
	}
	return t, true
}
