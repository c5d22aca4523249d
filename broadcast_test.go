package branchbot

import (
	"reflect"
	"testing"
)

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
	if id, ok := ParseBroadcastLive(BroadcastLive(42)); !ok || id != 42 {
		t.Errorf("ParseBroadcastLive = %d, %v", id, ok)
	}
}

func TestBroadcastIncludes(t *testing.T) {
	sec := &Member{Role: RoleSecretary, Group: "一组"}
	com := &Member{Role: RoleCommittee}
	lead := &Member{Role: RoleLeader, Group: "一组"}
	mem := &Member{Role: RoleMember, Group: "二组"}
	tests := []struct {
		b    Broadcast
		want []bool
	}{
		{Broadcast{Audience: AudienceAll}, []bool{true, true, true, true}},
		{Broadcast{Audience: AudienceCommittee}, []bool{true, true, false, false}},
		{Broadcast{Audience: AudienceGroup, Group: "一组"}, []bool{true, false, true, false}},
		{Broadcast{Audience: "nonsense"}, []bool{false, false, false, false}},
	}
	for _, tt := range tests {
		var got []bool
		for _, m := range []*Member{sec, com, lead, mem} {
			got = append(got, tt.b.Includes(m))
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s %q: %v, want %v", tt.b.Audience, tt.b.Group, got, tt.want)
		}
	}
}

func TestEntities(t *testing.T) {
	if n := UTF16Len("a中😀"); n != 4 {
		t.Errorf("UTF16Len = %d", n)
	}
	if n := UTF16Index("😀ab", 5); n != 3 {
		t.Errorf("UTF16Index = %d", n)
	}
	es := []Entity{
		{Type: "bot_command", Offset: 0, Length: 10},
		{Type: "bold", Offset: 11, Length: 4},      // inside
		{Type: "italic", Offset: 8, Length: 5},     // starts before the span
		{Type: "code", Offset: 18, Length: 10},     // runs past it
		{Type: "underline", Offset: 30, Length: 2}, // after it
	}
	got := SliceEntities(es, 10, 20)
	want := []Entity{{Type: "bold", Offset: 1, Length: 4}, {Type: "italic", Offset: 0, Length: 3}, {Type: "code", Offset: 8, Length: 2}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("SliceEntities = %+v, want %+v", got, want)
	}
	if got := ShiftEntities(want, 5); got[0].Offset != 6 || want[0].Offset != 1 {
		t.Errorf("ShiftEntities = %+v (and the original %+v)", got, want)
	}
	if ShiftEntities(nil, 3) != nil {
		t.Error("ShiftEntities(nil) is not nil")
	}
}
