package bot

import (
	"fmt"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// catchUpWithin is how far back a member who becomes reachable gets the
// notices that never reached them: a month's directives stay current for
// about a month.
const catchUpWithin = 31 * 24 * time.Hour

// catchUpScan is how many of the latest broadcasts catchUpNotices looks at.
const catchUpScan = 200

// catchUpNotices queues, oldest first, the copies of the broadcasts of the
// last catchUpWithin that never reached member m because they had not
// joined yet or could not be reached, now that they can be. Each copy is
// marked as sent late and keeps its 已阅 button; the author's status
// message follows the counts.
func (b *Bot) catchUpNotices(tx *store.Tx, m *branchbot.Member) error {
	recent, err := tx.RecentBroadcasts(catchUpScan)
	if err != nil {
		return err
	}
	since := tx.Now().Add(-catchUpWithin)
	l := langOf(m, b.opts.Language)
	n := 0
	for i := len(recent) - 1; i >= 0; i-- {
		bc := recent[i]
		if bc.State != branchbot.BroadcastSending && bc.State != branchbot.BroadcastSent || bc.SentAt.Before(since) {
			continue
		}
		reopened, err := tx.ReopenRecipient(bc.ID, m.ID)
		if err != nil {
			return err
		}
		if !reopened {
			continue
		}
		o := b.lateNotice(bc, l, m.ID)
		o.Key, o.ChatID, o.MemberID = branchbot.BroadcastKey(bc.ID, m.ID), m.ChatID(), m.ID
		if _, err := enqueue(tx, &o); err != nil {
			return err
		}
		n++
	}
	if n == 0 {
		return nil
	}
	return tx.Audit(branchbot.AuditEntry{Action: "broadcast", Detail: fmt.Sprintf("%d notice(s) queued again for #%d %s, reachable again", n, m.ID, m.Name)})
}

// lateNotice is a copy of a broadcast sent after the others, its heading
// marked as late.
func (b *Bot) lateNotice(bc *branchbot.Broadcast, l branchbot.Lang, owner int64) branchbot.Outgoing {
	o := b.notice(bc, l, owner)
	head := b.noticeHead(bc, l)
	late := T(l, "bc.head.late", head)
	o.Text = late + o.Text[len(head):]
	o.Entities = branchbot.ShiftEntities(o.Entities, branchbot.UTF16Len(late)-branchbot.UTF16Len(head))
	return o
}
