package store_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// TestQuizKeptAndMigrated: a file of schema 17 gains the quiz buckets; a
// quiz and its attempts are read back after reopening, the index of open
// quizzes follows the state, and attempts of one quiz never mix with
// another's.
func TestQuizKeptAndMigrated(t *testing.T) {
	path := filepath.Join(t.TempDir(), "branch.db")
	db := openAt(t, path)
	db.Close()
	beforeMigration(t, path, 17, "quizzes", "quiz_attempts", "quizzes_open") // before the quiz buckets (17 → 18)
	db = openAt(t, path)
	at := time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)
	var id int64
	update(t, db, func(tx *store.Tx) error {
		for range 2 {
			q := &branchbot.Quiz{State: branchbot.QuizDraft, Deadline: at.Add(72 * time.Hour), Questions: []string{"a", "b"}, Seed: 7}
			if err := tx.CreateQuiz(q); err != nil {
				return err
			}
			id = q.ID
		}
		q, err := tx.Quiz(id)
		if err != nil {
			return err
		}
		if err := q.Open(at); err != nil {
			return err
		}
		if err := tx.PutQuiz(q); err != nil {
			return err
		}
		for _, a := range []*branchbot.QuizAttempt{
			{Quiz: id, Member: 3, Order: []int{1, 0}, Options: [][]int{{0, 1}, {1, 0}}, StartedAt: at},
			{Quiz: id, Member: 300, Order: []int{0, 1}, Options: [][]int{{0, 1}, {1, 0}}, StartedAt: at},
			{Quiz: id - 1, Member: 3, Order: []int{0, 1}, StartedAt: at},
		} {
			if err := tx.PutQuizAttempt(a); err != nil {
				return err
			}
		}
		return nil
	})
	db.Close()
	db = openAt(t, path)
	defer db.Close()
	update(t, db, func(tx *store.Tx) error {
		open, err := tx.OpenQuizzes()
		if err != nil || len(open) != 1 || open[0].ID != id || open[0].State != branchbot.QuizOpen {
			t.Fatalf("open quizzes %+v %v", open, err)
		}
		as, err := tx.QuizAttempts(id)
		if err != nil || len(as) != 2 || as[0].Member != 3 || as[1].Member != 300 || as[0].Order[0] != 1 {
			t.Fatalf("attempts %+v %v", as, err)
		}
		if _, ok, _ := tx.QuizAttempt(id, 4); ok {
			t.Error("an attempt for a member who has none")
		}
		q := open[0]
		if err := q.Close(at.Add(time.Hour)); err != nil {
			return err
		}
		return tx.PutQuiz(q)
	})
	update(t, db, func(tx *store.Tx) error {
		if open, _ := tx.OpenQuizzes(); len(open) != 0 {
			t.Errorf("closed quiz still open: %+v", open)
		}
		n := 0
		if err := tx.ForEachQuiz(func(*branchbot.Quiz) error { n++; return nil }); err != nil || n != 2 {
			t.Errorf("ForEachQuiz saw %d, %v", n, err)
		}
		return nil
	})
}
