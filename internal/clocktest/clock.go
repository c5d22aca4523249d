// Package clocktest is a clock for tests: the code under test takes a
// now func() time.Time, and the test sets or moves the time it returns.
// The tests of every package share this one clock rather than a copy each.
package clocktest

import (
	"sync"
	"time"
)

// Clock is a settable clock, safe for concurrent use: the code under test
// reads it from its goroutines while the test moves it.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// New returns a clock that stands at t until it is set or advanced.
func New(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time. Its method value c.Now is the now func
// the code under test takes.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t, forward or back.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}
