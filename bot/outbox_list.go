package bot

// /outbox: how many messages wait, which failed, why, and what to do.

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/branchbot/branchbot"
)

// outbox handles /outbox.
func (r *request) outbox(_ []string) error {
	queued, failed := r.tx.OutboxStats()
	var sb strings.Builder
	sb.WriteString(T(r.lang, "outbox.stats", queued, failed))
	recent, err := r.tx.FailedOutgoing(10)
	if err != nil {
		return err
	}
	if len(recent) > 0 {
		sb.WriteString("\n\n" + T(r.lang, "outbox.failed"))
	}
	// Each line says why in a few words; what to do follows once per
	// kind of failure.
	var advice []string
	for _, o := range recent {
		who := strconv.FormatInt(o.ChatID, 10)
		if m, err := r.tx.Member(o.MemberID); err == nil {
			who = m.Name
		}
		fmt.Fprintf(&sb, "\n%s · %s · %s", o.FailedAt.In(r.b.opts.Location).Format("01-02 15:04"), who, failureLabel(r.lang, o.LastError))
		advice = append(advice, "• "+sentence(failureAdvice(r.lang, o.LastError)))
	}
	if len(advice) > 0 {
		sb.WriteString("\n\n" + T(r.lang, "outbox.what") + "\n" + strings.Join(dedup(advice), "\n"))
	}
	return r.send(&branchbot.Outgoing{Text: sb.String()})
}

// dedup drops repeated lines, keeping the first of each.
func dedup(lines []string) []string {
	seen := map[string]bool{}
	out := lines[:0]
	for _, s := range lines {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// sentence starts s with a capital letter, as a sentence of its own.
func sentence(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
