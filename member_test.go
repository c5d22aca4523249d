package branchbot

import "testing"

func TestRoleAtLeast(t *testing.T) {
	for _, tt := range []struct {
		have, need Role
		want       bool
	}{
		{RoleSecretary, RoleSecretary, true},
		{RoleSecretary, RoleMember, true},
		{RoleCommittee, RoleLeader, true},
		{RoleLeader, RoleCommittee, false},
		{RoleMember, RoleLeader, false},
		{RoleMember, RoleMember, true},
		{Role("admin"), RoleMember, false},
	} {
		if got := tt.have.AtLeast(tt.need); got != tt.want {
			t.Errorf("%s.AtLeast(%s) = %v, want %v", tt.have, tt.need, got, tt.want)
		}
	}
}

func TestMemberSees(t *testing.T) {
	leader := &Member{Role: RoleLeader, Group: "一组"}
	committee := &Member{Role: RoleCommittee, Group: "一组"}
	for _, tt := range []struct {
		name  string
		who   *Member
		other *Member
		want  bool
	}{
		{"leader, own group", leader, &Member{Group: "一组"}, true},
		{"leader, other group", leader, &Member{Group: "二组"}, false},
		{"leader, no group", leader, &Member{}, false},
		{"committee, other group", committee, &Member{Group: "二组"}, true},
		{"member without a group, another without", &Member{Role: RoleMember}, &Member{}, true},
	} {
		if got := tt.who.Sees(tt.other); got != tt.want {
			t.Errorf("%s: Sees = %v, want %v", tt.name, got, tt.want)
		}
	}
	if leader.SeesBranch() || !committee.SeesBranch() {
		t.Error("SeesBranch: a leader sees the branch, or the committee does not")
	}
}
