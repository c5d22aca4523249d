package branchbot

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// MaxCallbackData is Telegram's limit on a button's callback data, in bytes.
const MaxCallbackData = 64

// callbackVersion prefixes every callback data this build writes, so a
// button sent by an older build is recognised rather than misread.
const callbackVersion = "1"

// ErrBadCallback means callback data could not be decoded.
var ErrBadCallback = errors.New("bad callback data")

// Callback is what an inline button carries: the action, the member the
// button was sent to (only they may press it), and what it acts on.
type Callback struct {
	Action string // short name, [a-z0-9]+, e.g. "rm" (confirm removal)
	Owner  int64  // member id of the person the button was sent to
	Arg    string // what the action acts on, e.g. a member id; no '|'
}

// Encode renders c as "1|action|owner|arg" and checks it fits in 64 bytes.
func (c Callback) Encode() (string, error) {
	if !validAction(c.Action) || strings.ContainsRune(c.Arg, '|') || c.Owner < 0 {
		return "", fmt.Errorf("%w: cannot encode %+v", ErrBadCallback, c)
	}
	s := callbackVersion + "|" + c.Action + "|" + strconv.FormatInt(c.Owner, 10) + "|" + c.Arg
	if len(s) > MaxCallbackData {
		return "", fmt.Errorf("%w: %d bytes, at most %d", ErrBadCallback, len(s), MaxCallbackData)
	}
	return s, nil
}

// MustEncode is Encode for callbacks built from values the program
// controls; it panics on a programming error.
func (c Callback) MustEncode() string {
	s, err := c.Encode()
	if err != nil {
		panic(err)
	}
	return s
}

// DecodeCallback parses callback data written by Encode. Anything else,
// including data from an older version, is ErrBadCallback.
func DecodeCallback(s string) (Callback, error) {
	if len(s) > MaxCallbackData {
		return Callback{}, fmt.Errorf("%w: too long", ErrBadCallback)
	}
	parts := strings.Split(s, "|")
	if len(parts) != 4 || parts[0] != callbackVersion || !validAction(parts[1]) {
		return Callback{}, fmt.Errorf("%w: %q", ErrBadCallback, s)
	}
	owner, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil || owner < 0 || strconv.FormatInt(owner, 10) != parts[2] {
		return Callback{}, fmt.Errorf("%w: owner in %q", ErrBadCallback, s)
	}
	return Callback{Action: parts[1], Owner: owner, Arg: parts[3]}, nil
}

func validAction(a string) bool {
	if a == "" || len(a) > 8 {
		return false
	}
	for _, r := range a {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}
