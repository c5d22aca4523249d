package telegramtest

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"
)

// This file turns text sent with a parse_mode into the plain text and
// entities a client sees, with Telegram's rules and error messages (the
// parsers follow TDLib's parse_html, parse_markdown_v2 and parse_markdown),
// so that markup Telegram rejects is rejected here too.

// validParseMode reports whether Telegram knows the parse_mode m.
func validParseMode(m string) bool {
	switch strings.ToLower(m) {
	case "", "html", "markdownv2", "markdown":
		return true
	}
	return false
}

// formatText applies parseMode to text. The error is Telegram's reason,
// to be prefixed with "can't parse entities: ".
func formatText(text, parseMode string) (string, []models.MessageEntity, error) {
	switch strings.ToLower(parseMode) {
	case "html":
		return parseHTML(text)
	case "markdownv2":
		return parseMarkdownV2(text)
	case "markdown":
		return parseMarkdown(text)
	}
	return text, nil, nil
}

// parseError is a markup error; its text is Telegram's, capitalised as
// Telegram writes it.
type parseError string

func (e parseError) Error() string { return string(e) }

func entityError(format string, args ...any) error {
	return parseError(fmt.Sprintf(format, args...))
}

// entity kinds, named as TDLib names them in error messages.
type entityKind int

const (
	kindBold entityKind = iota
	kindItalic
	kindUnderline
	kindStrikethrough
	kindSpoiler
	kindCode
	kindPre
	kindPreCode
	kindTextURL
	kindCustomEmoji
	kindBlockQuote
	kindExpandableBlockQuote
)

func (k entityKind) String() string {
	switch k {
	case kindBold:
		return "Bold"
	case kindItalic:
		return "Italic"
	case kindUnderline:
		return "Underline"
	case kindStrikethrough:
		return "Strikethrough"
	case kindSpoiler:
		return "Spoiler"
	case kindCode:
		return "Code"
	case kindPre:
		return "Pre"
	case kindPreCode:
		return "PreCode"
	case kindTextURL:
		return "TextUrl"
	case kindCustomEmoji:
		return "CustomEmoji"
	case kindBlockQuote:
		return "BlockQuote"
	case kindExpandableBlockQuote:
		return "ExpandableBlockQuote"
	}
	return "Entity"
}

// entityOut collects the result text and entities; offsets are in UTF-16
// code units as in the Bot API.
type entityOut struct {
	text     []byte
	off      int
	entities []models.MessageEntity
}

// addByte appends one byte of UTF-8 text.
func (o *entityOut) addByte(c byte) {
	o.off += utf16Units(c)
	o.text = append(o.text, c)
}

// addRune appends a decoded character.
func (o *entityOut) addRune(r rune) {
	o.text = utf8.AppendRune(o.text, r)
	o.off++
	if r > 0xFFFF {
		o.off++
	}
}

// add records an entity of kind from offset start to the current offset.
func (o *entityOut) add(kind entityKind, start int, arg string) {
	e := models.MessageEntity{Offset: start, Length: o.off - start}
	switch kind {
	case kindBold:
		e.Type = models.MessageEntityTypeBold
	case kindItalic:
		e.Type = models.MessageEntityTypeItalic
	case kindUnderline:
		e.Type = models.MessageEntityTypeUnderline
	case kindStrikethrough:
		e.Type = models.MessageEntityTypeStrikethrough
	case kindSpoiler:
		e.Type = models.MessageEntityTypeSpoiler
	case kindCode:
		e.Type = models.MessageEntityTypeCode
	case kindPre:
		e.Type = models.MessageEntityTypePre
	case kindPreCode:
		e.Type = models.MessageEntityTypePre
		e.Language = arg
	case kindTextURL:
		if id := linkUserID(arg); id != 0 {
			e.Type = models.MessageEntityTypeTextMention
			e.User = &models.User{ID: id}
		} else {
			e.Type = models.MessageEntityTypeTextLink
			e.URL = arg
		}
	case kindCustomEmoji:
		e.Type = models.MessageEntityTypeCustomEmoji
		e.CustomEmojiID = arg
	case kindBlockQuote:
		e.Type = models.MessageEntityTypeBlockquote
	case kindExpandableBlockQuote:
		e.Type = models.MessageEntityTypeExpandableBlockquote
	}
	o.entities = append(o.entities, e)
}

func (o *entityOut) result() (string, []models.MessageEntity, error) {
	sort.SliceStable(o.entities, func(i, j int) bool {
		a, b := o.entities[i], o.entities[j]
		if a.Offset != b.Offset {
			return a.Offset < b.Offset
		}
		if a.Length != b.Length {
			return a.Length > b.Length
		}
		return entityPriority(a.Type) < entityPriority(b.Type)
	})
	return string(o.text), o.entities, nil
}

// entityPriority orders entities that cover the same text, as TDLib does.
func entityPriority(t models.MessageEntityType) int {
	switch t {
	case models.MessageEntityTypeBlockquote, models.MessageEntityTypeExpandableBlockquote:
		return 0
	case models.MessageEntityTypePre:
		return 11
	case models.MessageEntityTypeCode:
		return 20
	case models.MessageEntityTypeTextLink, models.MessageEntityTypeTextMention:
		return 49
	case models.MessageEntityTypeBold:
		return 90
	case models.MessageEntityTypeItalic:
		return 91
	case models.MessageEntityTypeUnderline:
		return 92
	case models.MessageEntityTypeStrikethrough:
		return 93
	case models.MessageEntityTypeSpoiler:
		return 94
	}
	return 99
}

// utf16Units is how many UTF-16 code units the UTF-8 byte c starts.
func utf16Units(c byte) int {
	switch {
	case c&0xC0 == 0x80:
		return 0
	case c >= 0xF0:
		return 2
	}
	return 1
}

// utf16Len is the length of s in UTF-16 code units.
func utf16Len(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n += utf16Units(s[i])
	}
	return n
}

// byteAt returns s[i], or 0 past the end (TDLib reads a NUL there).
func byteAt(s string, i int) byte {
	if i < len(s) {
		return s[i]
	}
	return 0
}

func isSpace(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', '\v', '\f', 0:
		return true
	}
	return false
}

func isAlpha(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isAlnum(c byte) bool { return isAlpha(c) || isDigit(c) }

func hexValue(c byte) (int, bool) {
	switch {
	case isDigit(c):
		return int(c - '0'), true
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10, true
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10, true
	}
	return 0, false
}

// linkUserID returns N for a tg://user?id=N link, else 0.
func linkUserID(link string) int64 {
	u := strings.ToLower(link)
	if !strings.HasPrefix(u, "tg:") {
		return 0
	}
	u = strings.TrimPrefix(strings.TrimPrefix(u, "tg:"), "//")
	if !strings.HasPrefix(u, "user") {
		return 0
	}
	u = strings.TrimPrefix(strings.TrimPrefix(u, "user"), "/")
	if !strings.HasPrefix(u, "?") {
		return 0
	}
	u = u[1:]
	if i := strings.IndexByte(u, '#'); i >= 0 {
		u = u[:i]
	}
	for _, kv := range strings.Split(u, "&") {
		if k, v, _ := strings.Cut(kv, "="); k == "id" {
			id, err := strconv.ParseInt(v, 10, 32)
			if err != nil || id <= 0 {
				return 0
			}
			return id
		}
	}
	return 0
}

// emojiID returns N for a tg://emoji?id=N link.
func emojiID(link string) (string, error) {
	u := strings.ToLower(link)
	u = strings.TrimPrefix(strings.TrimPrefix(u, "tg:"), "//")
	if !strings.HasPrefix(strings.ToLower(link), "tg:") || !strings.HasPrefix(u, "emoji") {
		return "", entityError("Custom emoji URL must have scheme tg and host \"emoji\"")
	}
	_, q, _ := strings.Cut(u, "?")
	for _, kv := range strings.Split(q, "&") {
		if k, v, _ := strings.Cut(kv, "="); k == "id" {
			if id, err := strconv.ParseInt(v, 10, 64); err == nil && id != 0 {
				return v, nil
			}
		}
	}
	return "", entityError("Invalid custom emoji identifier specified")
}
