package store

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/branchbot/branchbot"
)

// Group is a party group (党小组) of the branch.
type Group struct {
	Name string `json:"name"`
}

// CreateMember stores a new member and sets m.ID. A member's name must be
// unique in the branch, so commands can name them.
func (tx *Tx) CreateMember(m *branchbot.Member) error {
	m.ID = 0
	if err := tx.checkName(m); err != nil {
		return fmt.Errorf("store: create member %q: %w", m.Name, err)
	}
	seq, err := tx.bucket(bMembers).NextSequence()
	if err != nil {
		return fmt.Errorf("store: create member: %w", err)
	}
	m.ID = int64(seq)
	if m.CreatedAt.IsZero() {
		m.CreatedAt = tx.now
	}
	if err := tx.putMember(m, nil); err != nil {
		m.ID = 0
		return err
	}
	return nil
}

// PutMember writes an existing member, keeping the Telegram index in step.
// A new name must be valid and not another member's. It writes the role as
// given, so that a transaction may pass through a state with no secretary
// (one steps down as others are named); a role chosen in the chat goes
// through SetRole, which keeps the last secretary.
func (tx *Tx) PutMember(m *branchbot.Member) error {
	if m.ID == 0 {
		return fmt.Errorf("store: put member %q: no id", m.Name)
	}
	old := new(branchbot.Member)
	found, err := get(tx.bucket(bMembers), i64(m.ID), old)
	if err != nil {
		return fmt.Errorf("store: put member %d: %w", m.ID, err)
	}
	if !found {
		old = nil
	}
	if old == nil || old.Name != m.Name {
		if err := tx.checkName(m); err != nil {
			return fmt.Errorf("store: put member %d %q: %w", m.ID, m.Name, err)
		}
	}
	return tx.putMember(m, old)
}

// checkName checks that m's name is valid and that no other member has it.
func (tx *Tx) checkName(m *branchbot.Member) error {
	if err := branchbot.ValidateName(m.Name); err != nil {
		return err
	}
	other, err := tx.MemberByName(m.Name)
	switch {
	case err == nil && other.ID != m.ID:
		return ErrNameTaken
	case err != nil && !errors.Is(err, branchbot.ErrNotFound):
		return err
	}
	return nil
}

// putMember writes m over old (nil for a new member). Everything that can
// refuse the write is checked before anything is written, so a refused
// write leaves the transaction as it was: callers commit after reporting
// such an error to the member (the update id must be recorded).
func (tx *Tx) putMember(m, old *branchbot.Member) error {
	idx := tx.bucket(bMembersByTG)
	if m.TelegramID != 0 {
		if other := idx.Get(i64(m.TelegramID)); other != nil && int64(getID(other)) != m.ID {
			return fmt.Errorf("store: put member %d: %w", m.ID, branchbot.ErrAlreadyBound)
		}
	}
	if m.Group != "" {
		if err := branchbot.ValidateName(m.Group); err != nil {
			return fmt.Errorf("store: put member %d: group: %w", m.ID, err)
		}
	}
	if old != nil && old.TelegramID != 0 && old.TelegramID != m.TelegramID {
		if err := idx.Delete(i64(old.TelegramID)); err != nil {
			return fmt.Errorf("store: put member %d: %w", m.ID, err)
		}
	}
	if m.TelegramID != 0 {
		if err := idx.Put(i64(m.TelegramID), i64(m.ID)); err != nil {
			return fmt.Errorf("store: put member %d: %w", m.ID, err)
		}
	}
	names := tx.bucket(bMembersByName)
	if old != nil && old.Name != m.Name {
		if err := names.Delete([]byte(old.Name)); err != nil {
			return fmt.Errorf("store: put member %d: %w", m.ID, err)
		}
	}
	if err := names.Put([]byte(m.Name), i64(m.ID)); err != nil {
		return fmt.Errorf("store: put member %d: %w", m.ID, err)
	}
	if m.Group != "" {
		if err := tx.PutGroup(Group{Name: m.Group}); err != nil {
			return err
		}
	}
	if err := put(tx.bucket(bMembers), i64(m.ID), m); err != nil {
		return fmt.Errorf("store: put member %d: %w", m.ID, err)
	}
	// The scheduler reads the plan, not the member: keep its copy of the
	// chat, reachability and language current.
	return tx.syncPlan(m)
}

// Member returns the member with the given id.
func (tx *Tx) Member(id int64) (*branchbot.Member, error) {
	var m branchbot.Member
	found, err := get(tx.bucket(bMembers), i64(id), &m)
	if err != nil {
		return nil, fmt.Errorf("store: member %d: %w", id, err)
	}
	if !found {
		return nil, fmt.Errorf("store: member %d: %w", id, branchbot.ErrNotFound)
	}
	return &m, nil
}

// MemberByTelegramID returns the member bound to a Telegram user id.
func (tx *Tx) MemberByTelegramID(tgID int64) (*branchbot.Member, error) {
	v := tx.bucket(bMembersByTG).Get(i64(tgID))
	if v == nil {
		return nil, fmt.Errorf("store: member with telegram id %d: %w", tgID, branchbot.ErrNotFound)
	}
	return tx.Member(int64(getID(v)))
}

// MemberByName returns the member with exactly this name.
func (tx *Tx) MemberByName(name string) (*branchbot.Member, error) {
	v := tx.bucket(bMembersByName).Get([]byte(name))
	if v == nil {
		return nil, fmt.Errorf("store: member %q: %w", name, branchbot.ErrNotFound)
	}
	return tx.Member(int64(getID(v)))
}

// FindMember resolves what a secretary typed to name a member: "#12" or
// "12" (the member id), an exact name, or a unique prefix of a name.
func (tx *Tx) FindMember(q string) (*branchbot.Member, error) {
	q = strings.TrimSpace(q)
	if id, err := strconv.ParseInt(strings.TrimPrefix(q, "#"), 10, 64); err == nil && id > 0 {
		if m, err := tx.Member(id); err == nil {
			return m, nil
		}
	}
	if m, err := tx.MemberByName(q); err == nil {
		return m, nil
	}
	var matches []*branchbot.Member
	err := tx.ForEachMember(func(m *branchbot.Member) error {
		if q != "" && strings.HasPrefix(strings.ToLower(m.Name), strings.ToLower(q)) {
			matches = append(matches, m)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	switch len(matches) {
	case 0:
		return nil, fmt.Errorf("store: find member %q: %w", q, branchbot.ErrNotFound)
	case 1:
		return matches[0], nil
	}
	return nil, fmt.Errorf("store: find member %q: %w", q, branchbot.ErrAmbiguous)
}

// ForEachMember calls fn for every member in id order. The member passed
// is fn's to keep.
func (tx *Tx) ForEachMember(fn func(*branchbot.Member) error) error {
	c := tx.bucket(bMembers).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		m := new(branchbot.Member)
		if err := jsonDecode(v, m); err != nil {
			return fmt.Errorf("store: member %d: %w", getID(k), err)
		}
		if err := fn(m); err != nil {
			return err
		}
	}
	return nil
}

// Members returns every member in id order.
func (tx *Tx) Members() ([]*branchbot.Member, error) {
	var all []*branchbot.Member
	err := tx.ForEachMember(func(m *branchbot.Member) error {
		all = append(all, m)
		return nil
	})
	return all, err
}

// CountRole counts the members who hold role r.
func (tx *Tx) CountRole(r branchbot.Role) (int, error) {
	n := 0
	err := tx.ForEachMember(func(m *branchbot.Member) error {
		if m.Role == r {
			n++
		}
		return nil
	})
	return n, err
}

// DeleteMember removes a member, their Telegram binding and their invites.
// Their queued messages are moved to the failed list. The last secretary
// is not removed: that is branchbot.ErrLastSecretary, and nothing changes.
func (tx *Tx) DeleteMember(id int64) error {
	m, err := tx.Member(id)
	if err != nil {
		return err
	}
	if err := tx.keepSecretary(m); err != nil {
		return fmt.Errorf("store: delete member %d: %w", id, err)
	}
	if m.TelegramID != 0 {
		if err := tx.bucket(bMembersByTG).Delete(i64(m.TelegramID)); err != nil {
			return err
		}
		if _, err := tx.DropChat(m.TelegramID, "member removed"); err != nil {
			return err
		}
	}
	inv := tx.bucket(bInvites)
	var codes [][]byte
	c := inv.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		var i branchbot.Invite
		if err := jsonDecode(v, &i); err == nil && i.MemberID == id {
			codes = append(codes, append([]byte(nil), k...))
		}
	}
	for _, k := range codes {
		if err := inv.Delete(k); err != nil {
			return err
		}
	}
	if err := tx.deleteStudy(id); err != nil {
		return err
	}
	if err := tx.bucket(bMembersByName).Delete([]byte(m.Name)); err != nil {
		return err
	}
	return tx.bucket(bMembers).Delete(i64(id))
}

// PutGroup records a group; it is a no-op for a group that exists.
func (tx *Tx) PutGroup(g Group) error {
	if err := branchbot.ValidateName(g.Name); err != nil {
		return fmt.Errorf("store: put group: %w", err)
	}
	b := tx.bucket(bGroups)
	if b.Get([]byte(g.Name)) != nil {
		return nil
	}
	return put(b, []byte(g.Name), g)
}

// Groups returns the branch's groups, sorted by name.
func (tx *Tx) Groups() ([]Group, error) {
	var gs []Group
	err := tx.bucket(bGroups).ForEach(func(k, v []byte) error {
		var g Group
		if err := jsonDecode(v, &g); err != nil {
			return err
		}
		gs = append(gs, g)
		return nil
	})
	sort.Slice(gs, func(i, j int) bool { return gs[i].Name < gs[j].Name })
	return gs, err
}
