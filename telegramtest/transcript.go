package telegramtest

import (
	"strconv"
	"strings"
)

// Transcript renders the chat as it is now for demo output and golden
// tests, one message after another:
//
//	user 42: /start
//	bot: Pick a branch
//	  [main] [dev]
//	user 42 (reply to #2): thanks
//	bot (edited): Picked main
//
// Further lines of a text are indented by two spaces, as are keyboard rows;
// a document shows as "[document NAME]" and a photo as "[photo]" before the
// caption; URL buttons show as [text](url).
func (s *Server) Transcript(chatID int64) string {
	var b strings.Builder
	for _, m := range s.Messages(chatID) {
		if m.FromBot {
			b.WriteString("bot")
		} else {
			b.WriteString("user ")
			b.WriteString(strconv.FormatInt(m.From, 10))
		}
		if m.ReplyTo != 0 {
			b.WriteString(" (reply to #" + strconv.Itoa(m.ReplyTo) + ")")
		}
		if m.Edited {
			b.WriteString(" (edited)")
		}
		b.WriteString(":")
		body := m.Text
		switch {
		case m.Document != "":
			body = strings.TrimSpace("[document " + m.Document + "] " + m.Caption)
		case m.Photo:
			body = strings.TrimSpace("[photo] " + m.Caption)
		}
		for i, line := range strings.Split(body, "\n") {
			if i == 0 {
				if line != "" {
					b.WriteString(" " + line)
				}
			} else {
				b.WriteString("\n  " + line)
			}
		}
		b.WriteString("\n")
		for _, row := range m.Keyboard {
			b.WriteString(" ")
			for _, btn := range row {
				b.WriteString(" [" + btn.Text + "]")
				if btn.URL != "" {
					b.WriteString("(" + btn.URL + ")")
				}
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}
