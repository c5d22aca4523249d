package bot

// The words of /ledger.

var ledgerTexts = map[string][2]string{
	"ledger.usage": {
		"用法：/ledger [月份|季度]，例：/ledger %s 或 /ledger 2026-Q4",
		"Usage: /ledger [YYYY-MM|YYYY-Qn], e.g. /ledger %s or /ledger 2026-Q4",
	},
	"ledger.future":  {"%s 还没开始，没有台账。", "%s has not begun, so there is no ledger yet."},
	"ledger.caption": {"📒 支部台账 · %s", "📒 Branch ledger · %s"},
	"ledger.file":    {"台账-%s.xlsx", "ledger-%s.xlsx"},
}
