package bot

// How a broadcast looks: the preview the secretary confirms, the heading
// and text of each copy, the names of audiences.

import (
	"strconv"
	"strings"
	"time"

	"github.com/branchbot/branchbot"
)

// audienceSize counts the members a broadcast would go to, and how many
// of them cannot be reached (not joined, or blocked the bot).
func (r *request) audienceSize(b *branchbot.Broadcast) (total, unreachable int, err error) {
	err = r.tx.ForEachMember(func(m *branchbot.Member) error {
		if m.ID == b.AuthorID || !b.Includes(m) {
			return nil
		}
		total++
		if !m.Bound() || m.Unreachable {
			unreachable++
		}
		return nil
	})
	return total, unreachable, err
}

// previewView is the summary under the preview, with the buttons that send,
// cancel and change it.
func (r *request) previewView(b *branchbot.Broadcast, total, unreachable int) (string, [][]branchbot.Button) {
	l := r.lang
	lines := []string{
		T(l, "bc.pv.head", b.ID),
		T(l, "bc.pv.kind", T(l, "bc.kind."+string(b.Kind))),
		T(l, "bc.pv.audience", audienceName(l, b), total),
	}
	if unreachable > 0 {
		lines[len(lines)-1] += T(l, "bc.pv.unreach", unreachable)
	}
	lines = append(lines, T(l, onOff("bc.pv.ack", b.Ack)))
	if r.b.opts.GroupChat != 0 {
		lines = append(lines, T(l, onOff("bc.pv.group", b.GroupChat)))
	}
	send := "bc.btn.send"
	var quietRow []branchbot.Button
	if b.SendAt.IsZero() {
		lines = append(lines, T(l, "bc.pv.now"))
	} else {
		var at []string
		at, quietRow = r.atLines(b)
		lines = append(lines, at...)
		send = "bc.btn.sendat"
	}
	lines = append(lines, "", T(l, "bc.pv.hint", T(l, send)))
	cb := func(action string) string {
		return branchbot.Callback{Action: action, Owner: r.member.ID, Arg: strconv.FormatInt(b.ID, 10)}.MustEncode()
	}
	kb := [][]branchbot.Button{
		{{Text: T(l, send), Data: cb("bcgo")}, {Text: T(l, "bc.btn.cancel"), Data: cb("bcno")}},
		{{Text: T(l, "bc.btn.aud", audienceName(l, b)), Data: cb("bcau")}, {Text: T(l, onOff("bc.btn.ack", b.Ack)), Data: cb("bcak")}},
	}
	if r.b.opts.GroupChat != 0 {
		kb = append(kb, []branchbot.Button{{Text: T(l, onOff("bc.btn.group", b.GroupChat)), Data: cb("bcgc")}})
	}
	if quietRow != nil {
		kb = append(kb, quietRow)
	}
	return strings.Join(lines, "\n"), kb
}

// when formats an instant for people: "11-26 08:00" in the branch's zone.
func (b *Bot) when(t time.Time) string { return t.In(b.opts.Location).Format("01-02 15:04") }

// nextAudience is the audience after b's in the cycle the preview's
// button walks: all, the committee, then each group.
func (r *request) nextAudience(b *branchbot.Broadcast) error {
	gs, err := r.tx.Groups()
	if err != nil {
		return err
	}
	type aud struct{ audience, group string }
	cycle := []aud{{branchbot.AudienceAll, ""}, {branchbot.AudienceCommittee, ""}}
	for _, g := range gs {
		cycle = append(cycle, aud{branchbot.AudienceGroup, g.Name})
	}
	next := cycle[0]
	for i, a := range cycle {
		if a.audience == b.Audience && a.group == b.Group {
			next = cycle[(i+1)%len(cycle)]
		}
	}
	b.Audience, b.Group = next.audience, next.group
	return nil
}

func onOff(key string, on bool) string {
	if on {
		return key + ".on"
	}
	return key + ".off"
}

// audienceName names a broadcast's audience.
func audienceName(l branchbot.Lang, b *branchbot.Broadcast) string {
	if b.Audience == branchbot.AudienceGroup {
		return T(l, "bc.aud.group", b.Group)
	}
	return T(l, "bc.aud."+b.Audience)
}

// excerpt is the first line of s, cut to n characters.
func excerpt(s string, n int) string {
	s, _, cut := strings.Cut(strings.TrimSpace(s), "\n")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	if cut {
		return s + "…"
	}
	return s
}

// noticeHead is the first line of a broadcast's copy: what kind of notice
// it is.
func (b *Bot) noticeHead(bc *branchbot.Broadcast, l branchbot.Lang) string {
	if bc.Kind == branchbot.BroadcastDirective {
		t := bc.CreatedAt.In(b.opts.Location)
		if l == branchbot.LangEN {
			return T(l, "bc.head.directive", t.Format("January 2006"))
		}
		return T(l, "bc.head.directive", t.Format("2006年1月"))
	}
	return T(l, "bc.head.notice", b.opts.BranchName)
}

// notice renders a copy of a broadcast in language l: the heading, then
// the text with its formatting. owner is the member it goes to, who gets
// the 已阅 button when the broadcast asks for acknowledgement; 0 for the
// preview and the group chat.
func (b *Bot) notice(bc *branchbot.Broadcast, l branchbot.Lang, owner int64) branchbot.Outgoing {
	head := b.noticeHead(bc, l)
	if bc.Text != "" {
		head += "\n\n"
	}
	o := branchbot.Outgoing{
		Text:     head + bc.Text,
		Entities: branchbot.ShiftEntities(bc.Entities, branchbot.UTF16Len(head)),
		Photo:    bc.Photo,
		Document: bc.Document,
	}
	if bc.Ack && owner != 0 {
		o.Keyboard = [][]branchbot.Button{{ackButton(l, owner, bc.ID)}}
	}
	return o
}

func ackButton(l branchbot.Lang, owner, id int64) branchbot.Button {
	return branchbot.Button{
		Text: T(l, "bc.ack.btn"),
		Data: branchbot.Callback{Action: "ack", Owner: owner, Arg: strconv.FormatInt(id, 10)}.MustEncode(),
	}
}
