package bot

import "time"

// SetRetryBase sets the first pause between attempts of a start-up call
// (a second otherwise), so tests of a Bot API that is down run quickly.
// Call it before Run.
func SetRetryBase(b *Bot, d time.Duration) { b.retryBase = d }

// Enqueue is the bot's enqueue, which cuts a message to Telegram's limit
// before the outbox stores it.
var Enqueue = enqueue
