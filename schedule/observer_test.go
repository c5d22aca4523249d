package schedule

import (
	"context"
	"sync"
	"testing"
	"time"
)

// tickRecorder records what Run tells a TickObserver.
type tickRecorder struct {
	mu    sync.Mutex
	took  []time.Duration
	errs  []error
	ticks chan struct{}
}

func (r *tickRecorder) TickDone(took time.Duration, err error) {
	r.mu.Lock()
	r.took, r.errs = append(r.took, took), append(r.errs, err)
	r.mu.Unlock()
	select {
	case r.ticks <- struct{}{}:
	default:
	}
}

// TestRunTellsObserver checks that Run's Tick is timed on Options.Now's
// clock and its outcome passed on.
func TestRunTellsObserver(t *testing.T) {
	rec := &tickRecorder{ticks: make(chan struct{}, 1)}
	var h *harness
	h = newHarness(t, "", func(o *Options) {
		o.Observer = rec
		o.Notify = func() { h.clk.Advance(1500 * time.Millisecond) } // the Tick "takes" 1.5 s
	})
	h.setClock(h.local(2026, 3, 10, 8, 0))
	h.addPlans(member(1, hm(7, 45)))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.s.Run(ctx) }()
	select {
	case <-rec.ticks:
	case <-time.After(10 * time.Second):
		t.Fatal("no Tick observed")
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if rec.took[0] != 1500*time.Millisecond || rec.errs[0] != nil {
		t.Errorf("first Tick observed as %s, %v; want 1.5s, nil", rec.took[0], rec.errs[0])
	}
}
