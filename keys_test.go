package branchbot

import (
	"errors"
	"testing"
)

func TestMessageKeys(t *testing.T) {
	// A day's keys sort in member id order, so that a Tick's parts,
	// queued in member order, each come after the last.
	d0, _ := ParseDay("2026-03-08")
	var prev string
	for _, id := range []int64{1, 2, 9, 10, 11, 99, 100, 15000, 99999, 100000, 123456789} {
		for _, k := range []string{PromptKey(d0, id, 0), PromptKey(d0, id, 1)} {
			if k <= prev {
				t.Errorf("key %q sorts before or at %q", k, prev)
			}
			prev = k
		}
	}

	d, _ := ParseDay("2026-03-08")
	for _, tt := range []struct{ got, want string }{
		{PromptKey(d, 17, 0), "study/2026-03-08/m0000000017"},
		{PromptKey(d, 123456789, 2), "study/2026-03-08/m0123456789/r2"},
		{PromptKey(d, 1234567890123, 1), "study/2026-03-08/m1234567890123/r1"},
		{NudgeKey(d, 5), "nudge/2026-03-08/m0000000005"},
		{NudgeKey(d, 9999999999), "nudge/2026-03-08/m9999999999"},
		{Day(0).String(), "1970-01-01"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestBroadcastKeys(t *testing.T) {
	if k := BroadcastKey(7, 12); k != "bc/7/m12" {
		t.Errorf("BroadcastKey = %q", k)
	}
	tests := []struct {
		key        string
		id, member int64
		ok         bool
	}{
		{"bc/7/m12", 7, 12, true},
		{"bc/1/m1", 1, 1, true},
		{"bcr/7/m12", 0, 0, false},
		{"bc/7/m12/r", 0, 0, false},
		{"bc/07/m12", 0, 0, false},
		{"bc/7/m", 0, 0, false},
		{"bc/-1/m2", 0, 0, false},
		{"bc//m2", 0, 0, false},
		{"study/2026-11-25/m17", 0, 0, false},
		{"", 0, 0, false},
	}
	for _, tt := range tests {
		id, m, ok := ParseBroadcastKey(tt.key)
		if id != tt.id || m != tt.member || ok != tt.ok {
			t.Errorf("ParseBroadcastKey(%q) = %d, %d, %v", tt.key, id, m, ok)
		}
	}
	for _, k := range []string{BroadcastReminderKey(7, 12), BroadcastReportKey(7, 1), BroadcastGroupKey(7), BroadcastLive(7)} {
		if _, _, ok := ParseBroadcastKey(k); ok {
			t.Errorf("%q reads as a copy's key", k)
		}
	}
	if l, err := ParseLive(BroadcastLive(42)); err != nil || l != (Live{Kind: LiveBroadcastStatus, Broadcast: 42}) {
		t.Errorf("ParseLive(BroadcastLive(42)) = %+v, %v", l, err)
	}
}

// TestLiveNames pins the live names: they are stored in the outbox, so a
// message queued by one version is rendered by the next.
func TestLiveNames(t *testing.T) {
	d, _ := ParseDay("2026-11-25")
	tests := []struct {
		name string
		live Live
		want string
	}{
		{"prompt", Live{Kind: LivePrompt, Day: d, Section: 3}, "study/prompt/20782/3/0/0"},
		{"late repeat", Live{Kind: LivePrompt, Day: d, Section: 12, Late: true, Repeat: 2}, "study/prompt/20782/12/1/2"},
		{"nudge", Live{Kind: LiveNudge, Day: d, Section: 0}, "study/nudge/20782/0"},
		{"status", Live{Kind: LiveBroadcastStatus, Broadcast: 7}, "bcs/7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.live.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
			got, err := ParseLive(tt.want)
			if err != nil || got != tt.live {
				t.Errorf("ParseLive(%q) = %+v, %v; want %+v", tt.want, got, err, tt.live)
			}
		})
	}
	if PromptLive(d, 3, false, 0) != "study/prompt/20782/3/0/0" || NudgeLive(d, 0) != "study/nudge/20782/0" || BroadcastLive(7) != "bcs/7" {
		t.Error("the builders disagree with Live.String")
	}
}

func TestParseLiveRejects(t *testing.T) {
	for _, s := range []string{
		"", "study/", "study/prompt/20782/3/0", "study/prompt/20782/3/2/0", "study/prompt/20782/3/0/0/", "study/prompt/20782/3/0/0x",
		"study/prompt/+20782/3/0/0", "study/prompt/020782/3/0/0", "study/prompt/ 20782/3/0/0", "study/prompt/99999999999/3/0/0",
		"study/nudge/20782", "study/nudge/20782/0/1", "study/nudge/20782/", "bcs/", "bcs/0", "bcs/-3", "bcs/07", "bcs/7/",
		"bc/7/m12", "study/2026-11-25/m0000000017", "nudge/2026-11-25/m0000000017",
	} {
		if l, err := ParseLive(s); err == nil || !errors.Is(err, ErrLiveName) {
			t.Errorf("ParseLive(%q) = %+v, %v; want an ErrLiveName", s, l, err)
		}
	}
}

// FuzzParseLive checks that what ParseLive accepts is written back the
// same, and that every name written is read back as it was.
func FuzzParseLive(f *testing.F) {
	for _, s := range []string{"study/prompt/20782/3/0/0", "study/prompt/20782/12/1/2", "study/nudge/20782/0", "bcs/7", "study/prompt/-1/-2/1/-3", "bcs/0", ""} {
		f.Add(s, int32(20782), 3, true, 1, int64(7))
	}
	f.Fuzz(func(t *testing.T, s string, day int32, section int, late bool, repeat int, id int64) {
		if l, err := ParseLive(s); err == nil {
			if back := l.String(); back != s {
				t.Fatalf("ParseLive(%q) = %+v, written back as %q", s, l, back)
			}
		} else if !errors.Is(err, ErrLiveName) {
			t.Fatalf("ParseLive(%q): %v does not wrap ErrLiveName", s, err)
		}
		for _, l := range []Live{
			{Kind: LivePrompt, Day: Day(day), Section: section, Late: late, Repeat: repeat},
			{Kind: LiveNudge, Day: Day(day), Section: section},
			{Kind: LiveBroadcastStatus, Broadcast: max(id, 1)},
		} {
			if got, err := ParseLive(l.String()); err != nil || got != l {
				t.Fatalf("%+v written as %q reads back as %+v, %v", l, l.String(), got, err)
			}
		}
	})
}
