package config

import (
	"reflect"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/branchbot/branchbot"
)

func TestQuietHours(t *testing.T) {
	at := func(hhmm string) time.Time {
		c, ok := parseClock(hhmm)
		if !ok {
			t.Fatalf("bad time %q", hhmm)
		}
		return time.Date(2024, 5, 1, c.Hour, c.Minute, 30, 0, time.UTC)
	}
	tests := []struct {
		name, from, to string
		quiet, loud    []string
	}{
		{"wraps midnight", "22:00", "07:00",
			[]string{"22:00", "23:59", "00:00", "03:00", "06:59"},
			[]string{"07:00", "12:00", "21:59"}},
		{"same day", "12:30", "14:00",
			[]string{"12:30", "13:00", "13:59"},
			[]string{"12:29", "14:00", "23:00", "00:00"}},
		{"off", "", "",
			nil,
			[]string{"00:00", "12:00", "23:59"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := lines("branch: {name: x, secretaries: [1]}", "quiet_hours:", "  from: '"+tt.from+"'", "  to: '"+tt.to+"'")
			cfg, err := Parse("config.yaml", []byte(data), noEnv)
			if err != nil {
				t.Fatal(err)
			}
			q := cfg.QuietHours
			if q.Enabled() != (tt.from != "") {
				t.Errorf("Enabled() = %v", q.Enabled())
			}
			if got := q.From.String(); got != tt.from {
				t.Errorf("From.String() = %q, want %q", got, tt.from)
			}
			for _, s := range tt.quiet {
				if !q.Contains(at(s)) {
					t.Errorf("%s is not in quiet hours %s-%s", s, tt.from, tt.to)
				}
			}
			for _, s := range tt.loud {
				if q.Contains(at(s)) {
					t.Errorf("%s is in quiet hours %s-%s", s, tt.from, tt.to)
				}
			}
		})
	}
}

func TestClockTime(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		minutes int
		ok      bool
	}{
		{"00:00", "00:00", 0, true},
		{"7:05", "07:05", 425, true},
		{"23:59", "23:59", 1439, true},
		{"24:00", "", 0, false},
		{"12:60", "", 0, false},
		{"12:5", "", 0, false},
		{"123:00", "", 0, false},
		{"12-00", "", 0, false},
		{" 12:00", "", 0, false},
		// The full-width colon of Chinese input methods reads as in chat.
		{"22：00", "22:00", 1320, true},
		{"7：05", "07:05", 425, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			c, ok := parseClock(tt.in)
			if ok != tt.ok || c.String() != tt.want || c.Minutes() != tt.minutes {
				t.Errorf("parseClock(%q) = %v (%d min), %v; want %q (%d min), %v", tt.in, c, c.Minutes(), ok, tt.want, tt.minutes, tt.ok)
			}
		})
	}
}

// TestMarshalRoundTrip checks that a Config written with yaml.Marshal reads
// back the same, so Duration and ClockTime marshal as they unmarshal.
func TestMarshalRoundTrip(t *testing.T) {
	want, err := Parse("webhook.yaml", readFixture(t, "webhook.yaml"), env(map[string]string{"HOOK_SECRET": "x"}))
	if err != nil {
		t.Fatal(err)
	}
	data, err := yaml.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Parse("marshalled.yaml", data, env(map[string]string{"HOOK_SECRET": "x"}))
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip changed the config:\n got  %+v\nwant %+v\n%s", got, want, data)
	}
}

// TestQuietHoursFullWidth: the configuration reads a time with the
// full-width colon as /studytime does, and hands the scheduler and the bot
// the same quiet hours.
func TestQuietHoursFullWidth(t *testing.T) {
	data := lines("branch: {name: x, secretaries: [1]}", "quiet_hours:", "  from: 22：00", "  to: '7：00'")
	cfg, err := Parse("config.yaml", []byte(data), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	want := branchbot.QuietHours{From: branchbot.ClockTime{Hour: 22}, To: branchbot.ClockTime{Hour: 7}}
	if got := cfg.QuietHours.Hours(); got != want {
		t.Errorf("quiet hours %+v, want %+v", got, want)
	}
	if got := (QuietHours{}).Hours(); got.Enabled() {
		t.Errorf("unset quiet hours read as %+v", got)
	}
}
