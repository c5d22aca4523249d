package branchbot

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Role is what a member may do in the branch.
type Role string

// The roles, from most to least privileged.
const (
	RoleSecretary Role = "secretary" // 支部书记 and the deputies the secretary names
	RoleCommittee Role = "committee" // 支委: talks with members, sees reports
	RoleLeader    Role = "leader"    // 党小组长: leads one group
	RoleMember    Role = "member"    // 党员
)

// Roles lists every role, most privileged first.
var Roles = []Role{RoleSecretary, RoleCommittee, RoleLeader, RoleMember}

// ParseRole reads a role name, accepting the English names and the Chinese
// words a secretary would type.
func ParseRole(s string) (Role, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "secretary", "书记", "支部书记":
		return RoleSecretary, nil
	case "committee", "支委", "支委委员":
		return RoleCommittee, nil
	case "leader", "组长", "党小组长":
		return RoleLeader, nil
	case "member", "党员", "成员":
		return RoleMember, nil
	}
	return "", fmt.Errorf("%w: %q", ErrUnknownRole, s)
}

// Lang is the language a member reads.
type Lang string

// The languages branchbot speaks. Chinese is the default.
const (
	LangZH Lang = "zh"
	LangEN Lang = "en"
)

// ParseLang reads a language code such as "zh", "zh-CN" or "en-US".
func ParseLang(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "zh" || strings.HasPrefix(s, "zh-") || s == "中文":
		return LangZH, true
	case s == "en" || strings.HasPrefix(s, "en-") || s == "english":
		return LangEN, true
	}
	return "", false
}

// Member is one person of the branch. A member exists from the moment the
// secretary invites them; TelegramID is zero until they follow the invite.
type Member struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	TelegramID int64  `json:"tg,omitempty"`
	Username   string `json:"username,omitempty"`
	// AutoName marks a name the bot made up (for a secretary named only by
	// id in the config); the member's Telegram name replaces it.
	AutoName  bool      `json:"auto_name,omitempty"`
	Group     string    `json:"group,omitempty"`
	Role      Role      `json:"role"`
	Lang      Lang      `json:"lang,omitempty"`
	JoinedAt  time.Time `json:"joined,omitempty"`
	CreatedAt time.Time `json:"created"`

	// Unreachable is set when Telegram says the member blocked the bot or
	// the chat is gone; nothing is sent to them until they write again.
	Unreachable      bool      `json:"unreachable,omitempty"`
	UnreachableSince time.Time `json:"unreachable_since,omitzero"`
	UnreachableWhy   string    `json:"unreachable_why,omitempty"`
}

// Bound reports whether the member has joined through their invite.
func (m *Member) Bound() bool { return m.TelegramID != 0 }

// ChatID is the private chat the bot writes the member in. For a private
// chat Telegram uses the user id as the chat id.
func (m *Member) ChatID() int64 { return m.TelegramID }

// Is reports whether the member has at least the powers of role r.
func (m *Member) Is(r Role) bool { return m.Role.AtLeast(r) }

// SeesBranch reports whether the member's lists and reports cover the
// whole branch: the committee and secretaries do; a group leader sees
// their own group.
func (m *Member) SeesBranch() bool { return m.Is(RoleCommittee) }

// Sees reports whether other is in the member's lists and reports.
func (m *Member) Sees(other *Member) bool { return m.SeesBranch() || other.Group == m.Group }

// AtLeast reports whether role r has at least the powers of role need: who
// may use a command, press a secretary's button or read a report. An
// unknown role has none.
func (r Role) AtLeast(need Role) bool { return rank(r) <= rank(need) }

func rank(r Role) int {
	for i, x := range Roles {
		if x == r {
			return i
		}
	}
	return len(Roles)
}

// MaxNameLen bounds member and group names, in characters.
const MaxNameLen = 64

// ValidateName checks a member or group name typed by a secretary.
func ValidateName(s string) error {
	switch n := utf8.RuneCountInString(s); {
	case strings.TrimSpace(s) == "":
		return fmt.Errorf("%w: empty", ErrBadName)
	case n > MaxNameLen:
		return fmt.Errorf("%w: %d characters, at most %d", ErrBadName, n, MaxNameLen)
	case strings.ContainsAny(s, "\n\r\t"):
		return fmt.Errorf("%w: contains a line break or tab", ErrBadName)
	}
	return nil
}
