package branchbot

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Limits on a handbook, in characters (runes), checked by Handbook.Validate.
const (
	MaxSectionIDLen    = 32
	MaxSectionTitleLen = 64
	MaxPageLen         = 64
	MaxReadingLen      = 3000
	MaxQuestionLen     = 200
	MinStudyMinutes    = 1
	MaxStudyMinutes    = 120
)

// DefaultStudyMinutes is how long a section takes when it does not say: the
// daily "golden quarter hour" (黄金一刻).
const DefaultStudyMinutes = 15

// LongReading is the length, in characters, past which a reading no longer
// fits a study prompt comfortably: the prompt then shows an excerpt of it and
// a 📖 全文 button that sends the whole text.
const LongReading = 700

// ErrInvalidHandbook is what every problem found by Handbook.Validate wraps,
// so callers can tell a bad handbook from a failure to read one.
var ErrInvalidHandbook = errors.New("invalid handbook")

// Section is one study unit of the branch's handbook: what a member reads on
// one day.
type Section struct {
	// ID names the section in callback data and in study records, so it
	// must stay short and must not change once members have studied it:
	// 1 to 32 of a-z, 0-9 and '-', unique in the handbook.
	ID string `yaml:"id" json:"id"`
	// Title is the Chinese title, required, at most 64 characters.
	Title string `yaml:"title" json:"title"`
	// TitleEN is the English title shown to members who read English.
	TitleEN string `yaml:"title_en" json:"title_en,omitempty"`
	// Reading is the text to study, at most 3000 characters.
	Reading string `yaml:"reading" json:"reading,omitempty"`
	// Page points into the printed handbook, e.g. "第12–15页", for branches
	// that study from paper. A section needs a Reading or a Page.
	Page string `yaml:"page" json:"page,omitempty"`
	// Questions are reflection questions, each at most 200 characters.
	Questions []string `yaml:"questions" json:"questions,omitempty"`
	// Minutes is how long the section takes, 1 to 120; zero means
	// DefaultStudyMinutes.
	Minutes int `yaml:"minutes" json:"minutes,omitempty"`
}

// Handbook is what a branch studies, section after section, going round
// again after the last one.
type Handbook struct {
	Title    string    `yaml:"title" json:"title"`
	TitleEN  string    `yaml:"title_en" json:"title_en,omitempty"`
	Sections []Section `yaml:"sections" json:"sections"`
}

// HandbookError is one problem Handbook.Validate found. Its message names
// the section by index and id and the field by its YAML name, so an operator
// can find it in the file:
//
//	sections[3] (id "discipline"): reading: 3120 characters, at most 3000
type HandbookError struct {
	Section int    // index into Sections, or -1 for the handbook as a whole
	ID      string // the section's id, if it has one
	Field   string // YAML name of the field, e.g. "reading" or "questions[1]"
	Problem string // what is wrong, e.g. "required"
}

// Error formats the problem as described on HandbookError.
func (e *HandbookError) Error() string {
	return itemProblem("sections", e.Section, e.ID, e.Field, e.Problem)
}

// itemProblem words a problem with item i (-1 for the file as a whole)
// of a file's list, by index, id and field, as HandbookError and
// QuizBankError show it: `sections[3] (id "x"): reading: too long`.
func itemProblem(list string, i int, id, field, problem string) string {
	var b strings.Builder
	if i >= 0 {
		fmt.Fprintf(&b, "%s[%d]", list, i)
		if id != "" {
			fmt.Fprintf(&b, " (id %q)", id)
		}
		b.WriteString(": ")
	}
	if field != "" {
		b.WriteString(field)
		b.WriteString(": ")
	}
	b.WriteString(problem)
	return b.String()
}

// Unwrap returns ErrInvalidHandbook.
func (e *HandbookError) Unwrap() error { return ErrInvalidHandbook }

// Validate checks the whole handbook and reports every problem at once, as
// an errors.Join of *HandbookError values, so an operator fixes the file in
// one pass. It returns nil for a valid handbook.
func (h *Handbook) Validate() error {
	var errs []error
	add := func(i int, id, field, format string, args ...any) {
		errs = append(errs, &HandbookError{Section: i, ID: id, Field: field, Problem: fmt.Sprintf(format, args...)})
	}
	if n := utf8.RuneCountInString(h.Title); n > MaxSectionTitleLen {
		add(-1, "", "title", "%d characters, at most %d", n, MaxSectionTitleLen)
	}
	if n := utf8.RuneCountInString(h.TitleEN); n > MaxSectionTitleLen {
		add(-1, "", "title_en", "%d characters, at most %d", n, MaxSectionTitleLen)
	}
	if len(h.Sections) == 0 {
		add(-1, "", "sections", "none; a handbook needs at least one section")
	}
	seen := make(map[string]int, len(h.Sections))
	for i, s := range h.Sections {
		id := s.ID
		switch {
		case id == "":
			add(i, "", "id", "required")
		case !validSectionID(id):
			add(i, id, "id", "must be 1 to %d of a-z, 0-9 and -", MaxSectionIDLen)
		}
		if id != "" {
			if j, dup := seen[id]; dup {
				add(i, id, "id", "duplicate of sections[%d]", j)
			} else {
				seen[id] = i
			}
		}
		checkLine := func(field, v string, required bool, max int) {
			switch n := utf8.RuneCountInString(v); {
			case strings.TrimSpace(v) == "":
				if required {
					add(i, id, field, "required")
				} else if v != "" {
					add(i, id, field, "only spaces")
				}
			case n > max:
				add(i, id, field, "%d characters, at most %d", n, max)
			case strings.ContainsAny(v, "\n\r\t"):
				add(i, id, field, "contains a line break or tab")
			}
		}
		checkLine("title", s.Title, true, MaxSectionTitleLen)
		checkLine("title_en", s.TitleEN, false, MaxSectionTitleLen)
		checkLine("page", s.Page, false, MaxPageLen)
		if n := utf8.RuneCountInString(s.Reading); n > MaxReadingLen {
			add(i, id, "reading", "%d characters, at most %d", n, MaxReadingLen)
		}
		if strings.TrimSpace(s.Reading) == "" && strings.TrimSpace(s.Page) == "" {
			add(i, id, "reading", "required when there is no page")
		}
		for j, q := range s.Questions {
			field := fmt.Sprintf("questions[%d]", j)
			if n := utf8.RuneCountInString(q); strings.TrimSpace(q) == "" {
				add(i, id, field, "empty")
			} else if n > MaxQuestionLen {
				add(i, id, field, "%d characters, at most %d", n, MaxQuestionLen)
			}
		}
		if s.Minutes != 0 && (s.Minutes < MinStudyMinutes || s.Minutes > MaxStudyMinutes) {
			add(i, id, "minutes", "%d, must be %d to %d", s.Minutes, MinStudyMinutes, MaxStudyMinutes)
		}
	}
	return errors.Join(errs...)
}

func validSectionID(id string) bool {
	if len(id) == 0 || len(id) > MaxSectionIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// Index returns the index of the section with the given id, or -1 if the
// handbook has none.
func (h *Handbook) Index(id string) int {
	for i := range h.Sections {
		if h.Sections[i].ID == id {
			return i
		}
	}
	return -1
}

// Next returns the index of the section after section i, wrapping to 0 after
// the last one, because members go round the handbook again. An i outside
// the handbook (such as -1 for a member who has studied nothing yet, or an
// index left over from a longer handbook) also gives 0. An empty handbook
// gives -1.
func (h *Handbook) Next(i int) int {
	switch {
	case len(h.Sections) == 0:
		return -1
	case i < 0 || i+1 >= len(h.Sections):
		return 0
	}
	return i + 1
}

// StudyMinutes returns how long the section takes, DefaultStudyMinutes when
// Minutes is zero.
func (s Section) StudyMinutes() int {
	if s.Minutes == 0 {
		return DefaultStudyMinutes
	}
	return s.Minutes
}

// Long reports whether the reading is too long to fit a prompt comfortably
// (more than LongReading characters); the prompt then shows an Excerpt and a
// 📖 全文 button.
func (s Section) Long() bool {
	return utf8.RuneCountInString(s.Reading) > LongReading
}

// Excerpt returns the reading, trimmed, if it has at most n characters.
// Otherwise it returns at most n characters of it followed by "…", cut at
// the end of a sentence or line when one falls in the second half of those n
// characters, else at a clause mark (，、： and the like) or a space there,
// and only as a last resort in the middle of a phrase. It returns "" for
// n <= 0.
func (s Section) Excerpt(n int) string {
	text := strings.TrimSpace(s.Reading)
	if n <= 0 {
		return ""
	}
	if utf8.RuneCountInString(text) <= n {
		return text
	}
	// Walk the first n runes, remembering the byte offset just past the
	// last sentence end and the last clause end in their second half.
	var sentence, clause, cut int
	count := 0
	for i, r := range text {
		if count == n {
			cut = i
			break
		}
		count++
		end := i + utf8.RuneLen(r)
		if count <= n/2 {
			continue
		}
		switch {
		case r == '\n':
			sentence = i
		case isSentenceEnd(r, text[end:]):
			// Keep closing quotes and brackets with their sentence, as
			// in 。” — unless they would run past n.
			if c, m := closing(text[end:]); count+m <= n {
				sentence = end + c
			}
		case isClauseEnd(r):
			clause = end
		}
	}
	switch {
	case sentence > 0:
		cut = sentence
	case clause > 0:
		cut = clause
	}
	return strings.TrimRightFunc(text[:cut], isSpaceOrClause) + "…"
}

// isSentenceEnd reports whether r ends a sentence, given the text after it.
// An ASCII '.' only counts before a space or the end, so "3.5" and "1.2" are
// not cut.
func isSentenceEnd(r rune, after string) bool {
	switch r {
	case '。', '！', '？', '；', '…':
		return true
	case '.', '!', '?', ';':
		return after == "" || after[0] == ' ' || after[0] == '\n'
	}
	return false
}

func isClauseEnd(r rune) bool {
	switch r {
	case '，', '、', '：', ',', ':', ' ', '）', ')', '”', '」':
		return true
	}
	return false
}

// isSpaceOrClause trims what should not end an excerpt just before "…".
func isSpaceOrClause(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '，', '、', '：', ',', ':':
		return true
	}
	return false
}

// closers are the closing quotes and brackets kept with the sentence end
// they follow, as in 。” or ！）.
const closers = "”’」』）)》\""

// closing returns the length in bytes and in runes of the closing marks at
// the start of s.
func closing(s string) (bytes, runes int) {
	for _, r := range s {
		if !strings.ContainsRune(closers, r) {
			break
		}
		bytes += utf8.RuneLen(r)
		runes++
	}
	return bytes, runes
}
