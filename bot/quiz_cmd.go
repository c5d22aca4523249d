package bot

import "strings"

// quiz handles /quiz. Its subcommand bank (题库) shows the question bank
// (quiz_bank.go).
func (r *request) quiz(args []string) error {
	if len(args) == 1 && (strings.EqualFold(args[0], "bank") || args[0] == "题库") {
		return r.quizBank()
	}
	return r.say("quizbank.usage")
}
