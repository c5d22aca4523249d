package telegramtest

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzFormat checks what any parse of markup must keep: no panic; on
// success, valid UTF-8 text and entities that lie inside it, in order.
func fuzzFormat(t *testing.T, mode, s string) {
	text, ents, err := formatText(s, mode)
	if err != nil {
		if msg := err.Error(); msg == "" || !strings.HasPrefix(msg, strings.ToUpper(msg[:1])) {
			t.Errorf("%s %q: error %q does not start as Telegram writes it", mode, s, err)
		}
		return
	}
	if utf8.ValidString(s) && !utf8.ValidString(text) {
		t.Fatalf("%s %q: valid input gave invalid text %q", mode, s, text)
	}
	n := utf16Len(text)
	prev := -1
	for _, e := range ents {
		if e.Offset < 0 || e.Length <= 0 || e.Offset+e.Length > n {
			t.Fatalf("%s %q → %q: entity %+v outside the text (%d UTF-16 units)", mode, s, text, e, n)
		}
		if e.Offset < prev {
			t.Fatalf("%s %q: entities out of order: %+v", mode, s, ents)
		}
		prev = e.Offset
	}
}

var formatSeeds = []string{
	"", "plain", "*bold* _it_ __u__ ~s~ ||sp|| `code`", "```go\nfmt.Println()\n```",
	"[link](https://example.org) [m](tg://user?id=42)", "\\*escaped\\*", "*unclosed", ">quote\n**>expandable||",
	"<b>b</b><i>i</i><u>u</u><s>s</s><tg-spoiler>x</tg-spoiler><code>c</code><pre><code class=\"language-go\">x</code></pre>",
	"<a href=\"https://example.org\">l</a> &lt;&amp;&gt;&quot;&#x41;&#65;", "<b>unclosed", "<blockquote expandable>q</blockquote>",
	"学习贯彻党章 ✅ 😀 *加粗*", "\xff\xfe",
}

func FuzzParseMarkdownV2(f *testing.F) {
	for _, s := range formatSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { fuzzFormat(t, "MarkdownV2", s) })
}

func FuzzParseMarkdown(f *testing.F) {
	for _, s := range formatSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { fuzzFormat(t, "Markdown", s) })
}

func FuzzParseHTML(f *testing.F) {
	for _, s := range formatSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { fuzzFormat(t, "HTML", s) })
}
