package branchbot

import (
	"fmt"
	"slices"
	"testing"
)

// drawBank has sections s0..s(sections-1), each with per questions; the
// even ones are true/false, the others single choice with four options.
func drawBank(sections, per int) *QuestionBank {
	qb := &QuestionBank{}
	for s := range sections {
		for k := range per {
			q := Question{ID: fmt.Sprintf("s%d-q%d", s, k), Section: fmt.Sprintf("s%d", s), Kind: SingleChoice,
				Options: []string{"a", "b", "c", "d"}, Answer: []int{0}}
			if k%2 == 0 {
				q.Kind, q.Options, q.Answer = TrueFalse, nil, []int{1}
			}
			qb.Questions = append(qb.Questions, q)
		}
	}
	return qb
}

// TestDraw: the size is n capped at the bank, no id twice, ids in the
// bank's order, the same for the same seed, different for most others.
func TestDraw(t *testing.T) {
	qb := drawBank(4, 5) // 20 questions
	order := map[string]int{}
	for i, q := range qb.Questions {
		order[q.ID] = i
	}
	studied := map[string]int{"s1": 30, "s2": 3}
	tests := []struct {
		name string
		n    int
		want int
	}{{"none", 0, 0}, {"negative", -3, 0}, {"one", 1, 1}, {"some", 7, 7}, {"all", 20, 20}, {"more than the bank", 50, 20}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for seed := range uint64(50) {
				ids := Draw(qb, tt.n, studied, seed)
				if len(ids) != tt.want {
					t.Fatalf("seed %d: %d ids, want %d", seed, len(ids), tt.want)
				}
				for j := 1; j < len(ids); j++ {
					if order[ids[j-1]] >= order[ids[j]] {
						t.Fatalf("seed %d: %v not in bank order or has a duplicate", seed, ids)
					}
				}
				if again := Draw(qb, tt.n, studied, seed); !slices.Equal(ids, again) {
					t.Fatalf("seed %d: %v then %v", seed, ids, again)
				}
			}
		})
	}
	distinct := map[string]bool{}
	for seed := range uint64(20) {
		distinct[fmt.Sprint(Draw(qb, 5, studied, seed))] = true
	}
	if len(distinct) < 15 {
		t.Errorf("20 seeds gave only %d different draws", len(distinct))
	}
	if Draw(nil, 3, nil, 1) != nil {
		t.Error("Draw(nil) is not nil")
	}
}

// TestDrawPinned pins one draw and one shuffle, so that a change to the
// algorithm, which would reshuffle attempts in progress after an upgrade,
// is seen.
func TestDrawPinned(t *testing.T) {
	got := Draw(drawBank(3, 3), 4, map[string]int{"s0": 2}, 42)
	if want := []string{"s0-q0", "s0-q1", "s1-q0", "s1-q2"}; !slices.Equal(got, want) {
		t.Errorf("Draw = %v, want %v", got, want)
	}
	order, opts := ShuffleFor(got, drawBank(3, 3).ByID(), 42, 8)
	if !slices.Equal(order, []int{2, 0, 1, 3}) || !slices.EqualFunc(opts, [][]int{{0, 1}, {3, 0, 2, 1}, {0, 1}, {0, 1}}, slices.Equal) {
		t.Errorf("ShuffleFor = %v %v, want [2 0 1 3] [[0 1] [3 0 2 1] [0 1] [0 1]]", order, opts)
	}
}

// TestDrawDuplicateIDs: a bank with an id twice never gives it twice.
func TestDrawDuplicateIDs(t *testing.T) {
	qb := drawBank(1, 3)
	qb.Questions = append(qb.Questions, qb.Questions[0])
	for seed := range uint64(30) {
		ids := Draw(qb, 10, nil, seed)
		if len(ids) != 3 {
			t.Fatalf("seed %d: %v, want the 3 distinct ids", seed, ids)
		}
	}
}

// TestDrawWeighting: over many seeds, questions of the most studied
// section are drawn about StudiedWeight times as often as those of an
// unstudied one, a less studied section falls in between, and unstudied
// sections are still drawn. With nothing studied all sections are even.
func TestDrawWeighting(t *testing.T) {
	qb := drawBank(4, 10) // 40 questions, 10 per section
	const seeds, n = 4000, 1
	count := func(studied map[string]int) map[string]int {
		c := map[string]int{}
		for seed := range uint64(seeds) {
			for _, id := range Draw(qb, n, studied, seed) {
				c[id[:2]]++
			}
		}
		return c
	}
	// Weights: s0 unstudied 10, s1 10+4·10 = 50, s2 10+4·5 = 30, s3 10.
	// With n = 1 the chance of a section is its share of 100.
	c := count(map[string]int{"s1": 10, "s2": 5})
	ratio := float64(c["s1"]) / float64(c["s0"]+c["s3"]) * 2
	if ratio < 4 || ratio > 6.2 {
		t.Errorf("studied/unstudied = %.2f, want about %d (counts %v)", ratio, StudiedWeight, c)
	}
	if !(c["s0"] < c["s2"] && c["s3"] < c["s2"] && c["s2"] < c["s1"]) {
		t.Errorf("counts %v not ordered by how much each section was studied", c)
	}
	if c["s0"] < seeds/20 {
		t.Errorf("an unstudied section is drawn %d times in %d; it must stay possible", c["s0"], seeds)
	}
	even := count(nil)
	for s, k := range even {
		if k < seeds/4*8/10 || k > seeds/4*12/10 {
			t.Errorf("with nothing studied section %s drawn %d times in %d, want about %d", s, k, seeds, seeds/4)
		}
	}
}

// TestShuffleFor: order is a permutation of the quiz's questions, each
// option order a permutation of its options (true/false kept), the same
// for the same seed and member, different between members.
func TestShuffleFor(t *testing.T) {
	qb := drawBank(2, 5)
	qmap := qb.ByID()
	var ids []string
	for _, q := range qb.Questions {
		ids = append(ids, q.ID)
	}
	ids = append(ids, "gone")
	isPerm := func(p []int, n int) bool {
		s := slices.Clone(p)
		slices.Sort(s)
		for i := range n {
			if i >= len(s) || s[i] != i {
				return false
			}
		}
		return len(s) == n
	}
	orders := map[string]bool{}
	for member := int64(1); member <= 50; member++ {
		order, opts := ShuffleFor(ids, qmap, 7, member)
		if !isPerm(order, len(ids)) {
			t.Fatalf("member %d: order %v is not a permutation of %d", member, order, len(ids))
		}
		if len(opts) != len(ids) {
			t.Fatalf("member %d: %d option orders for %d questions", member, len(opts), len(ids))
		}
		for i, id := range ids {
			q := qmap[id]
			switch {
			case q == nil:
				if opts[i] != nil {
					t.Errorf("unknown id %s got option order %v", id, opts[i])
				}
			case q.Kind == TrueFalse:
				if !slices.Equal(opts[i], []int{0, 1}) {
					t.Errorf("true/false %s shuffled: %v", id, opts[i])
				}
			case !isPerm(opts[i], len(q.Options)):
				t.Errorf("member %d %s: %v is not a permutation of %d options", member, id, opts[i], len(q.Options))
			}
		}
		o2, opts2 := ShuffleFor(ids, qmap, 7, member)
		if !slices.Equal(order, o2) || !slices.EqualFunc(opts, opts2, slices.Equal) {
			t.Fatalf("member %d: a second call shuffles differently", member)
		}
		orders[fmt.Sprint(order, opts)] = true
	}
	if len(orders) < 45 {
		t.Errorf("50 members got only %d different shuffles", len(orders))
	}
	a, _ := ShuffleFor(ids, qmap, 7, 1)
	b, _ := ShuffleFor(ids, qmap, 8, 1)
	if slices.Equal(a, b) {
		t.Errorf("another quiz seed gives member 1 the same order %v", a)
	}
	// Each question is first about equally often across members.
	first := make([]int, len(ids))
	for member := int64(0); member < 3300; member++ {
		o, _ := ShuffleFor(ids, qmap, 99, member)
		first[o[0]]++
	}
	for i, k := range first {
		if k < 200 || k > 400 {
			t.Errorf("question %d first for %d of 3300 members, want about 300", i, k)
		}
	}
}

// BenchmarkDraw draws 20 of a 1,000-question bank over 50 sections.
func BenchmarkDraw(b *testing.B) {
	qb := drawBank(50, 20)
	studied := map[string]int{"s1": 300, "s2": 120, "s7": 40}
	for i := 0; b.Loop(); i++ {
		Draw(qb, 20, studied, uint64(i))
	}
}

// BenchmarkShuffleFor shuffles a 20-question quiz for one member.
func BenchmarkShuffleFor(b *testing.B) {
	qb := drawBank(4, 5)
	qmap := qb.ByID()
	ids := Draw(qb, 20, nil, 1)
	for i := int64(0); b.Loop(); i++ {
		ShuffleFor(ids, qmap, 1, i)
	}
}
