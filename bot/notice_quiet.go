package bot

// Notices set for a time in the quiet hours: the scheduler holds them
// until the quiet hours end, unless the secretary chose to send them
// silently at the time set. The preview says which.

import (
	"fmt"
	"time"

	"github.com/branchbot/branchbot"
)

// heldUntil is when a notice set for at really goes out: at itself, or,
// when at falls in the quiet hours, the minute they end (held reports it).
func (b *Bot) heldUntil(at time.Time) (t time.Time, held bool) {
	q, loc := b.opts.Quiet, b.opts.Location
	if !q.Contains(branchbot.ClockOf(at, loc)) {
		return at, false
	}
	y, mo, d := at.In(loc).Date()
	end := time.Date(y, mo, d, q.To.Hour, q.To.Minute, 0, 0, loc)
	if !end.After(at) {
		end = time.Date(y, mo, d+1, q.To.Hour, q.To.Minute, 0, 0, loc)
	}
	return end, true
}

// goesAt is when a broadcast set for a time will go out.
func (b *Bot) goesAt(bc *branchbot.Broadcast) time.Time {
	if bc.Silent {
		return bc.SendAt
	}
	t, _ := b.heldUntil(bc.SendAt)
	return t
}

// whenGoes is goesAt for people, marked when it goes silently.
func (b *Bot) whenGoes(l branchbot.Lang, bc *branchbot.Broadcast) string {
	s := b.when(b.goesAt(bc))
	if _, held := b.heldUntil(bc.SendAt); held && bc.Silent {
		s += T(l, "bc.silent.tag")
	}
	return s
}

// quietSpan names the quiet hours: "22:00–07:00".
func (b *Bot) quietSpan() string {
	return b.opts.Quiet.From.String() + "–" + b.opts.Quiet.To.String()
}

// atLines are the preview's lines about when a broadcast set for a time
// goes, and the button that chooses between holding it to the end of the
// quiet hours and sending it silently on time (nil outside quiet hours).
func (r *request) atLines(bc *branchbot.Broadcast) ([]string, []branchbot.Button) {
	l := r.lang
	end, held := r.b.heldUntil(bc.SendAt)
	if !held {
		return []string{T(l, "bc.pv.at", r.b.when(bc.SendAt))}, nil
	}
	cb := branchbot.Callback{Action: "bcsl", Owner: r.member.ID, Arg: fmt.Sprint(bc.ID)}.MustEncode()
	if bc.Silent {
		return []string{T(l, "bc.pv.silent", r.b.when(bc.SendAt), r.b.quietSpan())},
			[]branchbot.Button{{Text: T(l, "bc.btn.loud", r.b.when(end)), Data: cb}}
	}
	return []string{T(l, "bc.pv.at", r.b.when(bc.SendAt)), T(l, "bc.pv.held", r.b.quietSpan(), r.b.when(end))},
		[]branchbot.Button{{Text: T(l, "bc.btn.silent", r.b.when(bc.SendAt)), Data: cb}}
}
