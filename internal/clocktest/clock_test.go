package clocktest_test

import (
	"sync"
	"testing"
	"time"

	"github.com/branchbot/branchbot/internal/clocktest"
)

func TestClock(t *testing.T) {
	start := time.Date(2026, 11, 25, 7, 30, 0, 0, time.UTC)
	c := clocktest.New(start)
	if got := c.Now(); !got.Equal(start) {
		t.Fatalf("New(%v).Now() = %v", start, got)
	}
	c.Advance(90 * time.Second)
	if got, want := c.Now(), start.Add(90*time.Second); !got.Equal(want) {
		t.Errorf("after Advance: %v, want %v", got, want)
	}
	back := start.Add(-time.Hour)
	c.Set(back)
	if got := c.Now(); !got.Equal(back) {
		t.Errorf("after Set: %v, want %v", got, back)
	}
	now := c.Now // the method value code under test takes
	c.Advance(time.Minute)
	if got, want := now(), back.Add(time.Minute); !got.Equal(want) {
		t.Errorf("the method value reads %v, want %v", got, want)
	}
}

// TestClockConcurrent moves the clock while others read it; run with -race.
func TestClockConcurrent(t *testing.T) {
	start := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	c := clocktest.New(start)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			last := start
			for range 1000 {
				now := c.Now()
				if now.Before(last) {
					t.Errorf("the clock went back from %v to %v", last, now)
					return
				}
				last = now
			}
		})
	}
	for range 1000 {
		c.Advance(time.Second)
	}
	wg.Wait()
	if got, want := c.Now(), start.Add(1000*time.Second); !got.Equal(want) {
		t.Errorf("after 1000 advances: %v, want %v", got, want)
	}
}
