package branchbot

import (
	"crypto/rand"
	"encoding/base64"
	"time"
)

// InviteTTL is how long an invite link stays valid.
const InviteTTL = 7 * 24 * time.Hour

// Invite is a one-time link the secretary hands to a new member. Following
// it binds the follower's Telegram account to the member it was made for.
type Invite struct {
	Code      string    `json:"code"`
	MemberID  int64     `json:"member"`
	CreatedBy int64     `json:"by"`
	CreatedAt time.Time `json:"created"`
	ExpiresAt time.Time `json:"expires"`
	UsedAt    time.Time `json:"used,omitzero"`
	UsedBy    int64     `json:"used_by,omitempty"`
}

// Check tells whether the invite can still be used at now.
func (inv *Invite) Check(now time.Time) error {
	switch {
	case !inv.UsedAt.IsZero():
		return ErrInviteUsed
	case !now.Before(inv.ExpiresAt):
		return ErrInviteExpired
	}
	return nil
}

// NewInviteCode returns an opaque, URL-safe code of 22 characters carrying
// 128 random bits: short enough for a /start payload (at most 64
// characters of A-Z, a-z, 0-9, _ and -), too long to guess.
func NewInviteCode() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+).
	return base64.RawURLEncoding.EncodeToString(b[:])
}
