package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckConfigLongPrompt: check-config refuses a handbook section whose
// study prompt could be longer than one Telegram message, naming the
// section and its line in the handbook, and accepts the same section with
// fewer questions. Every other problem of the handbook is listed with its
// line too.
func TestCheckConfigLongPrompt(t *testing.T) {
	dir := t.TempDir()
	question := strings.Repeat("结合本职工作谈谈如何践行根本宗旨，", 11) // 187 characters, within the 200 a question may have
	section := func(id string, n int) string {
		var b strings.Builder
		fmt.Fprintf(&b, "  - id: %s\n    title: 第%s节\n    reading: 党章总纲。\n    questions:\n", id, id)
		for range n {
			fmt.Fprintf(&b, "      - %s\n", question)
		}
		return b.String()
	}
	write := func(name, text string) string {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	config := func(handbook string) string {
		return write("config.yaml", "branch:\n  name: 测试支部\n  secretaries: [1]\nstudy:\n  handbook: "+handbook+"\n")
	}
	check := func() error {
		return run(context.Background(), []string{"check-config", filepath.Join(dir, "config.yaml")}, noEnv, io.Discard, io.Discard)
	}

	// Section "2" starts on line 9 of the file; its questions key is on
	// line 12.
	hb := write("long.yaml", "sections:\n"+section("1", 3)+section("2", 22))
	config("long.yaml")
	err := check()
	if err == nil {
		t.Fatal("check-config accepted a section whose prompt is too long")
	}
	want := hb + `:12: sections[1] (id "2"): questions: the study prompt can reach `
	if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "more than the 4096 of one Telegram message") {
		t.Errorf("error\n%v\nlacks %q", err, want)
	}
	if strings.Contains(err.Error(), `id "1"`) {
		t.Errorf("the short section is reported too:\n%v", err)
	}

	write("short.yaml", "sections:\n"+section("1", 3)+section("2", 15))
	config("short.yaml")
	if err := check(); err != nil {
		t.Errorf("a section that fits is refused: %v", err)
	}

	bad := write("bad.yaml", "sections:\n  - id: a\n    title: A\n    reading: r\n  - id: B\n    title: \"\"\n    reading: r\n    questions:\n      - ok\n      - \"\"\n")
	config("bad.yaml")
	err = check()
	for _, w := range []string{
		bad + `:5: sections[1] (id "B"): id: must be`,
		bad + `:6: sections[1] (id "B"): title: required`,
		bad + `:10: sections[1] (id "B"): questions[1]: empty`,
	} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("error\n%v\nlacks %q", err, w)
		}
	}
}
