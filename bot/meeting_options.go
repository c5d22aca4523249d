package bot

import "time"

// defaultCheckinWindow is how long before and after a meeting's start
// members may sign in when the options name no window.
const defaultCheckinWindow = 30 * time.Minute

// checkinWindow is the sign-in window around a meeting's start: from
// before the start to after it.
func (o MeetingOptions) checkinWindow() (before, after time.Duration) {
	if o.CheckinBefore == 0 && o.CheckinAfter == 0 {
		return defaultCheckinWindow, defaultCheckinWindow
	}
	return o.CheckinBefore, o.CheckinAfter
}
