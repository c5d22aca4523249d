//go:build !unix

package schedule

import "time"

// cpuTime is not measured here.
func cpuTime() time.Duration { return 0 }
