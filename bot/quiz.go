package bot

// The quarterly quiz (考学): /quiz open draws the questions and previews
// the quiz; the secretary confirms and every member is told privately;
// /quiz takes or resumes one's attempt (quiz_attempt.go); /quiz status
// shows the progress; /quiz close or the deadline posts the scoreboard
// (quiz_close.go).

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// quizRules are the branch's quiz rules, defaults filled in.
func (b *Bot) quizRules() branchbot.QuizRules { return b.opts.Quiz.WithDefaults() }

// quizOn reports whether the branch has a question bank.
func (b *Bot) quizOn() bool { return b.opts.QuizBank != nil && len(b.opts.QuizBank.Questions) > 0 }

// bankIndexes caches each bank's questions by id: a bank is loaded once
// and never changed while the bot runs.
var bankIndexes sync.Map // *branchbot.QuestionBank → map[string]*branchbot.Question

// quizQuestions is the bank's questions by id.
func (b *Bot) quizQuestions() map[string]*branchbot.Question {
	qb := b.opts.QuizBank
	if qb == nil {
		return nil
	}
	if m, ok := bankIndexes.Load(qb); ok {
		return m.(map[string]*branchbot.Question)
	}
	m := make(map[string]*branchbot.Question, len(qb.Questions))
	for i := range qb.Questions {
		m[qb.Questions[i].ID] = &qb.Questions[i]
	}
	bankIndexes.Store(qb, m)
	return m
}

// quizQuestion is the question with the given id; one no longer in the
// bank is a placeholder with a single option that is never right, so an
// attempt can go past it.
func (b *Bot) quizQuestion(id string) *branchbot.Question {
	if q := b.quizQuestions()[id]; q != nil {
		return q
	}
	return &branchbot.Question{ID: id, Kind: branchbot.SingleChoice, Text: "—", Options: []string{"→"}}
}

// quiz handles /quiz and its subcommands.
func (r *request) quiz(args []string) error {
	if len(args) == 1 && (strings.EqualFold(args[0], "bank") || args[0] == "题库") {
		return r.quizBank() // quiz_bank.go
	}
	if !r.b.quizOn() {
		return r.say("quiz.off")
	}
	if len(args) == 0 {
		return r.takeQuiz(0)
	}
	sub := strings.ToLower(args[0])
	var run func([]string) error
	switch sub {
	case "open", "开始", "发布":
		sub, run = "open", r.quizOpen
	case "status", "进度":
		sub, run = "status", func([]string) error { return r.quizStatus() }
	case "close", "结束":
		sub, run = "close", func([]string) error { return r.quizCloseCommand() }
	default:
		return r.say("quiz.usage")
	}
	if !r.member.Is(branchbot.RoleSecretary) {
		if err := r.audit("refused", "/quiz "+sub+" needs role secretary", true); err != nil {
			return err
		}
		return r.say("refused.role", "quiz "+sub, roleName(r.lang, branchbot.RoleSecretary))
	}
	return run(args[1:])
}

// openQuiz is the quiz open now (answers taken or not), or nil.
func openQuiz(tx *store.Tx) (*branchbot.Quiz, error) {
	qs, err := tx.OpenQuizzes()
	if err != nil || len(qs) == 0 {
		return nil, err
	}
	return qs[len(qs)-1], nil
}

// quizOpen handles /quiz open [N] [until YYYY-MM-DD]: a draft and its
// preview.
func (r *request) quizOpen(args []string) error {
	rules := r.b.quizRules()
	n, last := rules.Questions, branchbot.Day(0)
	bank := len(r.b.opts.QuizBank.Questions)
	for i := 0; i < len(args); i++ {
		a := strings.ToLower(args[i])
		switch {
		case a == "until" || a == "截止" || a == "至":
			if i+1 >= len(args) {
				return r.say("quiz.usage")
			}
			d, err := branchbot.ParseDay(args[i+1])
			if err != nil {
				return r.say("quiz.baddate", args[i+1])
			}
			last, i = d, i+1
		default:
			v, err := strconv.Atoi(a)
			if err != nil || v < 1 {
				return r.say("quiz.usage")
			}
			n = v
		}
	}
	if n > bank {
		return r.say("quiz.toomany", n, bank)
	}
	deadline := branchbot.QuizDeadline(r.now, rules.Days, r.b.opts.Location)
	if last != 0 {
		if last < r.today() {
			return r.say("quiz.pastdate", last.String())
		}
		deadline = branchbot.QuizDeadlineOn(last, r.b.opts.Location)
	}
	if q, err := openQuiz(r.tx); err != nil {
		return err
	} else if q != nil {
		return r.say("quiz.already", q.ID, r.b.quizWhen(q.Deadline))
	}
	studied, err := r.studiedThisQuarter()
	if err != nil {
		return err
	}
	seed := uint64(r.now.UnixNano()) ^ uint64(r.u.ID)*0x9e3779b97f4a7c15
	q := &branchbot.Quiz{
		State: branchbot.QuizDraft, OpenedBy: r.member.ID, AuthorChat: r.chat, Deadline: deadline,
		Questions: branchbot.Draw(r.b.opts.QuizBank, n, studied, seed), Seed: seed,
		Remind: rules.Remind, Rules: rules,
	}
	if err := r.tx.CreateQuiz(q); err != nil {
		return err
	}
	if err := r.audit("quiz.draft", fmt.Sprintf("#%d: %d questions until %s", q.ID, len(q.Questions), q.Deadline.UTC().Format(time.RFC3339)), false); err != nil {
		return err
	}
	return r.send(&branchbot.Outgoing{Text: r.quizPreview(q), Keyboard: [][]branchbot.Button{{
		{Text: T(r.lang, "quiz.btn.open"), Data: quizCallback("qzgo", r.member.ID, q.ID)},
		{Text: T(r.lang, "bc.btn.cancel"), Data: quizCallback("qzno", r.member.ID, q.ID)},
	}}})
}

// studiedThisQuarter counts, per handbook section, the days members
// studied it this quarter: the weights of the draw.
func (r *request) studiedThisQuarter() (map[string]int, error) {
	s := r.b.opts.Study
	if s == nil || s.Handbook == nil {
		return nil, nil
	}
	today := r.today()
	first, _ := branchbot.PeriodOf(today, branchbot.PeriodQuarter)
	h := r.tx.Histories()
	out := map[string]int{}
	err := r.tx.ForEachMember(func(m *branchbot.Member) error {
		days, err := h.Get(m.ID, first, today)
		for _, d := range days {
			if d.Status == branchbot.DayDone && d.Section > 0 && int(d.Section) <= len(s.Handbook.Sections) {
				out[s.Handbook.Sections[d.Section-1].ID]++
			}
		}
		return err
	})
	return out, err
}

// quizCallback is the data of a quiz's button: the quiz id and, for the
// buttons of a question, ".POSITION.OPTION".
func quizCallback(action string, owner, id int64, more ...int) string {
	arg := strconv.FormatInt(id, 10)
	for _, v := range more {
		arg += "." + strconv.Itoa(v)
	}
	return branchbot.Callback{Action: action, Owner: owner, Arg: arg}.MustEncode()
}

// parseQuizArg reads what quizCallback wrote: the id and up to two
// numbers (-1 when absent).
func parseQuizArg(arg string) (id int64, pos, opt int, ok bool) {
	parts := strings.Split(arg, ".")
	pos, opt = -1, -1
	id, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil || id <= 0 || len(parts) > 3 {
		return 0, 0, 0, false
	}
	nums := []*int{&pos, &opt}
	for i, p := range parts[1:] {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 {
			return 0, 0, 0, false
		}
		*nums[i] = v
	}
	return id, pos, opt, true
}

// quizWhen is a deadline as people read it: the last day, since a quiz
// closes at the start of the next one.
func (b *Bot) quizWhen(deadline time.Time) string {
	t := deadline.In(b.opts.Location)
	if t.Hour() == 0 && t.Minute() == 0 {
		return t.Add(-time.Minute).Format("2006-01-02") + " 24:00"
	}
	return t.Format("2006-01-02 15:04")
}

// quizSections names the sections quiz q asks about, in the order first
// asked, with how many questions each.
func (b *Bot) quizSections(l branchbot.Lang, q *branchbot.Quiz) string {
	count := map[string]int{}
	var order []string
	for _, id := range q.Questions {
		s := b.quizQuestion(id).Section
		if count[s] == 0 {
			order = append(order, s)
		}
		count[s]++
	}
	parts := make([]string, len(order))
	for i, s := range order {
		parts[i] = T(l, "quiz.sec.count", b.quizSectionName(l, s), count[s])
	}
	return strings.Join(parts, T(l, "free.and"))
}

// quizSectionName is a handbook section as people know it: 第3节《…》,
// or its id when the handbook does not have it.
func (b *Bot) quizSectionName(l branchbot.Lang, id string) string {
	if s := b.opts.Study; s != nil && s.Handbook != nil {
		if i := s.Handbook.Index(id); i >= 0 {
			return T(l, "quiz.sec.name", i+1, sectionTitle(l, &s.Handbook.Sections[i]))
		}
	}
	if id == "" {
		return T(l, "quiz.sec.none")
	}
	return id
}

// quizPreview is the secretary's preview of a draft.
func (r *request) quizPreview(q *branchbot.Quiz) string {
	l := r.lang
	kinds := map[branchbot.QuestionKind]int{}
	for _, id := range q.Questions {
		kinds[r.b.quizQuestion(id).Kind]++
	}
	lines := []string{
		T(l, "quiz.pv.head", q.ID),
		T(l, "quiz.pv.count", len(q.Questions), kinds[branchbot.SingleChoice], kinds[branchbot.MultipleChoice], kinds[branchbot.TrueFalse]),
		T(l, "quiz.pv.deadline", r.b.quizWhen(q.Deadline)),
		T(l, "quiz.pv.sections", r.b.quizSections(l, q)),
		T(l, "quiz.pv.rules", q.Rules.PassMark, q.Rules.Commend, boardMode(l, q.Rules)),
	}
	return strings.Join(lines, "\n")
}

// boardMode names the scoreboard's mode.
func boardMode(l branchbot.Lang, rules branchbot.QuizRules) string {
	switch rules.Scoreboard {
	case branchbot.BoardFull:
		return T(l, "quiz.board.full")
	case branchbot.BoardDistribution:
		return T(l, "quiz.board.distribution")
	}
	return T(l, "quiz.board.top", rules.Top)
}

// quizAdminButton handles the preview's buttons: open (qzgo) and cancel
// (qzno).
func (r *request) quizAdminButton(cb branchbot.Callback, q *branchbot.Quiz, msgID int) (answer string, err error) {
	if !r.member.Is(branchbot.RoleSecretary) {
		return T(r.lang, "refused.role", "quiz open", roleName(r.lang, branchbot.RoleSecretary)),
			r.audit("refused", "quiz button without the secretary role", true)
	}
	if q.State != branchbot.QuizDraft {
		return T(r.lang, "quiz.notdraft", q.ID), nil
	}
	if cb.Action == "qzno" {
		q.State = branchbot.QuizDropped
		if err := r.tx.PutQuiz(q); err != nil {
			return "", err
		}
		if err := r.audit("quiz.drop", fmt.Sprintf("#%d", q.ID), false); err != nil {
			return "", err
		}
		return "", r.editTo(msgID, T(r.lang, "quiz.dropped", q.ID))
	}
	if other, err := openQuiz(r.tx); err != nil {
		return "", err
	} else if other != nil {
		return T(r.lang, "quiz.already", other.ID, r.b.quizWhen(other.Deadline)), nil
	}
	if err := q.Open(r.now); err != nil {
		return T(r.lang, "quiz.pastdate", r.b.quizWhen(q.Deadline)), nil
	}
	if err := r.b.announceQuiz(r.tx, q); err != nil {
		return "", err
	}
	if err := r.audit("quiz.open", fmt.Sprintf("#%d: %d questions, %d told", q.ID, len(q.Questions), q.Notified), false); err != nil {
		return "", err
	}
	return "", r.editTo(msgID, r.quizPreview(q)+"\n\n"+T(r.lang, "quiz.opened", q.Notified))
}

// announceQuiz writes an opened quiz and tells every member who can be
// reached, privately, with a button to start.
func (b *Bot) announceQuiz(tx *store.Tx, q *branchbot.Quiz) error {
	q.Notified = 0
	err := tx.ForEachMember(func(m *branchbot.Member) error {
		if !m.Bound() || m.Unreachable {
			return nil
		}
		ok, err := enqueue(tx, b.quizNotice(q, m))
		if ok {
			q.Notified++
		}
		return err
	})
	if err != nil {
		return err
	}
	return tx.PutQuiz(q)
}

// quizNotice is member m's private notice of open quiz q, with a button
// to start; a member who joins while it is open gets it too
// (quiz_catchup.go).
func (b *Bot) quizNotice(q *branchbot.Quiz, m *branchbot.Member) *branchbot.Outgoing {
	l := langOf(m, b.opts.Language)
	return &branchbot.Outgoing{
		Key: branchbot.QuizNoticeKey(q.ID, m.ID), ChatID: m.ChatID(), MemberID: m.ID,
		Text:     T(l, "quiz.notice", b.opts.BranchName, q.ID, len(q.Questions), b.quizWhen(q.Deadline), q.Rules.PassMark),
		Keyboard: [][]branchbot.Button{{{Text: T(l, "quiz.btn.start"), Data: quizCallback("qzst", m.ID, q.ID)}}},
	}
}
