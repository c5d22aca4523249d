package bot

import (
	"errors"
	"fmt"

	"github.com/branchbot/branchbot"
)

// worstStreak is the longest streak counted when a prompt's edited form,
// "✅ 已学 · 连续 N 天", is measured: a streak of a lifetime.
const worstStreak = 99999

// CheckHandbook reports, as *branchbot.HandbookError values joined, the
// sections of hb whose study messages could be longer than Telegram takes
// in one message (branchbot.MaxMessageLen, counted in UTF-16 code units):
// the prompt as it is worst, in either language, sent again after a snooze
// and marked late, its edited form once studied with a long streak, and
// the whole reading 📖 全文 sends. The sender would split such a prompt
// into several messages; the operator had better shorten the section. It
// returns nil when every section fits.
func CheckHandbook(hb *branchbot.Handbook) error {
	if hb == nil {
		return nil
	}
	rd := NewRenderer(&branchbot.StudyRules{Handbook: hb})
	var errs []error
	for i := range hb.Sections {
		sec := &hb.Sections[i]
		n, lang := rd.worstLen(sec, i)
		if n <= branchbot.MaxMessageLen {
			continue
		}
		field := "reading"
		if len(sec.Questions) > 0 {
			field = "questions"
		}
		errs = append(errs, &branchbot.HandbookError{
			Section: i, ID: sec.ID, Field: field,
			Problem: fmt.Sprintf("the study prompt can reach %d characters (in %s, with its heading, late mark and footer), "+
				"more than the %d of one Telegram message; shorten the reading or the questions, or split the section in two",
				n, langName(lang), branchbot.MaxMessageLen),
		})
	}
	return errors.Join(errs...)
}

// worstLen is the length of the longest message the bot can send or edit
// in for section sec (index i), and its language.
func (rd *Renderer) worstLen(sec *branchbot.Section, i int) (int, branchbot.Lang) {
	worst, lang := 0, branchbot.LangZH
	for _, l := range []branchbot.Lang{branchbot.LangZH, branchbot.LangEN} {
		p := &branchbot.StudyPlan{LangEN: l == branchbot.LangEN}
		done, _ := rd.doneView(l, 0, sec, i, true, worstStreak)
		for _, text := range []string{
			rd.Prompt(p, 0, sec, i, true, 0).Text,
			done,
			rd.fullText(l, sec, i),
		} {
			if n := branchbot.UTF16Len(text); n > worst {
				worst, lang = n, l
			}
		}
	}
	return worst, lang
}

func langName(l branchbot.Lang) string {
	if l == branchbot.LangEN {
		return "English"
	}
	return "Chinese"
}
