package store

import (
	"errors"
	"fmt"

	"github.com/branchbot/branchbot"
)

// CreateQuiz stores a new quiz (a draft, usually) and sets q.ID.
func (tx *Tx) CreateQuiz(q *branchbot.Quiz) error {
	seq, err := tx.bucket(bQuizzes).NextSequence()
	if err != nil {
		return fmt.Errorf("store: create quiz: %w", err)
	}
	q.ID = int64(seq)
	if q.CreatedAt.IsZero() {
		q.CreatedAt = tx.now
	}
	return tx.PutQuiz(q)
}

// PutQuiz writes a quiz, keeping the index of open quizzes in step: an
// open quiz is in it, for the scheduler, until it is closed.
func (tx *Tx) PutQuiz(q *branchbot.Quiz) error {
	if q.ID <= 0 {
		return errors.New("store: put quiz: no id")
	}
	if err := put(tx.bucket(bQuizzes), i64(q.ID), q); err != nil {
		return fmt.Errorf("store: put quiz %d: %w", q.ID, err)
	}
	open := tx.bucket(bQuizzesOpen)
	var err error
	if q.State == branchbot.QuizOpen {
		err = open.Put(i64(q.ID), []byte{})
	} else {
		err = open.Delete(i64(q.ID))
	}
	if err != nil {
		return fmt.Errorf("store: put quiz %d: %w", q.ID, err)
	}
	return nil
}

// Quiz returns the quiz with the given id.
func (tx *Tx) Quiz(id int64) (*branchbot.Quiz, error) {
	var q branchbot.Quiz
	found, err := get(tx.bucket(bQuizzes), i64(id), &q)
	if err != nil {
		return nil, fmt.Errorf("store: quiz %d: %w", id, err)
	}
	if !found {
		return nil, fmt.Errorf("store: quiz %d: %w", id, branchbot.ErrNotFound)
	}
	return &q, nil
}

// OpenQuizzes returns the open quizzes, oldest first.
func (tx *Tx) OpenQuizzes() ([]*branchbot.Quiz, error) {
	var out []*branchbot.Quiz
	c := tx.bucket(bQuizzesOpen).Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		q, err := tx.Quiz(int64(getID(k)))
		if err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, nil
}

// ForEachQuiz calls fn for every quiz, oldest first.
func (tx *Tx) ForEachQuiz(fn func(*branchbot.Quiz) error) error {
	return tx.bucket(bQuizzes).ForEach(func(k, v []byte) error {
		var q branchbot.Quiz
		if err := jsonDecode(v, &q); err != nil {
			return fmt.Errorf("store: quiz %d: %w", getID(k), err)
		}
		return fn(&q)
	})
}

// attemptKey is the key of member m's attempt at quiz id.
func attemptKey(id, m int64) []byte { return append(i64(id), i64(m)...) }

// QuizAttempt returns member m's attempt at quiz id; ok is false when
// they have not started it.
func (tx *Tx) QuizAttempt(id, m int64) (a *branchbot.QuizAttempt, ok bool, err error) {
	a = new(branchbot.QuizAttempt)
	ok, err = get(tx.bucket(bQuizAttempts), attemptKey(id, m), a)
	if err != nil {
		return nil, false, fmt.Errorf("store: quiz %d attempt of %d: %w", id, m, err)
	}
	return a, ok, nil
}

// PutQuizAttempt writes an attempt.
func (tx *Tx) PutQuizAttempt(a *branchbot.QuizAttempt) error {
	if a.Quiz <= 0 || a.Member <= 0 {
		return errors.New("store: put quiz attempt: no quiz or member")
	}
	if err := put(tx.bucket(bQuizAttempts), attemptKey(a.Quiz, a.Member), a); err != nil {
		return fmt.Errorf("store: put quiz %d attempt of %d: %w", a.Quiz, a.Member, err)
	}
	return nil
}

// QuizAttempts returns the attempts at quiz id, by member id.
func (tx *Tx) QuizAttempts(id int64) ([]*branchbot.QuizAttempt, error) {
	var out []*branchbot.QuizAttempt
	prefix := i64(id)
	c := tx.bucket(bQuizAttempts).Cursor()
	for k, v := c.Seek(prefix); len(k) == 16 && string(k[:8]) == string(prefix); k, v = c.Next() {
		a := new(branchbot.QuizAttempt)
		if err := jsonDecode(v, a); err != nil {
			return nil, fmt.Errorf("store: quiz %d attempts: %w", id, err)
		}
		out = append(out, a)
	}
	return out, nil
}
