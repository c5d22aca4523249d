package branchbot

import "errors"

// Errors shared by the packages of branchbot. Check them with errors.Is.
// The refusals of the branch's rules are beside the rules: study_done.go
// and broadcast_state.go.
var (
	// ErrNotFound means the member, invite, broadcast or record asked for
	// does not exist.
	ErrNotFound = errors.New("not found")
	// ErrUnknownRole means a role name ParseRole does not know.
	ErrUnknownRole = errors.New("unknown role")
	// ErrBadName means a member or group name ValidateName refuses.
	ErrBadName = errors.New("bad name")
	// ErrAmbiguous means what was typed to name a member matches more
	// than one.
	ErrAmbiguous = errors.New("more than one match")
	// ErrLastSecretary means a change would leave the branch with no
	// secretary: the last one can be neither demoted nor removed, since
	// only a secretary can name another.
	ErrLastSecretary = errors.New("the last secretary cannot be removed or demoted")
	// ErrInviteUsed means the invite was followed already.
	ErrInviteUsed = errors.New("invite already used")
	// ErrInviteExpired means the invite is past its InviteTTL.
	ErrInviteExpired = errors.New("invite expired")
	// ErrAlreadyBound means the Telegram account is bound to another
	// member.
	ErrAlreadyBound = errors.New("telegram account already bound to a member")
)
