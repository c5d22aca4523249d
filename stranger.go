package branchbot

import "time"

// What one stranger (a Telegram user who is not a member of the branch)
// can make the bot do. Anyone can find the bot and write to it as often as
// they like; without bounds every message would cost an answer and an
// audit entry. The bounds hold per stranger for StrangerWindow from their
// first message in it.
const (
	// StrangerWindow is the period the bounds hold for.
	StrangerWindow = 24 * time.Hour
	// StrangerAnswers is how many answers a stranger gets in a window
	// (a refused invite code is answered each time up to it); the
	// "ask the secretary for a link" answer is given only as the first.
	StrangerAnswers = 3
	// StrangerAuditEntries is how many entries a stranger adds to the
	// audit log in a window; the attempts past it are counted, and the
	// count goes into one more entry when the window ends.
	StrangerAuditEntries = 3
)
