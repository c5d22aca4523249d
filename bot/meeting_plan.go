package bot

// The scheduler's side of the branch's rhythm: meetings created from the
// recurring specs are announced as if their organiser had confirmed them,
// and the organiser hears of a required meeting not yet held.

import (
	"fmt"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// AnnounceMeeting queues the notices of a meeting the scheduler created
// and confirmed, and tells its organiser, who can move or cancel it as
// any other (/meeting move, /meeting cancel), and who then gets its
// status message, kept up to date as for a meeting confirmed by hand.
func (b *Bot) AnnounceMeeting(tx *store.Tx, mt *branchbot.Meeting) error {
	if err := b.announceMeeting(tx, mt); err != nil {
		return err
	}
	org, err := tx.Member(mt.CreatedBy)
	if err != nil {
		return err
	}
	l := langOf(org, b.opts.Language)
	err = tellMember(tx, b.opts.Language, org, fmt.Sprintf("mtauto/%d", mt.ID), "mt.auto",
		mt.ID, b.meetingCard(mt, l), mt.Invited, mt.ID, mt.ID)
	if err != nil {
		return err
	}
	mt.StatusKey = branchbot.MeetingStatusKey(mt.ID)
	return b.queueMeetingStatus(tx, mt)
}

// CadenceWarning tells member to that no meeting of kind was held or
// scheduled in period, which ends at end.
func (b *Bot) CadenceWarning(tx *store.Tx, to *branchbot.Member, kind branchbot.MeetingKind, group, period string, end time.Time, key string) error {
	l := langOf(to, b.opts.Language)
	name := b.meetingKinds().Get(kind).Name(l)
	if group != "" {
		name = group + " " + name
	}
	last := end.Add(-time.Second).In(b.opts.Location).Format("2006-01-02")
	return tellMember(tx, b.opts.Language, to, fmt.Sprintf("%s/to%d", "mtcad/"+key, to.ID), "mt.cadence", period, name, last)
}
