package branchbot

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// The life of a case:
//
//	draft ─ confirm ─→ open ─┬─ talk logged ─→ done
//	  │                      ├─ reassign ─→ open (another talker)
//	  └─ drop ─→ cancelled ←─┴─ cancel (secretary, with a reason)

// ErrCaseClosed means a case was asked to change in a way only an open
// case (or, to confirm or drop, a draft) can: it is done or cancelled, or
// not yet confirmed.
var ErrCaseClosed = errors.New("case is not open")

// ErrCaseNoReason means a reassignment or cancellation came without a
// reason.
var ErrCaseNoReason = errors.New("a reason is required")

// ErrBadTalkDay means a talk was dated in the future or before the case
// was opened.
var ErrBadTalkDay = errors.New("talk date out of range")

// MaxCaseText bounds a note, summary or reason, in characters.
const MaxCaseText = 500

func (c *Case) need(s CaseState, what string) error {
	if c.State != s {
		return fmt.Errorf("%s case %d: it is %s: %w", what, c.ID, c.State, ErrCaseClosed)
	}
	return nil
}

// Confirm opens a draft.
func (c *Case) Confirm() error {
	if err := c.need(CaseDraft, "confirm"); err != nil {
		return err
	}
	c.State = CaseOpen
	return nil
}

// Drop cancels a draft that was not confirmed.
func (c *Case) Drop(now time.Time) error {
	if err := c.need(CaseDraft, "drop"); err != nil {
		return err
	}
	c.State, c.ClosedAt = CaseCancelled, now
	return nil
}

// LogTalk records the talk held on day (in mode, summed up in summary) by
// member by, and closes the case. The day may be neither after today nor
// before the day the case was opened (opened, in the branch's days).
func (c *Case) LogTalk(by int64, day, opened, today Day, mode TalkMode, summary string, now time.Time) error {
	if err := c.need(CaseOpen, "log talk of"); err != nil {
		return err
	}
	if day > today || day < opened {
		return fmt.Errorf("log talk of case %d on %s: %w", c.ID, day, ErrBadTalkDay)
	}
	c.State, c.ClosedAt = CaseDone, now
	c.Log = append(c.Log, CaseLog{Kind: LogTalk, At: now, By: by, Day: day, Mode: mode, Text: clip(summary)})
	return nil
}

// Reassign gives an open case to another talker, for a reason, on behalf
// of member by. The talker is reminded afresh.
func (c *Case) Reassign(by, to int64, reason string, now time.Time) error {
	if err := c.need(CaseOpen, "reassign"); err != nil {
		return err
	}
	if strings.TrimSpace(reason) == "" {
		return fmt.Errorf("reassign case %d: %w", c.ID, ErrCaseNoReason)
	}
	c.Log = append(c.Log, CaseLog{Kind: LogReassign, At: now, By: by, From: c.Assignee, To: to, Text: clip(reason)})
	c.Assignee, c.RemindedOn = to, 0
	return nil
}

// Cancel closes an open case without a talk, for a reason, on behalf of
// member by.
func (c *Case) Cancel(by int64, reason string, now time.Time) error {
	if err := c.need(CaseOpen, "cancel"); err != nil {
		return err
	}
	if strings.TrimSpace(reason) == "" {
		return fmt.Errorf("cancel case %d: %w", c.ID, ErrCaseNoReason)
	}
	c.State, c.ClosedAt = CaseCancelled, now
	c.Log = append(c.Log, CaseLog{Kind: LogCancel, At: now, By: by, Text: clip(reason)})
	return nil
}

// Talk is the log entry of the talk of a done case, if there is one.
func (c *Case) Talk() (CaseLog, bool) {
	for i := len(c.Log) - 1; i >= 0; i-- {
		if c.Log[i].Kind == LogTalk {
			return c.Log[i], true
		}
	}
	return CaseLog{}, false
}

// clip cuts s to MaxCaseText characters.
func clip(s string) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= MaxCaseText {
		return s
	}
	return string([]rune(s)[:MaxCaseText])
}
