package branchbot

// A stand-in for the drawing and shuffling of a question bank's
// questions, with the signatures of the real ones; the bank's own
// implementation replaces this file.

import (
	"math/rand/v2"
	"sort"
)

// Draw picks n question ids of qb, each at most once, weighted toward the
// sections in studied (section id → days studied); the same seed draws
// the same questions.
func Draw(qb *QuestionBank, n int, studied map[string]int, seed uint64) []string {
	if qb == nil {
		return nil
	}
	rng := rand.New(rand.NewPCG(seed, 0x71757a))
	type cand struct {
		id  string
		key float64
	}
	cands := make([]cand, len(qb.Questions))
	for i, q := range qb.Questions {
		// Weighted sampling without replacement: the smallest keys win.
		w := 1 + float64(studied[q.Section])
		cands[i] = cand{q.ID, rng.ExpFloat64() / w}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].key < cands[j].key })
	n = min(max(n, 0), len(cands))
	out := make([]string, n)
	for i := range n {
		out[i] = cands[i].id
	}
	return out
}

// ShuffleFor is member's order of the questions questionIDs (a
// permutation of their indexes) and, for each question by its index in
// questionIDs, the order its options are shown in (a permutation of the
// bank's option indexes; true/false questions keep 对 before 错). It
// depends only on its arguments.
func ShuffleFor(questionIDs []string, q map[string]*Question, attemptSeed uint64, member int64) (order []int, optionOrders [][]int) {
	rng := rand.New(rand.NewPCG(attemptSeed, uint64(member)))
	order = rng.Perm(len(questionIDs))
	optionOrders = make([][]int, len(questionIDs))
	for i, id := range questionIDs {
		qq := q[id]
		if qq == nil {
			continue
		}
		n := qq.OptionCount()
		if qq.Kind == TrueFalse {
			optionOrders[i] = []int{0, 1}
			continue
		}
		optionOrders[i] = rng.Perm(n)
	}
	return order, optionOrders
}
