package branchbot

// The names the outbox knows messages by, built and read back here only:
// idempotency keys (Outgoing.Key), which make a message once-only and let
// a later edit find it, and live names (Outgoing.Live), which say what the
// sender renders when the message goes out.

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// PromptKey is the outbox key of the study prompt for member on day d;
// repeat counts the prompts that came again after a snooze (0 for the
// first). The key makes each prompt once-only, and lets a later edit find
// the message.
func PromptKey(d Day, memberID int64, repeat int) string {
	b := make([]byte, 0, 40)
	b = append(b, "study/"...)
	b = d.appendText(b)
	b = appendKeyMember(b, memberID)
	if repeat != 0 {
		b = append(b, "/r"...)
		b = strconv.AppendInt(b, int64(repeat), 10)
	}
	return string(b)
}

// PromptButtonsOffKey is the outbox key of the edit that takes the
// buttons off the prompt before the repeat-th of member's day d, when that
// one comes after a snooze: PromptKey(d, member, repeat) and "/off", so
// that it sorts, and is sent, right after it.
func PromptButtonsOffKey(d Day, memberID int64, repeat int) string {
	return PromptKey(d, memberID, repeat) + "/off"
}

// NudgeKey is the outbox key of the evening nudge for member on day d.
func NudgeKey(d Day, memberID int64) string {
	b := make([]byte, 0, 32)
	b = append(b, "nudge/"...)
	b = d.appendText(b)
	return string(appendKeyMember(b, memberID))
}

// KeyMemberDigits is how many digits the member id in PromptKey and
// NudgeKey is padded to with zeros ("m0000000017"), so that a day's keys
// sort in member id order: a scheduler that queues a large branch's
// morning a part at a time, in member order, then appends each part after
// the last instead of inserting it between the keys already written ("m2"
// after "m10").
const KeyMemberDigits = 10

// appendKeyMember appends "/m" and the member id, padded to
// KeyMemberDigits.
func appendKeyMember(b []byte, memberID int64) []byte {
	b = append(b, "/m"...)
	if memberID >= 0 {
		digits := 1
		for v := memberID; v >= 10; v /= 10 {
			digits++
		}
		for ; digits < KeyMemberDigits; digits++ {
			b = append(b, '0')
		}
	}
	return strconv.AppendInt(b, memberID, 10)
}

// BroadcastKey is the outbox key of member's copy of broadcast id. The
// store recognises it to keep the recipient's state in step with the
// outbox.
func BroadcastKey(id, memberID int64) string { return fmt.Sprintf("bc/%d/m%d", id, memberID) }

// ParseBroadcastKey reads a key written by BroadcastKey; ok is false for
// any other key.
func ParseBroadcastKey(key string) (id, memberID int64, ok bool) {
	rest, found := strings.CutPrefix(key, "bc/")
	if !found {
		return 0, 0, false
	}
	a, b, found := strings.Cut(rest, "/m")
	if !found {
		return 0, 0, false
	}
	id, err1 := strconv.ParseInt(a, 10, 64)
	memberID, err2 := strconv.ParseInt(b, 10, 64)
	if err1 != nil || err2 != nil || id <= 0 || memberID <= 0 || strconv.FormatInt(id, 10) != a || strconv.FormatInt(memberID, 10) != b {
		return 0, 0, false
	}
	return id, memberID, true
}

// BroadcastReminderKey is the outbox key of the reminder to a member who
// has not acknowledged broadcast id.
func BroadcastReminderKey(id, memberID int64) string {
	return fmt.Sprintf("bcr/%d/m%d", id, memberID)
}

// BroadcastReportKey is the outbox key of the report on those still silent
// to member (the author, or another secretary).
func BroadcastReportKey(id, memberID int64) string {
	return fmt.Sprintf("bcp/%d/to%d", id, memberID)
}

// BroadcastGroupKey is the outbox key of the copy posted in the branch's
// group chat.
func BroadcastGroupKey(id int64) string { return fmt.Sprintf("bcg/%d", id) }

// ErrLiveName is wrapped by the errors ParseLive returns.
var ErrLiveName = errors.New("not a live name")

// LiveKind is what a live name shows.
type LiveKind uint8

// The kinds of live name. Their strings are stored in the outbox, so a
// message queued before an upgrade is read back after it: they do not
// change.
const (
	// LivePrompt is a study prompt, "study/prompt/DAY/SECTION/LATE/REPEAT":
	// DAY as its number, SECTION the index in the handbook, LATE 0 or 1,
	// REPEAT 0 for the day's first prompt and n for the n-th after a
	// snooze.
	LivePrompt LiveKind = iota + 1
	// LiveNudge is the evening nudge, "study/nudge/DAY/SECTION".
	LiveNudge
	// LiveBroadcastStatus is the author's status message of a broadcast,
	// "bcs/ID", which shows the progress of its delivery.
	LiveBroadcastStatus
	// LiveMeetingStatus is the organiser's status message of a meeting,
	// "mts/ID", which shows who is coming, on leave and silent.
	LiveMeetingStatus
)

// Live is a live name read back: what a queued message shows, which the
// sender renders when the message goes out. A morning's fan-out to a large
// branch thus queues a few dozen bytes per member instead of a reading
// each, and a prompt shows the handbook as it is when it goes out.
type Live struct {
	Kind LiveKind
	// Day, Section, Late and Repeat name a study message (LivePrompt,
	// LiveNudge; Late and Repeat for a prompt only).
	Day     Day
	Section int
	Late    bool
	Repeat  int
	// Broadcast is the broadcast of a LiveBroadcastStatus, at least 1.
	Broadcast int64
	// Meeting is the meeting of a LiveMeetingStatus, at least 1.
	Meeting int64
}

// PromptLive is the live name of the study prompt of day: section is its
// index in the handbook, late marks a prompt sent after the member's time,
// and repeat counts the prompts that came again after a snooze.
func PromptLive(day Day, section int, late bool, repeat int) string {
	b := make([]byte, 0, 32)
	b = append(b, "study/prompt/"...)
	b = strconv.AppendInt(b, int64(day), 10)
	b = append(b, '/')
	b = strconv.AppendInt(b, int64(section), 10)
	if late {
		b = append(b, "/1/"...)
	} else {
		b = append(b, "/0/"...)
	}
	return string(strconv.AppendInt(b, int64(repeat), 10))
}

// NudgeLive is the live name of the evening nudge of day, about the
// section of index section.
func NudgeLive(day Day, section int) string {
	b := make([]byte, 0, 24)
	b = append(b, "study/nudge/"...)
	b = strconv.AppendInt(b, int64(day), 10)
	b = append(b, '/')
	return string(strconv.AppendInt(b, int64(section), 10))
}

// BroadcastLive is the live name of the author's status message of
// broadcast id.
func BroadcastLive(id int64) string { return "bcs/" + strconv.FormatInt(id, 10) }

// String is the live name l reads back from.
func (l Live) String() string {
	switch l.Kind {
	case LivePrompt:
		return PromptLive(l.Day, l.Section, l.Late, l.Repeat)
	case LiveNudge:
		return NudgeLive(l.Day, l.Section)
	case LiveBroadcastStatus:
		return BroadcastLive(l.Broadcast)
	case LiveMeetingStatus:
		return MeetingLive(l.Meeting)
	}
	return fmt.Sprintf("Live(kind %d)", l.Kind)
}

// ParseLive reads a live name written by PromptLive, NudgeLive,
// BroadcastLive or MeetingLive. Only the form they write is accepted (no signs before
// positive numbers, no leading zeros, nothing after), so that a name read
// back is written the same again.
func ParseLive(s string) (Live, error) {
	bad := func() (Live, error) { return Live{}, fmt.Errorf("%w: %q", ErrLiveName, s) }
	if rest, ok := strings.CutPrefix(s, "bcs/"); ok {
		id, ok := parseKeyInt(rest, 64)
		if !ok || id <= 0 {
			return bad()
		}
		return Live{Kind: LiveBroadcastStatus, Broadcast: id}, nil
	}
	if rest, ok := strings.CutPrefix(s, "mts/"); ok {
		id, ok := parseKeyInt(rest, 64)
		if !ok || id <= 0 {
			return bad()
		}
		return Live{Kind: LiveMeetingStatus, Meeting: id}, nil
	}
	var l Live
	var parts []string
	if rest, ok := strings.CutPrefix(s, "study/prompt/"); ok {
		l.Kind, parts = LivePrompt, strings.Split(rest, "/")
		if len(parts) != 4 || (parts[2] != "0" && parts[2] != "1") {
			return bad()
		}
		l.Late = parts[2] == "1"
		repeat, ok := parseKeyInt(parts[3], strconv.IntSize)
		if !ok {
			return bad()
		}
		l.Repeat = int(repeat)
	} else if rest, ok := strings.CutPrefix(s, "study/nudge/"); ok {
		l.Kind, parts = LiveNudge, strings.Split(rest, "/")
		if len(parts) != 2 {
			return bad()
		}
	} else {
		return bad()
	}
	day, ok1 := parseKeyInt(parts[0], 32)
	section, ok2 := parseKeyInt(parts[1], strconv.IntSize)
	if !ok1 || !ok2 {
		return bad()
	}
	l.Day, l.Section = Day(day), int(section)
	return l, nil
}

// parseKeyInt reads a decimal integer of bitSize bits written as
// strconv.FormatInt writes it, and nothing else.
func parseKeyInt(s string, bitSize int) (int64, bool) {
	n, err := strconv.ParseInt(s, 10, bitSize)
	return n, err == nil && strconv.FormatInt(n, 10) == s
}

// CaseOpenedKey is the outbox key of the notice to talker that case id is
// theirs: once per case and talker, so a reassignment tells the new one.
func CaseOpenedKey(id, talkerID int64) string { return fmt.Sprintf("case/%d/to%d", id, talkerID) }

// CaseReminderKey is the outbox key of the reminder of case id on day d:
// one a day, however often the scheduler looks, and however often the bot
// restarts.
func CaseReminderKey(id int64, d Day) string {
	b := make([]byte, 0, 32)
	b = append(b, "caser/"...)
	b = strconv.AppendInt(b, id, 10)
	b = append(b, '/')
	return string(d.appendText(b))
}

// ParseCaseReminderKey reads a key written by CaseReminderKey; ok is
// false for any other key.
func ParseCaseReminderKey(key string) (id int64, d Day, ok bool) {
	rest, found := strings.CutPrefix(key, "caser/")
	if !found {
		return 0, 0, false
	}
	a, b, found := strings.Cut(rest, "/")
	if !found {
		return 0, 0, false
	}
	id, ok = parseKeyInt(a, 64)
	day, err := ParseDay(b)
	if !ok || id <= 0 || err != nil || day.String() != b {
		return 0, 0, false
	}
	return id, day, true
}

// CaseDigestKey is the outbox key of the digest of overdue cases for
// secretary memberID on day d.
func CaseDigestKey(d Day, memberID int64) string {
	b := make([]byte, 0, 32)
	b = append(b, "cased/"...)
	b = d.appendText(b)
	return string(appendKeyMember(b, memberID))
}
