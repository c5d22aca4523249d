package store

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
)

// BenchmarkMemberByTelegramID looks members up by Telegram id, as every
// update does first, in a branch of 100,000 members.
func BenchmarkMemberByTelegramID(b *testing.B) {
	const members, chunk = 100_000, 10_000
	now := func() time.Time { return time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC) }
	db, err := Open(filepath.Join(b.TempDir(), "branch.db"), Options{Now: now})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	// putMember skips CreateMember's name check, which reads every
	// member and would make the setup quadratic.
	for start := 0; start < members; start += chunk {
		if err := db.Update(func(tx *Tx) error {
			for i := start; i < start+chunk; i++ {
				seq, err := tx.bucket(bMembers).NextSequence()
				if err != nil {
					return err
				}
				m := &branchbot.Member{ID: int64(seq), Name: fmt.Sprintf("党员%06d", i), TelegramID: tgID(i), Group: fmt.Sprintf("第%d小组", i%50), Role: branchbot.RoleMember, CreatedAt: tx.Now()}
				if err := tx.putMember(m, nil); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			b.Fatal(err)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))

	b.Run("in one View", func(b *testing.B) {
		if err := db.View(func(tx *Tx) error {
			for b.Loop() {
				i := r.IntN(members)
				m, err := tx.MemberByTelegramID(tgID(i))
				if err != nil {
					return err
				}
				if m.TelegramID != tgID(i) {
					return fmt.Errorf("telegram id %d found member %+v", tgID(i), m)
				}
			}
			return nil
		}); err != nil {
			b.Fatal(err)
		}
	})
	b.Run("a View each", func(b *testing.B) {
		for b.Loop() {
			i := r.IntN(members)
			if err := db.View(func(tx *Tx) error {
				_, err := tx.MemberByTelegramID(tgID(i))
				return err
			}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// tgID is the Telegram id of the i-th benchmark member: spread out, as
// real ids are, rather than dense.
func tgID(i int) int64 { return 5_000_000_000 + int64(i)*7919 }
