package bot

import (
	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// catchUpQuiz queues, for a member who has just become reachable (joined,
// or wrote again after blocking the bot), the notice of the quiz open now
// if it never reached them and they have not started it. The notice's key
// is the one the opening used, so a member told before gets nothing
// again, and one whose notice failed (the sender frees the key) gets it
// now. The quiz's Notified stays the count of those told when it opened.
func (b *Bot) catchUpQuiz(tx *store.Tx, m *branchbot.Member) error {
	if !b.quizOn() || !m.Bound() || m.Unreachable {
		return nil
	}
	q, err := openQuiz(tx)
	if err != nil || q == nil || !q.Takes(tx.Now()) {
		return err
	}
	if _, started, err := tx.QuizAttempt(q.ID, m.ID); err != nil || started {
		return err
	}
	_, err = enqueue(tx, b.quizNotice(q, m))
	return err
}
