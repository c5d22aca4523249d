package telegramtest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/go-telegram/bot/models"
)

// entitiesString renders entities compactly: type:offset:length[:extra].
func entitiesString(ents []models.MessageEntity) string {
	var parts []string
	for _, e := range ents {
		s := fmt.Sprintf("%s:%d:%d", e.Type, e.Offset, e.Length)
		switch {
		case e.URL != "":
			s += ":" + e.URL
		case e.Language != "":
			s += ":" + e.Language
		case e.CustomEmojiID != "":
			s += ":" + e.CustomEmojiID
		case e.User != nil:
			s += fmt.Sprintf(":user%d", e.User.ID)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

func TestFormatText(t *testing.T) {
	t.Parallel()
	cases := []struct {
		mode, in, text, ents, err string
	}{
		// HTML
		{"HTML", "<b>bold</b> <i>it</i>", "bold it", "bold:0:4 italic:5:2", ""},
		{"html", "<strong>s</strong><em>e</em><u>u</u><ins>i</ins><s>s</s><strike>k</strike><del>d</del>", "seuiskd",
			"bold:0:1 italic:1:1 underline:2:1 underline:3:1 strikethrough:4:1 strikethrough:5:1 strikethrough:6:1", ""},
		{"HTML", "a &lt; b &amp;&amp; c &gt; d &quot;q&quot; &#65;&#x42; &nbsp;", `a < b && c > d "q" AB &nbsp;`, "", ""},
		{"HTML", `<a href="https://t.me/x?a=1&amp;b=2">link</a>`, "link", "text_link:0:4:https://t.me/x?a=1&b=2", ""},
		{"HTML", `<a href="tg://user?id=123">Bob</a>`, "Bob", "text_mention:0:3:user123", ""},
		{"HTML", `<pre><code class="language-go">x := 1</code></pre>`, "x := 1", "pre:0:6:go", ""},
		{"HTML", `<pre>p</pre> <code>c</code>`, "p c", "pre:0:1 code:2:1", ""},
		{"HTML", `<tg-spoiler>s</tg-spoiler><span class="tg-spoiler">t</span>`, "st", "spoiler:0:1 spoiler:1:1", ""},
		{"HTML", `<blockquote>q</blockquote><blockquote expandable>e</blockquote>`, "qe", "blockquote:0:1 expandable_blockquote:1:1", ""},
		{"HTML", `<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>`, "👍", "custom_emoji:0:2:5368324170671202286", ""},
		{"HTML", "😀<b>x</b>", "😀x", "bold:2:1", ""},
		{"HTML", "<b><i>both</i></b>", "both", "bold:0:4 italic:0:4", ""},
		{"HTML", "<b></b>x", "x", "", ""},
		{"HTML", "<p>x</p>", "", "", `Unsupported start tag "p" at byte offset 0`},
		{"HTML", "a < b", "", "", `Unsupported start tag "" at byte offset 2`},
		{"HTML", "<b>x", "", "", `Can't find end tag corresponding to start tag "b"`},
		{"HTML", "x</b>", "", "", "Unexpected end tag at byte offset 1"},
		{"HTML", "<b>x</i>", "", "", `Unmatched end tag at byte offset 4, expected "</b>", found "</i>"`},
		{"HTML", "<span>x</span>", "", "", `Tag "span" must have class "tg-spoiler" at byte offset 0`},
		{"HTML", "<b", "", "", "Unclosed start tag at byte offset 0"},
		// MarkdownV2
		{"MarkdownV2", "*bold* _it_ __u__ ~s~ ||sp||", "bold it u s sp",
			"bold:0:4 italic:5:2 underline:8:1 strikethrough:10:1 spoiler:12:2", ""},
		{"MarkdownV2", `\. \! \- \\ \_`, `. ! - \ _`, "", ""},
		{"MarkdownV2", `[link](https://x.org/a\)b)`, "link", "text_link:0:4:https://x.org/a)b", ""},
		{"MarkdownV2", "[Bob](tg://user?id=7)", "Bob", "text_mention:0:3:user7", ""},
		{"MarkdownV2", "`co\\`de.`", "co`de.", "code:0:6", ""},
		{"MarkdownV2", "```go\nfmt.Println()\n```", "fmt.Println()\n", "pre:0:14:go", ""},
		{"MarkdownV2", "_a__b__c_", "abc", "italic:0:3 underline:1:1", ""},
		{"MarkdownV2", ">quote\n>more\nafter", "quote\nmore\nafter", "blockquote:0:11", ""},
		{"MarkdownV2", "**>hidden\n>more||", "hidden\nmore", "expandable_blockquote:0:11", ""},
		{"MarkdownV2", "![👍](tg://emoji?id=5368324170671202286)", "👍", "custom_emoji:0:2:5368324170671202286", ""},
		{"MarkdownV2", "v1.2", "", "", `Character '.' is reserved and must be escaped with the preceding '\'`},
		{"MarkdownV2", "1 + 1", "", "", `Character '+' is reserved`},
		{"MarkdownV2", "x > y", "", "", `Character '>' is reserved`},
		{"MarkdownV2", "a|b", "", "", `Character '|' is reserved`},
		{"MarkdownV2", "*bold", "", "", "Can't find end of Bold entity at byte offset 0"},
		{"MarkdownV2", "ok _it", "", "", "Can't find end of Italic entity at byte offset 3"},
		{"MarkdownV2", "[a](x", "", "", "Can't find end of a URL at byte offset 4"},
		// Markdown (legacy)
		{"Markdown", "*bold* _it_ `code` [l](https://x.org)", "bold it code l", "bold:0:4 italic:5:2 code:8:4 text_link:13:1:https://x.org", ""},
		{"Markdown", "```python\nprint(1)```", "print(1)", "pre:0:8:python", ""},
		{"Markdown", `snake\_case v1.2!`, "snake_case v1.2!", "", ""},
		{"Markdown", "a_b", "", "", "Can't find end of the entity starting at byte offset 1"},
		// none
		{"", "<b>*as is*</b>", "<b>*as is*</b>", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.mode+" "+tc.in, func(t *testing.T) {
			text, ents, err := formatText(tc.in, tc.mode)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if text != tc.text {
				t.Errorf("text = %q, want %q", text, tc.text)
			}
			if got := entitiesString(ents); got != tc.ents {
				t.Errorf("entities = %s, want %s", got, tc.ents)
			}
		})
	}
}

func TestParseLimit(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"Text of the message to be sent, 1-4096 characters after entities parsing": "1-4096 chars parsed",
		"Optional. Data to be sent in a callback query, 1-64 bytes":                "1-64 bytes",
		"Photo caption, 0-1024 characters after entities parsing":                  "0-1024 chars parsed",
		"Values between 1-100 are accepted":                                        "none",
	}
	for desc, want := range cases {
		got := "none"
		if l := parseLimit(desc); l != nil {
			unit := "chars"
			if l.bytes {
				unit = "bytes"
			}
			got = fmt.Sprintf("%d-%d %s", l.min, l.max, unit)
			if l.parsed {
				got += " parsed"
			}
		}
		if got != want {
			t.Errorf("parseLimit(%q) = %s, want %s", desc, got, want)
		}
	}
	if k := parseKind("Scope type, must be chat_member"); k != "chat_member" {
		t.Errorf("parseKind = %q", k)
	}
}
