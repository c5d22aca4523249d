package config

import (
	"fmt"
	"strings"
	"testing"
)

// TestFullWidthColon checks that a full-width colon typed for a key's
// colon is reported on its own line, in place of the YAML parser's error
// (which points at the start of the enclosing mapping, or elsewhere).
func TestFullWidthColon(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"fixture", string(readFixture(t, "fullwidth_colon.yaml")), `c.yaml:6: full-width colon "：" after key "timezone": use an ASCII colon ":"
c.yaml:11: full-width colon "：" after key "log": use an ASCII colon ":"`},
		{"key without a value", lines(
			"branch:",
			"  secretaries: [1001]",
			"  name：",
			"    第一支部",
		), `c.yaml:3: full-width colon "：" after key "name": use an ASCII colon ":"`},
		{"section", lines(
			"branch：",
			"  name: b",
			"  secretaries: [1001]",
		), `c.yaml:1: full-width colon "：" after key "branch": use an ASCII colon ":"`},
		{"list item", lines(
			"branch:",
			"  name: b",
			"  secretaries: [1001]",
			"study:",
			"  rest_days:",
			"    - date： 2026-10-01",
		), `c.yaml:6: full-width colon "：" after key "date": use an ASCII colon ":"
c.yaml:6: study.rest_days[0]: want a date such as 2026-10-01, got "date： 2026-10-01"`},
		// Valid YAML: the line continues name's value. Still a slip.
		{"swallowed by the value above", lines(
			"branch:",
			"  name: b",
			"    timezone：Asia/Shanghai",
			"  secretaries: [1001]",
		), `c.yaml:3: full-width colon "：" after key "timezone": use an ASCII colon ":"`},
		{"CRLF", "branch:\r\n  name: b\r\n  secretaries: [1001]\r\n  language： en\r\n",
			`c.yaml:4: full-width colon "：" after key "language": use an ASCII colon ":"`},
	}
	// The slip as it happened in the commented example: the YAML parser
	// said "did not find expected key" 35 lines above it.
	example := strings.Split(string(readFixture(t, "../../config.example.yaml")), "\n")
	for i, l := range example {
		if strings.HasPrefix(l, "  name: ") {
			example[i] = strings.Replace(l, ":", "：", 1)
			tests = append(tests, struct{ name, data, want string }{"config.example.yaml", strings.Join(example, "\n"),
				fmt.Sprintf(`c.yaml:%d: full-width colon "：" after key "name": use an ASCII colon ":"`, i+1)})
			break
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("c.yaml", []byte(tt.data), noEnv)
			if err == nil {
				t.Fatal("no error")
			}
			if err.Error() != tt.want {
				t.Errorf("got\n%s\nwant\n%s", err, tt.want)
			}
		})
	}
}

// TestFullWidthColonInValues checks that a full-width colon in a value, a
// quoted string, a comment or the text of a block scalar is not taken for
// a slip.
func TestFullWidthColonInValues(t *testing.T) {
	data := readFixture(t, "fullwidth_values.yaml")
	if n := strings.Count(string(data), "："); n < 6 {
		t.Fatalf("the fixture has %d full-width colons; it should exercise every case", n)
	}
	cfg, err := Parse("fullwidth_values.yaml", data, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Branch.Name != "第一支部：生态环境" || cfg.Storage.Path != "data：x.db" {
		t.Errorf("branch.name %q, storage.path %q", cfg.Branch.Name, cfg.Storage.Path)
	}
	if want := "note：this is block text\ntitle：more block text\n"; cfg.Telegram.Webhook.URL != want {
		t.Errorf("telegram.webhook.url %q, want %q", cfg.Telegram.Webhook.URL, want)
	}
}
