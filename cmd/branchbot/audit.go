package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/bot"
	"github.com/branchbot/branchbot/config"
	"github.com/branchbot/branchbot/ledger"
	"github.com/branchbot/branchbot/store"
)

// writeAuditCSV writes the whole audit log in tx as CSV to w, oldest entry
// first, in language l, and returns how many entries it wrote. Times are
// in loc (RFC 3339, with the offset); actions and details read as /audit
// shows them; the name is the member's name now, empty for the system and
// strangers.
func writeAuditCSV(w io.Writer, tx *store.Tx, l branchbot.Lang, loc *time.Location) (int, error) {
	cw := csv.NewWriter(w)
	header := make([]string, len(ledger.AuditColumns))
	for i, k := range ledger.AuditColumns {
		header[i] = ledger.Heading(l, k)
	}
	if err := cw.Write(header); err != nil {
		return 0, err
	}
	words := func(action, detail string) (string, string) { return bot.AuditWords(l, loc, action, detail) }
	names := map[int64]string{}
	n := 0
	err := tx.ForEachAudit(func(e branchbot.AuditEntry) error {
		name, ok := names[e.ActorID]
		if !ok && e.ActorID != 0 {
			if m, err := tx.Member(e.ActorID); err == nil {
				name = m.Name
			}
			names[e.ActorID] = name
		}
		n++
		return cw.Write(ledger.AuditRow(l, e, name, words, time.RFC3339, loc))
	})
	if err != nil {
		return 0, err
	}
	cw.Flush()
	return n, cw.Error()
}

// exportAudit writes the audit log of db to path as CSV in language lang
// (zh or en; empty: zh) and the branch's zone, the way store.DB.WriteFile
// writes files: whole or not at all.
func exportAudit(db *store.DB, cfg *config.Config, path, lang string) (int, error) {
	l, ok := branchbot.ParseLang(lang)
	if !ok {
		l = branchbot.LangZH
	}
	loc := time.UTC
	if cfg != nil {
		loc = cfg.Location()
	}
	n, err := db.WriteFile(path, func(w io.Writer, tx *store.Tx) (int64, error) {
		n, err := writeAuditCSV(w, tx, l, loc)
		return int64(n), err
	})
	if err != nil {
		return 0, fmt.Errorf("audit: %w", err)
	}
	return int(n), nil
}
