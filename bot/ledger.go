package bot

// /ledger [YYYY-MM|YYYY-Qn]: the branch's ledger (台账) of a period as an
// .xlsx document. Like a meeting's .ics, the file is built when the
// message goes out (the records as they are then) and uploaded; the
// outbox keeps only its live name, "ledger/PERIOD/LANG/MEMBER".

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/ledger"
	"github.com/branchbot/branchbot/store"
)

// ledgerLive is the prefix of the live name of a ledger document.
const ledgerLive = "ledger/"

// ledgerCommand handles /ledger [PERIOD]: the ledger of the month (by
// default the current one) or quarter, as far as the asker reads it.
func (r *request) ledgerCommand(args []string) error {
	today := branchbot.DayOf(r.now, r.b.opts.Location)
	p := ledger.MonthOf(today)
	if len(args) > 1 {
		return r.say("ledger.usage", p.Label)
	}
	if len(args) == 1 {
		var ok bool
		if p, ok = ledger.ParsePeriod(args[0]); !ok {
			return r.say("ledger.usage", ledger.MonthOf(today).Label)
		}
		if p.First > today {
			return r.say("ledger.future", p.Label)
		}
	}
	return r.send(&branchbot.Outgoing{
		Text:     T(r.lang, "ledger.caption", p.Label),
		Document: LedgerFileName(p.Label, r.lang),
		Live:     fmt.Sprintf("%s%s/%s/%d", ledgerLive, p.Label, r.lang, r.member.ID),
	})
}

// LedgerFileName is the name of the ledger's file of period label in
// language l: 台账-2026-12.xlsx, ledger-2026-12.xlsx.
func LedgerFileName(label string, l branchbot.Lang) string {
	return T(l, "ledger.file", label)
}

// LedgerOptions are the ledger's options for the branch a bot runs with
// (o), in language l, as viewer reads it (nil: everything), built at now.
// branchbot ledger builds the same from the configuration.
func LedgerOptions(o *Options, l branchbot.Lang, viewer *branchbot.Member, now time.Time) ledger.Options {
	lo := ledger.Options{
		Branch:   o.BranchName,
		Lang:     l,
		Location: o.Location,
		Now:      now,
		Kinds:    o.Meetings.Kinds,
		Quiz:     o.Quiz,
		QuizBank: o.QuizBank,
		Viewer:   viewer,
		AuditWords: func(action, detail string) (string, string) {
			return AuditWords(l, o.Location, action, detail)
		},
	}
	if lo.Location == nil {
		lo.Location = time.UTC
	}
	if o.Study != nil {
		lo.Streaks, lo.Handbook = o.Study.Streaks, o.Study.Handbook
	}
	return lo
}

// Ledger is the ledger of period (YYYY-MM or YYYY-Qn) in language l as
// viewer reads it (nil: everything), as the bytes of an .xlsx file: what
// /ledger sends, and what a monthly summary can attach.
func (b *Bot) Ledger(period string, l branchbot.Lang, viewer *branchbot.Member) ([]byte, error) {
	p, ok := ledger.ParsePeriod(period)
	if !ok {
		return nil, fmt.Errorf("ledger: period %q: want YYYY-MM or YYYY-Qn", period)
	}
	var data []byte
	err := b.db.View(func(tx *store.Tx) error {
		var err error
		data, err = ledger.Bytes(tx, p, LedgerOptions(&b.opts, l, viewer, b.now()))
		return err
	})
	return data, err
}

// AuditWords is an audit entry's action and detail in language l, the
// detail's times in loc, as /audit shows them: for the ledger and the
// audit export.
func AuditWords(l branchbot.Lang, loc *time.Location, action, detail string) (string, string) {
	return auditAction(l, action), auditText(l, loc, action, detail)
}

// sendLedger builds and uploads the ledger a message queued under a
// ledger live name names; done is false for any other message.
func (s *sender) sendLedger(ctx context.Context, o *branchbot.Outgoing) (id int, done bool, err error) {
	rest, ok := strings.CutPrefix(o.Live, ledgerLive)
	if !ok {
		return 0, false, nil
	}
	parts := strings.Split(rest, "/")
	if len(parts) != 3 {
		return 0, true, fmt.Errorf("%w: %q", errUnrenderable, o.Live)
	}
	mid, perr := strconv.ParseInt(parts[2], 10, 64)
	if perr != nil {
		return 0, true, fmt.Errorf("%w: %q", errUnrenderable, o.Live)
	}
	var viewer *branchbot.Member
	err = s.b.db.View(func(tx *store.Tx) error {
		viewer, err = tx.Member(mid)
		return err
	})
	if err != nil {
		return 0, true, fmt.Errorf("%w: %q: %v", errUnrenderable, o.Live, err)
	}
	data, err := s.b.Ledger(parts[0], branchbot.Lang(parts[1]), viewer)
	if err != nil {
		return 0, true, err
	}
	msg, err := s.b.api.SendDocument(ctx, &tg.SendDocumentParams{
		ChatID:   o.ChatID,
		Document: &models.InputFileUpload{Filename: o.Document, Data: bytes.NewReader(data)},
		Caption:  o.Text,
	})
	if err != nil {
		return 0, true, err
	}
	return msg.ID, true, nil
}
