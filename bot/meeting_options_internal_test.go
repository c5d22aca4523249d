package bot

import (
	"testing"
	"time"
)

func TestCheckinWindow(t *testing.T) {
	for _, tt := range []struct {
		o             MeetingOptions
		before, after time.Duration
	}{
		{MeetingOptions{}, 30 * time.Minute, 30 * time.Minute},
		{MeetingOptions{CheckinBefore: 15 * time.Minute}, 15 * time.Minute, 0},
		{MeetingOptions{CheckinBefore: 10 * time.Minute, CheckinAfter: time.Hour}, 10 * time.Minute, time.Hour},
	} {
		if b, a := tt.o.checkinWindow(); b != tt.before || a != tt.after {
			t.Errorf("%+v: window %s–%s, want %s–%s", tt.o, b, a, tt.before, tt.after)
		}
	}
}
