package bot

// /handbook: the table of contents, and moving every member to a section
// (after the confirmation in confirm.go).

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/branchbot/branchbot"
)

// handbook handles /handbook [SECTION]: the table of contents, or moving
// every member to a section.
func (r *request) handbook(args []string) error {
	if ok, err := r.studyOn(); !ok {
		return err
	}
	hb := r.hb()
	switch len(args) {
	case 0:
		return r.send(&branchbot.Outgoing{Text: r.contents(hb)})
	case 1:
	default:
		return r.say("handbook.usage")
	}
	idx := hb.Index(args[0])
	if idx < 0 {
		// A section's number; ParseUint refuses signs, as a number of a
		// list should.
		if n, err := strconv.ParseUint(args[0], 10, 31); err == nil && n >= 1 && n <= uint64(len(hb.Sections)) {
			idx = int(n) - 1
		}
	}
	if idx < 0 {
		return r.say("handbook.notfound", args[0], len(hb.Sections))
	}
	// Everyone's next study changes: the secretary sees who is where and
	// confirms (confirm.go).
	return r.confirmHandbookMove(idx)
}

// moveEveryone moves every study plan to section idx and says so in place
// of the confirmation message msgID.
func (r *request) moveEveryone(idx, msgID int) error {
	hb := r.hb()
	moved, all := 0, 0
	err := r.tx.ForEachStudyPlan(func(p *branchbot.StudyPlan) error {
		all++
		if int(p.Section) == idx {
			return nil
		}
		moved++
		p.Section = uint16(idx)
		return r.tx.PutStudyPlan(p)
	})
	if err != nil {
		return err
	}
	sec := &hb.Sections[idx]
	if err := r.audit("handbook", fmt.Sprintf("everyone → section %d %s (%d of %d plans moved)", idx+1, sec.ID, moved, all), false); err != nil {
		return err
	}
	return r.editTo(msgID, T(r.lang, "handbook.moved", moved, idx+1, sectionTitle(r.lang, sec), all))
}

// contents lists the handbook's sections: number, id and title.
func (r *request) contents(hb *branchbot.Handbook) string {
	title := hb.Title
	if r.lang == branchbot.LangEN && hb.TitleEN != "" {
		title = hb.TitleEN
	}
	if title == "" {
		title = T(r.lang, "handbook.untitled")
	}
	var sb strings.Builder
	sb.WriteString(T(r.lang, "handbook.head", title, len(hb.Sections)))
	for i := range hb.Sections {
		s := &hb.Sections[i]
		fmt.Fprintf(&sb, "\n%d. %s · %s", i+1, s.ID, sectionTitle(r.lang, s))
	}
	sb.WriteString("\n\n" + T(r.lang, "handbook.hint"))
	return sb.String()
}
