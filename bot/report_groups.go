package bot

// The rows of /report study: by party group, each with its subtotal, and
// names in the order of their pinyin.

import (
	"fmt"
	"sort"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// sortReport orders the rows by group, then by name, both as a Chinese
// reader looks them up (by pinyin: 丙 bǐng before 甲 jiǎ); members of no
// group come last.
func sortReport(lines []reportLine) {
	c := collate.New(language.Chinese)
	sort.SliceStable(lines, func(i, j int) bool {
		a, b := lines[i], lines[j]
		if a.group != b.group {
			if a.group == "" || b.group == "" {
				return b.group == ""
			}
			return c.CompareString(a.group, b.group) < 0
		}
		if d := c.CompareString(a.sortName, b.sortName); d != 0 {
			return d < 0
		}
		return a.id < b.id
	})
}

// reportSums adds up rows: member-days done and due, the members with days
// due and none done, and the member-days missed by the bot.
func reportSums(lines []reportLine) (done, due, idle, botMissed int) {
	for _, ln := range lines {
		done += ln.done
		due += ln.due
		botMissed += ln.botMissed
		if ln.done == 0 && ln.due > 0 {
			idle++ // not someone with no day due yet
		}
	}
	return done, due, idle, botMissed
}

// shareOf is done of due as a percentage, "—" when nothing was due.
func shareOf(done, due int) string {
	if due == 0 {
		return "—"
	}
	return fmt.Sprintf("%d%%", done*100/due)
}

// reportGroups writes the rows, sorted by sortReport, under a subtotal
// line per group; a report of one group alone needs none.
func (r *request) reportGroups(sb *strings.Builder, lines []reportLine) {
	l := r.lang
	multi := len(lines) > 0 && lines[0].group != lines[len(lines)-1].group
	for i := 0; i < len(lines); {
		j := i
		for j < len(lines) && lines[j].group == lines[i].group {
			j++
		}
		sb.WriteString("\n")
		if multi {
			name := lines[i].group
			if name == "" {
				name = T(l, "members.nogroup")
			}
			done, due, idle, _ := reportSums(lines[i:j])
			sb.WriteString("\n" + T(l, "report.subtotal", name, j-i, done, due, shareOf(done, due), idle))
		}
		for _, ln := range lines[i:j] {
			lastDone := T(l, "report.never")
			if ln.lastDone != 0 {
				lastDone = T(l, "report.last", ln.lastDone.String())
			}
			sb.WriteString("\n" + T(l, "report.line", ln.name, ln.done, ln.due, ln.streak, lastDone))
		}
		i = j
	}
}
