package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// auditHeader is the first row of `branchbot audit` output.
var auditHeader = []string{"seq", "time", "actor_tg", "actor_id", "actor_name", "action", "detail", "refused"}

// writeAuditCSV writes the whole audit log in tx as CSV to w, oldest entry
// first, and returns how many entries it wrote. Times are UTC (RFC 3339);
// actor_name is the member's name now, empty for the system and strangers.
func writeAuditCSV(w io.Writer, tx *store.Tx) (int, error) {
	cw := csv.NewWriter(w)
	if err := cw.Write(auditHeader); err != nil {
		return 0, err
	}
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
		return cw.Write([]string{
			strconv.FormatUint(e.Seq, 10),
			e.Time.UTC().Format(time.RFC3339),
			strconv.FormatInt(e.ActorTG, 10),
			strconv.FormatInt(e.ActorID, 10),
			name,
			e.Action,
			e.Detail,
			strconv.FormatBool(e.Refused),
		})
	})
	if err != nil {
		return 0, err
	}
	cw.Flush()
	return n, cw.Error()
}

// exportAudit writes the audit log of db to path as CSV, the way
// store.DB.WriteFile writes files: whole or not at all.
func exportAudit(db *store.DB, path string) (int, error) {
	n, err := db.WriteFile(path, func(w io.Writer, tx *store.Tx) (int64, error) {
		n, err := writeAuditCSV(w, tx)
		return int64(n), err
	})
	if err != nil {
		return 0, fmt.Errorf("audit: %w", err)
	}
	return int(n), nil
}
