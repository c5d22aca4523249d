package bot

import (
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// SetRetryBase sets the first pause between attempts of a start-up call
// (a second otherwise), so tests of a Bot API that is down run quickly.
// Call it before Run.
func SetRetryBase(b *Bot, d time.Duration) { b.retryBase = d }

// Enqueue is the bot's enqueue, which cuts a message to Telegram's limit
// before the outbox stores it.
var Enqueue = enqueue

// ConfirmMeeting confirms draft mt at now and queues its notices and the
// organiser's status message in tx, as the 确认 button does.
func ConfirmMeeting(b *Bot, tx *store.Tx, mt *branchbot.Meeting, now time.Time) error {
	if err := mt.Confirm(now); err != nil {
		return err
	}
	mt.AuthorChat, mt.StatusMsg = 1001, 1
	return b.announceMeeting(tx, mt)
}

// QueueMeetingStatus queues an edit of meeting mt's status message, as an
// answer does.
func QueueMeetingStatus(b *Bot, tx *store.Tx, mt *branchbot.Meeting) error {
	return b.queueMeetingStatus(tx, mt)
}
