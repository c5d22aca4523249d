package branchbot

import (
	"reflect"
	"testing"
)

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
