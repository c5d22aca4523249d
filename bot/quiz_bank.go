package bot

// /quiz bank: how many questions the question bank has, per handbook
// section and per kind, for the secretary who plans a quiz.

import (
	"strings"

	"github.com/branchbot/branchbot"
)

// kindCounts counts a set of questions by kind.
type kindCounts struct {
	single, multiple, trueFalse int
}

func (k *kindCounts) add(q *branchbot.Question) {
	switch q.Kind {
	case branchbot.SingleChoice:
		k.single++
	case branchbot.MultipleChoice:
		k.multiple++
	case branchbot.TrueFalse:
		k.trueFalse++
	}
}

func (k kindCounts) total() int { return k.single + k.multiple + k.trueFalse }

func (k kindCounts) in(l branchbot.Lang) string {
	return T(l, "quizbank.kinds", k.single, k.multiple, k.trueFalse)
}

// quizBank handles /quiz bank (secretary): the bank's size, then for each
// handbook section in order how many questions it has of each kind, and
// the sections with none.
func (r *request) quizBank() error {
	if r.member.Role != branchbot.RoleSecretary {
		if err := r.audit("refused", "/quiz bank needs role secretary", true); err != nil {
			return err
		}
		return r.say("refused.role", "quiz bank", roleName(r.lang, branchbot.RoleSecretary))
	}
	qb := r.b.opts.QuizBank
	if qb == nil || len(qb.Questions) == 0 {
		return r.say("quizbank.off")
	}
	var all kindCounts
	bySection := map[string]*kindCounts{}
	var order []string // sections in the bank's order, for those not in the handbook
	for i := range qb.Questions {
		q := &qb.Questions[i]
		all.add(q)
		c := bySection[q.Section]
		if c == nil {
			c = &kindCounts{}
			bySection[q.Section] = c
			order = append(order, q.Section)
		}
		c.add(q)
	}
	var sb strings.Builder
	sb.WriteString(T(r.lang, "quizbank.head", len(qb.Questions), len(bySection)))
	sb.WriteString("\n" + all.in(r.lang) + "\n")
	listed := map[string]bool{}
	var empty []string
	if r.b.opts.Study != nil && r.b.opts.Study.Handbook != nil {
		for i := range r.b.opts.Study.Handbook.Sections {
			sec := &r.b.opts.Study.Handbook.Sections[i]
			listed[sec.ID] = true
			c := bySection[sec.ID]
			if c == nil {
				empty = append(empty, sectionTitle(r.lang, sec))
				continue
			}
			sb.WriteString("\n" + T(r.lang, "quizbank.section", i+1, sectionTitle(r.lang, sec), c.total(), c.in(r.lang)))
		}
	}
	// Without the handbook (daily study off), by section id.
	for _, id := range order {
		if !listed[id] {
			c := bySection[id]
			sb.WriteString("\n" + T(r.lang, "quizbank.other", id, c.total(), c.in(r.lang)))
		}
	}
	if len(empty) > 0 {
		sb.WriteString("\n\n" + T(r.lang, "quizbank.empty", len(empty), strings.Join(empty, T(r.lang, "quizbank.sep"))))
	}
	sb.WriteString("\n\n" + T(r.lang, "quizbank.hint"))
	return r.send(&branchbot.Outgoing{Text: sb.String()})
}
