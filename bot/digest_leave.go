package bot

// The weekly digest's leave from meetings: who asked for leave from which
// meeting and why, with the organiser's word when the branch asks for
// approval; leave still awaiting it first, as it waits for the reader.

import (
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// digestMeetingLeaves lists the leave from the meetings the reader sees
// that was asked for in the week, or still awaits approval
// (branchbot.RSVP.InDigest).
func (b *Bot) digestMeetingLeaves(tx *store.Tx, to *branchbot.Member, first, last branchbot.Day, now time.Time) ([]string, error) {
	loc := b.opts.Location
	from := branchbot.LeaveDigestFrom(first, now, loc)
	var ls []branchbot.MeetingLeave
	err := tx.ForEachMeeting(func(mt *branchbot.Meeting) error {
		if mt.State != branchbot.MeetingScheduled || mt.Start.Before(from) || !to.SeesMeeting(mt) {
			return nil
		}
		rs, err := tx.RSVPs(mt.ID)
		if err != nil {
			return err
		}
		for _, r := range rs {
			if !r.InDigest(mt, first, last, now, loc) {
				continue
			}
			m, err := tx.Member(r.MemberID)
			if err != nil || !to.Sees(m) {
				continue // a member since removed
			}
			ls = append(ls, branchbot.MeetingLeave{Meeting: mt, Member: m, RSVP: r})
		}
		return nil
	})
	if err != nil || len(ls) == 0 {
		return nil, err
	}
	branchbot.SortMeetingLeaves(ls)
	l := langOf(to, b.opts.Language)
	kinds := b.meetingKinds()
	pending := 0
	lines := []string{""}
	for _, lv := range ls {
		word := ""
		if lv.RSVP.Approval != branchbot.ApprovalNone {
			word = T(l, "mt.approval."+string(lv.RSVP.Approval))
		}
		if lv.RSVP.Approval == branchbot.ApprovalPending {
			pending++
		}
		mt := lv.Meeting
		lines = append(lines, T(l, "digest.leave.mt", lv.Member.Name, mt.ID, mt.Start.In(loc).Format("01-02 15:04"),
			kinds.Get(mt.Kind).Name(l), mt.Title, reasonText(l, lv.RSVP), word))
	}
	lines[0] = T(l, "digest.mtleaves", len(ls))
	if pending > 0 {
		lines[0] += T(l, "digest.mtpending", pending)
	}
	return lines, nil
}
