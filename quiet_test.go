package branchbot

import "testing"

func TestQuietHoursContains(t *testing.T) {
	hm := func(h, m int) ClockTime { return ClockTime{h, m} }
	tests := []struct {
		name    string
		q       QuietHours
		in, out []ClockTime
	}{
		{"none", QuietHours{}, nil, []ClockTime{hm(0, 0), hm(11, 40), hm(23, 59)}},
		{"empty", QuietHours{hm(10, 0), hm(10, 0)}, nil, []ClockTime{hm(0, 0), hm(10, 0), hm(23, 59)}},
		{"daytime", QuietHours{hm(12, 0), hm(14, 0)}, []ClockTime{hm(12, 0), hm(13, 59)}, []ClockTime{hm(11, 59), hm(14, 0)}},
		{"overnight", QuietHours{hm(22, 0), hm(7, 0)}, []ClockTime{hm(22, 0), hm(23, 59), hm(0, 0), hm(6, 59)}, []ClockTime{hm(7, 0), hm(21, 59), hm(12, 0)}},
		{"from midnight", QuietHours{hm(0, 0), hm(6, 0)}, []ClockTime{hm(0, 0), hm(5, 59)}, []ClockTime{hm(6, 0), hm(23, 59)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.q.Enabled() != (len(tt.in) > 0) {
				t.Errorf("Enabled() = %v", tt.q.Enabled())
			}
			for _, c := range tt.in {
				if !tt.q.Contains(c) {
					t.Errorf("%s not quiet", c)
				}
			}
			for _, c := range tt.out {
				if tt.q.Contains(c) {
					t.Errorf("%s quiet", c)
				}
			}
		})
	}
}

func TestClockMinutes(t *testing.T) {
	for m := range 24 * 60 {
		c := ClockFromMinutes(m)
		if !c.Valid() || c.Minutes() != m {
			t.Fatalf("ClockFromMinutes(%d) = %v, Minutes %d", m, c, c.Minutes())
		}
	}
	for _, c := range []ClockTime{{24, 0}, {7, 60}, {-1, 0}, {0, -1}} {
		if c.Valid() {
			t.Errorf("%v is valid", c)
		}
	}
}
