package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sort"
	"time"

	"github.com/go-telegram/bot/models"
)

// queuedUpdate is an update waiting to be confirmed.
type queuedUpdate struct {
	id   int64
	kind string // "message", "callback_query" ...; "" if unknown
	raw  []byte // JSON with update_id set
}

// updateQueue holds the updates the bot has not confirmed yet; Server.mu
// guards it.
type updateQueue struct {
	items   []queuedUpdate // ascending ids
	nextID  int64
	lastAt  time.Time       // when the last update was queued (server clock)
	allowed map[string]bool // allowed_updates; nil or empty: all
	pollGen uint64          // bumped by each getUpdates; older polls end with 409
	changed signal          // fired when items, the webhook or pollGen change
}

// quietWeek is how long the Bot API goes without updates before it picks
// the next update id at random instead of sequentially.
const quietWeek = 7 * 24 * time.Hour

// nextIDLocked returns the id the next update gets: the one after the
// last, or, on the first update and after a week without updates (by the
// server's clock), one chosen by cfg.updateID (at random by default), as
// the Bot API does. It does not consume the id.
func (s *Server) nextIDLocked() int64 {
	q := &s.updates
	now := s.cfg.now()
	switch {
	case q.lastAt.IsZero() && s.cfg.updateID != nil:
		q.nextID = s.cfg.updateID() - 1
	case !q.lastAt.IsZero() && len(q.items) == 0 && now.Sub(q.lastAt) >= quietWeek:
		if s.cfg.updateID != nil {
			q.nextID = s.cfg.updateID() - 1
		} else {
			q.nextID = rand.Int64N(1<<31 - 1) // the first id is then 1 … 2^31-1
		}
	}
	q.lastAt = now
	return q.nextID + 1
}

// pushLocked queues raw, whose update_id is id (from nextIDLocked), and
// returns the id.
func (s *Server) pushLocked(id int64, kind string, raw []byte) int64 {
	q := &s.updates
	q.nextID = id
	q.items = append(q.items, queuedUpdate{id: id, kind: kind, raw: raw})
	q.changed.fire()
	return id
}

// pushModelLocked queues u with the next update id.
func (s *Server) pushModelLocked(u models.Update) int64 {
	u.ID = s.nextIDLocked()
	raw, err := json.Marshal(&u)
	if err != nil {
		// models.Update always marshals; keep the queue consistent anyway.
		raw = []byte(fmt.Sprintf(`{"update_id":%d}`, u.ID))
	}
	return s.pushLocked(u.ID, updateKind(raw), raw)
}

// updateKind returns the first field of an update other than update_id.
func updateKind(raw []byte) string {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return ""
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		if k != "update_id" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	if len(keys) == 0 {
		return ""
	}
	return keys[0]
}

// confirmLocked forgets all updates with id < offset (Telegram's
// confirmation), or keeps only the last -offset ones for a negative offset.
func (s *Server) confirmLocked(offset int64) {
	q := &s.updates
	n := len(q.items)
	switch {
	case offset > 0:
		i := sort.Search(n, func(i int) bool { return q.items[i].id >= offset })
		if i == 0 {
			return
		}
		q.items = q.items[i:]
	case offset < 0:
		if keep := -offset; int64(n) > keep {
			q.items = q.items[n-int(keep):]
		} else {
			return
		}
	default:
		return
	}
	q.changed.fire()
}

// takeLocked returns up to limit queued updates, first dropping those
// that allowed_updates excludes on the way.
func (s *Server) takeLocked(limit int) [][]byte {
	q := &s.updates
	if len(q.allowed) == 0 {
		n := min(limit, len(q.items))
		out := make([][]byte, n)
		for i := range out {
			out[i] = q.items[i].raw
		}
		return out
	}
	var out [][]byte
	dropped := 0
	i := 0
	for ; i < len(q.items) && len(out) < limit; i++ {
		if u := q.items[i]; q.allowed[u.kind] {
			out = append(out, u.raw)
		} else {
			dropped++
		}
	}
	if dropped > 0 {
		kept := make([]queuedUpdate, 0, len(q.items)-dropped)
		for _, u := range q.items[:i] {
			if q.allowed[u.kind] {
				kept = append(kept, u)
			}
		}
		q.items = append(kept, q.items[i:]...)
		q.changed.fire()
	}
	return out
}

// setAllowedLocked records allowed_updates, a JSON array of update kinds.
func (s *Server) setAllowedLocked(js string) error {
	var kinds []string
	if err := json.Unmarshal([]byte(js), &kinds); err != nil {
		return err
	}
	s.updates.allowed = nil
	if len(kinds) > 0 {
		s.updates.allowed = make(map[string]bool, len(kinds))
		for _, k := range kinds {
			s.updates.allowed[k] = true
		}
	}
	return nil
}

// getUpdates serves long polling.
func (s *Server) getUpdates(ctx context.Context, p params) (any, *apiError) {
	offset, _, err := p.int64("offset")
	if err != nil {
		return nil, badRequest("%v", err)
	}
	limit, ok, err := p.int64("limit")
	if err != nil {
		return nil, badRequest("%v", err)
	}
	if !ok || limit <= 0 || limit > 100 {
		limit = 100
	}
	timeout, _, err := p.int64("timeout")
	if err != nil {
		return nil, badRequest("%v", err)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.webhook.url != "" {
		return nil, webhookConflict()
	}
	if p.has("allowed_updates") {
		if err := s.setAllowedLocked(p.str("allowed_updates")); err != nil {
			return nil, badRequest("can't parse allowed_updates: %v", err)
		}
	}
	s.updates.pollGen++
	gen := s.updates.pollGen
	s.updates.changed.fire() // end older long polls
	s.confirmLocked(offset)

	var timer *time.Timer
	for {
		if got := s.takeLocked(int(limit)); len(got) > 0 || timeout <= 0 {
			return json.RawMessage(joinJSON(got)), nil
		}
		if timer == nil {
			timer = time.NewTimer(time.Duration(timeout) * time.Second)
			defer timer.Stop()
			if s.cfg.onPoll != nil {
				defer s.cfg.onPoll("end") // runs before the deferred Unlock
			}
		}
		wake := s.updates.changed.wait()
		if s.cfg.onPoll != nil {
			s.cfg.onPoll("wait")
		}
		s.mu.Unlock()
		select {
		case <-wake:
		case <-timer.C:
			timeout = 0
		case <-ctx.Done():
			timeout = 0
		case <-s.done:
			timeout = 0
		}
		s.mu.Lock()
		if s.updates.pollGen != gen {
			return nil, &apiError{code: http.StatusConflict, desc: defaultDescription(http.StatusConflict, 0)}
		}
		if s.webhook.url != "" {
			return nil, webhookConflict()
		}
		// An update that came meanwhile with an id below the offset (ids
		// restart low after a quiet week) counts as confirmed, as one
		// already queued did: the offset asks for ids from it on.
		if offset > 0 {
			s.confirmLocked(offset)
		}
	}
}

func webhookConflict() *apiError {
	return &apiError{code: http.StatusConflict, desc: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}
}

// joinJSON renders items as a JSON array.
func joinJSON(items [][]byte) []byte {
	if len(items) == 0 {
		return []byte("[]")
	}
	return append(append([]byte{'['}, bytes.Join(items, []byte{','})...), ']')
}

// PushUpdate queues u (its ID is replaced by the next update id) exactly
// as given, without storing anything in a chat; tests use it for updates
// SendText, Reply and Press do not make, malformed ones included. It
// returns the update id.
func (s *Server) PushUpdate(u models.Update) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pushModelLocked(u)
}

// PushRaw queues the JSON object js as an update, setting its
// "update_id"; it is for shapes models.Update cannot express. It returns
// the update id, or 0 (after reporting the misuse) when js is not a JSON
// object.
func (s *Server) PushRaw(js []byte) int64 {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(js, &m); err != nil || m == nil {
		s.misuse("PushRaw: not a JSON object: %q", js)
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.nextIDLocked()
	m["update_id"] = json.RawMessage(fmt.Sprint(id))
	raw, _ := json.Marshal(m)
	return s.pushLocked(id, updateKind(raw), raw)
}

// WaitIdle waits until no update is queued for the bot: all were confirmed
// by a getUpdates offset (or delivered to the webhook).
func (s *Server) WaitIdle(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		n := len(s.updates.items)
		if n == 0 {
			return nil
		}
		first := s.updates.items[0].id
		wake := s.updates.changed.wait()
		s.mu.Unlock()
		var err error
		select {
		case <-wake:
		case <-ctx.Done():
			err = ctx.Err()
		case <-s.done:
			err = errServerClosed{}
		}
		s.mu.Lock()
		if err != nil {
			return fmt.Errorf("telegramtest: WaitIdle: %d update(s) still queued, first id %d: %w", n, first, err)
		}
	}
}

// errServerClosed is returned by waits that the server's Close ended.
type errServerClosed struct{}

func (errServerClosed) Error() string { return "telegramtest: server closed" }
