package main

import (
	"fmt"

	"github.com/branchbot/branchbot/config"
)

// quizSummary is check-config's line about the question bank, such as
// "quiz bank quiz_bank.yaml: 44 questions over 12 sections (single 20,
// multiple 12, truefalse 12)".
func quizSummary(cfg *config.Config) string {
	qb := cfg.QuizBank()
	if qb == nil {
		return "quiz bank: none, quizzes are off (set quiz.bank)"
	}
	sections := map[string]bool{}
	kinds := map[string]int{}
	for _, q := range qb.Questions {
		sections[q.Section] = true
		kinds[string(q.Kind)]++
	}
	return fmt.Sprintf("quiz bank %s: %d questions over %d sections (single %d, multiple %d, truefalse %d)",
		cfg.QuizBankName(), len(qb.Questions), len(sections), kinds["single"], kinds["multiple"], kinds["truefalse"])
}
