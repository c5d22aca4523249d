package store_test

import (
	"errors"
	"testing"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// TestLastSecretary walks a branch through role changes and removals: the
// last secretary is neither demoted by SetRole nor removed by DeleteMember,
// and a refused change leaves the committed file as it was.
func TestLastSecretary(t *testing.T) {
	db := newDB(t)
	ms := createMembers(t, db, "张书记", "李副书记", "王五")
	sec, deputy, member := ms[0].ID, ms[1].ID, ms[2].ID
	pending := &branchbot.Member{Name: "赵六", Role: branchbot.RoleSecretary} // named in the config, not joined yet
	update(t, db, func(tx *store.Tx) error {
		for _, id := range []int64{sec, deputy} {
			if _, err := tx.SetRole(id, branchbot.RoleSecretary); err != nil {
				return err
			}
		}
		return nil
	})

	setRole := func(id int64, r branchbot.Role) func(tx *store.Tx) error {
		return func(tx *store.Tx) error {
			m, err := tx.SetRole(id, r)
			if err == nil && m.Role != r {
				t.Errorf("SetRole returned role %s, want %s", m.Role, r)
			}
			return err
		}
	}
	putRole := func(id int64, r branchbot.Role) func(tx *store.Tx) error {
		return func(tx *store.Tx) error {
			m, err := tx.Member(id)
			if err != nil {
				return err
			}
			m.Role = r
			return tx.PutMember(m)
		}
	}
	del := func(id int64) func(tx *store.Tx) error {
		return func(tx *store.Tx) error { return tx.DeleteMember(id) }
	}
	check := func(id int64) func(tx *store.Tx) error {
		return func(tx *store.Tx) error { return tx.CheckRemove(id) }
	}
	steps := []struct {
		name string
		do   func(tx *store.Tx) error
		want error
		// secretaries are the member ids holding the role afterwards.
		secretaries []int64
	}{
		{"a member may be removed", check(member), nil, []int64{sec, deputy}},
		{"one of two secretaries may be removed", check(deputy), nil, []int64{sec, deputy}},
		{"demote the deputy", setRole(deputy, branchbot.RoleCommittee), nil, []int64{sec}},
		{"demote the last secretary", setRole(sec, branchbot.RoleMember), branchbot.ErrLastSecretary, []int64{sec}},
		{"name the last secretary secretary again", setRole(sec, branchbot.RoleSecretary), nil, []int64{sec}},
		{"check removing the last secretary", check(sec), branchbot.ErrLastSecretary, []int64{sec}},
		{"remove the last secretary", del(sec), branchbot.ErrLastSecretary, []int64{sec}},
		{"an unknown role", setRole(member, "admin"), branchbot.ErrUnknownRole, []int64{sec}},
		{"an unknown member", setRole(99, branchbot.RoleLeader), branchbot.ErrNotFound, []int64{sec}},
		{"promote a member", putRole(member, branchbot.RoleSecretary), nil, []int64{sec, member}},
		{"now the first may go", del(sec), nil, []int64{member}},
		{"a secretary not joined yet counts", func(tx *store.Tx) error { return tx.CreateMember(pending) }, nil, []int64{member, 0}},
		{"so the joined one may be demoted", setRole(member, branchbot.RoleMember), nil, []int64{0}},
		{"but not the one left", func(tx *store.Tx) error { return tx.DeleteMember(pending.ID) }, branchbot.ErrLastSecretary, []int64{0}},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			// The bot commits after a refusal (the update id must be
			// recorded): the refused change must not be in the file.
			var got error
			update(t, db, func(tx *store.Tx) error {
				got = s.do(tx)
				return nil
			})
			if !errors.Is(got, s.want) || (s.want == nil) != (got == nil) {
				t.Fatalf("err = %v, want %v", got, s.want)
			}
			want := map[int64]bool{}
			for _, id := range s.secretaries {
				if id == 0 {
					id = pending.ID
				}
				want[id] = true
			}
			view(t, db, func(tx *store.Tx) error {
				n, err := tx.CountRole(branchbot.RoleSecretary)
				if err != nil {
					return err
				}
				if n != len(want) {
					t.Errorf("%d secretaries, want %d", n, len(want))
				}
				return tx.ForEachMember(func(m *branchbot.Member) error {
					if (m.Role == branchbot.RoleSecretary) != want[m.ID] {
						t.Errorf("#%d %s is %s", m.ID, m.Name, m.Role)
					}
					return nil
				})
			})
		})
	}
	view(t, db, func(tx *store.Tx) error {
		if _, err := tx.Member(sec); !errors.Is(err, branchbot.ErrNotFound) {
			t.Errorf("removed secretary: %v", err)
		}
		if m, err := tx.MemberByTelegramID(ms[2].TelegramID); err != nil || m.ID != member {
			t.Errorf("member still bound: %v", err)
		}
		return nil
	})
}
