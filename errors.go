package branchbot

import "errors"

// Errors shared by the packages of branchbot. Check them with errors.Is.
var (
	ErrNotFound       = errors.New("not found")
	ErrUnknownRole    = errors.New("unknown role")
	ErrBadName        = errors.New("bad name")
	ErrAmbiguous      = errors.New("more than one match")
	ErrLastSecretary  = errors.New("the last secretary cannot be removed or demoted")
	ErrInviteUsed     = errors.New("invite already used")
	ErrInviteExpired  = errors.New("invite expired")
	ErrAlreadyBound   = errors.New("telegram account already bound to a member")
	ErrMemberNotBound = errors.New("member has not joined yet")
)
