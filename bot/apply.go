package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"

	"github.com/go-telegram/bot/models"

	"github.com/branchbot/branchbot/store"
)

// incoming is one update as received: its id, the decoded update, and the
// raw JSON kept for the record if handling it fails.
type incoming struct {
	id  int64
	u   *models.Update
	raw json.RawMessage
	bad error // set when the update could not be decoded
}

// handlerError is a handler that panicked or failed; the batch it was in
// is rolled back and its updates are applied again one by one.
type handlerError struct {
	updateID int64
	reason   string
}

func (e *handlerError) Error() string {
	return fmt.Sprintf("update %d: %s", e.updateID, e.reason)
}

// Apply applies a batch of raw updates in one transaction and then runs
// what must follow a commit (callback answers, menus, waking the sender).
// An update already applied (the store keeps the ids of the last two
// days) is skipped, whatever order updates come in. If a handler panics or
// fails, the batch is rolled back and applied again one update per
// transaction; the failing update is then recorded as failed, never
// retried. Apply returns an error only when the store fails, in which case
// nothing was applied.
func (b *Bot) Apply(ctx context.Context, raws []json.RawMessage) error {
	return b.apply(ctx, decodeUpdates(raws))
}

func decodeUpdates(raws []json.RawMessage) []incoming {
	ins := make([]incoming, 0, len(raws))
	for _, raw := range raws {
		ins = append(ins, decodeUpdate(raw))
	}
	return ins
}

func (b *Bot) apply(ctx context.Context, ins []incoming) error {
	b.applyMu.Lock()
	defer b.applyMu.Unlock()
	start := b.opts.SendClock() // real time, also in a simulation
	afters, kinds, err := b.applyTx(ins)
	var herr *handlerError
	if errors.As(err, &herr) {
		afters, kinds = nil, nil
		for _, in := range ins {
			a, k, err := b.applyTx([]incoming{in})
			if errors.As(err, &herr) {
				b.log.Error("update failed; recorded and skipped", "update_id", herr.updateID, "reason", herr.reason)
				err = b.db.Update(func(tx *store.Tx) error {
					return tx.RecordFailedUpdate(store.FailedUpdate{ID: in.id, Reason: herr.reason, Raw: in.raw})
				})
				k = []string{UpdateFailed}
			}
			if err != nil {
				return err
			}
			afters = append(afters, a...)
			kinds = append(kinds, k...)
		}
	} else if err != nil {
		return err
	}
	took := b.opts.SendClock().Sub(start)
	for _, k := range kinds {
		b.obs.UpdateHandled(k, took)
	}
	b.sender.kick()
	b.runAfters(ctx, afters)
	return nil
}

// runAfters makes the calls that follow a commit (callback answers,
// menus). While the bot runs they go to its pool of after-workers, so the
// next getUpdates need not wait for a batch's round trips; otherwise
// (Apply called on a stopped bot) they run here.
func (b *Bot) runAfters(ctx context.Context, afters []func(context.Context)) {
	for _, f := range afters {
		select {
		case b.afterc <- f:
		default:
			if b.afterRunning.Load() {
				// The pool is busy: wait for room rather than pile up.
				select {
				case b.afterc <- f:
				case <-ctx.Done():
				}
				continue
			}
			f(ctx)
		}
	}
}

// afterWorkers runs after-commit calls until ctx ends, then finishes what
// is queued (each call has its own timeout).
func (b *Bot) afterWorkers(ctx context.Context) {
	const workers = 8
	b.afterRunning.Store(true)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case f := <-b.afterc:
					f(context.WithoutCancel(ctx))
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	wg.Wait()
	b.afterRunning.Store(false)
	for {
		select {
		case f := <-b.afterc:
			f(context.WithoutCancel(ctx))
		default:
			return
		}
	}
}

func decodeUpdate(raw json.RawMessage) incoming {
	in := incoming{raw: raw}
	u := new(models.Update)
	err := json.Unmarshal(raw, u)
	if err == nil {
		in.id, in.u = u.ID, u
		return in
	}
	in.bad = err
	// Keep the id of an update that does not decode, so it is recorded
	// and passed over rather than fetched again forever.
	var head struct {
		ID int64 `json:"update_id"`
	}
	_ = json.Unmarshal(raw, &head)
	in.id = head.ID
	return in
}

// applyTx applies ins in one transaction. kinds are the kinds of the
// updates in it, for the observer once it committed.
func (b *Bot) applyTx(ins []incoming) (afters []func(context.Context), kinds []string, err error) {
	err = b.db.Update(func(tx *store.Tx) error {
		afters, kinds = afters[:0], kinds[:0]
		for _, in := range ins {
			if in.id != 0 && tx.UpdateApplied(in.id) {
				kinds = append(kinds, UpdateDuplicate)
				continue
			}
			if in.bad != nil {
				if err := tx.RecordFailedUpdate(store.FailedUpdate{ID: in.id, Reason: "undecodable: " + in.bad.Error(), Raw: in.raw}); err != nil {
					return err
				}
				kinds = append(kinds, UpdateFailed)
				continue
			}
			r := b.newRequest(tx, in.u)
			if err := b.handleSafely(r); err != nil {
				return &handlerError{updateID: in.id, reason: err.Error()}
			}
			if in.id != 0 {
				if err := tx.MarkUpdateApplied(in.id); err != nil {
					return err
				}
			}
			afters = append(afters, r.after...)
			kinds = append(kinds, updateKind(in.u))
		}
		return nil
	})
	return afters, kinds, err
}

// handleSafely runs the handler, turning a panic into an error.
func (b *Bot) handleSafely(r *request) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
			b.log.Error("handler panicked", "update_id", r.u.ID, "panic", p, "stack", string(debug.Stack()))
		}
	}()
	return b.handle(r)
}
