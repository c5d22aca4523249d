package branchbot

import "testing"

func TestLiveStale(t *testing.T) {
	today, _ := ParseDay("2026-11-26")
	tests := []struct {
		live Live
		want bool
	}{
		{Live{Kind: LivePrompt, Day: today}, false},
		{Live{Kind: LivePrompt, Day: today - 1}, true},
		{Live{Kind: LiveNudge, Day: today - 1}, true},
		{Live{Kind: LiveNudge, Day: today + 1}, false},
		{Live{Kind: LiveBroadcastStatus, Broadcast: 3}, false},
	}
	for _, tt := range tests {
		if got := tt.live.Stale(today); got != tt.want {
			t.Errorf("%s.Stale(%s) = %v, want %v", tt.live, today, got, tt.want)
		}
	}
}

func TestMissByBot(t *testing.T) {
	for s := DayDue; s <= DayBotMissed; s++ {
		sd := StudyDay{Status: s, Prompted: true}
		changed := sd.MissByBot()
		if want := s == DayDue; changed != want || (want && sd.Status != DayBotMissed) || (!want && sd.Status != s) {
			t.Errorf("%v: MissByBot() = %v, status %v", s, changed, sd.Status)
		}
	}
}
