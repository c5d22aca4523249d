package bot

import (
	"context"
	"errors"
	"time"

	"golang.org/x/time/rate"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/store"
)

// The dispatcher walks the outbox in passes, each from the lowest id up, a
// batch of records at a time. Two rules keep a message from going out
// twice and a chat's messages in order:
//
//   - A batch is a copy taken before answers that came back since: the
//     record may have been sent and removed meanwhile, or rescheduled with
//     a backoff. So a copy only says what to look at; before a record is
//     sent it is read again, after every answer reported so far was taken
//     in (a worker records the outcome before it reports), and that reading
//     decides.
//   - Within a pass, the first record of a chat met is the chat's oldest
//     queued one (ids grow with every record queued, and a pass sees them
//     in id order). Until the pass ends, nothing later of that chat goes,
//     in this batch or the next, unless that oldest one turns out to be
//     gone.

func (s *sender) dispatch(ctx context.Context, jobs chan<- branchbot.Outgoing) error {
	var cursor uint64
	dispatched := false // anything sent since the scan last wrapped
	for {
		if cursor == 0 {
			clear(s.heads) // a new pass
		}
		recs, err := s.load(cursor)
		if err != nil {
			s.log.Error("reading the outbox failed", "err", err)
			recs = nil
		}
		if len(recs) == 0 {
			if cursor != 0 && dispatched {
				cursor, dispatched = 0, false
				continue
			}
			cursor = 0
			dispatched = false
			if err := s.idle(ctx); err != nil {
				return nil
			}
			continue
		}
		for i := range recs {
			cursor = recs[i].ID
			if ctx.Err() != nil {
				return nil
			}
			s.drainResults()
			o, ok := s.take(&recs[i])
			if !ok {
				continue
			}
			if err := s.global.Wait(ctx); err != nil {
				return nil
			}
			c := s.chat(o.ChatID)
			c.busy, c.prevSent, c.lastSent = true, c.lastSent, s.clock()
			s.inflight[o.ID] = true
			for sent := false; !sent; {
				select {
				case jobs <- *o:
					sent = true
				case res := <-s.results:
					s.record(res)
				case <-ctx.Done():
					return nil
				}
			}
			dispatched = true
		}
	}
}

// take decides about the record the scan has reached, given its copy from
// the batch. It returns the record as the store holds it now if it may be
// sent now, and then has reserved the chat's rate.
func (s *sender) take(seen *branchbot.Outgoing) (*branchbot.Outgoing, bool) {
	if _, ok := s.heads[seen.ChatID]; ok {
		return nil, false // an older record of the chat waits or is in flight
	}
	s.heads[seen.ChatID] = seen.ID
	now := s.clock()
	// Only a failed attempt moves NotBefore, always later: a copy that
	// must wait, must.
	if s.inflight[seen.ID] || !s.waitUntil(seen.NotBefore, now) {
		return nil, false
	}
	r, ok := s.reserve(seen.ChatID, now)
	if !ok {
		return nil, false
	}
	o, err := s.reread(seen.ID)
	switch {
	case errors.Is(err, branchbot.ErrNotFound):
		// Sent, failed or dropped since the batch was read: the chat's
		// next record met is now its oldest.
		r.CancelAt(now)
		delete(s.heads, seen.ChatID)
		return nil, false
	case err != nil:
		r.CancelAt(now)
		s.log.Error("reading an outbox record failed", "id", seen.ID, "err", err)
		s.waitUntil(now.Add(time.Second), now)
		return nil, false
	case !s.waitUntil(o.NotBefore, now):
		r.CancelAt(now)
		return nil, false
	}
	return o, true
}

// waitUntil reports whether at has come; if not, the dispatcher looks
// again then at the latest.
func (s *sender) waitUntil(at, now time.Time) bool {
	if !now.Before(at) {
		return true
	}
	if s.wakeAt.IsZero() || at.Before(s.wakeAt) {
		s.wakeAt = at
	}
	return false
}

// reserve reports whether the limits let a request to chat go now and, if
// so, reserves the chat's rate for it. When they do not, the dispatcher
// looks again when they may (or when a request in flight to the chat is
// answered).
func (s *sender) reserve(chat int64, now time.Time) (*rate.Reservation, bool) {
	if !s.waitUntil(s.globalUntil, now) {
		return nil, false
	}
	c := s.chat(chat)
	if c.busy || !s.waitUntil(c.until, now) {
		return nil, false
	}
	r := c.limiter.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		s.waitUntil(now.Add(d), now)
		return nil, false
	}
	return r, true
}

// idle waits for something to change: a kick, a result, or the earliest
// time a waiting record may become ready.
func (s *sender) idle(ctx context.Context) error {
	// With no time known, look again now and then anyway, as a safety net.
	wait := 5 * time.Second
	if !s.wakeAt.IsZero() {
		wait = min(wait, max(s.wakeAt.Sub(s.clock()), time.Millisecond))
	}
	s.wakeAt = time.Time{}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-s.kickc:
	case res := <-s.results:
		s.record(res)
	case <-t.C:
	}
	return nil
}

func (s *sender) drainResults() {
	for {
		select {
		case res := <-s.results:
			s.record(res)
		default:
			return
		}
	}
}

func (s *sender) record(res result) {
	delete(s.inflight, res.id)
	c := s.chat(res.chat)
	c.busy = false
	if res.retryAfter > 0 {
		now := s.clock()
		until := now.Add(res.retryAfter)
		c.until = until
		// Telegram does not say which limit a 429 is for. One on a chat
		// that had no other message within its own interval cannot be
		// that chat's limit: it is the bot's global one, so everyone waits.
		if c.prevSent.IsZero() || c.lastSent.Sub(c.prevSent) >= c.interval {
			s.globalUntil = until
		}
	}
	if len(s.chats) > 10000 {
		s.prune()
	}
	s.kick()
}

func (s *sender) chat(id int64) *chatState {
	c, ok := s.chats[id]
	if !ok {
		l := s.b.opts.Limits
		r := rate.Limit(l.PerChatPerSecond)
		if id < 0 {
			r = rate.Limit(l.PerGroupPerMinute / 60)
		}
		c = &chatState{limiter: rate.NewLimiter(r, 1), interval: time.Duration(float64(time.Second) / float64(r))}
		s.chats[id] = c
	}
	return c
}

// prune forgets the rate state of chats that have been quiet a while.
func (s *sender) prune() {
	cutoff := s.clock().Add(-time.Minute)
	for id, c := range s.chats {
		if !c.busy && c.lastSent.Before(cutoff) && c.until.Before(cutoff) {
			delete(s.chats, id)
		}
	}
}

func (s *sender) load(after uint64) ([]branchbot.Outgoing, error) {
	var recs []branchbot.Outgoing
	err := s.b.db.View(func(tx *store.Tx) error {
		var err error
		recs, err = tx.Outbox(after, scanBatch)
		return err
	})
	return recs, err
}

// reread reads one queued record as the store holds it now.
func (s *sender) reread(id uint64) (*branchbot.Outgoing, error) {
	var o *branchbot.Outgoing
	err := s.b.db.View(func(tx *store.Tx) error {
		var err error
		o, err = tx.Outgoing(id)
		return err
	})
	return o, err
}
