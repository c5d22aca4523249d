package main

// The ledger export (`branchbot ledger -period 2026-12 -o FILE.xlsx`, an
// export like `audit`): the branch's ledger of a month or quarter as the
// secretaries read it, through the running bot's admin socket or
// read-only from the file.

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/bot"
	"github.com/branchbot/branchbot/config"
	"github.com/branchbot/branchbot/ledger"
	"github.com/branchbot/branchbot/store"
)

var ledgerExport = export{
	name: "ledger", usage: ".xlsx file to write the ledger to (required)", unit: "sheets",
	params: []exportParam{
		{"period", "", "month or quarter: YYYY-MM or YYYY-Qn (default: this month)"},
		{"lang", "", "language of the headings: zh or en (default: branch.language)"},
	},
	check: func(opts url.Values) error {
		if p := opts.Get("period"); p != "" {
			if _, ok := ledger.ParsePeriod(p); !ok {
				return fmt.Errorf("-period %q: want YYYY-MM or YYYY-Qn", p)
			}
		}
		if l := opts.Get("lang"); l != "" {
			if _, ok := branchbot.ParseLang(l); !ok {
				return fmt.Errorf("-lang %q: want zh or en", l)
			}
		}
		return nil
	},
	writeWith: func(db *store.DB, cfg *config.Config, target string, opts url.Values) (int64, error) {
		return exportLedger(db, cfg, target, opts.Get("period"), opts.Get("lang"), time.Now())
	},
}

// exportLedger writes the ledger of period (empty: the month of now) in
// language lang (empty: the branch's) to path, whole or not at all, and
// returns how many sheets it has.
func exportLedger(db *store.DB, cfg *config.Config, path, period, lang string, now time.Time) (int64, error) {
	if cfg == nil {
		return 0, errors.New("ledger: no configuration")
	}
	o := botOptions(cfg, "", db, slog.New(slog.DiscardHandler))
	p := ledger.MonthOf(branchbot.DayOf(now, o.Location))
	if period != "" {
		var ok bool
		if p, ok = ledger.ParsePeriod(period); !ok {
			return 0, fmt.Errorf("ledger: period %q: want YYYY-MM or YYYY-Qn", period)
		}
	}
	l := o.Language
	if lang != "" {
		l, _ = branchbot.ParseLang(lang)
	}
	if l == "" {
		l = branchbot.LangZH
	}
	lo := bot.LedgerOptions(&o, l, nil, now)
	n, err := db.WriteFile(path, func(w io.Writer, tx *store.Tx) (int64, error) {
		f, err := ledger.Build(tx, p, lo)
		if err != nil {
			return 0, err
		}
		defer f.Close()
		if _, err := f.WriteTo(w); err != nil {
			return 0, err
		}
		return int64(len(f.GetSheetList())), nil
	})
	if err != nil {
		return 0, fmt.Errorf("ledger: %w", err)
	}
	return n, nil
}
