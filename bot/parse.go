package bot

import (
	"strings"
	"unicode"
)

// parseCommand splits a message text into a command name and its
// arguments. It accepts "/name", "/name@botname" (only when botname is
// ours) and arguments after any white space. Names are lower-cased; Telegram
// allows Latin letters, digits and underscores, at most 32 of them.
func parseCommand(text, botUsername string) (name string, args []string, ok bool) {
	if !strings.HasPrefix(text, "/") {
		return "", nil, false
	}
	word, rest, _ := strings.Cut(text[1:], " ")
	if i := strings.IndexFunc(word, unicode.IsSpace); i >= 0 {
		word, rest = word[:i], word[i+1:]+" "+rest
	}
	word, at, addressed := strings.Cut(word, "@")
	if addressed && !strings.EqualFold(at, botUsername) {
		return "", nil, false
	}
	if word == "" || len(word) > 32 {
		return "", nil, false
	}
	for _, r := range word {
		if !(r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return "", nil, false
		}
	}
	return strings.ToLower(word), splitArgs(rest), true
}

// splitArgs splits on white space, keeping text in straight or Chinese
// double quotes ("Li Ming", “李 明”) together.
func splitArgs(s string) []string {
	var (
		args   []string
		cur    strings.Builder
		quoted bool
		has    bool
	)
	flush := func() {
		if has {
			args = append(args, cur.String())
		}
		cur.Reset()
		has = false
	}
	for _, r := range s {
		switch {
		case r == '"' || r == '“' || r == '”':
			quoted = !quoted
			has = true
		case unicode.IsSpace(r) && !quoted:
			flush()
		default:
			cur.WriteRune(r)
			has = true
		}
	}
	flush()
	return args
}
