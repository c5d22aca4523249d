package bot

import (
	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// catchUpMeetings queues, for a member who has just become reachable
// (joined, or wrote again after blocking the bot), the notice of each
// meeting still to come that invites them and never reached them. The
// notice's key is the one the confirmation used, so a member who got it
// before gets nothing again; the organiser's status counts them.
func (b *Bot) catchUpMeetings(tx *store.Tx, m *branchbot.Member) error {
	ms, err := tx.UpcomingMeetings()
	if err != nil {
		return err
	}
	now, l := tx.Now(), langOf(m, b.opts.Language)
	for _, mt := range ms {
		if !mt.Upcoming(now) || !now.Before(mt.Start) || !mt.Invites(m) {
			continue
		}
		o := b.meetingNotice(mt, l, m.ID, nil)
		o.Key, o.ChatID, o.MemberID = branchbot.MeetingNoticeKey(mt.ID, mt.Version, m.ID), m.ChatID(), m.ID
		queued, err := enqueue(tx, &o)
		if err != nil {
			return err
		}
		if !queued {
			continue
		}
		mt.Invited++
		if err := tx.PutMeeting(mt); err != nil {
			return err
		}
		if err := b.queueMeetingStatus(tx, mt); err != nil {
			return err
		}
	}
	return nil
}
