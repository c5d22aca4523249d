package branchbot

import "math/rand/v2"

// StudiedWeight is how much likelier a question of the section the branch
// studied most in the quarter is to be drawn than one of a section nobody
// studied; sections studied less fall in between, in proportion.
const StudiedWeight = 5

// Streams of the PCG generators, so that the draw and the shuffles of one
// seed are unrelated.
const (
	drawStream    = 0x71756964726177 // "quidraw"
	shuffleStream = 0x7175697368756600
)

// Draw picks n different questions of qb for a quiz and returns their ids
// in the bank's order. The draw leans toward what the branch studied:
// studied maps a handbook section's id to how much it was studied in the
// quarter (study-days of all members, say); a question's weight is
// max + (StudiedWeight-1)·studied[section], where max is the largest count,
// so the most studied section's questions are StudiedWeight times as
// likely as those of a section never studied, which can still be drawn.
// With nothing studied every question is as likely as every other.
//
// The same bank, n, studied and seed give the same ids on every machine
// (integer arithmetic and math/rand/v2's PCG only). n is capped at the
// bank's size; n <= 0 gives nil. Questions with duplicate ids (a bank that
// failed Validate) are drawn at most once.
func Draw(qb *QuestionBank, n int, studied map[string]int, seed uint64) []string {
	if qb == nil || n <= 0 {
		return nil
	}
	maxStudied := 0
	for _, c := range studied {
		maxStudied = max(maxStudied, c)
	}
	base := uint64(max(maxStudied, 1))
	// Candidates: the first question of each id, with its weight.
	type cand struct {
		index  int
		weight uint64
	}
	var cands []cand
	var total uint64
	seen := make(map[string]bool, len(qb.Questions))
	for i := range qb.Questions {
		q := &qb.Questions[i]
		if seen[q.ID] {
			continue
		}
		seen[q.ID] = true
		w := base
		if c := studied[q.Section]; c > 0 {
			w += (StudiedWeight - 1) * uint64(c)
		}
		cands = append(cands, cand{i, w})
		total += w
	}
	n = min(n, len(cands))
	picked := make([]bool, len(qb.Questions))
	rng := rand.New(rand.NewPCG(seed, drawStream))
	for range n {
		r := rng.Uint64N(total)
		for j, c := range cands {
			if r < c.weight {
				picked[c.index] = true
				total -= c.weight
				cands = append(cands[:j], cands[j+1:]...)
				break
			}
			r -= c.weight
		}
	}
	ids := make([]string, 0, n)
	for i, p := range picked {
		if p {
			ids = append(ids, qb.Questions[i].ID)
		}
	}
	return ids
}

// ShuffleFor is the order in which one member sees a quiz's questions and
// each question's options, the same every time for the same quiz seed
// (attemptSeed) and member, so that a restart does not reshuffle.
//
// order is a permutation of the indexes of questionIDs: the member's k-th
// question is questionIDs[order[k]]. optionOrders[i] belongs to
// questionIDs[i] (not to the k-th shown): the member's j-th option of that
// question is its option optionOrders[i][j] in the bank. True/false
// questions keep 对 before 错 ([0 1]); an id missing from q gets nil.
func ShuffleFor(questionIDs []string, q map[string]*Question, attemptSeed uint64, member int64) (order []int, optionOrders [][]int) {
	rng := rand.New(rand.NewPCG(attemptSeed, shuffleStream^uint64(member)))
	order = rng.Perm(len(questionIDs))
	optionOrders = make([][]int, len(questionIDs))
	for i, id := range questionIDs {
		qq := q[id]
		switch {
		case qq == nil:
		case qq.Kind == TrueFalse:
			optionOrders[i] = []int{0, 1}
		default:
			optionOrders[i] = rng.Perm(len(qq.Options))
		}
	}
	return order, optionOrders
}
