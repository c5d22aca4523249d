package store

import (
	"fmt"

	"github.com/branchbot/branchbot"
)

// PutInvite stores an invite, new or used.
func (tx *Tx) PutInvite(inv *branchbot.Invite) error {
	if err := put(tx.bucket(bInvites), []byte(inv.Code), inv); err != nil {
		return fmt.Errorf("store: put invite: %w", err)
	}
	return nil
}

// Invite returns the invite with the given code.
func (tx *Tx) Invite(code string) (*branchbot.Invite, error) {
	var inv branchbot.Invite
	found, err := get(tx.bucket(bInvites), []byte(code), &inv)
	if err != nil {
		return nil, fmt.Errorf("store: invite: %w", err)
	}
	if !found {
		return nil, fmt.Errorf("store: invite: %w", branchbot.ErrNotFound)
	}
	return &inv, nil
}
