package bot

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseCommand(t *testing.T) {
	tests := []struct {
		name, text string
		want       string
		args       []string
		ok         bool
	}{
		{"plain", "/help", "help", nil, true},
		{"args", "/invite 张三 第一党小组", "invite", []string{"张三", "第一党小组"}, true},
		{"quoted", `/invite "Li Ming" "Group 1"`, "invite", []string{"Li Ming", "Group 1"}, true},
		{"chinese quotes", "/invite “李 明”", "invite", []string{"李 明"}, true},
		{"addressed to us", "/help@branchbot_test_bot", "help", nil, true},
		{"addressed case", "/HELP@BranchBot_Test_Bot x", "help", []string{"x"}, true},
		{"other bot", "/help@otherbot", "", nil, false},
		{"newline", "/invite\n张三", "invite", []string{"张三"}, true},
		{"not a command", "help", "", nil, false},
		{"slash only", "/", "", nil, false},
		{"non-latin command", "/帮助", "", nil, false},
		{"too long", "/" + strings.Repeat("a", 33), "", nil, false},
		{"extra spaces", "/setrole   #3   committee  ", "setrole", []string{"#3", "committee"}, true},
		{"empty quotes", `/invite ""`, "invite", []string{""}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name, args, ok := parseCommand(tt.text, "branchbot_test_bot")
			if name != tt.want || ok != tt.ok || !reflect.DeepEqual(args, tt.args) {
				t.Errorf("parseCommand(%q) = %q, %q, %v; want %q, %q, %v", tt.text, name, args, ok, tt.want, tt.args, tt.ok)
			}
		})
	}
}

func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{"/help", "/invite 张三 一组", `/invite "a b`, "/x@y z", "/\xff", "/a\u00a0b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		name, args, ok := parseCommand(s, "bot")
		if !ok {
			if name != "" || args != nil {
				t.Fatalf("not ok but returned %q %q", name, args)
			}
			return
		}
		if name == "" || len(name) > 32 || name != strings.ToLower(name) {
			t.Fatalf("bad name %q", name)
		}
		for _, a := range args {
			if utf8.ValidString(s) && !utf8.ValidString(a) {
				t.Fatalf("arg %q not valid UTF-8 from valid input", a)
			}
		}
	})
}
