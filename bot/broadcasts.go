package bot

// /broadcasts: the recent notices with their counts, and the names behind
// the counts of one of them.

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/branchbot/branchbot"
)

// recentBroadcasts is how many notices /broadcasts lists.
const recentBroadcasts = 10

// broadcasts handles /broadcasts.
func (r *request) broadcasts(_ []string) error {
	bs, err := r.tx.RecentBroadcasts(recentBroadcasts)
	if err != nil {
		return err
	}
	if len(bs) == 0 {
		return r.say("bc.list.empty")
	}
	l := r.lang
	var sb strings.Builder
	sb.WriteString(T(l, "bc.list.head", len(bs)))
	var kb [][]branchbot.Button
	for i, b := range bs {
		kind := ""
		if b.Kind == branchbot.BroadcastDirective {
			kind = T(l, "bc.list.directive")
		}
		at := b.SentAt
		if at.IsZero() {
			at = b.SendAt
		}
		fmt.Fprintf(&sb, "\n\n#%d · %s · %s%s\n“%s”\n", b.ID, r.b.when(at), audienceName(l, b), kind, excerpt(b.Text, 30))
		sb.WriteString(T(l, "bc.list.counts", b.Sent, b.Total, b.Failed, b.Unreachable))
		if b.Ack {
			sb.WriteString(T(l, "bc.list.acked", b.Acked, b.Sent))
		}
		switch b.State {
		case branchbot.BroadcastSending:
			sb.WriteString(T(l, "bc.list.sending"))
		case branchbot.BroadcastScheduled:
			sb.WriteString(T(l, "bc.list.scheduled", r.b.whenGoes(l, b)))
		}
		btn := branchbot.Button{
			Text: T(l, "bc.btn.names", b.ID),
			Data: branchbot.Callback{Action: "bcls", Owner: r.member.ID, Arg: strconv.FormatInt(b.ID, 10)}.MustEncode(),
		}
		if i%2 == 0 {
			kb = append(kb, []branchbot.Button{btn})
		} else {
			kb[len(kb)-1] = append(kb[len(kb)-1], btn)
		}
	}
	return r.send(&branchbot.Outgoing{Text: sb.String(), Keyboard: kb})
}

// broadcastNames sends the names behind a notice's counts: who read it
// and when, who has not, who could not be reached and why.
func (r *request) broadcastNames(b *branchbot.Broadcast) error {
	rs, err := r.tx.Recipients(b.ID)
	if err != nil {
		return err
	}
	sortedByState(rs)
	l := r.lang
	loc := r.b.opts.Location
	groups := map[string][]string{}
	for _, rc := range rs {
		var m *branchbot.Member
		if mm, err := r.tx.Member(rc.MemberID); err == nil {
			m = mm
		}
		name := memberName(l, m, rc.MemberID)
		var key string
		switch rc.State {
		case branchbot.RecipientSent:
			switch {
			case !rc.AckedAt.IsZero():
				key, name = "bc.names.acked", name+" · "+rc.AckedAt.In(loc).Format("01-02 15:04")
			case b.Ack:
				key = "bc.names.unacked"
			default:
				key = "bc.names.sent"
			}
		case branchbot.RecipientUnreachable:
			key, name = "bc.names.unreach", name+whyText(l, rc.Why)
		case branchbot.RecipientFailed:
			key, name = "bc.names.failed", name+whyText(l, rc.Why)
		default:
			key = "bc.names.queued"
		}
		groups[key] = append(groups[key], name)
	}
	lines := []string{T(l, "bc.names.head", b.ID, len(rs), excerpt(b.Text, 30))}
	for _, key := range []string{"bc.names.acked", "bc.names.unacked", "bc.names.sent", "bc.names.queued", "bc.names.unreach", "bc.names.failed"} {
		if names := groups[key]; len(names) > 0 {
			lines = append(lines, "", T(l, key, len(names)))
			lines = append(lines, names...)
		}
	}
	return r.send(&branchbot.Outgoing{Text: strings.Join(lines, "\n")})
}
