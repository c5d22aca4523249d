package telegramtest

import (
	"context"
	"fmt"
)

// WaitMessage blocks until a message of chat chatID matches: one already
// there or a future one, edits included (match sees messages as Messages
// returns them). When ctx ends first, the error names the chat and shows
// what it holds.
func (s *Server) WaitMessage(ctx context.Context, chatID int64, match func(Message) bool) (Message, error) {
	for {
		s.mu.Lock()
		msgs := s.messagesLocked(chatID)
		wake := s.chatLocked(chatID).changed.wait()
		s.mu.Unlock()
		for _, m := range msgs {
			if match(m) {
				return m, nil
			}
		}
		var err error
		select {
		case <-wake:
			continue
		case <-ctx.Done():
			err = ctx.Err()
		case <-s.done:
			err = errServerClosed{}
		}
		return Message{}, fmt.Errorf("telegramtest: WaitMessage: no matching message in chat %d (%w); the chat holds:\n%s",
			chatID, err, s.Transcript(chatID))
	}
}
