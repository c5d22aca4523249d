package bot

import (
	"fmt"
	"strconv"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// Scheduled is what a running bot gives the scheduler to tell the branch
// about the days missed by the bot (schedule.MissedReporter). The study
// messages the scheduler queues carry only their live name; the sender
// renders them when it sends them (live.go).
type Scheduled struct{ b *Bot }

// Scheduled returns the bot's MissedReporter for the scheduler.
func (b *Bot) Scheduled() *Scheduled { return &Scheduled{b: b} }

// BotMissed tells the secretaries what the scheduler recorded as missed by
// the bot while it was down, and writes it to the audit log.
func (s *Scheduled) BotMissed(tx *store.Tx, m branchbot.MissedByBot) error {
	span := m.First.String()
	if m.Last != m.First {
		span += " – " + m.Last.String()
	}
	detail := fmt.Sprintf("bot down: %d prompt(s) to %d member(s) recorded as missed by the bot (%s)", m.Days, m.Members, span)
	if err := tx.Audit(branchbot.AuditEntry{Action: "study", Detail: detail}); err != nil {
		return err
	}
	key := "study/botmissed/" + strconv.FormatInt(m.At.Unix(), 10)
	return tellSecretaries(tx, s.b.opts.Language, 0, key, "study.botmissed", m.Members, m.Days, span)
}
