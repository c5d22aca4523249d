package branchbot

import (
	"errors"
	"testing"
)

func TestParseClock(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want ClockTime
	}{
		{"one-digit hour", "7:45", ClockTime{7, 45}},
		{"two-digit hour", "07:45", ClockTime{7, 45}},
		{"evening", "19:05", ClockTime{19, 5}},
		{"midnight", "00:00", ClockTime{0, 0}},
		{"short midnight", "0:00", ClockTime{0, 0}},
		{"last minute", "23:59", ClockTime{23, 59}},
		{"full-width colon", "7：45", ClockTime{7, 45}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseClock(tt.in)
			if err != nil {
				t.Fatalf("ParseClock(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseClock(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseClockRejects(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		wantMsg string
	}{
		{"hour 24", "24:00", `invalid clock time "24:00": hour 24 out of range 0-23`},
		{"minute 60", "7:60", `invalid clock time "7:60": minute 60 out of range 0-59`},
		{"dot separator", "7.45", `invalid clock time "7.45": want HH:MM on a 24-hour clock, such as 07:45 or 19:05`},
		{"one-digit minute", "7:5", ""},
		{"three-digit hour", "007:45", ""},
		{"seconds", "07:45:00", ""},
		{"empty", "", ""},
		{"colon only", ":", ""},
		{"no minute", "7:", ""},
		{"no hour", ":45", ""},
		{"plus sign", "+7:45", ""},
		{"minus sign", "-1:00", ""},
		{"leading space", " 7:45", ""},
		{"trailing space", "7:45 ", ""},
		{"no separator", "0745", ""},
		{"twelve-hour", "7:45pm", ""},
		{"letters", "ab:cd", ""},
		{"non-ASCII digits", "٧:٤٥", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseClock(tt.in)
			if err == nil {
				t.Fatalf("ParseClock(%q) = %v, want an error", tt.in, got)
			}
			if !errors.Is(err, ErrInvalidClock) {
				t.Errorf("ParseClock(%q) error %v does not wrap ErrInvalidClock", tt.in, err)
			}
			if tt.wantMsg != "" && err.Error() != tt.wantMsg {
				t.Errorf("ParseClock(%q) error = %q, want %q", tt.in, err, tt.wantMsg)
			}
		})
	}
}

func TestClockTimeString(t *testing.T) {
	tests := []struct {
		name string
		in   ClockTime
		want string
	}{
		{"morning", ClockTime{7, 45}, "07:45"},
		{"midnight", ClockTime{0, 0}, "00:00"},
		{"evening", ClockTime{19, 5}, "19:05"},
		{"last minute", ClockTime{23, 59}, "23:59"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.in.String(); got != tt.want {
				t.Errorf("%#v.String() = %q, want %q", tt.in, got, tt.want)
			}
			back, err := ParseClock(tt.in.String())
			if err != nil || back != tt.in {
				t.Errorf("ParseClock(%q) = %v, %v; want %v", tt.in.String(), back, err, tt.in)
			}
		})
	}
}

func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"7:45", "07:45", "19:05", "24:00", "7:60", "7.45", "7：45", "", ":"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseClock(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidClock) {
				t.Fatalf("ParseClock(%q) error %v does not wrap ErrInvalidClock", s, err)
			}
			return
		}
		if c.Hour < 0 || c.Hour > 23 || c.Minute < 0 || c.Minute > 59 {
			t.Fatalf("ParseClock(%q) = %#v, out of range", s, c)
		}
		if back, err := ParseClock(c.String()); err != nil || back != c {
			t.Fatalf("ParseClock(%q) = %v, which reads back as %v, %v", s, c, back, err)
		}
	})
}
