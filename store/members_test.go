package store_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

func TestCreateMember(t *testing.T) {
	db, c := newDBClock(t)

	ms := createMembers(t, db, "张三", "李四", "Wang Wu")
	for i, m := range ms {
		if want := int64(i + 1); m.ID != want {
			t.Errorf("member %q got id %d, want %d", m.Name, m.ID, want)
		}
		if !m.CreatedAt.Equal(t0) {
			t.Errorf("member %q CreatedAt %v, want the clock's %v", m.Name, m.CreatedAt, t0)
		}
	}
	c.Advance(time.Hour)
	// Ids keep growing in later transactions and are never reused.
	update(t, db, func(tx *store.Tx) error { return tx.DeleteMember(ms[2].ID) })
	next := &branchbot.Member{Name: "赵六"}
	update(t, db, func(tx *store.Tx) error { return tx.CreateMember(next) })
	if next.ID != 4 {
		t.Errorf("member created after a deletion got id %d, want 4", next.ID)
	}

	tests := []struct {
		name string
		m    branchbot.Member
		want error
	}{
		{"duplicate name", branchbot.Member{Name: "张三"}, store.ErrNameTaken},
		{"empty name", branchbot.Member{Name: "  "}, branchbot.ErrBadName},
		{"name too long", branchbot.Member{Name: strings.Repeat("长", branchbot.MaxNameLen+1)}, branchbot.ErrBadName},
		{"line break in name", branchbot.Member{Name: "张\n三"}, branchbot.ErrBadName},
		{"bad group name", branchbot.Member{Name: "钱七", Group: "第一\t小组"}, branchbot.ErrBadName},
		{"telegram id of another member", branchbot.Member{Name: "钱七", TelegramID: 1001, Group: "第一小组"}, branchbot.ErrAlreadyBound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tt.m
			// The refused member is created in a transaction that
			// commits anyway, as a handler that reports the error to
			// the secretary does: nothing of it may be left behind.
			update(t, db, func(tx *store.Tx) error {
				err := tx.CreateMember(&m)
				if !errors.Is(err, tt.want) {
					t.Errorf("CreateMember: %v, want %v", err, tt.want)
				}
				return nil
			})
			if m.ID != 0 {
				t.Errorf("refused member kept id %d", m.ID)
			}
			view(t, db, func(tx *store.Tx) error {
				all, err := tx.Members()
				if err != nil {
					return err
				}
				if len(all) != 3 {
					t.Errorf("%d members after a refused create, want 3", len(all))
				}
				if got, err := tx.MemberByTelegramID(1001); err != nil || got.Name != "张三" {
					t.Errorf("telegram id 1001 → %v, %v; want 张三", got, err)
				}
				gs, err := tx.Groups()
				if len(gs) != 0 {
					t.Errorf("groups after a refused create: %v", gs)
				}
				return err
			})
		})
	}
}

func TestMemberByTelegramIDFollowsBinding(t *testing.T) {
	db := newDB(t)
	m := &branchbot.Member{Name: "张三", Role: branchbot.RoleMember}
	update(t, db, func(tx *store.Tx) error { return tx.CreateMember(m) })

	steps := []struct {
		name    string
		change  func(tx *store.Tx) error
		bound   []int64 // telegram ids that find the member
		unbound []int64 // telegram ids that find nobody
	}{
		{"invited, not joined", nil, nil, []int64{0, 101}},
		{"joined", func(tx *store.Tx) error {
			m.TelegramID = 101
			return tx.PutMember(m)
		}, []int64{101}, []int64{0}},
		{"written again unchanged", func(tx *store.Tx) error {
			return tx.PutMember(m)
		}, []int64{101}, nil},
		{"rebound to a new account", func(tx *store.Tx) error {
			m.TelegramID = 202
			return tx.PutMember(m)
		}, []int64{202}, []int64{101}},
		{"unbound", func(tx *store.Tx) error {
			m.TelegramID = 0
			return tx.PutMember(m)
		}, nil, []int64{101, 202, 0}},
		{"bound again", func(tx *store.Tx) error {
			m.TelegramID = 303
			return tx.PutMember(m)
		}, []int64{303}, nil},
		{"deleted", func(tx *store.Tx) error {
			return tx.DeleteMember(m.ID)
		}, nil, []int64{303}},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			if s.change != nil {
				update(t, db, s.change)
			}
			view(t, db, func(tx *store.Tx) error {
				for _, tg := range s.bound {
					if got, err := tx.MemberByTelegramID(tg); err != nil || got.ID != m.ID {
						t.Errorf("MemberByTelegramID(%d) = %v, %v; want member %d", tg, got, err, m.ID)
					}
				}
				for _, tg := range s.unbound {
					if got, err := tx.MemberByTelegramID(tg); !errors.Is(err, branchbot.ErrNotFound) {
						t.Errorf("MemberByTelegramID(%d) = %v, %v; want ErrNotFound", tg, got, err)
					}
				}
				return nil
			})
		})
	}
}

func TestPutMemberRefusals(t *testing.T) {
	db := newDB(t)
	ms := createMembers(t, db, "张三", "李四") // bound to 1001 and 1002

	tests := []struct {
		name   string
		change func(m *branchbot.Member)
		want   error
	}{
		{"telegram id bound to another member", func(m *branchbot.Member) { m.TelegramID = 1002 }, branchbot.ErrAlreadyBound},
		{"renamed to another member's name", func(m *branchbot.Member) { m.Name = "李四" }, store.ErrNameTaken},
		{"renamed to a bad name", func(m *branchbot.Member) { m.Name = "" }, branchbot.ErrBadName},
		{"moved to a bad group", func(m *branchbot.Member) { m.Group = strings.Repeat("组", 100) }, branchbot.ErrBadName},
		{"rebound and renamed at once", func(m *branchbot.Member) { m.TelegramID, m.Name = 1002, "王五" }, branchbot.ErrAlreadyBound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Commit after the refusal, as a handler that records the
			// update id does: the refused write must leave nothing.
			update(t, db, func(tx *store.Tx) error {
				m, err := tx.Member(ms[0].ID)
				if err != nil {
					return err
				}
				tt.change(m)
				if err := tx.PutMember(m); !errors.Is(err, tt.want) {
					t.Errorf("PutMember: %v, want %v", err, tt.want)
				}
				return nil
			})
			view(t, db, func(tx *store.Tx) error {
				for _, want := range ms {
					got, err := tx.MemberByTelegramID(want.TelegramID)
					if err != nil || got.ID != want.ID || got.Name != want.Name {
						t.Errorf("MemberByTelegramID(%d) = %+v, %v; want %q unchanged", want.TelegramID, got, err, want.Name)
					}
				}
				gs, _ := tx.Groups()
				if len(gs) != 0 {
					t.Errorf("groups after a refused write: %v", gs)
				}
				return nil
			})
		})
	}

	t.Run("no id", func(t *testing.T) {
		err := db.Update(func(tx *store.Tx) error { return tx.PutMember(&branchbot.Member{Name: "无名"}) })
		if err == nil {
			t.Error("PutMember without an id succeeded")
		}
	})
	t.Run("renamed to a free name", func(t *testing.T) {
		update(t, db, func(tx *store.Tx) error {
			m, err := tx.Member(ms[0].ID)
			if err != nil {
				return err
			}
			m.Name = "张三丰"
			return tx.PutMember(m)
		})
		view(t, db, func(tx *store.Tx) error {
			if _, err := tx.MemberByName("张三"); !errors.Is(err, branchbot.ErrNotFound) {
				t.Errorf("old name still found: %v", err)
			}
			_, err := tx.MemberByName("张三丰")
			return err
		})
	})
}

func TestFindMember(t *testing.T) {
	db := newDB(t)
	createMembers(t, db,
		"张三",      // 1
		"张四",      // 2
		"王小明",     // 3
		"Alice",   // 4
		"Li",      // 5
		"Lily",    // 6
		"Bob Lee", // 7
		"42",      // 8: a name that looks like an id
	)
	tests := []struct {
		query  string
		wantID int64
		err    error
	}{
		{"#3", 3, nil},
		{"3", 3, nil},
		{" #4 ", 4, nil},
		{"张三", 1, nil},
		{"王", 3, nil},
		{"王小", 3, nil},
		{"alice", 4, nil},
		{"ALI", 4, nil},
		{"Li", 5, nil}, // exact name, though a prefix of Lily too
		{"Lil", 6, nil},
		{"Bob", 7, nil},
		{"bob lee", 7, nil},
		{"42", 8, nil}, // no member 42: the name
		{"#8", 8, nil},
		{"张", 0, branchbot.ErrAmbiguous},
		{"l", 0, branchbot.ErrAmbiguous},
		{"李", 0, branchbot.ErrNotFound},
		{"#99", 0, branchbot.ErrNotFound},
		{"0", 0, branchbot.ErrNotFound},
		{"", 0, branchbot.ErrNotFound},
		{"   ", 0, branchbot.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.query), func(t *testing.T) {
			view(t, db, func(tx *store.Tx) error {
				m, err := tx.FindMember(tt.query)
				switch {
				case tt.err != nil && !errors.Is(err, tt.err):
					t.Errorf("FindMember(%q) = %v, %v; want %v", tt.query, m, err, tt.err)
				case tt.err == nil && (err != nil || m.ID != tt.wantID):
					t.Errorf("FindMember(%q) = %+v, %v; want member %d", tt.query, m, err, tt.wantID)
				}
				return nil
			})
		})
	}
}

func TestDeleteMember(t *testing.T) {
	db, c := newDBClock(t)
	ms := createMembers(t, db, "张三", "李四")
	gone, stays := ms[0], ms[1]
	pending := &branchbot.Member{Name: "王五", Role: branchbot.RoleMember} // invited, not joined
	update(t, db, func(tx *store.Tx) error {
		if err := tx.CreateMember(pending); err != nil {
			return err
		}
		for i, inv := range []branchbot.Invite{
			{Code: "gone-unused", MemberID: gone.ID},
			{Code: "gone-used", MemberID: gone.ID, UsedAt: t0, UsedBy: gone.TelegramID},
			{Code: "stays", MemberID: stays.ID},
			{Code: "pending", MemberID: pending.ID},
		} {
			inv.CreatedAt, inv.ExpiresAt = t0, t0.Add(branchbot.InviteTTL)
			if err := tx.PutInvite(&inv); err != nil {
				return fmt.Errorf("invite %d: %w", i, err)
			}
		}
		for i := range 3 {
			for _, m := range []*branchbot.Member{gone, stays} {
				if _, err := tx.Enqueue(&branchbot.Outgoing{ChatID: m.ChatID(), MemberID: m.ID, Text: fmt.Sprintf("消息 %d", i)}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	c.Advance(time.Minute)

	update(t, db, func(tx *store.Tx) error { return tx.DeleteMember(gone.ID) })
	update(t, db, func(tx *store.Tx) error { return tx.DeleteMember(pending.ID) })

	view(t, db, func(tx *store.Tx) error {
		for _, id := range []int64{gone.ID, pending.ID} {
			if _, err := tx.Member(id); !errors.Is(err, branchbot.ErrNotFound) {
				t.Errorf("Member(%d) after delete: %v, want ErrNotFound", id, err)
			}
		}
		if _, err := tx.MemberByTelegramID(gone.TelegramID); !errors.Is(err, branchbot.ErrNotFound) {
			t.Errorf("deleted member still found by telegram id: %v", err)
		}
		if _, err := tx.FindMember("张三"); !errors.Is(err, branchbot.ErrNotFound) {
			t.Errorf("deleted member still found by name: %v", err)
		}
		for _, code := range []string{"gone-unused", "gone-used", "pending"} {
			if _, err := tx.Invite(code); !errors.Is(err, branchbot.ErrNotFound) {
				t.Errorf("invite %q of a deleted member: %v, want ErrNotFound", code, err)
			}
		}
		if _, err := tx.Invite("stays"); err != nil {
			t.Errorf("another member's invite: %v", err)
		}
		queued, err := tx.Outbox(0, 100)
		if err != nil {
			return err
		}
		for _, o := range queued {
			if o.ChatID != stays.ChatID() {
				t.Errorf("message %d to chat %d still queued", o.ID, o.ChatID)
			}
		}
		if len(queued) != 3 {
			t.Errorf("%d messages queued, want the other member's 3", len(queued))
		}
		failed, err := tx.FailedOutgoing(100)
		if err != nil {
			return err
		}
		if len(failed) != 3 {
			t.Errorf("%d failed messages, want the deleted member's 3", len(failed))
		}
		for _, o := range failed {
			if o.ChatID != gone.ChatID() || o.LastError != "member removed" || !o.FailedAt.Equal(t0.Add(time.Minute)) {
				t.Errorf("failed message: chat %d, error %q, failed at %v", o.ChatID, o.LastError, o.FailedAt)
			}
		}
		if got, err := tx.MemberByTelegramID(stays.TelegramID); err != nil || got.ID != stays.ID {
			t.Errorf("the other member: %v, %v", got, err)
		}
		return nil
	})

	t.Run("missing member", func(t *testing.T) {
		err := db.Update(func(tx *store.Tx) error { return tx.DeleteMember(gone.ID) })
		if !errors.Is(err, branchbot.ErrNotFound) {
			t.Errorf("DeleteMember of a deleted member: %v, want ErrNotFound", err)
		}
	})
	t.Run("name is free again", func(t *testing.T) {
		createMembers(t, db, "张三")
	})
}

func TestGroups(t *testing.T) {
	db := newDB(t)
	update(t, db, func(tx *store.Tx) error {
		for i, g := range []string{"第二小组", "第一小组", "", "第二小组"} {
			m := &branchbot.Member{Name: fmt.Sprintf("党员%d", i), Group: g, Role: branchbot.RoleMember}
			if err := tx.CreateMember(m); err != nil {
				return err
			}
		}
		if err := tx.PutGroup(store.Group{Name: "Alpha"}); err != nil {
			return err
		}
		if err := tx.PutGroup(store.Group{Name: "Alpha"}); err != nil {
			return fmt.Errorf("second PutGroup of the same group: %w", err)
		}
		if err := tx.PutGroup(store.Group{Name: ""}); !errors.Is(err, branchbot.ErrBadName) {
			t.Errorf("PutGroup with an empty name: %v, want ErrBadName", err)
		}
		return nil
	})
	view(t, db, func(tx *store.Tx) error {
		gs, err := tx.Groups()
		if err != nil {
			return err
		}
		var names []string
		for _, g := range gs {
			names = append(names, g.Name)
		}
		if got, want := strings.Join(names, ","), "Alpha,第一小组,第二小组"; got != want {
			t.Errorf("Groups() = %s, want %s", got, want)
		}
		return nil
	})
}

func TestMembersAndCountRole(t *testing.T) {
	db := newDB(t)
	roles := []branchbot.Role{branchbot.RoleSecretary, branchbot.RoleMember, branchbot.RoleCommittee, branchbot.RoleMember, branchbot.RoleLeader, branchbot.RoleMember}
	update(t, db, func(tx *store.Tx) error {
		for i, r := range roles {
			if err := tx.CreateMember(&branchbot.Member{Name: fmt.Sprintf("党员%d", i), Role: r}); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, db, func(tx *store.Tx) error {
		all, err := tx.Members()
		if err != nil {
			return err
		}
		for i, m := range all {
			if m.ID != int64(i+1) || m.Role != roles[i] {
				t.Errorf("Members()[%d] = #%d %s, want #%d %s", i, m.ID, m.Role, i+1, roles[i])
			}
		}
		for _, tt := range []struct {
			role branchbot.Role
			want int
		}{
			{branchbot.RoleSecretary, 1},
			{branchbot.RoleCommittee, 1},
			{branchbot.RoleLeader, 1},
			{branchbot.RoleMember, 3},
			{"nobody", 0},
		} {
			if n, err := tx.CountRole(tt.role); err != nil || n != tt.want {
				t.Errorf("CountRole(%s) = %d, %v; want %d", tt.role, n, err, tt.want)
			}
		}
		// ForEachMember stops at the first error and returns it.
		stop := errors.New("stop")
		seen := 0
		err = tx.ForEachMember(func(*branchbot.Member) error {
			seen++
			if seen == 2 {
				return stop
			}
			return nil
		})
		if !errors.Is(err, stop) || seen != 2 {
			t.Errorf("ForEachMember: %v after %d members, want stop after 2", err, seen)
		}
		return nil
	})
}

func TestInvites(t *testing.T) {
	db := newDB(t)
	m := createMembers(t, db, "张三")[0]
	inv := &branchbot.Invite{Code: branchbot.NewInviteCode(), MemberID: m.ID, CreatedBy: 1, CreatedAt: t0, ExpiresAt: t0.Add(branchbot.InviteTTL)}
	update(t, db, func(tx *store.Tx) error { return tx.PutInvite(inv) })
	update(t, db, func(tx *store.Tx) error {
		got, err := tx.Invite(inv.Code)
		if err != nil {
			return err
		}
		if *got != *inv {
			t.Errorf("Invite() = %+v, want %+v", got, inv)
		}
		got.UsedAt, got.UsedBy = t0.Add(time.Minute), 1001
		return tx.PutInvite(got)
	})
	view(t, db, func(tx *store.Tx) error {
		got, err := tx.Invite(inv.Code)
		if err != nil {
			return err
		}
		if err := got.Check(t0.Add(2 * time.Minute)); !errors.Is(err, branchbot.ErrInviteUsed) {
			t.Errorf("used invite's Check: %v, want ErrInviteUsed", err)
		}
		if _, err := tx.Invite("no-such-code"); !errors.Is(err, branchbot.ErrNotFound) {
			t.Errorf("Invite of an unknown code: %v, want ErrNotFound", err)
		}
		return nil
	})
}
