package store

import (
	"fmt"

	"github.com/branchbot/branchbot"
)

// The branch always keeps a secretary: only a secretary can invite members
// and name roles, so a branch without one could not be run from the chat.
// SetRole and DeleteMember refuse what would leave none with
// branchbot.ErrLastSecretary, and CheckRemove says so before a removal is
// confirmed.

// keepSecretary refuses, with branchbot.ErrLastSecretary, to let m stop
// being a secretary (demoted or removed) when m is the only one left. It
// reads m's stored role, so the caller passes the member as stored.
func (tx *Tx) keepSecretary(m *branchbot.Member) error {
	if m.Role != branchbot.RoleSecretary {
		return nil
	}
	n, err := tx.CountRole(branchbot.RoleSecretary)
	if err != nil {
		return err
	}
	if n <= 1 {
		return fmt.Errorf("member %d %q: %w", m.ID, m.Name, branchbot.ErrLastSecretary)
	}
	return nil
}

// SetRole gives member id role r and returns the member as written. Demoting
// the last secretary is refused with branchbot.ErrLastSecretary, and
// nothing changes.
func (tx *Tx) SetRole(id int64, r branchbot.Role) (*branchbot.Member, error) {
	if _, err := branchbot.ParseRole(string(r)); err != nil {
		return nil, fmt.Errorf("store: set role of member %d: %w", id, err)
	}
	m, err := tx.Member(id)
	if err != nil {
		return nil, err
	}
	if m.Role == r {
		return m, nil
	}
	if r != branchbot.RoleSecretary {
		if err := tx.keepSecretary(m); err != nil {
			return nil, fmt.Errorf("store: set role of member %d to %s: %w", id, r, err)
		}
	}
	m.Role = r
	if err := tx.PutMember(m); err != nil {
		return nil, err
	}
	return m, nil
}

// CheckRemove reports whether member id could be removed now: an error
// wrapping branchbot.ErrLastSecretary for the last secretary, so that a
// removal is refused before it is asked to be confirmed. DeleteMember
// checks again when it is.
func (tx *Tx) CheckRemove(id int64) error {
	m, err := tx.Member(id)
	if err != nil {
		return err
	}
	if err := tx.keepSecretary(m); err != nil {
		return fmt.Errorf("store: remove member %d: %w", id, err)
	}
	return nil
}
