package telegramtest

import (
	"strings"

	"github.com/go-telegram/bot/models"
)

// parseMarkdownV2 implements parse_mode MarkdownV2.
func parseMarkdownV2(s string) (string, []models.MessageEntity, error) {
	type openEntity struct {
		kind     entityKind
		arg      string
		off      int
		bytePos  int // where it starts in s, for error messages
		outBegin int // where its text starts in the output
	}
	var (
		o             = entityOut{text: make([]byte, 0, len(s))}
		stack         []openEntity
		haveQuote     bool
		canStartQuote = true
		reservedErr   = func(c byte) error {
			return entityError("Character '%c' is reserved and must be escaped with the preceding '\\'", c)
		}
		readURL = func(i int) (string, int) { // s[i] is the first byte after '('
			var u []byte
			for i < len(s) && s[i] != ')' {
				if s[i] == '\\' && byteAt(s, i+1) > 0 && byteAt(s, i+1) <= 126 {
					u = append(u, s[i+1])
					i += 2
					continue
				}
				u = append(u, s[i])
				i++
			}
			return string(u), i
		}
	)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && byteAt(s, i+1) > 0 && byteAt(s, i+1) <= 126 {
			i++
			o.off++
			o.text = append(o.text, s[i])
			if s[i] != '\r' {
				canStartQuote = s[i] == '\n'
			}
			continue
		}
		reserved := "_*[]()~`>#+-=|{}.!\n"
		if n := len(stack); n > 0 {
			switch stack[n-1].kind {
			case kindCode, kindPre, kindPreCode:
				reserved = "`"
			}
		}
		if strings.IndexByte(reserved, c) < 0 {
			if utf16Units(c) > 0 && c != '\r' {
				canStartQuote = false
			}
			o.addByte(c)
			continue
		}
		isEnd := false
		if n := len(stack); n > 0 {
			if haveQuote && c == '\n' && (i+1 == len(s) || s[i+1] != '>') {
				isEnd = true
			} else {
				switch stack[n-1].kind {
				case kindBold:
					isEnd = c == '*'
				case kindItalic:
					isEnd = c == '_' && byteAt(s, i+1) != '_'
				case kindCode:
					isEnd = c == '`'
				case kindPre, kindPreCode:
					isEnd = c == '`' && byteAt(s, i+1) == '`' && byteAt(s, i+2) == '`'
				case kindTextURL, kindCustomEmoji:
					isEnd = c == ']'
				case kindUnderline:
					isEnd = c == '_' && byteAt(s, i+1) == '_'
				case kindStrikethrough:
					isEnd = c == '~'
				case kindSpoiler:
					isEnd = c == '|' && byteAt(s, i+1) == '|'
				}
			}
		}
		if !isEnd {
			var kind entityKind
			arg := ""
			bytePos := i
			switch c {
			case '_':
				if byteAt(s, i+1) == '_' {
					kind = kindUnderline
					i++
				} else {
					kind = kindItalic
				}
			case '*':
				kind = kindBold
			case '~':
				kind = kindStrikethrough
			case '|':
				if byteAt(s, i+1) != '|' {
					return "", nil, reservedErr(c)
				}
				i++
				kind = kindSpoiler
			case '[':
				kind = kindTextURL
			case '`':
				if byteAt(s, i+1) == '`' && byteAt(s, i+2) == '`' {
					i += 3
					kind = kindPre
					langEnd := i
					for !isSpace(byteAt(s, langEnd)) && byteAt(s, langEnd) != '`' {
						langEnd++
					}
					if i != langEnd && langEnd < len(s) && s[langEnd] != '`' {
						kind = kindPreCode
						arg = s[i:langEnd]
						i = langEnd
					}
					if b := byteAt(s, i); b == '\n' || b == '\r' {
						if b2 := byteAt(s, i+1); (b2 == '\n' || b2 == '\r') && b != b2 {
							i += 2
						} else {
							i++
						}
					}
					i--
				} else {
					kind = kindCode
				}
			case '!':
				if byteAt(s, i+1) != '[' {
					return "", nil, reservedErr(c)
				}
				i++
				kind = kindCustomEmoji
			case '\n':
				o.off++
				o.text = append(o.text, '\n')
				canStartQuote = true
				continue
			case '>':
				if !canStartQuote {
					return "", nil, reservedErr(c)
				}
				if haveQuote {
					continue
				}
				kind = kindBlockQuote
				haveQuote = true
			default:
				return "", nil, reservedErr(c)
			}
			stack = append(stack, openEntity{kind: kind, arg: arg, off: o.off, bytePos: bytePos, outBegin: len(o.text)})
			continue
		}
		// end of an entity
		top := stack[len(stack)-1]
		kind := top.kind
		if c == '\n' && kind != kindBlockQuote {
			if kind != kindSpoiler || !(top.bytePos == i-2 || (top.bytePos == i-3 && len(o.text) > 0 && o.text[len(o.text)-1] == '\r')) {
				return "", nil, entityError("Can't find end of %s entity at byte offset %d", kind, top.bytePos)
			}
			stack = stack[:len(stack)-1]
			if len(stack) == 0 || stack[len(stack)-1].kind != kindBlockQuote {
				if len(stack) == 0 {
					return "", nil, entityError("Can't find end of %s entity at byte offset %d", kind, top.bytePos)
				}
				t := stack[len(stack)-1]
				return "", nil, entityError("Can't find end of %s entity at byte offset %d", t.kind, t.bytePos)
			}
			top = stack[len(stack)-1]
			kind = kindExpandableBlockQuote
		}
		arg := top.arg
		skip := o.off == top.off
		switch kind {
		case kindUnderline, kindSpoiler:
			i++
		case kindPre, kindPreCode:
			i += 2
		case kindTextURL:
			var link string
			if byteAt(s, i+1) != '(' {
				link = string(o.text[top.outBegin:])
			} else {
				urlBegin := i + 2
				link, i = readURL(urlBegin)
				if byteAt(s, i) != ')' {
					return "", nil, entityError("Can't find end of a URL at byte offset %d", urlBegin)
				}
			}
			if link == "" {
				skip = true
			}
			arg = link
		case kindCustomEmoji:
			if byteAt(s, i+1) != '(' {
				return "", nil, entityError("Custom emoji entity must contain a tg://emoji URL")
			}
			urlBegin := i + 2
			var link string
			link, i = readURL(urlBegin)
			if byteAt(s, i) != ')' {
				return "", nil, entityError("Can't find end of a custom emoji URL at byte offset %d", urlBegin)
			}
			id, err := emojiID(link)
			if err != nil {
				return "", nil, err
			}
			arg = id
		case kindBlockQuote, kindExpandableBlockQuote:
			haveQuote = false
			o.text = append(o.text, s[i])
			o.off++
			canStartQuote = true
			skip = false
		}
		if !skip {
			o.add(kind, top.off, arg)
		}
		stack = stack[:len(stack)-1]
	}
	if haveQuote && len(stack) > 0 {
		kind := kindBlockQuote
		if top := stack[len(stack)-1]; top.kind == kindSpoiler && top.bytePos == len(s)-2 {
			stack = stack[:len(stack)-1]
			kind = kindExpandableBlockQuote
		}
		if n := len(stack); n > 0 && stack[n-1].kind == kindBlockQuote {
			if o.off != stack[n-1].off {
				o.add(kind, stack[n-1].off, "")
			}
			stack = stack[:n-1]
		}
	}
	if n := len(stack); n > 0 {
		return "", nil, entityError("Can't find end of %s entity at byte offset %d", stack[n-1].kind, stack[n-1].bytePos)
	}
	return o.result()
}

// parseMarkdown implements the legacy parse_mode Markdown.
func parseMarkdown(s string) (string, []models.MessageEntity, error) {
	o := entityOut{text: make([]byte, 0, len(s))}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if n := byteAt(s, i+1); c == '\\' && (n == '_' || n == '*' || n == '`' || n == '[') {
			i++
			o.addByte(s[i])
			continue
		}
		if c != '_' && c != '*' && c != '`' && c != '[' {
			o.addByte(c)
			continue
		}
		begin := i
		end := c
		if c == '[' {
			end = ']'
		}
		i++
		isPre := false
		lang := ""
		if c == '`' && byteAt(s, i) == '`' && byteAt(s, i+1) == '`' {
			i += 2
			isPre = true
			langEnd := i
			for !isSpace(byteAt(s, langEnd)) && byteAt(s, langEnd) != '`' {
				langEnd++
			}
			if i != langEnd && langEnd < len(s) && s[langEnd] != '`' {
				lang = s[i:langEnd]
				i = langEnd
			}
			if b := byteAt(s, i); b == '\n' || b == '\r' {
				if b2 := byteAt(s, i+1); (b2 == '\n' || b2 == '\r') && b != b2 {
					i += 2
				} else {
					i++
				}
			}
		}
		start := o.off
		for i < len(s) && (s[i] != end || (isPre && !(byteAt(s, i+1) == '`' && byteAt(s, i+2) == '`'))) {
			o.addByte(s[i])
			i++
		}
		if i >= len(s) {
			return "", nil, entityError("Can't find end of the entity starting at byte offset %d", begin)
		}
		if start != o.off {
			switch c {
			case '_':
				o.add(kindItalic, start, "")
			case '*':
				o.add(kindBold, start, "")
			case '[':
				var link string
				if byteAt(s, i+1) != '(' {
					link = s[begin+1 : i]
				} else {
					i += 2
					urlBegin := i
					for i < len(s) && s[i] != ')' {
						i++
					}
					link = s[urlBegin:i]
				}
				if link != "" {
					o.add(kindTextURL, start, link)
				}
			case '`':
				switch {
				case isPre && lang != "":
					o.add(kindPreCode, start, lang)
				case isPre:
					o.add(kindPre, start, "")
				default:
					o.add(kindCode, start, "")
				}
			}
		}
		if isPre {
			i += 2
		}
	}
	return o.result()
}
